"""Documents rendered in worker processes: the order asked for, the same bytes as a serial
build, the first failing document's error, and one process when one worker would do."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from tests.outputs.documents.hand_built import large_document, make_document

from medsec.domain.errors import UsageError
from medsec.outputs.documents import batch
from medsec.outputs.documents.pdf import (
    PRINT_MEMORY_LIMIT,
    print_budget,
    print_memory,
    print_weight,
    render_pdf,
)


def _pid_and_item(item: int) -> tuple[int, int]:
    return os.getpid(), item * 10


def _timed(item: int) -> tuple[int, float, float]:
    start = time.monotonic()
    time.sleep(0.05)
    return os.getpid(), start, time.monotonic()


def _forks() -> None:
    if not batch._forkable():
        pytest.skip("no fork on this system: render_all renders in this process")


def test_results_come_back_in_the_order_asked_for_from_worker_processes() -> None:
    _forks()
    out = batch.render_all(_pid_and_item, [1, 2, 3, 4, 5], jobs=2, weight=lambda i: i % 3)
    assert [value for _, value in out] == [10, 20, 30, 40, 50]
    pids = {pid for pid, _ in out}
    assert os.getpid() not in pids and len(pids) == 5  # a worker of its own per document


def test_no_more_workers_at_once_than_jobs() -> None:
    _forks()
    out = batch.render_all(_timed, list(range(6)), jobs=2)
    starts = sorted(start for _, start, _ in out)
    for moment in starts:
        at_once = sum(1 for _, start, end in out if start <= moment < end)
        assert 1 <= at_once <= 2


def _dies(item: int) -> int:
    if item == 2:
        os._exit(3)  # as a worker killed for lack of memory: no result, no exception
    return item


def test_a_worker_that_dies_is_an_error_naming_its_document() -> None:
    _forks()
    with pytest.raises(batch.WorkerLost, match=r"document 3 ended without a result \(exit code 3"):
        batch.render_all(_dies, [0, 1, 2, 3], jobs=2)


class _Unpicklable(Exception):
    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("cannot pickle this")


def _raises_unpicklable(item: int) -> int:
    raise _Unpicklable(f"document {item} broke")


def test_an_exception_that_cannot_be_sent_back_is_still_reported() -> None:
    _forks()
    with pytest.raises(RuntimeError, match="_Unpicklable: document 0 broke"):
        batch.render_all(_raises_unpicklable, [0, 1], jobs=2)


def _marks(folder: Path) -> Callable[[int], int]:
    def render(item: int) -> int:
        (folder / str(item)).touch()
        if item == 0:
            raise UsageError("document 0 cannot be rendered")
        time.sleep(0.3)
        return item

    return render


def test_no_document_is_started_after_the_first_one_in_order_has_failed(tmp_path: Path) -> None:
    _forks()
    with pytest.raises(UsageError, match="document 0"):
        batch.render_all(_marks(tmp_path), [0, 1, 2, 3, 4], jobs=2, weight=lambda i: -i)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0", "1"]


@pytest.mark.parametrize(("jobs", "items"), [(1, [1, 2, 3]), (4, [7])])
def test_one_worker_renders_in_this_process(jobs: int, items: list[int]) -> None:
    out = batch.render_all(_pid_and_item, items, jobs=jobs)
    assert out == [(os.getpid(), i * 10) for i in items]


def _fails_on_odd(item: int) -> int:
    if item % 2:
        raise UsageError(f"document {item} cannot be rendered")
    return item


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_first_failing_document_is_the_error_as_in_a_serial_build(jobs: int) -> None:
    # the heaviest (item 5) fails first in time; item 1 comes first in the order asked for
    with pytest.raises(UsageError, match="document 1 cannot be rendered"):
        batch.render_all(_fails_on_odd, [2, 1, 4, 5], jobs=jobs, weight=lambda i: i)


def test_cpu_count_is_at_least_one() -> None:
    assert batch.cpu_count() >= 1


def test_the_fda_document_weighs_more_than_a_small_one() -> None:
    small = make_document()
    big = large_document(matrix_rows=30, table_rows=400)
    assert print_weight(big) > print_weight(small) > 0


def test_the_memory_budget_is_the_limit_less_this_process_and_grows_with_the_rows() -> None:
    small = make_document()
    big = large_document(matrix_rows=30, table_rows=400)
    assert print_memory(big) - print_memory(small) > 400 * 150 * 2**10  # at least 150 KB a row
    budget = print_budget()
    assert 0 < PRINT_MEMORY_LIMIT - budget.total <= batch.own_memory()
    assert budget.size(big) == print_memory(big)


def test_pdfs_from_workers_are_byte_identical_to_serial_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        pytest.skip(f"WeasyPrint cannot run (apt-get install libpango-1.0-0): {e}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = make_document()
    second = replace(first, header=replace(first.header, id="iec-81001-5-1", revision=7))
    docs = [first, second]
    parallel = batch.render_all(render_pdf, docs, jobs=2, weight=print_weight)
    assert parallel == [render_pdf(d) for d in docs]
    assert parallel[0] != parallel[1] and all(p.startswith(b"%PDF-") for p in parallel)


def test_workers_in_flight_stay_within_the_memory_budget() -> None:
    _forks()
    sizes = {0: 90, 1: 60, 2: 30, 3: 20, 4: 10}  # item -> bytes its worker takes
    budget = batch.Budget(100, lambda i: sizes[i])
    out = batch.render_all(_timed, list(sizes), jobs=2, weight=lambda i: sizes[i], memory=budget)
    for i, (_, start, _) in enumerate(out):
        in_flight = [j for j, (_, s, e) in enumerate(out) if s <= start < e]
        assert sum(sizes[j] for j in in_flight) <= 100 or in_flight == [i]
    # the heaviest (90) ran beside the one that fits (10) only, never beside 60, 30 or 20
    start_0, end_0 = out[0][1], out[0][2]
    beside_0 = {j for j, (_, s, e) in enumerate(out) if j and s < end_0 and e > start_0}
    assert beside_0 <= {4}


def test_an_item_larger_than_the_budget_still_runs_alone() -> None:
    _forks()
    out = batch.render_all(_pid_and_item, [1, 2], jobs=2, memory=batch.Budget(5, lambda i: 50))
    assert [value for _, value in out] == [10, 20]


def test_own_memory_is_this_process_size() -> None:
    assert 10 * 2**20 < batch.own_memory() < 64 * 2**30


# --- the process standing by ------------------------------------------------------------------

_READY: list[int] = []  # set by _get_ready in the process that ran it


def _get_ready() -> None:
    _READY.append(os.getpid())


def _where_and_ready(extra: int) -> tuple[int, list[int], int]:
    return os.getpid(), list(_READY), extra


def _fails_to_get_ready() -> None:
    raise UsageError("pango is missing")


def _dies_getting_ready() -> None:
    os._exit(5)


def _lays_out_in_workers(items: list[int]) -> list[tuple[int, int]]:
    return batch.render_all(_pid_and_item, items, jobs=2)


def test_the_standby_makes_the_call_in_its_own_process_after_getting_ready() -> None:
    _forks()
    with batch.Standby(_get_ready) as standby:
        pid, ready, extra = standby.call(_where_and_ready, 7)
    assert pid != os.getpid() and ready == [pid] and extra == 7
    assert _READY == []  # this process did not get ready itself


def test_the_standby_forks_the_workers_of_its_call() -> None:
    _forks()
    with batch.Standby(_get_ready) as standby:
        out = standby.call(_lays_out_in_workers, [1, 2, 3])
    assert [value for _, value in out] == [10, 20, 30]
    assert os.getpid() not in {pid for pid, _ in out}


def test_a_standby_that_failed_to_get_ready_raises_its_error_on_the_call() -> None:
    _forks()
    with batch.Standby(_fails_to_get_ready) as standby, pytest.raises(UsageError, match="pango"):
        standby.call(_where_and_ready, 1)


def test_the_call_s_exception_is_raised_here() -> None:
    _forks()
    with batch.Standby(_get_ready) as standby, pytest.raises(UsageError, match="pango"):
        standby.call(_fails_to_get_ready)


def test_a_standby_that_died_is_an_error_saying_so() -> None:
    _forks()
    lost = pytest.raises(batch.WorkerLost, match=r"standing by .* \(exit code 5")
    with batch.Standby(_dies_getting_ready) as standby, lost:
        standby.call(_where_and_ready, 1)


def test_a_standby_never_called_is_ended_on_close() -> None:
    _forks()
    standby = batch.Standby(_get_ready)
    process = standby._proc
    assert process is not None
    standby.close()
    assert not process.is_alive() and process.exitcode is not None
    standby.close()  # twice: nothing more to do


def test_without_fork_the_call_is_made_here_after_getting_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "_forkable", lambda: False)
    _READY.clear()
    with batch.Standby(_get_ready) as standby:
        pid, ready, _ = standby.call(_where_and_ready, 0)
    assert pid == os.getpid() and ready == [os.getpid()]
    _READY.clear()
