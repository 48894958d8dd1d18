"""AIF JSON (AIFdb and OVA): reading every node type and variant, writing RA/CA/MA graphs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import argmap
from argmap.errors import MapError
from argmap.formats import import_file
from argmap.formats.aif import read_aif, write_aif

from .conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def by_text(m: argmap.ArgumentMap) -> dict[str, argmap.Node]:
    return {node.text: node for node in m.nodes() if node is not m}


def test_scheme_nodes_become_relations() -> None:
    imported = import_file(FORMATS / "small_aif.json")
    m = imported.map
    nodes = by_text(m)
    taxes = nodes["Taxes on sugar cut consumption."]
    mexico = nodes["Mexico's tax was followed by a 6% fall in purchases."]
    assert m.parent(mexico.id) is taxes and mexico.kind == "premise"  # RA
    sweets = nodes["People switch to untaxed sweets."]
    assert m.parent(sweets.id) is taxes and sweets.kind == "objection"  # CA
    assert nodes["Sweets were taxed too."].kind == "rebuttal"  # CA against an objection
    # A CA aimed at the RA node attacks the inference: it falls on the RA's premise, tagged undercut.
    recession = nodes["The fall may be due to the recession."]
    assert m.parent(recession.id) is mexico and recession.tags == ["undercut"]
    rephrase = nodes["Sugar taxes reduce consumption."]
    assert m.parent(rephrase.id) is taxes and rephrase.tags == ["rephrase"]  # MA
    expert = nodes["An expert said so."]
    assert expert.tags == ["scheme:Expert Opinion"]  # the text names the scheme, not 'ExpertOpinion'


def test_dialogue_is_dropped_but_speakers_become_by() -> None:
    imported = import_file(FORMATS / "small_aif.json")
    assert by_text(imported.map)["Taxes on sugar cut consumption."].by == "Ana"
    dropped = {d.what: d.count for d in imported.report.dropped}
    assert dropped["dialogue nodes (2 L, 1 YA, 1 TA)"] == 4


def test_edge_cases_are_reported() -> None:
    report = import_file(FORMATS / "small_aif.json").report
    lines = report.lines()
    assert report.read == 19
    assert "  RA node 16 has 2 conclusions (I-node 2, L-node 17): used the I-node 2 as its conclusion" in lines
    dropped = {d.what: d.count for d in report.dropped}
    assert dropped["edges from a node to itself"] == 1
    assert dropped["edges to or from unknown nodes"] == 1
    assert dropped["I-nodes with no text"] == 1


def test_several_top_claims_answer_a_question_named_after_the_file() -> None:
    imported = import_file(FORMATS / "small_aif.json")
    m = imported.map
    assert m.kind == "question" and m.question == "Which claims of small_aif.json hold?"
    assert m.title == "small_aif" and m.tags == [] and m.note.startswith("Written on import: the AIF graph")
    assert [n.text for n in m.positions] == ["Taxes on sugar cut consumption.", "A claim nobody links to."]
    assert not any("thesis" in n.tags for n in m.positions)
    assert any(
        line.startswith("2 top claims became the positions of a question written on import")
        for line in imported.report.converted
    )
    evaluation = argmap.evaluate_map(m)
    assert evaluation.claim is None and m.id not in evaluation.nodes
    assert len(argmap.rank_positions(m, evaluation)) == 2


def test_ova_wrapper_and_participant_names() -> None:
    imported = import_file(FORMATS / "ova_wrapper.json")
    m = imported.map
    assert imported.report.variant == "OVA export"
    assert m.claim == "We should plant more trees."  # one conclusion: no added claim
    assert [(n.text, n.by) for n in m.premises] == [("Trees cool streets in summer.", "Kim Lee")]
    whats = {d.what for d in imported.report.dropped}
    assert {"analysed source text (OVA 'text')", "OVA diagram layout"} <= whats


def test_integer_ids_are_read_like_string_ids() -> None:
    data = json.loads((FORMATS / "small_aif.json").read_text())
    for node in data["nodes"]:
        node["nodeID"] = int(node["nodeID"])
    for edge in data["edges"]:
        edge["fromID"], edge["toID"] = int(edge["fromID"]), int(edge["toID"])
    same = read_aif(json.dumps(data), str(FORMATS / "small_aif.json")).map
    assert same.to_data() == import_file(FORMATS / "small_aif.json").map.to_data()


def test_errors_name_file_and_line() -> None:
    with pytest.raises(MapError) as info:
        read_aif('{"nodes": [\n  {"nodeID": "1",}\n]}', "bad.json")
    assert str(info.value).startswith("bad.json:2:")
    assert "invalid JSON" in str(info.value)
    with pytest.raises(MapError) as info:
        read_aif('{"claims": []}', "other.json")
    assert str(info.value) == (
        "other.json:1:1: not AIF: expected a JSON object with 'nodes' and 'edges' (or an OVA export with 'AIF')"
    )
    with pytest.raises(MapError) as info:
        read_aif(
            '{"nodes": [\n{"nodeID": "1", "text": "a", "type": "I"},\n{"nodeID": "1", "text": "b", '
            '"type": "I"}], "edges": []}',
            "dup.json",
        )
    assert str(info.value) == "dup.json:3:1: node id '1' is used twice"


# -- writing ---------------------------------------------------------------------------------------

NATIVE = """\
argmap: 1
id: native
claim: Cities should plant more trees.
premises:
  - id: cool
    text: Trees cool streets.
    by: Kim Lee
    tags: [scheme:Expert Opinion, climate]
    objections:
      - text: Only in summer.
        rebuttals:
          - text: Summer is when cooling matters.
      - text: The studies measured parks, not streets.
        tags: [undercut]
  - text: Trees are the same claim put differently.
    tags: [rephrase]
