"""The job queue: claimed once, oldest due first, stale jobs taken over; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, update

from medsec.domain.errors import UsageError
from medsec.storage import jobs
from medsec.storage.server_schema import jobs as jobs_table
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    with AdvisoryStore.open(db_url) as store:
        yield store.engine


def test_enqueue_claim_finish(engine: Engine) -> None:
    first = jobs.enqueue(engine, "monitor", {"repository": None})
    second = jobs.enqueue(engine, "rescan", {"repository": "pump", "version": "v1"})
    assert [j.id for j in jobs.pending(engine)] == [first, second]

    job = jobs.claim(engine, "w1", ["rescan"])
    assert job is not None
    assert (job.id, job.kind, dict(job.payload)) == (
        second,
        "rescan",
        {"repository": "pump", "version": "v1"},
    )
    assert (job.state, job.locked_by, job.attempts) == ("running", "w1", 1)
    assert jobs.claim(engine, "w2", ["rescan"]) is None  # the only rescan is taken

    assert jobs.finish(engine, job.id, worker="w1")
    done = jobs.get(engine, job.id)
    assert done is not None
    assert (done.state, done.error) == ("done", None)
    assert done.finished_at is not None
    assert [j.id for j in jobs.pending(engine)] == [first]


def test_not_due_yet_and_order(engine: Engine) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    jobs.enqueue(engine, "monitor", {"n": 1}, run_after=later)
    due = jobs.enqueue(engine, "monitor", {"n": 2})
    job = jobs.claim(engine, "w", ["monitor"])
    assert job is not None and job.id == due
    assert jobs.claim(engine, "w", ["monitor"]) is None  # the other is not due
    assert jobs.claim(engine, "w", ["monitor"], now=later + dt.timedelta(seconds=1)) is not None


def test_failure_is_kept_and_can_be_retried(engine: Engine) -> None:
    job_id = jobs.enqueue(engine, "monitor", {})
    job = jobs.claim(engine, "w", ["monitor"])
    assert job is not None
    jobs.finish(engine, job_id, "feed unavailable", retry_in=dt.timedelta(minutes=5))
    again = jobs.get(engine, job_id)
    assert again is not None
    assert (again.state, again.error, again.locked_by) == ("queued", "feed unavailable", None)
    assert jobs.claim(engine, "w", ["monitor"]) is None  # not before five minutes
    job = jobs.claim(engine, "w", ["monitor"], now=again.run_after + dt.timedelta(seconds=1))
    assert job is not None and job.attempts == 2
    jobs.finish(engine, job_id, "x" * 10_000)
    failed = jobs.get(engine, job_id)
    assert failed is not None
    assert failed.state == "failed"
    assert failed.error == "x" * jobs.MAX_ERROR


def test_stale_running_job_is_taken_over(engine: Engine) -> None:
    job_id = jobs.enqueue(engine, "monitor", {})
    assert jobs.claim(engine, "dead-worker", ["monitor"]) is not None
    assert jobs.claim(engine, "w2", ["monitor"]) is None  # still fresh
    old = dt.datetime.now(dt.UTC) - jobs.STALE_AFTER - dt.timedelta(minutes=1)
    with engine.begin() as conn:
        conn.execute(update(jobs_table).where(jobs_table.c.id == job_id).values(locked_at=old))
    taken = jobs.claim(engine, "w2", ["monitor"])
    assert taken is not None
    assert (taken.id, taken.locked_by, taken.attempts) == (job_id, "w2", 2)
    # the dead worker's late finish does not overwrite the new owner's run
    assert not jobs.finish(engine, job_id, "late", worker="dead-worker")
    assert jobs.finish(engine, job_id, worker="w2")
    done = jobs.get(engine, job_id)
    assert done is not None and done.state == "done"


def test_two_workers_never_claim_the_same_job(engine: Engine) -> None:
    ids = [jobs.enqueue(engine, "rescan", {"n": n}) for n in range(40)]
    claimed: list[tuple[str, int]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def work(name: str) -> None:
        start.wait()
        try:
            while (job := jobs.claim(engine, name, ["rescan"])) is not None:
                with lock:
                    claimed.append((name, job.id))
                time.sleep(0.005)  # a job takes time: the others claim meanwhile
                jobs.finish(engine, job.id, worker=name)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    counts = Counter(job_id for _, job_id in claimed)
    assert sorted(counts) == ids
    assert set(counts.values()) == {1}
    assert jobs.pending(engine) == []
    assert len({name for name, _ in claimed}) >= 2  # the work was shared


def test_bad_kind_and_no_kinds(engine: Engine) -> None:
    with pytest.raises(UsageError, match="1 to 40"):
        jobs.enqueue(engine, "", {})
    jobs.enqueue(engine, "monitor", {})
    assert jobs.claim(engine, "w", []) is None
    assert jobs.last_created(engine, "monitor") is not None
    assert jobs.last_created(engine, "rescan") is None
