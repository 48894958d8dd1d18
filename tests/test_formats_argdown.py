"""Argdown: reading the common subset, and writing files that Argdown's own parser reads in full.

The checks against Argdown's parser run it through Node.js. They need ``node`` and the
parser installed with ``tests/argdown/setup.sh``; without them they are skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.errors import MapError
from argmap.formats import export_map, import_file, import_text
from argmap.formats.argdown import one_paragraph, read_argdown, titles, write_argdown
from argmap.ids import slugify
from benchmarks.synth import synthetic_data

from .conftest import FIXTURES, ROOT

FORMATS = FIXTURES / "formats"
PARSER = ROOT / "tests" / "argdown"

#: Statements and arguments Argdown's parser finds in each corpus file (from its SOURCES.md).
CORPUS_ELEMENTS = {
    "primer.argdown": (17, 4),
    "state_censorship.argdown": (28, 7),
    "softdrugs.argdown": (1, 17),
    "greenspan_schefczyk.argdown": (36, 6),
    "semmelweis.argdown": (32, 10),
    "populism.argdown": (69, 27),
    "veggie_debate.argdown": (25, 22),
    "parser_mix.argdown": (29, 2),
    "parser_arguments.argdown": (10, 4),
    "intro.argdown": (12, 5),
    "links_and_tags.argdown": (1, 0),
    "syncialo_learning_over_leisure.argdown": (1, 10),
}


@pytest.fixture(scope="session")
def argdown_parser() -> Callable[[list[Path]], list[dict[str, Any]]]:
    """Argdown's own parser (@argdown/core), run through node; skips when it is not installed."""
    node = shutil.which("node")
    if node is None or not (PARSER / "node_modules" / "@argdown" / "core").is_dir():
        pytest.skip("Argdown's parser is not installed (run tests/argdown/setup.sh; needs Node.js)")

    def parse(paths: list[Path]) -> list[dict[str, Any]]:
        done = subprocess.run(
            [node, str(PARSER / "parse.js"), *map(str, paths)], capture_output=True, text=True, check=True, timeout=600
        )
        return json.loads(done.stdout)

    return parse


def by_text(m: argmap.ArgumentMap) -> dict[str, argmap.Node]:
    return {node.text: node for node in m.nodes() if node is not m}


# -- reading -----------------------------------------------------------------------------------------


def test_statements_arguments_and_relations() -> None:
    imported = import_file(FORMATS / "small.argdown")
    m = imported.map
    assert (m.id, m.title, m.claim, m.tags) == (
        "four-days",
        "Four-day week",
        "Firms should move to a four-day week.",
        ["policy"],
    )
    productivity = m["productivity"]
    # Drawn under [Four days] and concluding (3), which supports [Four days] too: as in Argdown's
    # model, the argument's own support is redundant, so it sits under its conclusion.
    assert productivity.kind == "premise" and m.parent("productivity").text == "Output per hour rises when hours fall."
    assert any("its conclusion also has" in d.what for d in imported.report.dropped)
    assert (productivity.by, productivity.weight, productivity.tags) == ("A trial report", 0.7, ["labour market"])
    assert m["selection"].kind == "objection" and m.parent("selection") is productivity
    assert m["random"].kind == "rebuttal"
    assert m["short"].kind == "objection" and m["short"].tags == ["undercut"]  # <_
    assert m["cover"].kind == "objection" and m.parent("cover") is m
    # A statement referred to before it is defined is one statement, with the text of its definition.
    assert m["cover-needed"].text == "Hospitals cannot close on Fridays." and m.parent("cover-needed") is m["cover"]
    # >< : each attacks the other.
    assert m.parent("rota") is m["cover-needed"] and m["cover-needed"].attacks == ["rota"]


def test_premise_conclusion_structure() -> None:
    m = import_file(FORMATS / "small.argdown").map
    texts = by_text(m)
    # The argument supports its conclusion; its premises support the argument.
    assert {n.text for n in m["productivity"].premises} == {
        "Workers rested for three days make fewer mistakes.",
        "Fewer mistakes mean more output per hour.",
    }
    conclusion = [n for n in m.nodes() if n.text == "Output per hour rises when hours fall." and n.id != "productivity"]
    assert len(conclusion) == 1 and m.parent(conclusion[0].id) is m  # "+> [Four days]" under (3)
    assert m.parent("productivity") is conclusion[0] and not m["productivity"].supports
    assert "Prose between arguments is not a statement anybody relates to." not in texts