objections:
  - text: Roots damage pavements.
    supports: [cool]
"""


def aif_graph(text: str) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    data = json.loads(text)
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    edges = [(e["fromID"], e["toID"]) for e in data["edges"]]
    return nodes, edges


def test_writing_ra_ca_ma_and_undercuts() -> None:
    m = argmap.loads(NATIVE)
    exported = write_aif(m)
    nodes, edges = aif_graph(exported.text)
    assert Counter(n["type"] for n in nodes.values()) == {"I": 7, "RA": 2, "CA": 4, "MA": 1, "L": 1, "YA": 1}
    assert all(a in nodes and b in nodes for a, b in edges)
    text_of = {k: n["text"] for k, n in nodes.items()}
    ra = next(k for k, n in nodes.items() if n["type"] == "RA" and n["text"] == "Expert Opinion")
    assert (next(k for k, t in text_of.items() if t == "Trees cool streets."), ra) in edges
    # The undercut attacks the inference (the RA node), not the premise.
    undercut = next(k for k, t in text_of.items() if t.startswith("The studies"))
    ca = next(b for a, b in edges if a == undercut)
    assert (ca, ra) in edges
    # 'by' is a locution asserting the claim.
    locution = next(k for k, n in nodes.items() if n["type"] == "L")
    assert text_of[locution] == "Kim Lee : Trees cool streets."
    assert {d.what for d in exported.dropped} == {"tags", "map id"}  # the id is reported, not lost silently


def test_native_map_round_trips_texts_relations_tags_by() -> None:
    m = argmap.loads(NATIVE)
    back = read_aif(write_aif(m).text).map
    assert back.claim == m.claim
    assert {(n.text, n.kind, n.by) for n in back.nodes()} == {(n.text, n.kind, n.by) for n in m.nodes()}
    tags = {n.text: [t for t in n.tags if t != "climate"] for n in m.nodes()}
    assert {n.text: n.tags for n in back.nodes()} == tags
    assert {(s, link) for s, link, _ in back.cross_links()} == {(s, link) for s, link, _ in m.cross_links()}


# -- the shared corpus ---------------------------------------------------------------------------

#: Node counts by type of every AIF file in the corpus, from its SOURCES.md.
CORPUS_NODES = {
    "microtext_6363.json": {"I": 5, "CA": 4},
    "microtext_6429.json": {"I": 5, "RA": 3, "CA": 1},
    "microtext_6455.json": {"I": 10, "RA": 8, "CA": 1},
    "araucaria_9339.json": {"I": 2, "RA": 1},
    "araucaria_655.json": {"I": 6, "RA": 4, "CA": 1, "L": 6, "YA": 6},
    "iac_7322.json": {"I": 16, "RA": 3, "CA": 6},
    "iac_7107_empty.json": {},
    "us2016_11238.json": {"I": 4, "RA": 1, "CA": 1, "MA": 1, "L": 4, "YA": 3, "TA": 3},
    "us2016_10311.json": {"I": 9, "RA": 2, "CA": 5, "L": 20, "YA": 16, "TA": 8},
    "us2016_10464_large.json": {"I": 127, "RA": 36, "MA": 3, "L": 293, "YA": 177, "TA": 114},
    "qt30_21318.json": {"I": 5, "RA": 1, "CA": 1, "MA": 1, "L": 10, "YA": 8, "TA": 4},
    "qt30_25445_large.json": {"I": 287, "RA": 47, "CA": 29, "MA": 122, "L": 397, "YA": 205, "TA": 291},
    "qt30_23878_selfloop.json": {"I": 8, "RA": 2, "MA": 1, "L": 17, "YA": 11, "TA": 7},
    "qt30_20860_ra_two_conclusions.json": {"I": 10, "RA": 2, "CA": 1, "MA": 1, "L": 20, "YA": 14, "TA": 8},
    "aifdb_6064.json": {"I": 9, "RA": 5, "L": 16, "YA": 14, "TA": 8},
    "ova3_export_toy.json": {"I": 2, "RA": 1, "L": 4, "YA": 5, "TA": 1},
}


@pytest.mark.parametrize("name", sorted(CORPUS_NODES))
def test_corpus_files_keep_every_claim(corpus: Path, name: str) -> None:
    imported = import_file(corpus / "aif" / name)
    counts = CORPUS_NODES[name]
    report = imported.report
    assert report.read == sum(counts.values())
    m = imported.map
    made = m.kind == "question" and (m.note or "").startswith("Written on import")
    claims = [n for n in m.nodes() if not (n is m and made)]
    empty = sum(d.count for d in report.dropped if d.what == "I-nodes with no text")
    assert len(claims) == counts.get("I", 0) - empty
    dialogue = sum(counts.get(k, 0) for k in ("L", "YA", "TA"))
    assert sum(d.count for d in report.dropped if d.what.startswith("dialogue nodes")) == dialogue
    assert argmap.loads(imported.yaml()).to_data() == m.to_data()


@pytest.mark.parametrize("name", sorted(CORPUS_NODES))
def test_corpus_files_round_trip(corpus: Path, name: str) -> None:
    m = import_file(corpus / "aif" / name).map
    back = read_aif(write_aif(m).text, name).map.to_data()
    want = m.to_data()
    if m.kind == "question":  # AIF has no map title or notes: the question comes back without them
        want.pop("title", None), want.pop("note", None)
        want["id"] = back["id"]
    assert back == want


def test_corpus_edge_cases(corpus: Path) -> None:
    two = import_file(corpus / "aif" / "qt30_20860_ra_two_conclusions.json").report
    assert any("has 2 conclusions" in line and "L-node" in line for line in two.lines())
    loop = import_file(corpus / "aif" / "qt30_23878_selfloop.json").report
    assert any(d.what == "edges from a node to itself" for d in loop.dropped)
    empty = import_file(corpus / "aif" / "iac_7107_empty.json")
    assert empty.report.created == 1 and empty.map.kind == "question" and not list(empty.map.children())
    written = json.loads(write_aif(empty.map).text)
    assert [n["text"] for n in written["nodes"] if n["type"] == "I"] == ["Which claims of iac_7107_empty.json hold?"]
    large = import_file(corpus / "aif" / "qt30_25445_large.json").map
    assert sum(1 for n in large.nodes() if "rephrase" in n.tags) > 50  # QT30 rephrases a lot
