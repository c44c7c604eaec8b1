"""The answer changes between two MDS2 forms, as text for people and JSON for scripts."""

from __future__ import annotations

from dataclasses import dataclass

from medsec.domain.wording import counted
from medsec.engines.mds2.model import Change, Snapshot
from medsec.outputs.json import dumps
from medsec.outputs.renderer import Format, Registry


@dataclass(frozen=True)
class FormDiff:
    """Two forms and what changed between them."""

    old: Snapshot
    new: Snapshot
    changes: tuple[Change, ...]


def _shown(answer: str | None) -> str:
    """An answer as the diff shows it (open when there is none)."""
    return answer or "(open)"


def render_text(diff: FormDiff) -> str:
    """One line per change: id, old answer → new answer, and the new note."""
    head = (
        f"MDS2 {diff.old.device} {diff.old.version} ({diff.old.source}) → "
        f"{diff.new.device} {diff.new.version} ({diff.new.source})"
    )
    answers = [c for c in diff.changes if c.kind == "answer"]
    notes = [c for c in diff.changes if c.kind == "note"]
    lines = [
        head,
        f"{counted(len(answers), 'answer')} changed, {counted(len(notes), 'note')} changed",
    ]
    for c in answers:
        lines.append(
            f"  {c.id}: {_shown(c.old)} → {_shown(c.new)}"
            + (f"  ({c.new_note})" if c.new_note else "")
        )
    for c in notes:
        lines.append(f"  {c.id}: note changed: {c.new_note or '(none)'}")
    return "\n".join(lines) + "\n"


def render_json(diff: FormDiff) -> str:
    """The changes as data."""
    return dumps(
        {
            "old": {
                "source": diff.old.source,
                "device": diff.old.device,
                "version": diff.old.version,
            },
            "new": {
                "source": diff.new.source,
                "device": diff.new.device,
                "version": diff.new.version,
            },
            "changes": [
                {
                    "id": c.id,
                    "section": c.section,
                    "kind": c.kind,
                    "old": c.old,
                    "new": c.new,
                    "old_note": c.old_note,
                    "new_note": c.new_note,
                }
                for c in diff.changes
            ],
        }
    )


DIFF_RENDERERS: Registry[FormDiff] = Registry(
    "mds2 diff",
    Format("text", "text/plain", ".txt", "one line per changed answer", render_text),
    Format("json", "application/json", ".json", "the changes as data", render_json),
)
