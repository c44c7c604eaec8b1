"""Evidence that is evidence: the sub-checks ``security-by-design`` runs on activity files.

A file an activity cites must be of the kind its name declares and hold something
(``evidence_of_kind``: evidence-empty, evidence-unreadable), be pinned by its sha256 so a later
change is noticed (``evidence_pinned``: evidence-not-pinned, evidence-changed), stand for one
kind of activity unless declared shared (``evidence_shared``: evidence-shared), and be dated no
later than the check (``activity_not_future``: future-date).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from medsec.domain.model import ActivityRecord, Project
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.compliance.context import EvidenceFact, SarifFact
from medsec.engines.compliance.fixes import edit
from medsec.engines.compliance.result import ItemBuilder

# what the file of each declared kind is not, as the message says it
_NOT = {
    "pdf": "a PDF with pages and text",
    "sarif": "readable SARIF",
    "json": "readable JSON",
    "xml": "readable XML",
    "text": "readable text",
    "other": "a readable document",
}
# what the file of each declared kind must be, as the fix says it
_EXPECTED = {
    "pdf": "a PDF with pages and text (the signed export, not a blank or scanned page)",
    "sarif": "the SAST results exported as SARIF 2.1",
    "json": "the JSON document the tool writes",
    "xml": "the XML report the tool writes",
    "text": "the text of the record",
    "other": "the document itself",
}


def _on(rec: ActivityRecord) -> dict[str, object]:
    """Where a finding about an activity record points."""
    return {"subject": f"activity:{rec.activity.value}", "path": PROJECT_FILE, "line": rec.line}


def evidence_of_kind(
    b: ItemBuilder, rec: ActivityRecord, fact: EvidenceFact | None, sarif: SarifFact | None
) -> bool:
    """evidence-empty, evidence-unreadable: the file holds what its name declares."""
    problem = sarif.problem if sarif is not None and sarif.problem else None
    if problem is None and fact is not None:
        problem = fact.problem
    if problem is None or rec.evidence is None:
        return True
    kind = fact.kind if fact is not None else "sarif"
    empty = problem.startswith(("the file is empty", "the file holds only white space"))
    b.gap(
        "evidence-empty" if empty else "evidence-unreadable",
        f"evidence '{rec.evidence}' of '{rec.activity.value}' is not {_NOT[kind]}: {problem}",
        fix=edit(
            PROJECT_FILE,
            f"activities[{rec.activity.value}].evidence",
            note=f"the file must be {_EXPECTED[kind]}",
        ),
        subject=f"activity:{rec.activity.value}",
        path=rec.evidence,
    )
    return False


def evidence_pinned(b: ItemBuilder, rec: ActivityRecord, fact: EvidenceFact | None) -> None:
    """evidence-not-pinned, evidence-changed: the sha256 recorded is the file's as it is now."""
    if fact is None:
        return
    key = f"activities[{rec.activity.value}].sha256"
    if rec.sha256 is None:
        b.gap(
            "evidence-not-pinned",
            f"evidence '{rec.evidence}' of '{rec.activity.value}' has no recorded sha256: a "
            "later change of the file would go unnoticed",
            fix=edit(PROJECT_FILE, key, fact.sha256, note="the digest of the file as reviewed"),
            **_on(rec),
        )
    elif rec.sha256 != fact.sha256:
        b.gap(
            "evidence-changed",
            f"evidence '{rec.evidence}' of '{rec.activity.value}' changed after it was "
            f"recorded (sha256 {rec.sha256[:12]}…, now {fact.sha256[:12]}…)",
            fix=edit(
                PROJECT_FILE,
                key,
                fact.sha256,
                note="after reviewing the changed file, with its new date",
            ),
            **_on(rec),
        )


def evidence_shared(b: ItemBuilder, p: Project) -> None:
    """evidence-shared: one file stands for activities of different kinds only when declared."""
    by_file: dict[str, list[ActivityRecord]] = {}
    for rec in p.activities:
        if rec.evidence:
            by_file.setdefault(rec.evidence, []).append(rec)
    for path, records in sorted(by_file.items()):
        kinds = sorted({r.activity.value for r in records})
        if len(kinds) < 2 or all(r.shared for r in records):
            continue
        last = _undeclared(records)
        b.gap(
            "evidence-shared",
            f"'{path}' is the evidence of {', '.join(kinds)}: one file cannot stand for "
            "activities of different kinds",
            fix=edit(
                PROJECT_FILE,
                f"activities[{last.activity.value}].evidence",
                "FILE",
                note=f"its own evidence; or shared: true on each record citing {path} if the "
                "file really documents them all",
            ),
            **_on(last),
        )


def _undeclared(records: Sequence[ActivityRecord]) -> ActivityRecord:
    """The last record citing a shared file without declaring it (the one to correct)."""
    return [r for r in records if not r.shared][-1]


def activity_not_future(b: ItemBuilder, rec: ActivityRecord, today: date) -> None:
    """future-date: evidence dated after today is not evidence yet (a typo or a plan)."""
    if rec.date is not None and rec.date > today:
        b.gap(
            "future-date",
            f"activity '{rec.activity.value}' is dated {rec.date}, after today ({today})",
            fix=edit(
                PROJECT_FILE,
                f"activities[{rec.activity.value}].date",
                "YYYY-MM-DD",
                note="the day the activity was done",
            ),
            **_on(rec),
        )