def test_report_says_what_was_dropped() -> None:
    report = import_file(FORMATS / "small.argdown").report
    assert (report.read, report.created) == (12, 11)
    dropped = {d.what: d.count for d in report.dropped}
    assert dropped == {
        "untitled statements that nothing relates to": 1,
        "headings": 1,
        "inference rules of premise-conclusion structures": 1,
        "front matter settings (author)": 1,
        "relations of an argument that its conclusion also has": 1,
    }


def test_comments_escapes_emphasis_tags_and_data() -> None:
    text = """\
[C]: A *claim* with __bold__, snake_case_names, an escaped \\#hash,
\\[brackets\\] and a [link](https://x.org/#a). #tag #(two words)
  + <P>: Supported // a comment
    on two lines. /* another */ {by: "Ann", note: "A note", colour: red}
  <!-- a comment
  across lines -->
  - <Q>: http:\\/\\/example.org is not a comment.
"""
    imported = read_argdown(text, "t.argdown")
    m = imported.map
    assert m.claim == (
        "A claim with bold, snake_case_names, an escaped #hash, [brackets] and a [link](https://x.org/#a)."
    )
    assert m.tags == ["tag", "two words"]
    assert (m["p"].text, m["p"].by, m["p"].note) == ("Supported on two lines.", "Ann", "A note")
    assert m["q"].text == "http://example.org is not a comment."
    assert {d.what for d in imported.report.dropped} == {
        "{data} fields other than by, weight, note, status and the cite"
    }


def test_relation_nesting_follows_indentation() -> None:
    text = "A\n  + B\n  - C\n      <+ D\n        <- E\n          +> F\n    -> G\n\nH\n  - I\n"
    m = read_argdown(text, "nest.argdown").map
    # G is less indented than D but more than C: Argdown makes it C's sibling, so A attacks G.
    assert relations(m) == {
        ("B", "support", "A"),
        ("C", "attack", "A"),
        ("D", "support", "C"),
        ("E", "attack", "D"),
        ("E", "support", "F"),
        ("A", "attack", "G"),
        ("I", "attack", "H"),
    }


def relations(m: argmap.ArgumentMap) -> set[tuple[str, str, str]]:
    """Every relation as (child text, support or attack, parent text), tree and cross-links alike,
    leaving out positions (they answer a question: no relation in Argdown)."""
    text = {n.id: n.text for n in m.nodes()}
    out = {
        (e.node.text, "support" if e.relation == "premises" else "attack", e.parent.text)
        for e in m.walk()
        if e.parent is not None and e.relation != "positions"
    }
    return out | {(text[s], "support" if link == "supports" else "attack", text[t]) for s, link, t in m.cross_links()}


def test_errors() -> None:
    with pytest.raises(MapError) as info:
        read_argdown("===\ntitle: [unclosed\n===\n\n[A]: text\n", "bad.argdown")
    assert str(info.value).startswith("bad.argdown:") and "front matter is not valid YAML" in str(info.value)
    with pytest.raises(MapError) as info:
        read_argdown("\n\n", "empty.argdown")
    assert str(info.value) == "empty.argdown:1:1: no statements or arguments found: is this an Argdown file?"


# -- writing -------------------------------------------------------------------------------------------

NATIVE = """\
argmap: 1
id: native
title: 'A map: with a colon'
description: What the map covers.
claim: Remote work is good for firms.
by: A columnist
sources:
  survey: {title: A survey, url: https://example.org/survey, date: 2024-05-01}
premises:
  - id: hires
    text: "Firms can hire from anywhere. #1 in surveys, [sic]"
    by: A manager
    tags: [hiring, two words]
    weight: 0.8
    cite: {source: survey, at: p. 4, quote: "We hire {everywhere}"}
    objections:
      - text: "Time zones: they make meetings hard."
        rebuttals:
          - text: |-
              Asynchronous work
              needs fewer meetings.
            attacks: [native]
      - text: The surveys asked managers only.
        tags: [undercut]
objections:
  - text: Mentoring juniors is harder at a distance.
    supports: [hires]
  - text: A proposal.
    status: proposed
"""


