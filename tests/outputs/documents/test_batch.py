"""Documents rendered in worker processes: the order asked for, the same bytes as a serial
build, the first failing document's error, and one process when one worker would do."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from tests.outputs.documents.hand_built import large_document, make_document

from medsec.domain.errors import UsageError
from medsec.outputs.documents import batch
from medsec.outputs.documents.pdf import print_weight, render_pdf


def _pid_and_item(item: int) -> tuple[int, int]:
    return os.getpid(), item * 10


def test_results_come_back_in_the_order_asked_for_from_worker_processes() -> None:
    if not batch._forkable():
        pytest.skip("no fork on this system: render_all renders in this process")
    out = batch.render_all(_pid_and_item, [1, 2, 3, 4, 5], jobs=2, weight=lambda i: i % 3)
    assert [value for _, value in out] == [10, 20, 30, 40, 50]
    pids = {pid for pid, _ in out}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


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
