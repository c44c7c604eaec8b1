"""Render several documents at once, each in a worker process: ``docs build --all`` in PDF.

WeasyPrint lays out one document on one core (the example's nine PDFs take about 16 s of CPU,
the FDA document alone 5.5 s); the documents are independent, so ``--all`` lays them out in
parallel worker processes, the heaviest first (longest processing time first: the last ones to
start are the shortest, so the workers finish together), and hands the results back in the
order asked for. Each result is the renderer's own output, so the files are byte-identical to
a serial build.

Every document gets a worker of its own, forked from this process when a slot is free, which
ends when it has sent its result back. The documents and the loaded libraries are shared with
it (nothing is pickled on the way in), and the memory of a layout goes back to the system when
it is done instead of staying with a long-lived worker for the next document. With a memory
``Budget`` a document starts only while the workers in flight stay within it: WeasyPrint holds
every page until the PDF is written, and on the 1,000-element model the FDA document's layout
alone takes 700 MB; beside another large one the process tree summed 1.11 GB. It is now laid
out beside small documents only (0.87 GB, 42 s on 2 cores). Where fork is not available, or
one worker would do, the documents are rendered here one after the other.

An error in a worker is raised here as it would have been in a serial build: the first failing
document's, in the order asked for (documents after it are not started once it has failed).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What a worker sends back: (True, result) or (False, the exception it raised).
_Outcome = tuple[bool, object]


class WorkerLost(RuntimeError):
    """A worker process ended without sending its document back (killed, out of memory)."""


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _forkable() -> bool:
    """Whether workers can be forked (POSIX; not macOS/Windows, whose default is spawn)."""
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


def _work(render: Callable[[T], R], item: T, conn: Connection) -> None:
    """In a worker: render ``item`` and send the result (or the exception) through ``conn``."""
    try:
        outcome: _Outcome = (True, render(item))
    except Exception as e:  # handed to the parent, which raises it
        outcome = (False, e)
    try:
        conn.send(outcome)
    except Exception as e:  # an exception that cannot be pickled
        conn.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({e})")))
    conn.close()


def _receive(conn: Connection, proc: BaseProcess, index: int, what: str = "") -> _Outcome:
    """The outcome a finished worker sent; a lost worker is an error naming the document (or
    ``what`` it was)."""
    try:
        outcome: _Outcome = conn.recv()
    except (EOFError, OSError):  # closed, or reset (the peer died with data unread)
        proc.join()
        outcome = (
            False,
            WorkerLost(
                f"{what or f'the worker laying out document {index + 1}'} ended without a "
                f"result (exit code {proc.exitcode}; out of memory? try --jobs 1)"
            ),
        )
    conn.close()
    proc.join()
    return outcome


def own_memory() -> int:
    """The resident memory of this process now (bytes; its peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Budget:
    """How much memory the workers in flight may take together, and what each one will take.

    ``size(item)`` is the peak memory (bytes) of the worker rendering ``item``; a worker starts
    only while those of the workers in flight, its own added, stay within ``total`` (the first
    always starts, however large). The heaviest item then waits for small ones, never for
    nothing: the next in the queue that fits is started.
    """

    total: int
    size: Callable[[Any], int]


def render_all(
    render: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    weight: Callable[[T], int] | None = None,
    memory: Budget | None = None,
) -> list[R]:
    """``[render(i) for i in items]``, in up to ``jobs`` worker processes, heaviest first, and
    (with ``memory``) no more of them at once than the memory budget holds."""
    workers = min(jobs, len(items))
    if workers <= 1 or not _forkable():
        return [render(item) for item in items]
    order = sorted(range(len(items)), key=lambda i: -weight(items[i]) if weight else 0)
    sizes = [memory.size(item) if memory else 0 for item in items]
    limit = memory.total if memory else None
    # The workers' garbage collector would otherwise walk (and so write to, copying them) every
    # object inherited from this process: frozen, they stay shared pages. The 1,000-element
    # model's --all on 2 cores: 1.16 GB summed over the process tree (PSS) without, 1.09 GB with.
    gc.freeze()
    try:
        outcomes = _run(render, items, _Queue(order, sizes, limit), workers)
    finally:
        gc.unfreeze()
    for i in range(len(items)):
        ok, value = outcomes[i]
        if not ok:
            raise value  # type: ignore[misc]  # the worker's exception
    return [outcomes[i][1] for i in range(len(items))]  # type: ignore[misc]


class _Queue:
    """The items still to start, heaviest first, and the memory of those in flight."""

    def __init__(self, order: list[int], sizes: list[int], limit: int | None) -> None:
        """Items in ``order``, each worker taking ``sizes[i]``, together at most ``limit``."""
        self.todo, self.sizes, self.limit = list(order), sizes, limit
        self.taken = 0

    def next(self, running: int) -> int | None:
        """The next item to start (the first in order that fits), or None to wait."""
        for i in self.todo:
            fits = self.limit is None or self.taken + self.sizes[i] <= self.limit
            if fits or running == 0:
                self.todo.remove(i)
                self.taken += self.sizes[i]
                return i
        return None

    def done(self, index: int, ok: bool) -> None:
        """``index`` has finished: its memory is free; after a failure, later items are dropped
        (their errors would not be the first in order)."""
        self.taken -= self.sizes[index]
        if not ok:
            self.todo = [i for i in self.todo if i < index]


def _start(render: Callable[[T], R], item: T) -> tuple[Connection, BaseProcess]:
    """A worker forked to render ``item``, and the end of the pipe its outcome comes through."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    proc = context.Process(target=_work, args=(render, item, writer), daemon=True)
    proc.start()
    writer.close()  # the worker's end: closed here, so that its death reads as end of file
    return reader, proc


def _run(
    render: Callable[[T], R], items: Sequence[T], queue: _Queue, workers: int
) -> dict[int, _Outcome]:
    """Each item's outcome, from a worker of its own, at most ``workers`` at a time."""
    running: dict[Connection, tuple[int, BaseProcess]] = {}
    outcomes: dict[int, _Outcome] = {}
    try:
        while queue.todo or running:
            while len(running) < workers and (index := queue.next(len(running))) is not None:
                reader, proc = _start(render, items[index])
                running[reader] = (index, proc)
            for ready in wait(list(running)):
                conn: Connection = ready  # type: ignore[assignment]  # wait() returns what it got
                index, proc = running.pop(conn)
                outcomes[index] = _receive(conn, proc, index)
                queue.done(index, outcomes[index][0])
    finally:
        for conn, (_, proc) in running.items():  # only on an interruption (^C)
            proc.terminate()
            proc.join()
            conn.close()
    return outcomes


class Standby:
    """A process forked at the start of a command that gets ready (``prepare``: loading the
    layout library, 0.4 s) on the other core while this one reads the project, then makes one
    call for it (:meth:`call`: the layouts, whose workers it forks itself, sharing what it
    loaded). Without it the library is loaded after the project, on the way to every layout.

    Where fork is not available, or the call is never made, nothing is lost: :meth:`call`
    makes it here, and :meth:`close` ends a standby process that was not needed.
    """

    def __init__(self, prepare: Callable[[], None]) -> None:
        """Fork the standby process (where fork is available); it runs ``prepare`` at once."""
        self._prepare = prepare
        self._conn: Connection | None = None
        self._proc: BaseProcess | None = None
        if _forkable():
            context = multiprocessing.get_context("fork")
            self._conn, child = context.Pipe()
            # not a daemon: a daemon may not fork the workers
            self._proc = context.Process(target=_stand_by, args=(prepare, child), daemon=False)
            self._proc.start()
            child.close()

    def call(self, function: Callable[..., R], *args: Any) -> R:
        """``function(*args)`` in the standby process (once; after ``prepare``), its result or
        its exception here; made in this process, after ``prepare``, where none was forked."""
        if self._conn is None or self._proc is None:
            self._prepare()
            return function(*args)
        conn, proc = self._conn, self._proc
        self._conn = self._proc = None  # one call: the process ends after it
        with contextlib.suppress(OSError):  # it ended getting ready (pipe broken, reset)...
            conn.send((function, args))  # ...and _receive says how
        ok, value = _receive(conn, proc, 0, what="the process standing by for the layouts")
        if not ok:
            raise value  # type: ignore[misc]  # the standby's exception
        return value  # type: ignore[return-value]  # function's result

    def close(self) -> None:
        """End the standby process if no call was made (it was getting ready for nothing)."""
        if self._conn is not None and self._proc is not None:
            self._proc.terminate()
            self._conn.close()
            self._proc.join()
            self._conn = self._proc = None

    def __enter__(self) -> Standby:
        """The standby itself; :meth:`close` on the way out."""
        return self

    def __exit__(self, *exc: object) -> None:
        """:meth:`close`."""
        self.close()


def _stand_by(prepare: Callable[[], None], conn: Connection) -> None:
    """In the standby process: ``prepare``, then the one call asked for (or none: the end of
    the pipe), its outcome sent back; a failed ``prepare`` is the call's outcome."""
    try:
        prepare()
        failed: Exception | None = None
    except Exception as e:  # e.g. pango missing: the error of the call, if one is made
        failed = e
    try:
        function, args = conn.recv()
    except EOFError:
        return
    if failed is not None:
        conn.send((False, failed))
        conn.close()
        return
    _work(lambda a: function(*a), args, conn)
