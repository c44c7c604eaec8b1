"""Column widths from the content: fewer printed lines, words and headers kept whole."""

from __future__ import annotations

import pytest

from medsec.domain.document import EvidenceRef, Statement, Status
from medsec.outputs.documents.view import MATRIX_COLUMNS, matrix_widths
from medsec.outputs.documents.widths import (
    _PAGE_CHARS,
    LANDSCAPE_CHARS,
    Column,
    column_widths,
    fit,
)

TITLE = "Patients and hospital staff identifiable from patient data in the pump controller"


def _chars(percent: float) -> float:
    return percent * _PAGE_CHARS / 100


def test_no_columns_no_widths() -> None:
    assert column_widths(()) == ()


def test_widths_fill_the_page() -> None:
    columns = [Column("Id", ("x1",) * 5), Column("Title", (TITLE,) * 5)]
    assert sum(column_widths(columns)) == pytest.approx(100.0, abs=0.05)


def test_short_words_are_never_broken_when_the_page_has_room() -> None:
    columns = [
        Column("Threat", ("LINDDUN-D@clinician-app",) * 20),
        Column("Title", (TITLE * 2,) * 20),
        Column("Vector", ("5.3 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N)",) * 20),
        Column("Risk", ("medium",) * 20),
        Column("Decision", ("transfer",) * 20),
    ]
    _, _, _, risk, decision = column_widths(columns)
    assert _chars(risk) >= len("medium") * 1.25 + 2  # wide letters (m) and the padding
    assert _chars(decision) >= len("Decision") * 1.45 + 2  # its bold header too


def test_long_text_gets_the_room_but_not_in_proportion() -> None:
    short = Column("A", ("word " * 30,) * 10)
    long = Column("B", ("word " * 120,) * 10)  # four times the text
    a, b = column_widths([short, long])
    assert 1.6 < b / a < 2.4  # about the square root: fewest lines in total


def test_columns_that_fit_on_one_line_keep_their_proportions() -> None:
    a, b = column_widths([Column("Port", ("443",)), Column("Protocol", ("https",))])
    assert a < b and a + b == pytest.approx(100.0, abs=0.05)


def test_monospace_and_whole_columns() -> None:
    plain, mono = column_widths([Column("A", ("x" * 300,)), Column("B", ("x" * 300,), mono=True)])
    assert mono > plain
    badge, _ = column_widths(
        [Column("Status", ("partly met",), whole=True), Column("T", (TITLE * 5,))]
    )
    assert _chars(badge) >= len("partly met") + 2


def test_many_columns_still_leave_room_for_the_text() -> None:
    columns = [Column(f"Likelihood {i}", ("significant",) * 10) for i in range(11)]
    columns.append(Column("Risk to data subjects", (TITLE * 3,) * 10))
    widths = column_widths(columns)
    assert sum(widths) == pytest.approx(100.0, abs=0.1)
    assert widths[-1] == max(widths)


def test_the_matrix_gives_its_room_to_the_columns_that_have_text() -> None:
    rows = tuple(
        Statement(
            TITLE,
            (EvidenceRef("medsec.yaml", 12, "device.intended_use = infusion of drugs"),),
            Status.MET,
            f"4.1.{n} Security activities",
        )
        for n in range(10)
    )
    widths = dict(zip(MATRIX_COLUMNS, matrix_widths(rows), strict=True))
    assert widths["Gap"] < widths["Statement"] and widths["How to close"] < widths["Evidence"]
    assert sum(widths.values()) == pytest.approx(100.0, abs=0.05)


def test_headers_that_just_do_not_fit_give_way_a_little_not_all_the_way() -> None:
    def first_width(others: int) -> float:
        columns = [Column("Open vulnerabilities of its software", ("none",) * 10)]
        columns += [Column(f"Requirements {i}", (TITLE,) * 10) for i in range(others)]
        return column_widths(columns)[0]

    # 4 text columns: every header fits whole; 5: the headers are a little too wide together
    assert first_width(5) < first_width(4) and first_width(5) > 0.9 * first_width(4)


def _paths(columns: int) -> list[Column]:
    """A communication-path table: ``columns`` columns of two-word headers and short cells."""
    headers = ("Source element", "Destination element", "Protocol stack", "Authenticated by")
    return [
        Column(f"{headers[i % 4]} {i}", ("TLS 1.3 mutual", "BLE LE Secure Connections") * 5)
        for i in range(columns)
    ]


def test_a_table_whose_headers_would_break_letter_by_letter_is_printed_landscape() -> None:
    narrow, wide = fit(_paths(5)), fit(_paths(10))
    assert not narrow.wide and narrow.widths == column_widths(_paths(5))
    assert wide.wide and sum(wide.widths) == pytest.approx(100.0, abs=0.1)
    # across the landscape page every header keeps more room than on portrait
    portrait = column_widths(_paths(10))
    assert min(w * LANDSCAPE_CHARS for w in wide.widths) > min(w * _PAGE_CHARS for w in portrait)


def test_no_columns_fit_in_nothing() -> None:
    assert fit(()).widths == () and not fit(()).wide


def test_ids_that_unicode_keeps_whole_are_not_cut() -> None:
    # the FDA document's pentest findings: "PT-2026-03" has no break opportunity (no line
    # breaks between a hyphen and a digit), so its column must hold it whole
    rationale = "Firmware version and serial number are printed on the device label " * 2
    columns = [
        Column("Finding", ("PT-2026-03", "PT-2026-11")),
        Column("Engagement", ("pt-2026",) * 2),
        Column("Title", ("BLE advertising exposes firmware version and serial number",) * 2),
        Column("Severity", ("low",) * 2),
        Column("CWE", ("CWE-200",) * 2),
        Column("State", ("risk-accepted",) * 2),
        Column("Rationale", (rationale,) * 2),
        Column(
            "Evidence",
            ("pentests/pt-2026/findings.yaml:57 (PT-2026-03, 2026-08-27)",) * 2,
            mono=True,
        ),
    ]
    finding = column_widths(columns)[0]
    assert _chars(finding) >= len("PT-2026-03") * 1.25 + 2
