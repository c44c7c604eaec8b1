"""gc_paused: the collector is off inside, back on after, and what the block left alive is in
the oldest generation (no young collection has to walk it)."""

from __future__ import annotations

import gc

from medsec.storage.allocation import gc_paused


def test_paused_inside_restored_after_survivors_promoted() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(5_000)]  # tracked containers made during the pause
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(item) in young for item in kept)
    assert gc.get_freeze_count() == 0  # nothing left frozen
    assert kept[4_999] == [4_999]


def test_nested_pause_keeps_collector_off_until_the_outer_one_ends() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_leaves_someone_elses_frozen_objects_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            _ = [[n] for n in range(100)]
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_collector_state_restored_when_it_was_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
