"""Property-based fuzzing of loading, saving and the CLI (hypothesis).

- random YAML-like documents and mangled maps: loading raises nothing but MapError,
  and the CLI answers with an exit status and messages, never a traceback;
- random valid maps: load -> save -> load gives the same map, an unchanged map saves
  byte for byte, and an edit survives the round trip.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import argmap
from argmap import MapError
from argmap.store.yamlio import dump_data, dumps
from benchmarks.synth import synthetic_yaml
from tests.conftest import examples

SETTINGS = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- random documents ------------------------------------------------------------------------------

KEYS = [
    "argmap",
    "id",
    "claim",
    "title",
    "text",
    "premises",
    "objections",
    "rebuttals",
    "sources",
    "cite",
    "cites",
    "source",
    "at",
    "quote",
    "tags",
    "weight",
    "status",
    "proposal",
    "model",
    "created",
    "supports",
    "attacks",
    "by",
    "note",
    "url",
    "date",
    "<<",
    "? x",
    "1",
    "true",
    "null",
    "~",
    "-",
    "a b",
]
SCALARS = [
    "1",
    "0",
    "-1",
    "0.5",
    "1e3",
    ".inf",
    ".nan",
    "0x1F",
    "0o17",
    "true",
    "no",
    "null",
    "~",
    "",
    "2025-11-25",
    "2025-13-45",
    "2001-12-14t21:59:43.10-05:00",
    "21:16",
    "plain text",
    "a: b",
    "a #c",
    "'single ''quoted'''",
    '"double \\"quoted\\" \\x41 \\u00e9 \\U0001F600 \\0"',
    '"\\q bad escape"',
    "[a, b, [c]]",
    "{a: 1, b: [2]}",
    "[unclosed",
    "{unclosed",
    "&anchor value",
    "*anchor",
    "*undefined",
    "!!str 3",
    "!!int x",
    "!!python/object:os.system",
    "!custom x",
    "!!binary aGVsbG8=",
    "|",
    ">-",
    "|+",
    "|2",
    "---",
    "...",
    "%YAML 1.2",
    "@reserved",
    "`reserved",
    "\t",
    "é",
    "\u2028",
    "\ufeff",
    "<script>alert(1)</script>",
    "{{ jinja }}",
    "${HOME}",
    "$(rm -rf /)",
    "p1",
    "n-1",
]


@st.composite
def yaml_lines(draw: Any) -> str:
    indent = " " * draw(st.integers(0, 8))
    dash = draw(st.sampled_from(["", "", "- ", "-", "- - "]))
    key = draw(st.sampled_from(KEYS + [""]))
    value = draw(st.sampled_from(SCALARS) | st.text(max_size=12))
    comment = draw(st.sampled_from(["", "", " # comment", "#"]))
    return f"{indent}{dash}{key + ': ' if key else ''}{value}{comment}"


documents = st.lists(yaml_lines(), max_size=25).map("\n".join)


@st.composite
def mangled_maps(draw: Any) -> str:
    """A real map with a few random edits: the inputs closest to what people actually write."""
    text = synthetic_yaml(draw(st.integers(2, 25)), seed=draw(st.integers(0, 5)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        if action == "insert":
            text = text[:where] + draw(st.sampled_from(SCALARS + KEYS + ["\n", "  ", ": ", "- "])) + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)) :]
        elif action == "replace":
            text = text[:where] + draw(st.text(max_size=3)) + text[where + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    return text


def check_load(text: str) -> None:
    try:
        loaded = argmap.loads(text, "fuzz.yaml")
    except MapError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message and "\n" not in problem.message  # one line each
            assert problem.file == "fuzz.yaml"
            assert problem.line is None or problem.line >= 1
        return
    assert dumps(loaded) == text  # unchanged: byte for byte
    assert argmap.loads(dump_data(loaded.to_data())).to_data() == loaded.to_data()


@SETTINGS
@given(documents)
def test_random_documents_load_or_raise_map_error(text: str) -> None:
    check_load("argmap: 1\nid: fuzz\nclaim: Fuzz.\n" + text)
    check_load(text)


@SETTINGS
@given(mangled_maps())
def test_mangled_maps_load_or_raise_map_error(text: str) -> None:
    check_load(text)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_load_or_raise_map_error(data: bytes) -> None:
    check_load(data.decode("utf-8", errors="replace"))


# -- random valid maps ------------------------------------------------------------------------------

# Any character a YAML document can hold (escaped when need be), control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: any(not c.isspace() for c in s)
)
PLAIN_TEXT = st.text(string.ascii_letters + string.digits + " .,;:!?'\"-#&*[]{}|>%@`", min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
TEXT = ANY_TEXT | PLAIN_TEXT
SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
RELATIONS = {
    "claim": ("premises", "objections"),
    "premise": ("premises", "objections"),
    "objection": ("premises", "rebuttals"),
    "rebuttal": ("premises", "objections"),
}
KIND = {"premises": "premise", "objections": "objection", "rebuttals": "rebuttal"}


@st.composite
def valid_maps(draw: Any) -> dict[str, Any]:
    map_id = draw(SLUG)
    data: dict[str, Any] = {"argmap": 1, "id": map_id}
    if draw(st.booleans()):
        data["title"] = draw(TEXT)
    data["claim"] = draw(TEXT)
    sources = draw(st.lists(SLUG, max_size=3, unique=True))
    if sources:
        data["sources"] = {
            key: {"title": draw(TEXT), **({"url": draw(TEXT)} if draw(st.booleans()) else {})} for key in sources
        }
    used = {map_id}
    ids: list[str] = []
    budget = draw(st.integers(0, 14))
    frontier: list[tuple[dict[str, Any], str]] = [(data, "claim")]
    for _ in range(budget):
        parent, kind = draw(st.sampled_from(frontier))
        relation = draw(st.sampled_from(RELATIONS[kind]))
        node: dict[str, Any] = {}
        if draw(st.booleans()):
            node_id = draw(SLUG)
            if node_id not in used:
                node["id"] = node_id
                used.add(node_id)
                ids.append(node_id)
        node["text"] = draw(TEXT)
        if draw(st.integers(0, 3)) == 0:
            node["by"] = draw(TEXT)
        if draw(st.integers(0, 3)) == 0:
            node["tags"] = draw(st.lists(TEXT, min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            node["weight"] = draw(st.sampled_from([0, 1, 0.25, 0.7]) | st.floats(0, 1))
        if sources and draw(st.integers(0, 2)) == 0:
            cite: dict[str, Any] = {"source": draw(st.sampled_from(sources))}
            if draw(st.booleans()):
                cite["at"] = draw(TEXT | st.integers(0, 10_000))
            if draw(st.booleans()):
                cite["quote"] = draw(TEXT)
            node["cite"] = cite
        if draw(st.integers(0, 4)) == 0:
            node["status"] = draw(st.sampled_from(["proposed", "rejected"]))
            node["proposal"] = {"model": draw(TEXT), "created": "2026-01-01T00:00:00Z"}
        if ids and draw(st.integers(0, 4)) == 0:
            target = draw(st.sampled_from(ids))
            if target not in (node.get("id"), parent.get("id")):  # a link to the parent repeats the tree's edge
                node[draw(st.sampled_from(["supports", "attacks"]))] = [target]
        if draw(st.integers(0, 4)) == 0:
            node["note"] = draw(TEXT)
        parent.setdefault(relation, []).append(node)
        frontier.append((node, KIND[relation]))
    return data


def differences(a: Any, b: Any, path: tuple = ()) -> list[tuple[tuple, Any, Any]]:
    """Where two pieces of map data differ (numbers compare by value), for readable failures."""
    numbers = (int, float)
    if type(a) is not type(b) and not (isinstance(a, numbers) and isinstance(b, numbers)):
        return [(path, a, b)]
    if isinstance(a, dict):
        return [d for k in {**a, **b} for d in differences(a.get(k), b.get(k), path + (k,))]
    if isinstance(a, list):
        if len(a) != len(b):
            return [(path, a, b)]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, path + (i,))]
    return [] if a == b else [(path, a, b)]


@SETTINGS
@given(valid_maps())
def test_valid_maps_round_trip(tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]) -> None:
    text = dump_data(data)
    loaded = argmap.loads(text)
    assert differences(loaded.to_data(), data) == []

    path = tmp_path_factory.mktemp("rt") / "map.yaml"
    path.write_bytes(text.encode("utf-8"))
    argmap.save(argmap.load(path))  # unchanged: byte for byte
    assert path.read_bytes() == text.encode("utf-8")

    edited = argmap.load(path)
    edited.add(edited.id, "An objection added by the round-trip test.", kind="objection", by="tester")
    expected = edited.to_data()
    argmap.save(edited)
    assert differences(argmap.load(path).to_data(), expected) == []


@SETTINGS
@given(valid_maps(), st.data())
def test_edits_of_any_node_round_trip(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], draw: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("edit") / "map.yaml"
    path.write_text(dump_data(data), encoding="utf-8")
    m = argmap.load(path)
    nodes = list(m.nodes())[1:]
    assume(nodes)
    node = draw.draw(st.sampled_from(nodes))
    action = draw.draw(st.sampled_from(["text", "weight", "remove", "tag"]))
    if action == "text":
        node.text = draw.draw(TEXT)
    elif action == "weight":
        node.weight = draw.draw(st.floats(0, 1))
    elif action == "tag":
        node.tags = [*node.tags, draw.draw(TEXT)]
    else:
        m.remove(node.id)
    m.refresh()
    expected = m.to_data()
    try:
        argmap.loads(dump_data(expected))
    except MapError:
        assume(False)  # an edit that makes the map invalid (a derived id now clashing with a link)
    argmap.save(m)
    assert differences(argmap.load(path).to_data(), expected) == []


# -- the CLI ----------------------------------------------------------------------------------------

CLI_COMMANDS = [
    ["validate"],
    ["show"],
    ["stats"],
    ["stats", "--json"],
    ["evaluate"],
    ["evaluate", "--json"],
    ["export", "--to", "argdown"],
    ["export", "--to", "aif"],
    ["export", "--to", "kialo"],
    ["export", "--to", "markdown"],
    ["export", "--to", "json"],
    ["render", "--format", "dot", "-o", "-"],
    ["review", "--list"],
    ["sources", "check"],
]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(documents, mangled_maps(), valid_maps().map(dump_data)))
def test_cli_never_prints_a_traceback(tmp_path: Path, text: str) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    runner = CliRunner()
    for command in CLI_COMMANDS:
        args = command[:1] + [str(path)] + command[1:] if command[0] != "sources" else [*command, str(path)]
        result = runner.invoke(app, args, catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            repr(result.exception),
            result.output[-500:],
        )
        assert result.exit_code in (0, 1, 2), (command, result.exit_code, result.output[-500:])
        assert "Traceback" not in result.output, command


# -- importers: files from other tools are untrusted too ------------------------------------------------

IMPORT_SEEDS = {
    "kialo": "Discussion Title: Cats or dogs\n\n1. Cats make better pets.\n1.1. Pro: Cats are quiet.\n"
    "1.1.1. Con: Not at night.\n1.2. Con: Dogs are loyal.\n1.2.1. -> See 1.1.\n",
    "argdown": "===\ntitle: T\n===\n\n[claim]: Cats make better pets. #pets\n  + <quiet>: Cats are quiet.\n"
    '    - <night>: Not at night. {by: "x"}\n  - [loyal]: Dogs are loyal.\n  >< [other]: Other.\n',
    "aif": json.dumps(
        {
            "nodes": [
                {"nodeID": "1", "text": "Cats make better pets.", "type": "I"},
                {"nodeID": "2", "text": "Cats are quiet.", "type": "I"},
                {"nodeID": "3", "text": "Default Inference", "type": "RA"},
                {"nodeID": "4", "text": "Default Conflict", "type": "CA"},
                {"nodeID": "5", "text": "Dogs are loyal.", "type": "I"},
            ],
            "edges": [
                {"edgeID": "a", "fromID": "2", "toID": "3"},
                {"edgeID": "b", "fromID": "3", "toID": "1"},
                {"edgeID": "c", "fromID": "5", "toID": "4"},
                {"edgeID": "d", "fromID": "4", "toID": "1"},
            ],
            "locutions": [],
        }
    ),
}
IMPORT_SYNTAX = [
    "\n",
    "1.",
    "1.1.",
    ". Pro: ",
    ". Con: ",
    "-> See 1.",
    "Discussion Title:",
    "[",
    "]",
    "<",
    ">",
    ":",
    "+",
    "-",
    "><",
    "_>",
    "#",
    "{",
    "}",
    '"',
    "===",
    "//",
    "/*",
    "*/",
    "(",
    ")",
    "  ",
    ",",
    "null",
    '"nodes"',
    '"edges"',
    '"type": "CA"',
    '"fromID"',
    "[[[[",
    "]]]]",
    "\\",
]


@st.composite
def mangled_imports(draw: Any) -> tuple[str, str]:
    fmt = draw(st.sampled_from(sorted(IMPORT_SEEDS)))
    text = IMPORT_SEEDS[fmt]
    for _ in range(draw(st.integers(1, 5))):
        where = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:where] + draw(st.sampled_from(IMPORT_SYNTAX) | st.text(max_size=4)) + text[where:]
        else:
            text = text[:where] + text[where + draw(st.integers(1, 12)) :]
    return fmt, text


@SETTINGS
@given(mangled_imports(), st.booleans())
def test_importers_read_or_raise_map_error(case: tuple[str, str], guess: bool) -> None:
    from argmap.formats import import_text

    fmt, text = case
    try:
        imported = import_text(text, None if guess else fmt, "import.txt")
    except MapError as exc:
        assert exc.problems and all("\n" not in p.message for p in exc.problems)
        return
    data = imported.map.to_data()
    assert argmap.loads(dump_data(data)).to_data() == data  # what is imported is a valid, writable map


def test_deeply_nested_json_is_an_import_error() -> None:
    from argmap.formats import import_text

    deep = '{"nodes": ' + "[" * 100_000 + "]" * 100_000 + ', "edges": []}'
    for fmt in ("aif", None):
        with pytest.raises(MapError) as info:
            import_text(deep, fmt, "deep.json")
        assert str(info.value).startswith("deep.json:1:1: ")


def test_argdown_front_matter_and_data_cannot_hold_an_alias_bomb() -> None:
    from argmap.formats import import_text

    bomb = "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    with pytest.raises(MapError) as info:
        import_text("===\n" + bomb + "argmap:\n  description: *a9\n===\n\n[c]: A claim.\n", "argdown", "b.argdown")
    assert "front matter is not valid YAML: aliases expand this document past" in str(info.value)
    inline = "{" + ", ".join(line.replace(": ", ": ", 1) for line in bomb.splitlines()) + ", note: *a9}"
    imported = import_text(f"[c]: A claim. {inline}\n", "argdown", "b.argdown")
    assert imported.map.note is None  # the {data} was refused (and reported), not expanded


def test_argdown_text_may_hold_any_private_use_character() -> None:
    from argmap.formats import import_text

    # The reader uses plane-15 private-use characters as placeholders; text holding them crashed it.
    text = "x \U000f0000 y \\[z\\] \U000f0005"
    assert import_text(f"[c]: {text}\n", "argdown").map.claim == "x \U000f0000 y [z] \U000f0005"


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=20,
    ),
    st.integers(0, 3000),
)
def test_llm_answers_are_used_or_refused(data: Any, depth: int) -> None:
    from argmap.critique.answer import InvalidAnswer, parse_answer

    for text in (
        json.dumps(data),
        json.dumps({"objections": data}),
        "[" * depth + "]" * depth,
        '{"objections": ' + "[" * depth + "]" * depth + "}",
    ):
        try:
            suggestions = parse_answer(text)
        except InvalidAnswer as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        assert all(s.text.strip() for s in suggestions)
