"""The fast reader must agree with the full YAML parser on every document it accepts.

Documents are generated in many styles (and then mangled line by line); whenever the
fast reader returns data instead of giving up, the full parser must read the same data,
with the same types, and no problems.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import MapError
from argmap.store import fast as fastyaml
from argmap.store.data import same
from argmap.store.full import parse_full
from benchmarks.synth import synthetic_yaml, to_yaml
from tests.conftest import examples


def full(text: str) -> Any:
    parsed = parse_full(text)
    assert not parsed.problems, parsed.problems
    return parsed.data


def agree(text: str) -> bool:
    """Assert the two parsers agree; return whether the fast one accepted the text."""
    try:
        fast = fastyaml.parse(text)
    except fastyaml.Unsupported:
        return False
    try:
        parsed = parse_full(text)
    except MapError as exc:  # pragma: no cover - a failure message
        pytest.fail(f"fast reader accepted invalid YAML {text!r}: {exc}")
    assert not parsed.problems, f"fast reader accepted {text!r} despite {parsed.problems}"
    assert same(fast, parsed.data), f"{text!r}: fast {fast!r} != full {parsed.data!r}"
    return True


# -- hand-picked cases ---------------------------------------------------------------------------

ACCEPTED = [
    "a: 1\n",
    "a: b\nc: d\n",
    "a:\n  b: 1\n  c: [x, y]\n",
    "a:\n- 1\n- two\n",
    "a:\n  - text: x\n    by: y\n  - text: z\n",
    "a: {source: s, at: \"21:16\", quote: 'it''s'}\n",
    "a: 21:16\n",
    "a: 2025-11-25\n",
    "a: -3\nb: 0.5\nc: true\nd: null\ne: ~\nf: False\n",
    'a: "esc \\" \\\\ \\n \\t \\u00e9"\n',
    "a: |\n  line one\n  line two\nb: 1\n",
    "a: >-\n  folded\n  text\n\n  para\nb: 1\n",
    "a: |+\n  keep\n\nb: 1\n",
    "# comment\n\na: 1 # trailing\n",
    "---\na: 1\n",
    "a: http://example.org/x#frag\n",
    "a:\n  -\n    b: 1\n",
    "a:\n",
    "a: []\nb: {}\n",
    "a: [1, [2, 3], {k: v}]\n",
    "a: yes\nb: no\nc: on\n",
    "a: 'quoted: colon'\n",
    "a: x-y\nb: -x\n",
    "a:\r\n  b: 1\r\n",
    "\ufeffa: 1\n",
]

REJECTED = [
    "a: b: c\n",  # invalid YAML
    "a: &x 1\nb: *x\n",  # anchors
    "a: !!str 1\n",  # tags
    "a: 1\na: 2\n",  # duplicate keys
    "a: multi\n  line\n",  # multi-line plain
    'a: "open\n  close"\n',  # multi-line quoted
    "? complex\n: key\n",
    "a: 0x1F\n",  # exotic int
    "a: 1e3\n",  # exotic float
    "a: 2025-11-25T10:00:00Z\n",  # timestamps with time
    "- a\n- b\n",  # top-level sequence
    "a:\n\tb: 1\n",  # tab
    "a: [x, \n  y]\n",  # multi-line flow
    "a: |2\n   x\n",  # indentation indicator
    "true: 1\n",  # non-string key
    "a: [a: b]\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_documents_match_the_full_parser(text: str) -> None:
    assert agree(text), f"expected the fast reader to accept {text!r}"


@pytest.mark.parametrize("text", REJECTED)
def test_unsupported_documents_are_left_to_the_full_parser(text: str) -> None:
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.parse(text)


def test_synthetic_maps_take_the_fast_path() -> None:
    for n in (1, 10, 300):
        assert agree(synthetic_yaml(n, seed=n))


# Quoted texts alone on their line take a shortcut past the quoted-scalar patterns; each of
# these must come out as the full parser reads it, or be left to it.
QUOTED_ON_THEIR_LINE = [
    "text: 'It''s over,' she said.'\n",  # a lone quote ends the scalar early: invalid YAML
    "text: 'It''s over.'\n",
    "text: ''''\n",
    "text: ''\n",
    '"text": ""\n',
    "text: 'a'' '\n",
    "text: 'a' # b'\n",  # a comment that ends in a quote
    "text: 'a'' # b'\n",  # no comment: '' keeps the scalar open
    'text: "He said \\"no\\" twice."\n',
    'text: "a" # b"\n',
    'text: "tab\\there \\u00e9 \\\\"\n',
    'text: "\\x41\\"\n',  # the last quote is escaped: the scalar never closes
    "text: '#not a comment'\n",
    'text: "key: value # and more"\n',
    "text: '\n",
    'text: "\n',
    "text: 'a' 'b'\n",
    "text: 'first line\n  second line'\n",  # multi-line single-quoted
    'text: "first line\n  second line"\n',  # multi-line double-quoted
    'text: "first \\\n  second"\n',  # an escaped line break
    "text: 'café ''crème'''\n",
    "items:\n  - text: 'x'\n    by: \"y\"\n  - 'z'\n",
]


@pytest.mark.parametrize("text", QUOTED_ON_THEIR_LINE)
def test_quoted_texts_on_their_line_agree(text: str) -> None:
    agree(text)


def test_quoted_texts_read_as_written() -> None:
    data = fastyaml.parse("a: 'It''s ''ok'''\nb: \"say \\\"hi\\\"\"\nc: ''\nd: \"\"\n")
    assert data == {"a": "It's 'ok'", "b": 'say "hi"', "c": "", "d": ""}
    for text in ("a: 'open\n  close'\n", 'a: "open\n  close"\n', "a: 'x' 'y'\n"):
        with pytest.raises(fastyaml.Unsupported):
            fastyaml.parse(text)


@pytest.mark.parametrize("shape", ["quoted", "commented", "deep", "wide", "short", "bare", "flat"])
def test_every_benchmark_shape_takes_the_fast_path(shape: str) -> None:
    assert agree(synthetic_yaml(120, seed=3, shape=shape))


def test_bound_on_string_length_covers_lines_and_blocks() -> None:
    block = "\n".join("  " + "word " * 10 for _ in range(30))
    data, longest = fastyaml.parse_bounded(f"a: short\nb: |\n{block}\nc: {'x' * 90}\n")
    assert longest >= len(data["b"]) > 90 and longest >= len(data["c"])
    assert longest >= max(len(s) for s in [*data, *data.values()])


def test_control_characters_leave_the_ascii_shortcut_for_the_full_check() -> None:
    for text in ("a: x\x01y\n", "a: x\x7fy\n", "a: x\ty\n", "a: 'x\ry'\n", "a: x\x85y\n"):
        with pytest.raises(fastyaml.Unsupported):
            fastyaml.parse(text)
    assert fastyaml.parse("a: 1\r\nb: x\r\n") == {"a": 1, "b": "x"}


def test_types_match_exactly() -> None:
    data = fastyaml.parse("a: 1\nb: 1.0\nc: 2025-01-02\nd: '1'\n")
    assert type(data["a"]) is int and type(data["b"]) is float and type(data["d"]) is str
    assert data["c"] == dt.date(2025, 1, 2)


NUMBER_LIKE_STRINGS = [
    "003_6b937732a0226cbd.txt",  # a source file named the way the seeds are
    "4.2.1",
    "21:16",
    "1:02:03",
    "2025-1-2",
    "1 000",
    "3 apples",
    "0b2",
    "0o8",
    "0xG",
    "1e",
    ".e3",
    "12e",
    "2025-01-02x",
    "1.0.0-rc1",
]


@pytest.mark.parametrize("value", NUMBER_LIKE_STRINGS)
def test_strings_that_start_like_numbers_take_the_fast_path(value: str) -> None:
    # Only what YAML 1.2 reads as a number or a date is left to the full reader.
    text = f"argmap: 1\nfile: {value}\n"
    assert agree(text), f"{value!r} was left to the full reader"
    assert fastyaml.parse(text)["file"] == value


def test_number_like_plain_scalars_agree_with_the_full_reader() -> None:
    # Plain scalars made of the characters numbers, dates and times are written with.
    import random

    rng = random.Random(7)
    alphabet = "0123456789_.:+-eExXoObBtTzZ"
    for _ in range(3000):
        value = rng.choice("0123456789+-.") + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        agree(f"a: {value}\n")


# -- generated documents ---------------------------------------------------------------------------

TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "true",
    "False",
    "NULL",
    "~",
    "null",
    "1",
    "-1",
    "+1",
    "01",
    "1.5",
    "1.",
    ".5",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    "21:16",
    "1:02:03",
    "2025-11-25",
    "2025-13-45",
    ".inf",
    "-.Inf",
    ".nan",
    "a: b",
    "a #b",
    "#a",
    "a#b",
    "-",
    "- a",
    "-a",
    "?",
    "? a",
    ":",
    "a:",
    "[a]",
    "{a}",
    "a, b",
    "'a'",
    '"a"',
    "it's",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "é café",
    "日本語",
    "emoji 🙂",
    "",
    " lead",
    "trail ",
    "|",
    ">",
    "*a",
    "&a",
    "!a",
    "%a",
    "@a",
    "`a",
    "a\nb",
    "a\n",
    "=",
    "<<",
]
keys = st.sampled_from(
    ["text", "id", "by", "tags", "cite", "source", "at", "quote", "premises", "a", "b_c", "x-y", "k.v", "Key"]
)
scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.sampled_from(list("ab :#-'\"[]{},&*!|>%@`?\\é\n")), max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
data_strategy = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)),
    max_leaves=25,
)
documents = st.dictionaries(keys, data_strategy, min_size=1, max_size=5)


def ruamel_dump(data: Any, mapping: int, sequence: int, offset: int, flow: bool) -> str:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.indent(mapping=mapping, sequence=max(sequence, offset + 2), offset=offset)
    y.default_flow_style = flow
    y.width = 4096
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def mangle(text: str, choices: list[int]) -> str:
    lines = text.split("\n")
    for i, choice in enumerate(choices):
        if not lines:
            break
        at = choice % len(lines)
        op = (choice // 7 + i) % 6
        if op == 0:
            lines.insert(at, "# a comment")
        elif op == 1:
            lines.insert(at, "")
        elif op == 2:
            lines[at] = lines[at] + "   "
        elif op == 3:
            lines[at] = " " + lines[at]
        elif op == 4:
            lines[at] = lines[at] + " # note"
        else:
            lines[at] = lines[at].replace(": ", ":  ", 1)
    return "\n".join(lines)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([(2, 2, 0), (2, 4, 2), (4, 4, 2), (3, 5, 2)]), st.booleans())
def test_generated_documents_agree(data: dict[str, Any], indents: tuple[int, int, int], flow: bool) -> None:
    agree(ruamel_dump(data, *indents, flow=flow))


@settings(max_examples=examples(300), deadline=None)
@given(documents)
def test_house_style_documents_agree(data: dict[str, Any]) -> None:
    try:
        text = to_yaml(json.loads(json.dumps(data, default=str)))
    except (TypeError, ValueError, AttributeError):
        return  # the benchmark emitter only writes map-shaped data
    agree(text)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.lists(st.integers(min_value=0, max_value=10_000), max_size=6))
def test_mangled_documents_agree(data: dict[str, Any], choices: list[int]) -> None:
    agree(mangle(ruamel_dump(data, 2, 4, 2, flow=False), choices))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -#'\"[]{},|>\n &*!?%2019.")), max_size=60))
def test_arbitrary_text_never_misreads(text: str) -> None:
    try:
        fast = fastyaml.parse(text)
    except fastyaml.Unsupported:
        return
    parsed = parse_full(text)
    assert not parsed.problems and same(fast, parsed.data), text


def ruamel_safe_load(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.lists(st.integers(min_value=0, max_value=10_000), max_size=4))
def test_full_reader_agrees_with_ruamel(data: dict[str, Any], choices: list[int]) -> None:
    """The full reader (libyaml events, YAML 1.2 scalars) reads what the round-trip writer reads."""
    text = mangle(ruamel_dump(data, 2, 4, 2, flow=False), choices)
    try:
        expected = ruamel_safe_load(text)
    except Exception:
        return  # mangled into invalid YAML
    try:
        parsed = parse_full(text)
    except MapError as exc:  # pragma: no cover - a failure message
        pytest.fail(f"full reader refused {text!r}: {exc}")
    if not parsed.problems:
        assert same(parsed.data, expected), text


@pytest.mark.parametrize(
    "text",
    [
        "# a map\n---\nargmap: 1\nnote: |\n  one\n\n  two\nid: x\nclaim: >-\n  folded\n  text\nby: me\n",
        "argmap: 1\npremises:\n  - text: |\n      line\n      line\n    by: a\n  - text: >\n      b\n    note: |+\n      kept\n\n  - text: c\n",
        "# only a comment first\n\nargmap: 1\nclaim: c\n",
    ],
)
def test_lines_after_literal_and_folded_blocks_are_read_in_place(text: str) -> None:
    # The reader matches lines in place in the text; after a block it must resume at the
    # line the block ends on.
    assert agree(text)


def test_a_block_that_ends_the_file_without_a_line_break_keeps_none() -> None:
    # Clipping keeps the last line break only when there is one; the fast reader leaves
    # this case to the full reader, which reads it right.
    from argmap.store.parsing import parse

    for header, value in (("|", "ends the file"), ("|+", "ends the file"), (">", "ends the file")):
        text = f"argmap: 1\nlast: {header}\n  ends the file"
        agree(text)
        assert parse(text).data["last"] == value
