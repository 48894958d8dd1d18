"""One style of YAML, whichever way it is written: a fresh document, or a part patched into a file.

The fresh-document writer (argmap.store.writer) and ruamel.yaml, which writes the parts that
patching adds to an existing file, are given the same style choices (writer.string_style);
these tests hold them to writing the same text, and that text to reading back as the data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import argmap
from argmap.store import fast, writer
from argmap.store.data import same
from argmap.store.full import parse_full
from argmap.store.wholefile import emit, round_trip_yaml, to_yaml_value

MAPS = sorted((Path(__file__).resolve().parent.parent / "maps").glob("*.yaml"))

TRICKY = [
    "~x",
    "=x",
    "<x",
    "~",
    "=",
    "<",
    "<<",
    "~/notes",
    "=> then",
    "<= 3",
    ">x",
    "%x",
    "@x",
    "`x",
    "!x",
    "&x",
    "*x",
    "|x",
    "?x",
    ":x",
    "-x",
    "- x",
    "#x",
    "x #y",
    "x: y",
    "x:",
    "a:b",
    "a:?b",
    "a:,b",
    "[x",
    "{x",
    "x]",
    "x,y",
    "null",
    "Null",
    "NULL",
    "true",
    "False",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "1:20",
    "21:16:05",
    "0x1F",
    "0o17",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "+1",
    "-.5",
    "1.",
    ".5",
    "007",
    "2020-01-01",
    "2020-01-01T10:00:00",
    "003_6b937732a0226cbd.txt",
    "---",
    "...",
    "--- x",
    "x\ty",
    "\tx",
    " x",
    "x ",
    "a'b",
    "'a",
    '"a',
    'a"b',
    "a\\b",
    "a\nb",
    "a\n",
    "a\n\n",
    "a\n\nb",
    "a\n\tb",
    " a\nb",
    "a\r\nb",
    "\u2028",
    "x\u2029y",
    "\x85x",
    "a\x07b\x00c\x1b",
    "\ufeffx",
    "nb\xa0sp",
    "é",
    "日本語",
    "emoji \U0001f600",
    "it's: here",
    "",
]


def ruamel_writes(data: dict[str, Any]) -> str:
    """The text ruamel.yaml writes for ``data`` given the writer's style choices."""
    document = to_yaml_value(data)
    document.fa.set_block_style()
    return str(emit(round_trip_yaml(), document))


@pytest.mark.parametrize("path", MAPS, ids=[p.name for p in MAPS])
def test_the_writer_and_ruamel_write_each_example_map_alike(path: Path) -> None:
    data = argmap.load(path).to_data()
    assert writer.dump(data) == ruamel_writes(data)


@pytest.mark.parametrize("text", TRICKY)
def test_the_writer_and_ruamel_quote_each_tricky_string_alike(text: str) -> None:
    data = {"claim": text, "tags": [text, "k"], "cite": {"quote": text}, "note": [text] * 12}
    written = writer.dump(data)
    assert written == ruamel_writes(data)
    # Both readers read back exactly what was written, as do YAML 1.1 tools.
    assert same(parse_full(written).data, data), written
    assert yaml.load(written, Loader=yaml.CSafeLoader) == data, written
    try:
        assert same(fast.parse(written), data), written
    except fast.Unsupported:
        pass  # left to the full reader, which agrees


@pytest.mark.parametrize("text", ["~x", "=x", "<x", "<<", "~"])
def test_a_claim_with_a_yaml_significant_start_is_quoted_the_same_on_both_save_paths(text: str) -> None:
    made = argmap.ArgumentMap(argmap=1, id="m", claim=text)
    fresh = argmap.dumps(made)
    assert f"claim: '{text}'\n" in fresh
    assert argmap.loads(fresh).claim == text

    loaded = argmap.loads("argmap: 1\nid: m\nclaim: Before.  # the claim\n")
    loaded.claim = text
    patched = argmap.dumps(loaded)
    assert f"claim: '{text}'  # the claim\n" in patched
    assert argmap.loads(patched).claim == text


def test_dates_and_timestamps_are_written_as_yaml_reads_them() -> None:
    data = {"date": dt.date(2020, 1, 2), "at": dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)}
    written = writer.dump(data)
    assert written == ruamel_writes(data) == "date: 2020-01-02\nat: 2020-01-02 03:04:05+00:00\n"
    assert same(parse_full(written).data, data)
