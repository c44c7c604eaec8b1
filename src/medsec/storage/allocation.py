"""Allocation-heavy phases run with Python's cyclic garbage collector paused.

An import or a scan creates millions of short-lived, acyclic objects (parsed records, rows,
decoded advisories); reference counting frees them, but their sheer number keeps triggering
full collections that walk every live object. Pausing the collector for the phase saves about
a quarter of an import's time. It is switched back on afterwards (if it was on).

What the phase leaves alive (a scan's findings, the parsed-version caches: some 360,000
objects after a 10,000-component scan) would otherwise all sit in the youngest generation, and
the first allocation after the pause would walk them in a collection that cost 0.15-0.3 s of
CPU there (measured: about a sixth of the whole match path), only to promote them. They are
moved straight to the oldest generation instead (``gc.freeze()`` then ``gc.unfreeze()``: two
list splices), which is where that collection would have sent them; a cycle made meanwhile is
collected by the next full collection rather than the next young one. Skipped when something
else keeps objects frozen (a forking server), whose frozen set must not be thawed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block; restore its previous state after,
    with what the block left alive promoted to the oldest generation."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
