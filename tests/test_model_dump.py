"""to_data() writes out exactly what a map file holds, also for large maps."""

from __future__ import annotations

import argmap
from argmap.store.yamlio import parse
from benchmarks.synth import synthetic_yaml


def test_to_data_of_a_loaded_map_is_the_file_data() -> None:
    text = synthetic_yaml(400)
    assert argmap.loads(text).to_data() == parse(text).data


def test_to_data_leaves_out_defaults_but_keeps_lists_filled_after_loading() -> None:
    m = argmap.loads("argmap: 1\nid: m\nclaim: C\n")
    node = m.add("m", "An objection", kind="objection")
    assert m.to_data()["objections"] == [{"text": "An objection"}]
    assert node.to_data() == {"text": "An objection"}
