"""The work queue of the team server (table ``jobs``): monitoring runs and rescans.

Several server processes share one queue. A worker *claims* the oldest due job of the kinds it
runs in one short write transaction: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` (two
workers never see the same row, and neither waits for the other), on SQLite ``BEGIN
IMMEDIATE`` (one writer at a time, so the select-then-update cannot interleave). A job whose
worker died stays ``running``; once its lock is older than ``stale_after`` the next claim takes
it over (its ``attempts`` counts how often that happened), so no job is lost with its process.

States: ``queued`` → ``running`` → ``done`` | ``failed`` (the error kept for the page that
lists jobs). A failed job can be queued again for later with ``finish(…, retry_in=…)``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from medsec.domain.errors import UsageError
from medsec.storage.engine import SQLITE_BEGIN
from medsec.storage.server_schema import jobs

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STALE_AFTER = dt.timedelta(hours=6)  # a monitoring run of a large portfolio takes minutes
MAX_ERROR = 4000  # characters of an error kept with the job
KIND_MAX = 40  # jobs.kind is String(40)


@dataclass(frozen=True)
class Job:
    """One queued piece of work."""

    id: int
    kind: str
    payload: Mapping[str, Any]
    state: str
    run_after: dt.datetime
    attempts: int
    locked_by: str | None = None
    locked_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    error: str | None = None


def _now() -> dt.datetime:
    """The current time, UTC."""
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as UTC-aware (SQLite returns naive values)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _writing(engine: Engine) -> Connection:
    """A connection whose transaction takes SQLite's write lock up front."""
    return engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})


def enqueue(
    engine: Engine,
    kind: str,
    payload: Mapping[str, Any],
    run_after: dt.datetime | None = None,
) -> int:
    """Queue a job of ``kind`` (due at ``run_after``, now by default); its id."""
    if not kind or len(kind) > KIND_MAX:
        raise UsageError(f"job kind '{kind}' must be 1 to 40 characters")
    now = _now()
    text = json.dumps(dict(payload), sort_keys=True, separators=(",", ":"))
    with _writing(engine) as conn, conn.begin():
        row = conn.execute(
            insert(jobs)
            .values(
                kind=kind,
                payload=text,
                state=QUEUED,
                run_after=run_after or now,
                attempts=0,
                created_at=now,
            )
            .returning(jobs.c.id)
        ).one()
    return int(row.id)


def claim(
    engine: Engine,
    worker: str,
    kinds: Iterable[str],
    *,
    now: dt.datetime | None = None,
    stale_after: dt.timedelta = STALE_AFTER,
) -> Job | None:
    """Take the oldest due job of ``kinds`` for ``worker`` (or a stale running one); None if none.

    The claim and the state change are one transaction; PostgreSQL skips rows another worker
    holds, SQLite serialises the writers.
    """
    wanted = sorted(set(kinds))
    if not wanted:
        return None
    now = now or _now()
    due = or_(
        and_(jobs.c.state == QUEUED, jobs.c.run_after <= now),
        and_(jobs.c.state == RUNNING, jobs.c.locked_at < now - stale_after),
    )
    query = (
        select(jobs)
        .where(jobs.c.kind.in_(wanted), due)
        .order_by(jobs.c.run_after, jobs.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    with _writing(engine) as conn, conn.begin():
        row = conn.execute(query).first()
        if row is None:
            return None
        conn.execute(
            update(jobs)
            .where(jobs.c.id == row.id)
            .values(state=RUNNING, locked_by=worker, locked_at=now, attempts=row.attempts + 1)
        )
    job = _job(row)
    return Job(
        id=job.id,
        kind=job.kind,
        payload=job.payload,
        state=RUNNING,
        run_after=job.run_after,
        attempts=job.attempts + 1,
        locked_by=worker,
        locked_at=now,
    )


def finish(
    engine: Engine,
    job_id: int,
    error: str | None = None,
    *,
    worker: str | None = None,
    retry_in: dt.timedelta | None = None,
) -> bool:
    """Mark a job done, or failed with ``error`` (queued again after ``retry_in`` if given).

    With ``worker``, only while that worker still holds the job (a stale job taken over by
    another worker is not finished by the first); whether the job was updated.
    """
    now = _now()
    values: dict[str, Any] = {"finished_at": now, "error": None}
    if error is None:
        values["state"] = DONE
    elif retry_in is not None:
        values.update(state=QUEUED, run_after=now + retry_in, error=error[:MAX_ERROR])
        values.update(locked_by=None, locked_at=None, finished_at=None)
    else:
        values.update(state=FAILED, error=error[:MAX_ERROR])
    condition = jobs.c.id == job_id
    if worker is not None:
        condition = and_(condition, jobs.c.locked_by == worker, jobs.c.state == RUNNING)
    with _writing(engine) as conn, conn.begin():
        changed = conn.execute(update(jobs).where(condition).values(**values)).rowcount
    return bool(changed)


def pending(engine: Engine, kinds: Iterable[str] | None = None) -> list[Job]:
    """Queued and running jobs, oldest first (optionally only of ``kinds``)."""
    query = select(jobs).where(jobs.c.state.in_([QUEUED, RUNNING]))
    if kinds is not None:
        query = query.where(jobs.c.kind.in_(sorted(set(kinds))))
    with engine.connect() as conn:
        return [_job(r) for r in conn.execute(query.order_by(jobs.c.run_after, jobs.c.id))]


def get(engine: Engine, job_id: int) -> Job | None:
    """One job by id, in whatever state; None when there is none."""
    with engine.connect() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    return _job(row) if row is not None else None


def recent(engine: Engine, limit: int = 50) -> list[Job]:
    """The latest jobs, newest first, for a page listing what ran and how it ended."""
    with engine.connect() as conn:
        rows = conn.execute(select(jobs).order_by(jobs.c.id.desc()).limit(limit))
        return [_job(r) for r in rows]


def last_created(engine: Engine, kind: str) -> dt.datetime | None:
    """When the latest job of ``kind`` was queued (None: never), for the scheduler."""
    with engine.connect() as conn:
        value = conn.execute(select(func.max(jobs.c.created_at)).where(jobs.c.kind == kind))
        return _aware(value.scalar())


def _job(row: Any) -> Job:
    """A row of ``jobs`` as a :class:`Job`."""
    return Job(
        id=int(row.id),
        kind=row.kind,
        payload=json.loads(row.payload),
        state=row.state,
        run_after=_aware(row.run_after) or _now(),
        attempts=int(row.attempts),
        locked_by=row.locked_by,
        locked_at=_aware(row.locked_at),
        finished_at=_aware(row.finished_at),
        error=row.error,
    )
