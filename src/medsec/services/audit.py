"""The team server's audit trail: append-only, hash-chained, checked by ``medsec audit verify``.

Every change made through the server and every sign-in is one entry (who, when, what, which
target, the sha256 digests before and after). Appending is serialised across processes — a
PostgreSQL transaction-scoped advisory lock, SQLite's ``BEGIN IMMEDIATE`` write lock — so the
numbers run 1, 2, 3 … without gaps and each entry's hash covers the one before it. The head
(last seq and hash) is kept in ``meta`` under ``audit.head`` in the same transaction, so a
deleted tail is detected as well as an edited, deleted or reordered entry.

A use case that changes something else in the database records its entry in the same
transaction::

    with audit.writing(engine) as conn:
        conn.execute(...)                       # the change
        audit.append(conn, actor, "account.role", target, None, None, {"role": "admin"})

What the chain cannot show is a trail rewritten from scratch with recomputed hashes by someone
holding the database: the exported trail (:func:`export`, filed with the regulatory documents)
fixes the head at the time of the export, so a later rewrite no longer matches it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, text

from medsec.domain.audit import (
    GENESIS,
    AuditEntry,
    AuditHead,
    AuditVerification,
    canonical,
    check_chain,
    digest,
    entry_hash,
    timestamp,
)
from medsec.domain.errors import UsageError
from medsec.storage import server_schema as s
from medsec.storage.engine import SQLITE_BEGIN
from medsec.storage.schema import meta

HEAD_KEY = "audit.head"
LOCK_KEY = 0x6175_6474  # "audt": one appender at a time on a shared PostgreSQL
MAX_FIELD = {"actor": 200, "action": 80}  # column widths of the audit table


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction holding the audit lock: append entries (and the change they record)."""
    with (
        engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"}) as conn,
        conn.begin(),
    ):
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        yield conn


def record(
    engine: Engine,
    actor: str,
    action: str,
    target: str,
    before: bytes | str | None,
    after: bytes | str | None,
    details: Mapping[str, Any],
) -> AuditEntry:
    """Append one entry in its own transaction; ``before``/``after``: bytes (hashed), a sha256
    hex digest (kept) or other text (hashed as UTF-8), or None."""
    with writing(engine) as conn:
        return append(conn, actor, action, target, before, after, details)


def append(
    conn: Connection,
    actor: str,
    action: str,
    target: str,
    before: bytes | str | None,
    after: bytes | str | None,
    details: Mapping[str, Any],
) -> AuditEntry:
    """Append one entry on a connection from :func:`writing` (the caller holds the lock)."""
    _check_fields(actor, action)
    try:
        details_text = canonical(dict(details))
    except (TypeError, ValueError) as error:
        raise UsageError(f"audit details of '{action}' are not JSON: {error}") from None
    seq, prev = _next(conn)
    at = datetime.now(UTC)
    before_digest, after_digest = digest(before), digest(after)
    fields = {
        "actor": actor,
        "action": action,
        "target": target,
        "before": before_digest,
        "after": after_digest,
        "details": details_text,
    }
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        before=before_digest,
        after=after_digest,
        details=details_text,
        prev_hash=prev,
        hash=entry_hash(prev, seq, at, fields),
    )
    conn.execute(insert(s.audit).values(_row(entry)))
    conn.execute(delete(meta).where(meta.c.key == HEAD_KEY))
    conn.execute(insert(meta).values(key=HEAD_KEY, value=str(AuditHead(seq, entry.hash))))
    return entry


def _check_fields(actor: str, action: str) -> None:
    """Refuse an entry that could not be stored whole (an empty or too long actor or action)."""
    for name, value in (("actor", actor), ("action", action)):
        if not value or len(value) > MAX_FIELD[name]:
            raise UsageError(
                f"audit {name} '{value[:40]}' must be 1 to {MAX_FIELD[name]} characters"
            )


def _next(conn: Connection) -> tuple[int, str]:
    """The next seq and the hash it chains to: after the recorded head, or after the last row
    when rows were added beyond it (both are reported by :func:`verify`)."""
    head = _head(conn)
    last = conn.execute(
        select(s.audit.c.seq, s.audit.c.hash).order_by(s.audit.c.seq.desc()).limit(1)
    ).first()
    if last is not None and (head is None or last.seq > head.seq):
        return int(last.seq) + 1, str(last.hash)
    if head is None:
        return 1, GENESIS
    return head.seq + 1, head.hash


