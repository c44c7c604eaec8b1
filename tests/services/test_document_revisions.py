"""What a new document revision says changed: inputs, statuses, and content alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from medsec.domain.document import Section, Statement, Status
from medsec.project.document_records import Revision, load_revisions, write_revisions
from medsec.services.documents import what_changed

SECTIONS = (
    Section("plan", "Plan", Status.MET, (Statement("A plan exists."),)),
    Section("risks", "Risks", Status.PARTLY, (Statement("Two risks are open."),)),
)


def _revision(number: int, digests: dict[str, str] | None, **changes: object) -> Revision:
    base = Revision(
        number,
        dt.date(2026, 12, number),
        "sha256:" + "a" * 64,
        "sha256:" + str(number) * 64,
        {"medsec.yaml": "c" * 64},
        {"plan": "met", "risks": "partly"},
        "0.1.0",
        section_digests=digests,
    )
    return Revision(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_a_section_whose_content_alone_changed_is_named() -> None:
    before = _revision(1, {"plan": "p1", "risks": "r1"})
    now = _revision(2, {"plan": "p1", "risks": "r2"})
    assert what_changed(before, now, SECTIONS) == (
        "section 'Risks': content changed (same status, partly)",
    )


def test_a_status_move_is_said_once_not_also_as_content() -> None:
    before = _revision(1, {"plan": "p1", "risks": "r1"}, sections={"plan": "met", "risks": "met"})
    now = _revision(2, {"plan": "p1", "risks": "r2"})
    assert what_changed(before, now, SECTIONS) == ("section 'Risks': met → partly",)


def test_without_recorded_digests_the_cause_is_not_guessed() -> None:
    before = _revision(1, None)
    now = _revision(2, {"plan": "p1", "risks": "r2"})
    (said,) = what_changed(before, now, SECTIONS)
    assert "same inputs and the same medsec version 0.1.0" in said
    assert "no per-section digests" in said
    assert "date" not in said  # no invented reason


def test_digests_round_trip_and_older_records_read_without_them(tmp_path: Path) -> None:
    with_digests = _revision(2, {"plan": "p1", "risks": "r2"})
    write_revisions(tmp_path, "fda-premarket", [_revision(1, None), with_digests])
    stored = json.loads((tmp_path / "records/documents/fda-premarket.json").read_text())
    assert "section_digests" not in stored["revisions"][0]
    assert stored["revisions"][1]["section_digests"] == {"plan": "p1", "risks": "r2"}
    first, second = load_revisions(tmp_path, "fda-premarket")
    assert first.section_digests is None
    assert second.section_digests == {"plan": "p1", "risks": "r2"}