def test_writing_elements_relations_tags_and_data() -> None:
    exported = write_argdown(argmap.loads(NATIVE))
    text = exported.text
    assert text.startswith("===\ntitle: 'A map: with a colon'\nargmap:\n  id: native\n")
    assert '\n[native]: Remote work is good for firms. {"by": "A columnist"}\n' in text
    assert (
        "\n  + <hires>: Firms can hire from anywhere. \\#1 in surveys, \\[sic\\] #(hiring) #(two words) "
        '{"by": "A manager", "weight": 0.8, "source": "survey", "at": "p. 4", '
        '"quote": "We hire \\u007beverywhere\\u007d"}\n'
    ) in text
    # Nodes without a written id get short readable titles, not long slugs.
    assert "\n    <_ <The surveys asked managers only>: The surveys asked managers only. #(undercut)\n" in text
    assert "A proposal." not in text
    assert "<Mentoring juniors is harder at>\n  +> <hires>" in text
    assert any("line breaks inside 1 text became spaces" in line for line in exported.lines())


def test_native_map_round_trips() -> None:
    m = argmap.loads(NATIVE)
    back = read_argdown(write_argdown(m).text, "native.argdown").map
    assert (back.id, back.title, back.description, back.by) == (m.id, m.title, m.description, m.by)
    assert back.sources == m.sources
    assert structure(back) == structure(m, normalise=True)
    hires = back["hires"]
    assert (hires.by, hires.weight, hires.tags, hires.cite) == (
        "A manager",
        0.8,
        ["hiring", "two words"],
        m["hires"].cite,
    )


def structure(m: argmap.ArgumentMap, normalise: bool = False) -> set[tuple[Any, ...]]:
    """Every accepted node as (id, kind, text, parent id), and every cross-link."""

    def text(t: str) -> str:
        return one_paragraph(t) if normalise else t

    out: set[tuple[Any, ...]] = {
        (e.node.id, e.node.kind, text(e.node.text), e.parent.id if e.parent else None) for e in m.walk({"accepted"})
    }
    kept = {n.id for n in m.nodes({"accepted"})}
    out |= {link for link in m.cross_links() if link[0] in kept and link[2] in kept}
    return out


@pytest.mark.parametrize("name", ["small.argdown", *sorted(CORPUS_ELEMENTS)])
def test_import_export_import_keeps_the_structure(corpus: Path, name: str) -> None:
    path = FORMATS / name if name == "small.argdown" else corpus / "argdown" / name
    first = import_file(path).map
    second = read_argdown(write_argdown(first).text, path.name).map
    assert structure(second) == structure(first)
    assert {n.id: (n.tags, n.by, n.weight) for n in second.nodes()} == {
        n.id: (n.tags, n.by, n.weight) for n in first.nodes()
    }


@pytest.mark.parametrize("name", sorted(CORPUS_ELEMENTS))
def test_corpus_files_are_read_in_full(corpus: Path, name: str) -> None:
    imported = import_file(corpus / "argdown" / name)
    assert imported.report.read == sum(CORPUS_ELEMENTS[name])
    prose = sum(d.count for d in imported.report.dropped if d.what.startswith("untitled statements"))
    m = imported.map
    added = 1 if m.kind == "question" and (m.note or "").startswith("Written on import") else 0
    assert imported.report.created == imported.report.read - prose + added
    assert argmap.loads(imported.yaml()).to_data() == imported.map.to_data()


# -- against Argdown's own parser -------------------------------------------------------------------


