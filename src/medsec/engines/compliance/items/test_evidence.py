from datetime import date

from medsec.domain.model import ActivityRecord
from medsec.domain.vocabulary import Activity
from medsec.engines.compliance.context import EvidenceFact
from medsec.engines.compliance.fixes import edit_target
from medsec.engines.compliance.items._fixtures import TODAY, builder, project
from medsec.engines.compliance.items.design import ITEM
from medsec.engines.compliance.items.evidence import (
    activity_not_future,
    evidence_of_kind,
    evidence_pinned,
    evidence_shared,
)

DIGEST = "e" * 64
TM = ActivityRecord(Activity.THREAT_MODEL, "docs/tm.pdf", date(2026, 3, 12), sha256=DIGEST)
REVIEW = ActivityRecord(Activity.CODE_REVIEW, "ci/review.md", date(2026, 8, 28))
FUZZ = ActivityRecord(Activity.FUZZING, "ci/review.md", date(2026, 6, 30))


def test_evidence_of_its_kind() -> None:
    b = builder(ITEM)
    assert not evidence_of_kind(
        b, TM, EvidenceFact("docs/tm.pdf", DIGEST, "pdf", "the file is empty"), None
    )
    blank = EvidenceFact("docs/tm.pdf", DIGEST, "pdf", "a PDF without text (1 page; ...)")
    assert not evidence_of_kind(b, TM, blank, None)
    assert b.rules() == ["evidence-empty", "evidence-unreadable"]
    assert b.findings[0].message == (
        "evidence 'docs/tm.pdf' of 'threat-model' is not a PDF with pages and text: the file is "
        "empty"
    )
    assert edit_target(b.findings[0].fix or "") == (
        "medsec.yaml",
        "activities[threat-model].evidence",
    )
    b = builder(ITEM)
    assert evidence_of_kind(
        b, TM, EvidenceFact("docs/tm.pdf", DIGEST, "pdf", detail="9 pages"), None
    )
    assert evidence_of_kind(b, TM, None, None)
    assert b.rules() == []


def test_evidence_is_pinned_by_its_digest() -> None:
    b = builder(ITEM)
    evidence_pinned(b, TM, EvidenceFact("docs/tm.pdf", DIGEST, "pdf"))
    evidence_pinned(b, TM, None)  # no file: evidence-missing says so
    assert b.rules() == []
    b = builder(ITEM)
    evidence_pinned(b, REVIEW, EvidenceFact("ci/review.md", "f" * 64, "text"))
    evidence_pinned(b, TM, EvidenceFact("docs/tm.pdf", "f" * 64, "pdf"))
    assert b.rules() == ["evidence-not-pinned", "evidence-changed"]
    # the fix carries the digest to record, as an edit of the activity
    assert b.findings[0].fix == (
        f"medsec.yaml: activities[code-review].sha256: {'f' * 64} (the digest of the file as "
        "reviewed)"
    )
    assert "changed after it was recorded (sha256 eeeeeeeeeeee…, now ffffffffffff…)" in (
        b.findings[1].message
    )


def test_one_file_stands_for_one_kind_of_activity_unless_declared() -> None:
    """Issue 13, acceptance 5: a code-review log is no fuzzing evidence."""
    b = builder(ITEM)
    evidence_shared(b, project(activities=(REVIEW, FUZZ)))
    assert b.rules() == ["evidence-shared"]
    assert b.findings[0].subject == "activity:fuzzing"
    assert b.findings[0].message == (
        "'ci/review.md' is the evidence of code-review, fuzzing: one file cannot stand for "
        "activities of different kinds"
    )
    b = builder(ITEM)
    twice = ActivityRecord(Activity.CODE_REVIEW, "ci/review.md", date(2026, 1, 5))
    evidence_shared(b, project(activities=(REVIEW, twice)))  # the same kind, twice: fine
    shared = (
        ActivityRecord(Activity.CODE_REVIEW, "ci/report.pdf", date(2026, 8, 1), shared=True),
        ActivityRecord(Activity.FUZZING, "ci/report.pdf", date(2026, 8, 1), shared=True),
    )
    evidence_shared(b, project(activities=shared))  # declared on each record
    assert b.rules() == []


def test_evidence_is_not_dated_in_the_future() -> None:
    b = builder(ITEM)
    activity_not_future(b, TM, TODAY)
    activity_not_future(b, ActivityRecord(Activity.FUZZING, "f.md", None), TODAY)
    assert b.rules() == []
    activity_not_future(b, ActivityRecord(Activity.FUZZING, "f.md", date(2027, 1, 1)), TODAY)
    assert b.rules() == ["future-date"]
