"""The revision history of each built document: ``records/documents/ID.json`` in the project.

A revision is what a document was built from: the digest of every input file (and each file's
own digest, to say what changed), the digest of the content and of each section (to say which
sections changed when no input did), the status of each section and the revision's date. ``medsec docs build`` appends a revision only when inputs or content
changed, so an unchanged project rebuilds the same revision, with the same date, byte for byte.
The file is medsec's own JSON, committed with the project like scan records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from medsec.domain.errors import InputError
from medsec.domain.paths import RECORDS_DIR
from medsec.project.atomic import write_atomic
from medsec.untrusted.files import read_input
from medsec.untrusted.jsontext import loads

DOCUMENTS_DIR = f"{RECORDS_DIR}/documents"
MAX_BYTES = 64 * 1_048_576


@dataclass(frozen=True)
class Signature:
    """An electronic signature of a revision: who, in which role, what it means, when."""

    name: str  # "Display Name (role)"
    username: str
    meaning: str  # e.g. "approved for release", "reviewed"
    at: str  # ISO 8601 UTC time of the signature

    def as_dict(self) -> dict[str, str]:
        """The signature as stored."""
        return {
            "name": self.name,
            "username": self.username,
            "meaning": self.meaning,
            "at": self.at,
        }


@dataclass(frozen=True)
class Revision:
    """One revision of a document: number, date and the digests it was built from."""

    number: int
    date: date
    inputs_digest: str
    content_digest: str
    inputs: dict[str, str]  # project-relative path -> sha256 of its bytes
    sections: dict[str, str]  # section id -> status
    generator: str = ""  # the medsec version that built it
    signatures: tuple[Signature, ...] = ()  # signed on the team server (``medsec serve``)
    section_digests: dict[str, str] | None = None  # section id -> sha256; None: not recorded

    def as_dict(self) -> dict[str, Any]:
        """The revision as stored (``signatures`` only once there is one)."""
        body = {
            "revision": self.number,
            "date": self.date.isoformat(),
            "inputs_digest": self.inputs_digest,
            "content_digest": self.content_digest,
            "inputs": dict(sorted(self.inputs.items())),
            "sections": self.sections,
            "generator": self.generator,
        }
        if self.section_digests is not None:
            body["section_digests"] = self.section_digests
        if self.signatures:
            body["signatures"] = [x.as_dict() for x in self.signatures]
        return body


def record_path(base: Path, document: str) -> Path:
    """Where the revisions of ``document`` are kept in the project at folder ``base``."""
    return base / DOCUMENTS_DIR / f"{document}.json"


def load_revisions(base: Path, document: str) -> list[Revision]:
    """The recorded revisions of ``document``, oldest first (none yet: an empty list)."""
    path = record_path(base, document)
    shown = f"{DOCUMENTS_DIR}/{document}.json"
    if not path.exists():
        return []
    data = loads(read_input(path, max_bytes=MAX_BYTES, display=shown), source=shown)
    try:
        return [_revision(item) for item in data["revisions"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError.single(
            shown,
            f"not a revision record medsec wrote ({exc})",
            hint="restore it from git, or delete it to start the history at revision 1",
        ) from None


def _revision(item: dict[str, Any]) -> Revision:
    """One stored revision, type-checked."""
    number = item["revision"]
    if not isinstance(number, int) or number < 1:
        raise ValueError(f"revision {number!r}")
    return Revision(
        number,
        date.fromisoformat(item["date"]),
        str(item["inputs_digest"]),
        str(item["content_digest"]),
        {str(k): str(v) for k, v in dict(item["inputs"]).items()},
        {str(k): str(v) for k, v in dict(item["sections"]).items()},
        str(item.get("generator", "")),
        tuple(
            Signature(str(x["name"]), str(x["username"]), str(x["meaning"]), str(x["at"]))
            for x in item.get("signatures", ())
        ),
        _digests(item.get("section_digests")),
    )


def _digests(value: Any) -> dict[str, str] | None:
    """Per-section digests as stored; ``None`` for revisions recorded before they were."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"section_digests {value!r}")
    return {str(k): str(v) for k, v in value.items()}


def append_revision(base: Path, document: str, revisions: list[Revision], new: Revision) -> None:
    """Write the history with ``new`` appended (atomically: the old file or the new one)."""
    write_revisions(base, document, [*revisions, new])


def write_revisions(base: Path, document: str, revisions: list[Revision]) -> None:
    """Write the whole history of ``document`` (atomically: the old file or the new one)."""
    body = {"document": document, "revisions": [r.as_dict() for r in revisions]}
    write_atomic(record_path(base, document), json.dumps(body, indent=2) + "\n")
