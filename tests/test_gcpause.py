"""The collector is paused while loading, and a large loaded map is not walked by young collections."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import argmap
from argmap.gcpause import PROMOTE_ABOVE, gc_paused
from benchmarks.synth import synthetic_yaml

BIG = synthetic_yaml(3000, seed=2, shape="wide")


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_block_restores_the_collector(collector_on: None) -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()  # left off when it was off
    gc.enable()


def test_a_large_map_starts_old(collector_on: None) -> None:
    gc.collect()
    m = argmap.loads(BIG)
    assert len(list(m.nodes())) >= 3000
    # The map's objects went to the oldest generation instead of waiting in the youngest.
    assert gc.get_count()[0] < PROMOTE_ABOVE
    assert any(obj is m for obj in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0


def test_a_program_that_froze_objects_keeps_them_frozen(collector_on: None) -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        m = argmap.loads(BIG)
        # Thawing would empty the permanent generation; frozen objects that die meanwhile (a
        # test worker's other thread frees some) only lower its count by a few.
        assert gc.get_freeze_count() > frozen // 2
        assert not any(obj is m for obj in gc.get_objects(generation=2))
    finally:
        gc.unfreeze()


def test_a_small_map_leaves_the_collector_alone(collector_on: None) -> None:
    gc.collect()
    m = argmap.loads(synthetic_yaml(20, seed=2))
    assert not any(obj is m for obj in gc.get_objects(generation=2))


def test_a_program_that_turned_the_collector_off_keeps_its_generations(collector_on: None) -> None:
    gc.collect()
    gc.disable()
    try:
        m = argmap.loads(BIG)
        assert not any(obj is m for obj in gc.get_objects(generation=2))
    finally:
        gc.enable()


def test_a_map_that_does_not_load_is_not_promoted(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import gcpause

    calls: list[int] = []
    monkeypatch.setattr(gcpause.Paused, "promote_young", lambda self: calls.append(1))
    with pytest.raises(argmap.MapError):
        argmap.loads(BIG.replace("argmap: 1", "argmap: 1\nweight: 7", 1))
    assert calls == []
    argmap.loads(BIG)
    assert calls == [1]
