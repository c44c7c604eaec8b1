"""The audit trail's entries and the pure rules of its hash chain.

Every entry names who did what to which target, when, and the sha256 digests of what the change
replaced (``before``) and wrote (``after``). Entries are numbered 1, 2, 3 … without gaps; each
entry's ``hash`` is ``sha256(prev_hash + canonical JSON of the entry)``, where ``prev_hash`` is the
previous entry's hash (:data:`GENESIS` for the first). The head (last seq and hash) is kept apart
from the entries, so deleting the newest entries is detected too. :func:`check_chain` walks a
chain and names each problem as ``entry N: what``; it is shared by the database check and the
check of an exported trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the prev_hash of entry 1


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded action; ``details`` is the canonical JSON text it was hashed with."""

    seq: int
    at: datetime  # UTC
    actor: str
    action: str  # e.g. "signin", "signin.failed", "account.role", "token.create"
    target: str
    before: str | None  # sha256 hex of what the change replaced
    after: str | None  # sha256 hex of what it wrote
    details: str  # canonical JSON (sorted keys, no spaces)
    prev_hash: str
    hash: str

    @property
    def data(self) -> dict[str, Any]:
        """``details`` as a mapping."""
        value = json.loads(self.details)
        return value if isinstance(value, dict) else {"value": value}

    def as_json(self) -> dict[str, Any]:
        """The entry as a JSON object (the export's line), details as an object."""
        return {
            "seq": self.seq,
            "at": timestamp(self.at),
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "before": self.before,
            "after": self.after,
            "details": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The last entry's seq and hash, kept apart from the entries (0 and GENESIS when empty)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        """``seq hash``: how the head is stored."""
        return f"{self.seq} {self.hash}"

    @classmethod
    def parse(cls, text: str) -> AuditHead | None:
        """The head from ``seq hash``; None when the text is not one."""
        parts = text.split()
        if len(parts) != 2 or not parts[0].isdigit() or not is_digest(parts[1]):
            return None
        return cls(int(parts[0]), parts[1])


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The result of checking a trail: ``ok`` when no problem was found."""

    ok: bool
    entries: int
    problems: tuple[str, ...] = field(default_factory=tuple)
    head: AuditHead | None = None


def timestamp(at: datetime) -> str:
    """``at`` in UTC, ISO 8601 with microseconds and ``Z``: the form that is hashed."""
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text for one value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def is_digest(text: str) -> bool:
    """Whether ``text`` is a lowercase sha256 hex digest."""
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def digest(value: bytes | str | None) -> str | None:
    """The before/after digest: sha256 of bytes; a str that is already a digest is kept, any
    other str is hashed as UTF-8; None stays None (nothing there)."""
    if value is None:
        return None
    if isinstance(value, str):
        if is_digest(value):
            return value
        value = value.encode("utf-8")
    return hashlib.sha256(value).hexdigest()


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    fields: Mapping[str, str | None],
) -> str:
    """``sha256(prev_hash + canonical JSON)`` of an entry; ``fields``: actor, action, target,
    before, after, details (the canonical details text)."""
    body = canonical({"seq": seq, "at": timestamp(at), **fields})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def expected_hash(entry: AuditEntry) -> str:
    """What ``entry.hash`` must be, computed from its fields and its prev_hash."""
    fields = {
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
        "details": entry.details,
    }
    return entry_hash(entry.prev_hash, entry.seq, entry.at, fields)


def check_chain(entries: Iterable[AuditEntry], head: AuditHead | None) -> AuditVerification:
    """Walk ``entries`` (in stored order) and compare the end with ``head``: every edited field,
    missing, inserted or reordered entry and truncated tail is one ``entry N: what`` problem."""
    problems: list[str] = []
    expected_seq, prev = 1, GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            problems.append(_out_of_place(entry.seq, expected_seq))
        elif entry.prev_hash != prev:
            problems.append(
                f"entry {entry.seq}: does not follow entry {entry.seq - 1} "
                "(its prev_hash differs: an entry before it was changed, removed or reordered)"
            )
        if expected_hash(entry) != entry.hash:
            problems.append(
                f"entry {entry.seq}: its contents changed after it was recorded (hash mismatch)"
            )
        expected_seq, prev = max(expected_seq, entry.seq) + 1, entry.hash
    problems.extend(_head_problems(expected_seq - 1, prev, count, head))
    return AuditVerification(ok=not problems, entries=count, problems=tuple(problems), head=head)


def _out_of_place(seq: int, expected: int) -> str:
    """The problem of an entry whose seq is not the next one."""
    if seq > expected:
        gone = str(expected) if seq == expected + 1 else f"{expected}-{seq - 1}"
        return f"entry {gone}: missing (deleted) before entry {seq}"
    return f"entry {seq}: out of order or duplicated (expected entry {expected} here)"


def _head_problems(last: int, last_hash: str, count: int, head: AuditHead | None) -> list[str]:
    """The end of the chain against the separately kept head."""
    if head is None:
        if count:
            return [f"entry {last}: the trail's head record (meta 'audit.head') is missing"]
        return []
    if head.seq > last:
        gone = str(head.seq) if head.seq == last + 1 else f"{last + 1}-{head.seq}"
        return [f"entry {gone}: missing at the end (the trail was truncated)"]
    if head.seq < last:
        return [f"entry {head.seq + 1}: after the recorded head (entry {head.seq}): added outside"]
    if head.hash != last_hash:
        return [f"entry {last}: differs from the recorded head (hash mismatch)"]
    return []
