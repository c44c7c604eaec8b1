"""The reporting clocks as data: CRA Art. 14, NIS-2 Art. 23, GDPR Art. 33."""

from __future__ import annotations

from datetime import UTC, datetime

from medsec.domain.framework import ClockStart, ReportingDeadline, Stage
from medsec.engines.frameworks import cra, gdpr, nis2

START = datetime(2027, 1, 31, 9, 30, tzinfo=UTC)


def test_cra_article_14_is_24_h_72_h_and_14_days_after_the_fix() -> None:
    stages = [(d.stage, d.starts, d.period) for d in cra.ARTICLE_14]
    assert stages == [
        (Stage.EARLY_WARNING, ClockStart.AWARE, "24 h"),
        (Stage.NOTIFICATION, ClockStart.AWARE, "72 h"),
        (Stage.FINAL_REPORT, ClockStart.FIX_AVAILABLE, "14 days"),
    ]
    assert [d.due(START) for d in cra.ARTICLE_14] == [
        datetime(2027, 2, 1, 9, 30, tzinfo=UTC),
        datetime(2027, 2, 3, 9, 30, tzinfo=UTC),
        datetime(2027, 2, 14, 9, 30, tzinfo=UTC),
    ]


def test_a_severe_incident_final_report_is_one_calendar_month_after_the_notification() -> None:
    final = cra.ARTICLE_14_INCIDENTS[-1]
    assert (final.stage, final.starts, final.period) == (
        Stage.FINAL_REPORT,
        ClockStart.NOTIFICATION,
        "1 month",
    )
    assert final.due(START) == datetime(2027, 2, 28, 9, 30, tzinfo=UTC)  # Jan 31 + 1 month
    assert final.due(datetime(2027, 12, 15, tzinfo=UTC)) == datetime(2028, 1, 15, tzinfo=UTC)


def test_nis2_and_gdpr_clocks() -> None:
    assert [d.period for d in nis2.ARTICLE_23] == ["24 h", "72 h", "1 month"]
    (breach,) = gdpr.ARTICLE_33
    assert (breach.stage, breach.starts, breach.period) == (
        Stage.NOTIFICATION,
        ClockStart.AWARE,
        "72 h",
    )


def test_periods_combine_and_ids_are_unique() -> None:
    mixed = ReportingDeadline("x", Stage.NOTIFICATION, "y", ClockStart.AWARE, 5, days=2, months=2)
    assert mixed.period == "2 months 2 days 5 h"
    assert mixed.due(START) == datetime(2027, 4, 2, 14, 30, tzinfo=UTC)
    ids = [d.id for d in (*cra.ARTICLE_14, *cra.ARTICLE_14_INCIDENTS, *nis2.ARTICLE_23)]
    assert len(ids) == len(set(ids))
