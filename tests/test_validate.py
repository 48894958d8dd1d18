"""Every validation rule, each with a fixture, asserting the exact FILE:LINE:COL reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap import MapError

from .conftest import FIXTURES

INVALID = FIXTURES / "invalid"

# fixture -> every problem it must produce, in order, as "LINE:COL: message" (message may be a prefix).
EXPECTED = {
    "yaml_syntax.yaml": [
        "3:8: YAML syntax error: a quoted text is not closed: end it with the quote it starts with (YAML: found unexpected end of stream (while scanning a quoted scalar))"
    ],
    "top_level_list.yaml": ["1:1: a map must be a YAML mapping (keys such as argmap, id and claim), not a list"],
    "empty.yaml": ["1:1: the file is empty: a map needs at least 'argmap: 1', 'id' and 'claim'"],
    "missing_keys.yaml": [  # a missing version does not hide the other problems
        "1:1: missing required key 'argmap' (the format version: add 'argmap: 1' at the top)",
        "1:1: missing required key 'id' in this map (a slug such as 'scaling-is-over')",
        "1:1: missing required key 'claim' in this map (the central claim)",
    ],
    "missing_claim_and_text.yaml": [
        "1:1: missing required key 'id' in this map (a slug such as 'scaling-is-over')",
        "1:1: missing required key 'claim' in this map (the central claim)",
        "3:5: missing required key 'text' in this node",
    ],
    "missing_nested.yaml": [
        "5:14: missing required key 'title' in this source",
        "6:7: missing required key 'source' in this cite",
    ],
    "empty_values.yaml": ["3:8: 'claim' must not be empty", "5:11: 'text' must not be empty"],
    "unknown_keys.yaml": [
        "2:1: unknown key 'premsies' (did you mean 'premises'?)",
        "7:5: unknown key 'wieght' (did you mean 'weight'?)",
        "8:5: unknown key 'claim' (a node's statement is written as 'text')",
    ],
    "wrong_types.yaml": [
        "4:7: 'tags' must be a list",
        "6:11: 'text' must be text, not a number (42) (put it in quotes)",
        "7:13: 'weight' must be a number between 0 and 1, not text",
        "8:11: 'cite' must be a mapping such as {source: KEY, at: LOCATOR, quote: TEXT}, not text",
        "10:5: each entry of 'objections' must be a mapping with at least a 'text' key, not text",
    ],
    "rebuttals_outside_objection.yaml": [
        "4:1: 'rebuttals' can only sit under an objection (a rebuttal answers an objection); "
        "under the central claim use 'objections'",
        "8:5: 'rebuttals' can only sit under an objection (a rebuttal answers an objection); "
        "under a premise use 'objections'",
        "14:5: 'objections' cannot sit under an objection: answers to an objection go in 'rebuttals'",
    ],
    "duplicate_ids.yaml": [
        "9:9: duplicate id 'same' (already used on line 6)",
        "11:9: id 'dup-ids' is the map's id, which names the central claim; choose another",
    ],
    "bad_links.yaml": [
        "9:15: 'attacks' names unknown id 'premise-too' (did you mean 'premise-two'?)",
        "10:16: a node cannot support itself",
        "13:20: cites unknown source 'intervew' (did you mean 'interview'?)",
        "16:18: cites unknown source 'book'",
    ],
    "bad_ids.yaml": [
        "2:5: id 'Not A Slug' is not a valid id: use lowercase letters, digits and '-' (for example 'not-a-slug')",
        "6:9: id '-leading' is not a valid id",
    ],
    "weight_status.yaml": [
        "6:13: 'weight' must be between 0 and 1, not 1.5",
        "8:13: 'weight' must be between 0 and 1, not -0.1",
        "9:13: unknown status 'maybe' (expected proposed, rejected or accepted",
    ],
    "duplicate_key.yaml": ["6:5: duplicate key 'text' (first defined on line 5)"],
    "version.yaml": ["1:9: argmap format version 2 is not supported by this release (it reads version 1)"],
    # One message for the value: not also what validation makes of the list kept in its place.
    "python_tag.yaml": ["3:8: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a map"],
    "alias_bomb.yaml": ["10:14: aliases expand this document past 2,000,000 values: is it an alias bomb?"],
    "recursive_alias.yaml": ["6:15: an alias refers to a node that contains it (a recursive alias)"],
}


def test_every_invalid_fixture_has_expectations() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exact_places(name: str) -> None:
    path = INVALID / name
    with pytest.raises(MapError) as caught:
        argmap.load(path)
    got = [str(p) for p in caught.value.problems]
    want = [f"{path}:{line}" for line in EXPECTED[name]]
    assert len(got) == len(want), "\n".join(got)
    for actual, expected in zip(got, want):
        assert actual.startswith(expected), f"{actual!r} does not start with {expected!r}"


def test_problems_are_one_line_each_and_carry_positions() -> None:
    with pytest.raises(MapError) as caught:
        argmap.load(INVALID / "wrong_types.yaml")
    for problem in caught.value.problems:
        assert "\n" not in str(problem)
        assert problem.line is not None and problem.col is not None
        assert problem.file.endswith("wrong_types.yaml")


def test_loads_names_string_input() -> None:
    with pytest.raises(MapError) as caught:
        argmap.loads("argmap: 1\nid: x\n")
    assert str(caught.value.problems[0]).startswith("<string>:1:1: missing required key 'claim'")


def test_non_utf8_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"argmap: 1\nid: x\nclaim: caf\xe9\n")
    with pytest.raises(MapError) as caught:
        argmap.load(path)
    assert str(caught.value.problems[0]) == f"{path}:3:11: file is not valid UTF-8 text"


def test_missing_file_is_a_map_error(tmp_path: Path) -> None:
    with pytest.raises(MapError, match="no such file"):
        argmap.load(tmp_path / "nope.yaml")


def test_very_deep_nesting_fails_cleanly() -> None:
    depth = 400
    lines = ["argmap: 1", "id: deep", "claim: Deep."]
    indent = ""
    for level in range(depth):
        lines.append(f"{indent}premises:")
        lines.append(f"{indent}  - text: level {level}")
        indent += "    "
    with pytest.raises(MapError) as caught:
        argmap.loads("\n".join(lines) + "\n")
    assert "nested more than 200 levels deep" in str(caught.value)


def test_deep_but_allowed_nesting_loads() -> None:
    lines = ["argmap: 1", "id: deep", "claim: Deep."]
    indent = ""
    for level in range(150):
        lines.append(f"{indent}premises:")
        lines.append(f"{indent}  - text: level {level}")
        indent += "    "
    argmap_ = argmap.loads("\n".join(lines) + "\n")
    assert max(entry.depth for entry in argmap_.walk()) == 150


def test_deep_flow_nesting_fails_cleanly() -> None:
    text = "argmap: 1\nid: x\nclaim: y\nnote: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(MapError):
        argmap.loads(text)


def test_every_problem_in_a_file_is_reported() -> None:
    text = (
        "argmap: 1\n"
        "id: many\n"
        "claim: Many problems.\n"
        "premises:\n"
        "  - text: ok\n"
        "    weight: 2\n"
        "  - texx: typo\n"
        "  - text: fine\n"
        "    attacks: [ghost]\n"
    )
    with pytest.raises(MapError) as caught:
        argmap.loads(text, "many.yaml")
    got = [str(p) for p in caught.value.problems]
    assert got[0].startswith("many.yaml:6:13: 'weight' must be between 0 and 1")
    assert any(line.startswith("many.yaml:7:5: missing required key 'text'") for line in got)
    assert any(line.startswith("many.yaml:7:5: unknown key 'texx' (did you mean 'text'?)") for line in got)
    assert got[-1].startswith("many.yaml:9:15: 'attacks' names unknown id 'ghost'")


def test_cross_links_may_name_derived_ids() -> None:
    text = (
        "argmap: 1\nid: derived\nclaim: C.\n"
        "premises:\n  - text: Data is finite.\n"
        "objections:\n  - text: Synthetic data helps.\n    attacks: [data-is-finite]\n"
    )
    loaded = argmap.loads(text)
    assert ("synthetic-data-helps", "attacks", "data-is-finite") in list(loaded.cross_links())
