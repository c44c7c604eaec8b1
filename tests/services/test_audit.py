"""The audit trail: gap-free hash chain, serialised appends, and every kind of tampering found."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, select, text, update
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.domain.audit import GENESIS, AuditHead, digest, expected_hash
from medsec.domain.errors import UsageError
from medsec.services import audit
from medsec.storage import server_schema as s
from medsec.storage.schema import meta
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:  # noqa: F811 - the imported fixture
    store = AdvisoryStore.open(db_url)
    yield store.engine
    store.close()


def _five(engine: Engine) -> None:
    for n in range(1, 6):
        audit.record(
            engine, "alice", "risk.approve", f"threats.yaml#T-{n}", b"old", b"new", {"n": n}
        )


def _problems(engine: Engine) -> list[str]:
    result = audit.verify(engine)
    assert result.ok is (not result.problems)
    return list(result.problems)


def test_entries_are_numbered_and_chained(engine: Engine) -> None:
    _five(engine)
    newest_first = audit.entries(engine)
    assert [e.seq for e in newest_first] == [5, 4, 3, 2, 1]
    first = newest_first[-1]
    assert first.prev_hash == GENESIS
    assert first.before == hashlib.sha256(b"old").hexdigest()
    assert first.after == hashlib.sha256(b"new").hexdigest()
    assert first.data == {"n": 1}
    for older, newer in zip(newest_first[1:], newest_first, strict=False):
        assert newer.prev_hash == older.hash
        assert expected_hash(newer) == newer.hash
    assert audit.head(engine) == AuditHead(5, newest_first[0].hash)
    result = audit.verify(engine)
    assert (result.ok, result.entries, result.problems) == (True, 5, ())
    assert [e.seq for e in audit.entries(engine, limit=2, before_seq=4)] == [3, 2]


def test_digests_of_before_and_after() -> None:
    sha = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"  # sha256("foo")
    assert digest(b"foo") == sha
    assert digest("foo") == sha  # text is hashed as UTF-8
    assert digest(sha) == sha  # a digest given by the caller is kept
    assert digest(None) is None


def test_an_edited_field_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(update(s.audit).where(s.audit.c.seq == 3).values(actor="mallory"))
    assert _problems(engine) == [
        "entry 3: its contents changed after it was recorded (hash mismatch)"
    ]


def test_edited_details_are_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(update(s.audit).where(s.audit.c.seq == 2).values(details='{"n":20}'))
    assert _problems(engine) == [
        "entry 2: its contents changed after it was recorded (hash mismatch)"
    ]


def test_a_deleted_entry_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(delete(s.audit).where(s.audit.c.seq == 3))
    assert _problems(engine) == ["entry 3: missing (deleted) before entry 4"]


def test_a_deleted_tail_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(delete(s.audit).where(s.audit.c.seq >= 4))
    assert _problems(engine) == ["entry 4-5: missing at the end (the trail was truncated)"]


def test_a_deleted_tail_and_head_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(delete(s.audit).where(s.audit.c.seq == 5))
        conn.execute(delete(meta).where(meta.c.key == audit.HEAD_KEY))
    assert _problems(engine) == ["entry 4: the trail's head record (meta 'audit.head') is missing"]


def test_reordered_entries_are_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:  # entries 2 and 3 swap places (their seq numbers)
        conn.execute(update(s.audit).where(s.audit.c.seq == 2).values(seq=-2))
        conn.execute(update(s.audit).where(s.audit.c.seq == 3).values(seq=2))
        conn.execute(update(s.audit).where(s.audit.c.seq == -2).values(seq=3))
    problems = _problems(engine)
    assert "entry 2: its contents changed after it was recorded (hash mismatch)" in problems
    assert "entry 3: its contents changed after it was recorded (hash mismatch)" in problems
    assert any(p.startswith("entry 2: does not follow entry 1") for p in problems)


def test_an_entry_added_after_the_head_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        last = conn.execute(select(s.audit).where(s.audit.c.seq == 5)).one()._asdict()
        conn.execute(s.audit.insert().values({**last, "seq": 6, "prev_hash": last["hash"]}))
    problems = _problems(engine)
    assert "entry 6: after the recorded head (entry 5): added outside" in problems


def test_a_garbled_head_is_found(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(update(meta).where(meta.c.key == audit.HEAD_KEY).values(value="nonsense"))
    problems = _problems(engine)
    assert problems[-1] == "head: the recorded head 'nonsense' is not 'seq hash'"


def test_appending_after_tampering_keeps_the_evidence(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(delete(s.audit).where(s.audit.c.seq == 5))
    entry = audit.record(engine, "bob", "signin", "account:bob", None, None, {})
    assert entry.seq == 6  # the number of the deleted entry is not reused
    assert _problems(engine) == ["entry 5: missing (deleted) before entry 6"]


def test_details_that_are_not_json_are_refused(engine: Engine) -> None:
    with pytest.raises(UsageError, match="audit details of 'x' are not JSON"):
        audit.record(engine, "alice", "x", "t", None, None, {"when": object()})
    with pytest.raises(UsageError, match="audit actor '' must be 1 to 200"):
        audit.record(engine, "", "x", "t", None, None, {})
    assert audit.count(engine) == 0
    assert audit.head(engine) is None
    assert audit.verify(engine).ok


def test_concurrent_appends_have_no_gaps(engine: Engine) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(15):
                audit.record(engine, f"w{worker}", "test", "t", None, None, {"n": n})
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(e.seq for e in audit.entries(engine))
    assert seqs == list(range(1, 91))
    assert audit.verify(engine).ok


def test_export_is_json_lines_with_a_head_and_verifies_alone(engine: Engine) -> None:
    _five(engine)
    data = audit.export(engine)
    lines = [json.loads(line) for line in data.decode().splitlines()]
    assert [line["seq"] for line in lines[:-1]] == [1, 2, 3, 4, 5]
    assert lines[0]["details"] == {"n": 1}
    assert lines[-1]["head"] == {"seq": 5, "hash": lines[-2]["hash"]}
    assert (lines[-1]["verified"], lines[-1]["entries"], lines[-1]["problems"]) == (True, 5, [])
    assert audit.verify_export(data).ok
    lines[2]["target"] = "something else"
    tampered = "\n".join(json.dumps(line) for line in lines).encode()
    assert audit.verify_export(tampered).problems == (
        "entry 3: its contents changed after it was recorded (hash mismatch)",
    )
    cut = b"\n".join(data.splitlines()[:-2] + data.splitlines()[-1:])
    assert audit.verify_export(cut).problems == (
        "entry 5: missing at the end (the trail was truncated)",
    )
    assert (
        audit.verify_export(b"not json").problems[0].startswith("audit export: not an audit export")
    )


def test_export_of_a_tampered_trail_says_so(engine: Engine) -> None:
    _five(engine)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit WHERE seq = 2"))
    last = json.loads(audit.export(engine).decode().splitlines()[-1])
    assert last["verified"] is False
    assert last["problems"] == ["entry 2: missing (deleted) before entry 3"]