def _head(conn: Connection) -> AuditHead | None:
    """The recorded head, None when absent or unreadable."""
    value = conn.execute(select(meta.c.value).where(meta.c.key == HEAD_KEY)).scalar()
    return None if value is None else AuditHead.parse(str(value))


def _row(entry: AuditEntry) -> dict[str, Any]:
    """The audit table row of an entry."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _entry(row: Any) -> AuditEntry:
    """An entry from a row; SQLite gives back naive datetimes, stored as UTC."""
    at: datetime = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return AuditEntry(
        seq=int(row.seq),
        at=at.astimezone(UTC),
        actor=row.actor,
        action=row.action,
        target=row.target,
        before=row.before,
        after=row.after,
        details=row.details,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def entries(
    engine: Engine, *, limit: int | None = None, before_seq: int | None = None
) -> list[AuditEntry]:
    """Entries newest first: up to ``limit``, those with a seq below ``before_seq`` (paging)."""
    query = select(s.audit).order_by(s.audit.c.seq.desc())
    if before_seq is not None:
        query = query.where(s.audit.c.seq < before_seq)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [_entry(row) for row in conn.execute(query)]


def head(engine: Engine) -> AuditHead | None:
    """The recorded head of the trail (None when nothing was recorded yet)."""
    with engine.connect() as conn:
        return _head(conn)


def count(engine: Engine) -> int:
    """How many entries the table holds."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.audit)).scalar_one())


def verify(engine: Engine) -> AuditVerification:
    """Check the whole chain and its head: each edited field, deleted, inserted or reordered
    entry and a truncated tail is one ``entry N: what`` problem."""
    with engine.connect() as conn:
        recorded = _head(conn)
        raw = conn.execute(select(meta.c.value).where(meta.c.key == HEAD_KEY)).scalar()
        rows = conn.execute(select(s.audit).order_by(s.audit.c.seq))
        result = check_chain((_entry(row) for row in rows), recorded)
    if raw is not None and recorded is None:
        problem = f"head: the recorded head '{str(raw)[:80]}' is not 'seq hash'"
        return AuditVerification(False, result.entries, (*result.problems, problem), None)
    return result


def export(engine: Engine) -> bytes:
    """The trail as JSON lines, oldest first, then one line with the head and the result of
    :func:`verify` (``{"head": {...}, "entries": N, "verified": true, "problems": []}``)."""
    verification = verify(engine)
    lines = [canonical(entry.as_json()) for entry in reversed(entries(engine))]
    head_value = verification.head
    lines.append(
        canonical(
            {
                "head": None
                if head_value is None
                else {"seq": head_value.seq, "hash": head_value.hash},
                "entries": verification.entries,
                "verified": verification.ok,
                "problems": list(verification.problems),
                "exported_at": timestamp(datetime.now(UTC)),
            }
        )
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


def verify_export(data: bytes, *, source: str = "audit export") -> AuditVerification:
    """Check an exported trail on its own: its chain against the head line it ends with."""
    lines = [line for line in data.decode("utf-8", errors="replace").splitlines() if line.strip()]
    if not lines:
        return AuditVerification(False, 0, (f"{source}: empty",))
    try:
        parsed = [json.loads(line) for line in lines]
        last = parsed[-1]["head"]
        recorded = None if last is None else AuditHead(int(last["seq"]), str(last["hash"]))
        chain = [_exported(item) for item in parsed[:-1]]
    except (ValueError, KeyError, TypeError) as error:
        return AuditVerification(False, 0, (f"{source}: not an audit export ({error})",))
    return check_chain(chain, recorded)


def _exported(item: Mapping[str, Any]) -> AuditEntry:
    """An entry from an export line."""
    return AuditEntry(
        seq=int(item["seq"]),
        at=datetime.strptime(item["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
        actor=item["actor"],
        action=item["action"],
        target=item["target"],
        before=item["before"],
        after=item["after"],
        details=canonical(item["details"]),
        prev_hash=item["prev_hash"],
        hash=item["hash"],
    )