def check_with_argdown(
    parse: Callable[[list[Path]], list[dict[str, Any]]], maps: dict[str, argmap.ArgumentMap], folder: Path
) -> None:
    """Export each map, parse it with Argdown, and check every node, text and relation is there."""
    paths = []
    for name, m in maps.items():
        path = folder / f"{name}.argdown"
        path.write_text(export_map(m, "argdown").text, encoding="utf-8")
        paths.append(path)
    for path, result in zip(paths, parse(paths)):
        m = maps[path.stem]
        assert result["errors"] == [], path.stem
        nodes = {n.id: n for n in m.nodes({"accepted"})}
        # Titles are ids where the map writes the id, short phrases elsewhere.
        node_of = {title: node_id for node_id, title in titles(m, {"accepted"}).items()}
        elements = {node_of[e["title"]]: e for e in result["statements"] + result["arguments"]}
        assert set(elements) == set(nodes), path.stem
        for node_id, node in nodes.items():
            element = elements[node_id]
            # Argdown keeps the tags at the end of the text; argmap keeps them apart.
            got = re.sub(r"(\s*#\([^)]*\))+\s*$", "", element["text"] or "").strip()
            # Argdown shows a link by its label ("[label](url)" is how the export writes links).
            shown = re.sub(
                r"(?:(?<=\s)|^)\[([^\[\]{}\\\n]+)\]\(([^\s\[\](){}<>\\]+)\)(?!\s\s)", r"\1", one_paragraph(node.text)
            )
            assert got == shown or got == one_paragraph(node.text), node_id
            tags = list(node.tags)
            if node is m and m.kind == "question":
                tags.insert(0, "question")  # the question is the statement tagged #question
            assert element["tags"] == tags, node_id
            assert (element["data"] or {}).get("by") == node.by, node_id
        # A position answers its question: no Argdown relation joins them.
        expected = {
            (e.node.id, e.parent.id, "support" if e.relation == "premises" else "attack")
            for e in m.walk({"accepted"})
            if e.parent is not None and e.relation != "positions"
        }
        expected |= {
            (s, t, "support" if link == "supports" else "attack")
            for s, link, t in m.cross_links()
            if s in nodes and t in nodes
        }
        got_relations = {
            (node_of[r["from"]], node_of[r["to"]], "support" if r["type"] == "support" else "attack")
            for r in result["relations"]
        }
        assert got_relations == expected, path.stem


def test_argdown_parser_reads_exported_fixtures_and_native_maps(argdown_parser: Any, tmp_path: Path) -> None:
    maps = {p.stem: import_file(p).map for p in sorted(FORMATS.iterdir()) if p.suffix in (".txt", ".json", ".argdown")}
    maps["native"] = argmap.loads(NATIVE)
    maps["synthetic"] = argmap.loads(json.dumps(synthetic_data(400), default=str))
    check_with_argdown(argdown_parser, maps, tmp_path)


def test_argdown_parser_reads_tricky_texts(argdown_parser: Any, tmp_path: Path) -> None:
    tricky = [
        "U.S.A. and e.g. and i.e. and :heart: and .A. and :-1: and .->. done.",
        "a//b /* c */ <!-- d --> http://x.org/a_b_c",
        "#tag and #(x y) and [ref] and <arg> and @[m]",
        "{data: 1} and }{ and \\ backslash \\\\ two",
        "**bold** __b__ *it* _it_ snake_case 2*3*4 a * b",
        "(1) starts like a premise",
        "- a dash",
        "+ a plus",
        "1. a list",
        "=== front",
        "--- dashes ---",
        "tab\there",
        "ünïcödé — “quotes” 'single' \"double\"",
        "ends with a colon:",
        "[link](http://example.org/a_(b)) text",
        "a.b.c.d and :a:b:c: and ..x.. and :: and ..",
        "100% :) ;) :(",
        "ends with a backslash \\",
        "multi  spaces  kept",
    ]
    m = argmap.loads("argmap: 1\nid: m\nclaim: Root\n")
    for i, t in enumerate(tricky):
        m.add(
            "m", t, kind="premise" if i % 2 else "objection", id=f"n{i}", tags=["a tag", "sch:eme"], by="Ann {x} O'Neil"
        )
    check_with_argdown(argdown_parser, {"tricky": m}, tmp_path)
    back = read_argdown(export_map(m, "argdown").text).map
    assert [back[f"n{i}"].text for i in range(len(tricky))] == [one_paragraph(t) for t in tricky]


def test_argdown_parser_reads_every_corpus_map_exported(argdown_parser: Any, corpus: Path, tmp_path: Path) -> None:
    maps = {}
    for folder in ("kialo", "aif", "argdown"):
        for path in sorted((corpus / folder).iterdir()):
            maps[f"{folder}-{path.stem}"] = import_file(path).map
    check_with_argdown(argdown_parser, maps, tmp_path)


