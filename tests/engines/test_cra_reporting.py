"""The CRA Art. 14 reporting clock: scope, exploitation, deadline arithmetic, report states."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from medsec.domain.model import Element, Project
from medsec.domain.vulnerability import (
    ComponentRef,
    CraReports,
    Finding,
    Response,
    VexState,
    VulnAssessment,
)
from medsec.engines.cra_reporting import (
    APPLIES_FROM,
    CraClock,
    ReportKind,
    ReportState,
    clock,
    clocks,
    deadlines,
    describe,
    in_scope,
    report_state,
    scope_unknown,
    sent_days,
)
from medsec.engines.threats.rules._fixtures import actor, element, make_project, store
from medsec.engines.vulnmgmt import Deadlines, VulnStatus

TODAY = date(2026, 12, 1)
SEEN = date(2026, 11, 20)
FID = "CVE-2024-47874@pkg:pypi/starlette"


def _project(*elements: Element, markets: tuple[str, ...] = ("EU", "US")) -> Project:
    p = make_project(elements=elements or (element("portal", boundary="cloud", cra_scope=True),))
    return replace(p, device=replace(p.device, markets=markets))


def _status(
    *,
    kev: bool = True,
    on: str = "portal",
    fixed: tuple[str, ...] = (),
    seen: date = SEEN,
    **decision: object,
) -> VulnStatus:
    """A finding of the latest scan on element ``on``; ``decision`` fills its assessment."""
    finding = Finding(
        id=FID,
        advisory="CVE-2024-47874",
        aliases=(),
        component=ComponentRef("starlette", "0.36.3", element=on),
        summary="",
        fixed_versions=fixed,
        severity="high",
        cvss_vector=None,
        cvss_score=None,
        kev=kev,
        epss=None,
        details=(),
    )
    state = decision.pop("state", VexState.EXPLOITABLE)
    assessment = (
        VulnAssessment(finding=FID, state=state, **decision)  # type: ignore[arg-type]
        if decision or state is not VexState.EXPLOITABLE
        else None
    )
    return VulnStatus(
        finding=finding,
        state=state,  # type: ignore[arg-type]
        first_seen=seen,
        deadlines=Deadlines(seen, seen),
        triaged=True,
        closed=False,
        overdue_triage=False,
        overdue_remediation=False,
        kev_unmitigated=kev,
        rereview=None,
        assessed_as=FID if assessment else None,
        assessment=assessment,
    )


def _clock(s: VulnStatus, today: date = TODAY, p: Project | None = None) -> CraClock:
    found = clock(p or _project(), s, today)
    assert found is not None
    return found


def _states(c: CraClock) -> list[str]:
    return [r.state.value for r in c.reports]


# --- deadline arithmetic (days: 24 h = the awareness day, 72 h = +2, final = fix + 14) ----


@pytest.mark.parametrize(
    ("aware", "fix", "expected"),
    [
        # leap year: 28 Feb + 2 days is 1 Mar 2028 only because 29 Feb exists
        (date(2028, 2, 27), None, (date(2028, 2, 27), date(2028, 2, 29), None)),
        (date(2028, 2, 28), date(2028, 2, 20), (date(2028, 2, 28), date(2028, 3, 1), None)),
        (date(2027, 2, 28), None, (date(2027, 2, 28), date(2027, 3, 2), None)),
        # month and year ends
        (date(2026, 12, 30), None, (date(2026, 12, 30), date(2027, 1, 1), None)),
        (date(2026, 10, 31), None, (date(2026, 10, 31), date(2026, 11, 2), None)),
    ],
)
def test_the_24_and_72_hour_deadlines_are_the_awareness_day_and_two_days_later(
    aware: date, fix: date | None, expected: tuple[date, date, date | None]
) -> None:
    early, notification, _ = deadlines(aware, fix)
    assert (early, notification) == expected[:2]


@pytest.mark.parametrize(
    ("aware", "fix", "final"),
    [
        (date(2028, 2, 20), date(2028, 2, 20), date(2028, 3, 5)),  # through 29 Feb 2028
        (date(2027, 2, 20), date(2027, 2, 20), date(2027, 3, 6)),  # no 29 Feb in 2027
        (date(2026, 12, 1), date(2026, 12, 20), date(2027, 1, 3)),  # across the year end
        (date(2026, 10, 1), date(2026, 10, 17), date(2026, 10, 31)),  # a month's last day
        # a fix available before the awareness counts from the awareness day
        (date(2026, 11, 10), date(2026, 11, 1), date(2026, 11, 24)),
    ],
)
def test_the_final_report_is_due_14_days_after_the_fix(aware: date, fix: date, final: date) -> None:
    assert deadlines(aware, fix)[2] == final


def test_without_a_fix_the_final_report_has_no_deadline() -> None:
    assert deadlines(date(2026, 11, 1), None)[2] is None


# --- done / late / due / overdue / open ----------------------------------------------------


def test_report_state_on_and_around_the_deadline() -> None:
    due = date(2026, 11, 22)
    assert report_state(due, None, date(2026, 11, 22)) is ReportState.DUE  # the deadline day
    assert report_state(due, None, date(2026, 11, 23)) is ReportState.OVERDUE
    assert report_state(due, date(2026, 11, 22), date(2026, 12, 1)) is ReportState.DONE
    assert report_state(due, date(2026, 11, 23), date(2026, 12, 1)) is ReportState.LATE
    assert report_state(None, None, date(2026, 12, 1)) is ReportState.OPEN
    assert report_state(None, date(2026, 11, 30), date(2026, 12, 1)) is ReportState.DONE


def test_a_later_report_covers_an_earlier_one_never_the_reverse() -> None:
    assert sent_days(CraReports(notification=date(2026, 11, 20))) == (
        date(2026, 11, 20),
        date(2026, 11, 20),
        None,
    )
    assert sent_days(CraReports(early_warning=date(2026, 11, 20))) == (
        date(2026, 11, 20),
        None,
        None,
    )


def test_nothing_sent_for_a_kev_finding_seen_days_ago_is_overdue() -> None:
    c = _clock(_status())
    assert (c.aware, c.aware_from, c.counts_from) == (SEEN, "first seen in a scan", SEEN)
    assert [r.due for r in c.reports] == [SEEN, date(2026, 11, 22), None]
    assert _states(c) == ["overdue", "overdue", "open"]
    assert c.record == FID and c.elements == ("portal",)


def test_reports_sent_in_time_are_done_and_the_fix_starts_the_final_clock() -> None:
    sent = CraReports(early_warning=SEEN, notification=date(2026, 11, 21))
    c = _clock(_status(fix_available=date(2026, 11, 25), cra_reports=sent))
    assert _states(c) == ["done", "done", "due"]
    assert c.reports[2].due == date(2026, 12, 9) and c.fix_from == "fix_available"
    late = _clock(_status(cra_reports=CraReports(early_warning=date(2026, 11, 21))))
    assert _states(late)[:2] == ["late", "overdue"]


def test_the_same_day_is_in_time_for_the_24_hours_and_the_next_day_is_not() -> None:
    """The strict rounding: awareness at the first moment of its day."""
    today = c_day = date(2026, 11, 20)
    assert _states(_clock(_status(seen=c_day), today))[0] == "due"
    assert _states(_clock(_status(seen=c_day), date(2026, 11, 21)))[0] == "overdue"
    assert _states(_clock(_status(seen=c_day), today))[1] == "due"
    assert _states(_clock(_status(seen=c_day), date(2026, 11, 22)))[1] == "due"
    assert _states(_clock(_status(seen=c_day), date(2026, 11, 23)))[1] == "overdue"


def test_where_the_fix_day_comes_from() -> None:
    advisory = _clock(_status(fixed=("0.40.0",)))
    assert (advisory.fix, advisory.fix_from) == (SEEN, "fixed in 0.40.0")
    workaround = _clock(
        _status(responses=(Response.WORKAROUND_AVAILABLE,), date=date(2026, 11, 24))
    )
    assert (workaround.fix, workaround.fix_from) == (date(2026, 11, 24), "mitigation recorded")
    resolved = _clock(_status(state=VexState.RESOLVED, date=date(2026, 11, 26)))
    assert (resolved.fix, resolved.fix_from) == (date(2026, 11, 26), "resolved")
    stated = _clock(_status(fixed=("0.40.0",), fix_available=date(2026, 11, 28)))
    assert stated.fix == date(2026, 11, 28)  # the stated day wins over the advisory's
    none = _clock(_status(responses=(Response.UPDATE,)))  # an update planned is no fix yet
    assert none.fix is None and none.reports[2].state is ReportState.OPEN


def test_aware_since_moves_the_clock() -> None:
    c = _clock(_status(aware_since=date(2026, 11, 29)))
    assert (c.aware, c.aware_from) == (date(2026, 11, 29), "aware_since")
    assert _states(c)[:2] == ["overdue", "due"]


def test_a_vulnerability_known_before_art_14_applies_counts_from_11_september_2026() -> None:
    c = _clock(_status(seen=date(2026, 3, 1)))
    assert (c.aware, c.counts_from) == (date(2026, 3, 1), APPLIES_FROM)
    assert c.reports[1].due == date(2026, 9, 13)
    assert "counted from 2026-09-11 (Art. 14 applies)" in describe(c)


# --- what starts a clock ------------------------------------------------------------------


def test_a_stated_exploitation_starts_the_clock_without_kev() -> None:
    c = _clock(_status(kev=False, actively_exploited=True))
    assert c.exploited == "stated actively exploited"
    assert clock(_project(), _status(kev=False), TODAY) is None
    assert clock(_project(), _status(kev=False, actively_exploited=False), TODAY) is None


def test_kev_counts_unless_the_vulnerability_is_not_in_the_product() -> None:
    assert _clock(_status(actively_exploited=False)).exploited == "on CISA's KEV list"
    assert clock(_project(), _status(state=VexState.NOT_AFFECTED), TODAY) is None
    assert clock(_project(), _status(state=VexState.FALSE_POSITIVE), TODAY) is None


def test_not_cra_scope_gives_no_clock() -> None:
    out = _project(element("portal", boundary="cloud", cra_scope=False))
    unknown = _project(element("portal", boundary="cloud"))
    elsewhere = _project(element("portal", boundary="cloud", cra_scope=True), element("fw"))
    assert clock(out, _status(), TODAY) is None
    assert clock(unknown, _status(), TODAY) is None
    assert clock(elsewhere, _status(on="fw"), TODAY) is None
    shared = _clock(_status(on="fw, portal"), p=elsewhere)
    assert shared.elements == ("portal",)  # only the CRA-scope product of a shared SBOM


def test_before_11_september_2026_nothing_is_judged() -> None:
    assert clocks(_project(), [_status(seen=date(2026, 9, 1))], date(2026, 9, 10)) == ()
    assert len(clocks(_project(), [_status(seen=date(2026, 9, 1))], APPLIES_FROM)) == 1


def test_clocks_are_sorted_by_finding() -> None:
    a, b = _status(), _status()
    b = replace(b, finding=replace(b.finding, id="A" + FID))
    assert [c.finding.id for c in clocks(_project(), [a, b], TODAY)] == ["A" + FID, FID]


def test_describe_lists_the_whole_clock() -> None:
    sent = CraReports(early_warning=SEEN)
    text = describe(_clock(_status(fixed=("0.40.0",), cra_reports=sent)))
    assert text == (
        "CRA Art. 14 clock: CVE-2024-47874 in starlette 0.36.3 on portal (on CISA's KEV list); "
        "aware 2026-11-20 (first seen in a scan); early warning due 2026-11-20: done, sent "
        "2026-11-20; vulnerability notification due 2026-11-22: overdue; final report (fix "
        "available 2026-11-20: fixed in 0.40.0) due 2026-12-04: due"
    )
    assert describe(_clock(_status())).endswith("final report: open until a fix is available")


# --- which elements are asked -------------------------------------------------------------


def test_the_scope_is_asked_of_cloud_and_mobile_software_sold_in_the_eu() -> None:
    elements = (
        element("portal", boundary="cloud"),
        element("app", boundary="phone"),
        element("fw"),  # device boundary: a medical device part, not asked
        store("bucket", boundary="cloud"),  # a store is software only when stated
        store("vault", boundary="cloud", software=True),
        replace(actor("engineer"), boundary="cloud"),
        element("hosted", boundary="cloud", software=False),
        element("said", boundary="cloud", cra_scope=False),
    )
    asked = [e.id for e in scope_unknown(_project(*elements))]
    assert asked == ["portal", "app", "vault"]
    assert scope_unknown(_project(*elements, markets=("US",))) == ()
    assert [e.id for e in scope_unknown(_project(*elements, markets=("eu",)))] == asked
    assert in_scope(_project(*elements)) == ()
    assert in_scope(_project(element("x", cra_scope=True))) == ("x",)


def test_report_kinds_are_the_cra_reports_keys() -> None:
    assert [k.value for k in ReportKind] == ["early_warning", "notification", "final_report"]
    assert _clock(_status()).reports[1].key == "cra_reports.notification"
