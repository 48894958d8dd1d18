"""Bugs the fuzzers found, one test each, so they stay fixed."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import argmap
from argmap import MapError
from argmap.store import fast as fastyaml
from argmap.store.wholefile import round_trip_yaml
from argmap.store.yamlio import dump_data, parse, patch_text

HEAD = "argmap: 1\nid: fuzz\nclaim: Fuzz.\n"


def only_problem(text: str) -> str:
    with pytest.raises(MapError) as info:
        argmap.loads(text, "m.yaml")
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_undefined_alias_is_a_located_error() -> None:
    # Was KeyError from the full reader (libyaml's parser leaves aliases unchecked).
    assert only_problem(HEAD + "a: &a [x]\nb: [*a, *f]\n") == (
        "m.yaml:5:9: alias *f refers to no anchor (&f) defined before it"
    )


def test_date_that_is_no_date_is_a_located_error() -> None:
    # Was ValueError (month must be in 1..12) from the timestamp constructor.
    assert only_problem(HEAD + "note: 2025-13-01\n") == (
        "m.yaml:4:7: cannot read value '2025-13-01': month must be in 1..12"
    )


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_located_errors(char: str) -> None:
    # The fast reader used to accept them, and saving then failed in ruamel.yaml.
    assert only_problem(HEAD + f"note: a{char}b\n") == (
        f"m.yaml:4:8: character U+{ord(char):04X} is not allowed in YAML (write it as an escape in double "
        "quotes if it is meant)"
    )


def test_escaped_control_characters_are_text() -> None:
    assert argmap.loads(HEAD + 'note: "a\\x01\\eb"\n').note == "a\x01\x1bb"


def test_lone_surrogate_in_a_string_is_a_map_error() -> None:
    # Only a program can pass one (files are decoded strictly); was UnicodeEncodeError.
    assert only_problem(HEAD + "note: a\ud800b\n") == (
        "m.yaml:4:8: the text holds a lone surrogate, which is not a character"
    )


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_fast_reader_leaves_line_separators_to_the_full_reader(char: str) -> None:
    # NEL/LS/PS break lines for libyaml but not for the fast reader: the two disagreed.
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.parse(HEAD + f"note: a{char}b\n")


@pytest.mark.parametrize(
    "text",
    [
        "?0",
        ":x",
        "?",
        "? a",
        "-",
        "- a",
        "#x",
        "&a",
        "*a",
        "!x",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "'q",
        '"q',
        "[a",
        "{a",
        ",",
        "1:?16.",
        "a:[b",
        "x:,",
        "a:{b}",
        "a\x85b",
        "a\u2028b",
        "a\x00b",
        "\x1b[31mred",
        "\tx\ny",
        "x\n\ty",
        " x\ny",
        "line\nnext\n",
    ],
)
def test_fresh_documents_read_back_everywhere_a_string_can_go(text: str) -> None:
    # ruamel.yaml wrote "?0" and "1:?16." plain inside flow mappings, and NEL raw inside quotes;
    # libyaml read them back wrong or not at all.
    data = {
        "argmap": 1,
        "id": "x",
        "claim": text,
        "tags": [text, "b"],
        "sources": {"k": {"title": text}},
        "premises": [
            {
                "text": text,
                "tags": [text],
                "cite": {"source": "k", "quote": text},
                "proposal": {"model": text, "created": "2026-01-01"},
            }
        ],
    }
    written = dump_data(data)
    assert argmap.loads(written).to_data() == data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        round_trip_yaml(written).load(written)  # and the round-trip writer can read it too


def test_unchanged_file_with_its_own_key_order_saves_byte_for_byte(tmp_path: Path) -> None:
    # Key order unlike the model's made save() re-emit the file, turning "\x00" into "\0".
    text = HEAD + 'sources:\n  s:\n    url: https://example.org\n    title: "A\\x00title"\n'
    path = tmp_path / "m.yaml"
    path.write_text(text)
    argmap.save(argmap.load(path))
    assert path.read_text() == text


@pytest.mark.parametrize("number", ["8.137135561125225e-122", "1e-5", "0.30000000000000004", ".5", "1E3"])
def test_untouched_numbers_keep_their_value_when_a_file_is_patched(number: str) -> None:
    # ruamel.yaml rewrote 8.137135561125225e-122 as 8.137135561125224e-122.
    text = f"a: {number}\nb: 1\n"
    old = parse(text).data
    patched = patch_text(text, old, {**old, "b": 2})
    assert parse(patched).data == {"a": old["a"], "b": 2}