def test_import_agrees_with_argdowns_parser(argdown_parser: Any, corpus: Path) -> None:
    paths = sorted((corpus / "argdown").glob("*.argdown"))
    for path, result in zip(paths, argdown_parser(paths)):
        imported = import_file(path)
        assert imported.report.read == len(result["statements"]) + len(result["arguments"]), path.name
        m = imported.map
        relations = {
            (e.node.id, e.parent.id, "support" if e.relation == "premises" else "attack")
            for e in m.walk()
            if e.parent is not None
        }
        relations |= {(s, t, "support" if link == "supports" else "attack") for s, link, t in m.cross_links()}
        for r in result["relations"]:
            if r["from"].startswith("Untitled") or r["to"].startswith("Untitled"):
                continue  # Argdown numbers untitled statements; argmap names them by their text
            kind = "support" if r["type"] in ("support", "entails") else "attack"
            edge = (slugify(r["from"], 60), slugify(r["to"], 60), kind)
            assert edge in relations or (r["type"] == "contradictory" and (edge[1], edge[0], kind) in relations), (
                path.name,
                r,
            )


# -- what Argdown's parser rejects, rarer constructs ----------------------------------------------------

REJECTED = FORMATS / "argdown_rejected"
#: Each fixture: where argmap places the fault, a phrase of its message, and the line Argdown's parser names.
REJECTED_CASES = {
    "relation_dedent.argdown": ("3:3", "indented less than the first relation under its element", 3),
    "relation_dedent_tab.argdown": ("3:2", "indented less than the first relation under its element", 3),
    "pcs_no_inference.argdown": ("4:1", "a premise-conclusion structure with no inference", 4),
    "pcs_no_conclusion.argdown": ("4:1", "an inference ('----') must be followed by its conclusion", 4),
    "pcs_after_conclusion.argdown": ("6:1", "a numbered statement after the conclusion", 6),
    # argmap names the line that opens the rule, where the fix goes; Argdown the line where it gave up.
    "pcs_unclosed_rule.argdown": ("4:1", "the inference rule opened with '--' here is not closed", 6),
}


@pytest.mark.parametrize("name", sorted(REJECTED_CASES))
def test_rarer_constructs_argdown_rejects_are_located_errors(name: str) -> None:
    place, phrase, _ = REJECTED_CASES[name]
    path = REJECTED / name
    with pytest.raises(MapError) as info:
        import_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{place}: ") and phrase in message
    assert message.endswith("Argdown's parser rejects this (--lenient reads past it)")
    imported = import_file(path, lenient=True)
    assert len(imported.report.warnings) == 1 and imported.report.warnings[0].startswith(f"{path}:{place}: ")
    assert len(list(imported.map.nodes())) >= 2  # the rest is read


def test_argdowns_own_parser_rejects_the_same_fixtures(argdown_parser: Any) -> None:
    names = sorted(REJECTED_CASES)
    for name, result in zip(names, argdown_parser([REJECTED / n for n in names])):
        assert any(e.startswith(f"line {REJECTED_CASES[name][2]}:") for e in result["errors"]), (name, result["errors"])


def test_lenient_reading_of_the_rarer_constructs() -> None:
    m = import_file(REJECTED / "relation_dedent.argdown", lenient=True).map
    assert [p.text for p in m.premises] == ["Fewer people would drive.", "Poorer riders pay the most now."]
    m = import_file(REJECTED / "pcs_unclosed_rule.argdown", lenient=True).map
    assert "Free fares cut emissions." in {n.text for n in m.nodes()}  # not swallowed by the open rule


@pytest.mark.parametrize(
    "text",
    [
        "[A]: a\n  + [B]: b\n      + [C]: c\n    + [D]: d\n",  # back to a level between two others
        "(1) a\n(2) b\n----\n(3) c\n----\n(4) d\n",  # an intermediate conclusion
        "(1) a\n--\nModus ponens\n--\n(2) c\n",  # an inference rule over several lines
        "[A]: a\n\t+ [B]: b\n\t\t+ [C]: c\n\t+ [D]: d\n",  # tabs throughout
    ],
)
def test_what_argdown_accepts_is_read_without_a_word(text: str) -> None:
    assert import_text(text, "argdown").report.warnings == []


def test_accepted_oddities_are_reported() -> None:
    report = import_text("[A]: a\n  +\n  - [B]: b\n\n[B]: b2\n\n[B]: b\n", "argdown", "odd.argdown").report
    assert (
        "1 statement or argument defined more than once with different texts: the last text kept, as Argdown "
        "does (line 7)" in report.converted
    )
    assert [(d.count, d.what) for d in report.dropped] == [(1, "relations with nothing after the symbol")]
