"""The model: kinds, traversal, derived ids, editing helpers, the JSON Schema."""

from __future__ import annotations

import json

import pytest

import argmap
from argmap import ArgumentMap, Objection, Premise, Rebuttal
from argmap.ids import assign_ids, is_slug, slugify, slugify_many

from .conftest import ROOT

TEXT = """\
argmap: 1
id: scaling-is-over
title: The age of scaling is over
claim: AI progress is moving from scaling pre-training back to research.
by: Ilya Sutskever
premises:
  - id: data-finite
    text: Pre-training data is finite.
    objections:
      - text: Synthetic data may stretch it.
objections:
  - id: scaling-works
    text: Scaling still delivers gains.
    rebuttals:
      - text: The gains no longer show up in the economy.
        attacks: [data-finite]
  - text: Proposed by a model.
    status: proposed
    proposal: {model: test/model, created: "2026-01-01T00:00:00Z"}
"""


@pytest.fixture
def sample() -> ArgumentMap:
    return argmap.loads(TEXT)


def test_walk_yields_the_central_claim_first_in_document_order(sample: ArgumentMap) -> None:
    got = [(e.node.kind, e.node.id, e.relation, e.depth) for e in sample.walk()]
    assert got == [
        ("claim", "scaling-is-over", None, 0),
        ("premise", "data-finite", "premises", 1),
        ("objection", "synthetic-data-may-stretch-it", "objections", 2),
        ("objection", "scaling-works", "objections", 1),
        ("rebuttal", "the-gains-no-longer-show-up-in-the", "rebuttals", 2),
        ("objection", "proposed-by-a-model", "objections", 1),
    ]
    assert sample.text == sample.claim and sample.kind == "claim" and sample.status is None


def test_walk_can_prune_by_status(sample: ArgumentMap) -> None:
    ids = [n.id for n in sample.nodes(statuses={"accepted"})]
    assert "proposed-by-a-model" not in ids and len(ids) == 5


def test_find_parent_path_children(sample: ArgumentMap) -> None:
    rebuttal = sample["the-gains-no-longer-show-up-in-the"]
    assert isinstance(rebuttal, Rebuttal)
    assert sample.parent(rebuttal.id).id == "scaling-works"
    assert sample.relation(rebuttal.id) == "rebuttals"
    assert sample.depth(rebuttal.id) == 2
    assert [n.id for n in sample.path(rebuttal.id)] == ["scaling-is-over", "scaling-works", rebuttal.id]
    assert [n.id for n in sample.children()] == ["data-finite", "scaling-works", "proposed-by-a-model"]
    assert [n.id for n in sample.children("premises")] == ["data-finite"]
    assert sample.find("nope") is None and "nope" not in sample and "data-finite" in sample
    with pytest.raises(KeyError):
        sample["nope"]
    assert list(sample.cross_links()) == [(rebuttal.id, "attacks", "data-finite")]


def test_derived_ids_are_not_written_back(sample: ArgumentMap) -> None:
    node = sample["synthetic-data-may-stretch-it"]
    assert node.derived_id and not sample["data-finite"].derived_id
    assert "id" not in sample.to_data()["premises"][0]["objections"][0]


def test_derived_ids_do_not_change_when_unrelated_nodes_change() -> None:
    before = argmap.loads(TEXT)
    edited = TEXT.replace("Pre-training data is finite.", "Pre-training data is running out.")
    edited = edited.replace(
        "  - text: Proposed by a model.", "  - text: Another objection entirely.\n  - text: Proposed by a model."
    )
    after = argmap.loads(edited)
    for node_id in ("synthetic-data-may-stretch-it", "the-gains-no-longer-show-up-in-the", "proposed-by-a-model"):
        assert node_id in after, node_id
    assert before["synthetic-data-may-stretch-it"].text == after["synthetic-data-may-stretch-it"].text


def test_clashing_derived_ids_depend_on_parent_not_order() -> None:
    one = assign_ids("m", [(None, "Same text", -1), (None, "Same text", 0)])
    two = assign_ids("m", [(None, "Other", -1), (None, "Same text", -1), (None, "Same text", 1)])
    assert one[0] == "same-text" and two[1] == "same-text"
    assert one[1].startswith("same-text-") and two[2].startswith("same-text-")
    assert all(is_slug(i) for i in one + two) and len(set(two)) == 3


def test_slugify() -> None:
    assert slugify("Models generalize dramatically worse than people!") == "models-generalize-dramatically-worse"
    assert slugify("Éducation « pour tous »") == "education-pour-tous"
    assert slugify("Οι Έλληνες πιλότοι").startswith("n-")
    assert len(slugify("x" * 100)) == 40


def test_slugify_of_long_text_cuts_at_the_same_word_as_reading_all_of_it() -> None:
    # ASCII texts are slugged from a prefix; the words past it must never change the id.
    import re

    def reference(text: str, limit: int) -> str:
        slug = "-".join(re.findall(r"[a-z0-9]+", text.lower()))
        if len(slug) > limit:
            cut = slug.rfind("-", 0, limit + 1)
            slug = slug[:cut] if cut > 0 else slug[:limit]
        return slug

    texts = [
        "a" * 103 + " tail",
        "a" * 104 + "b",
        "word " * 30,
        "ab, " * 40 + "!",
        "x" * 41,
        "x" * 39 + " y",
        "-- " * 50 + "late words only",
        "A" * 20 + " B" * 12 + " " + "c" * 60,
        "Tab\tand\nnewline " * 9,
    ]
    for text in texts:
        for limit in (40, 10, 60):
            assert slugify(text, limit) == reference(text, limit), (text, limit)


def test_slugify_many_gives_what_slugify_gives_one_by_one() -> None:
    # Loading derives ids in one batch; every text must get the id slugify gives it alone.
    import random

    rng = random.Random(7)
    alphabet = "abcXYZ019 -_.,!?'\"\n\t\0é→" + "    ----"
    texts = [
        "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 3, 40, 41, 42, 103, 104, 105, 200])))
        for _ in range(3000)
    ]
    texts += [
        "",
        " ",
        "...",
        "a" * 300,
        "ab " * 50,
        "x" * 41 + " y",
        "\0",
        "Οι Έλληνες",
        "-" * 100,
        " " * 200 + "late",
        "Cats are quiet.",
    ]
    for limit in (40, 10):
        assert slugify_many(texts, limit) == [slugify(text, limit) for text in texts]
    ascii_only = [text for text in texts if text.isascii() and "\0" not in text]
    assert slugify_many(ascii_only) == [slugify(text) for text in ascii_only]
    assert slugify_many([]) == []


def test_add_and_remove_keep_the_map_valid(sample: ArgumentMap) -> None:
    added = sample.add("scaling-works", "It depends on the metric.", kind="rebuttal", by="a critic")
    assert added.id == "it-depends-on-the-metric" and added.kind == "rebuttal"
    assert sample.parent(added.id).id == "scaling-works"
    premise = sample.add(added.id, Premise(id="metric-note", text="Evals saturate.", supports=["data-finite"]))
    assert sample["metric-note"] is premise
    with pytest.raises(ValueError, match="answer an objection"):
        sample.add("scaling-works", "Wrong kind.", kind="objection")
    with pytest.raises(ValueError, match="rebuttals answer objections only"):
        sample.add("data-finite", "Wrong kind.", kind="rebuttal")
    with pytest.raises(ValueError, match="already used"):
        sample.add("scaling-is-over", Objection(id="data-finite", text="Dup."))
    with pytest.raises(ValueError, match="unknown id"):
        sample.add("scaling-is-over", Objection(text="Dangling.", attacks=["ghost"]))
    assert "dangling" not in sample
    # Removing a node drops its subtree and cross-links into it.
    sample.remove("data-finite")
    assert "data-finite" not in sample and "synthetic-data-may-stretch-it" not in sample
    assert sample["the-gains-no-longer-show-up-in-the"].attacks == []
    assert premise.supports == []
    with pytest.raises(ValueError):
        sample.remove("scaling-is-over")
    argmap.loads(argmap.dumps(sample))  # still a valid map


def test_nodes_built_in_code() -> None:
    m = ArgumentMap(
        argmap=1,
        id="built",
        claim="Built in code.",
        objections=[Objection(text="An objection.", rebuttals=[Rebuttal(text="A rebuttal.")])],
    )
    assert [n.id for n in m.nodes()] == ["built", "an-objection", "a-rebuttal"]
    text = argmap.dumps(m)
    assert argmap.loads(text).to_data() == m.to_data()
    assert "id: an-objection" not in text


def test_appending_to_lists_directly_is_seen() -> None:
    m = argmap.loads("argmap: 1\nid: m\nclaim: C.\n")
    m.premises.append(Premise(text="Appended."))
    m.refresh()
    assert m["appended"].kind == "premise"
    assert argmap.loads(argmap.dumps(m))["appended"].text == "Appended."


def test_stats(sample: ArgumentMap) -> None:
    s = argmap.stats(sample)
    assert (s.nodes, s.kinds["premise"], s.kinds["objection"], s.kinds["rebuttal"]) == (6, 1, 3, 1)
    assert (s.proposed, s.rejected, s.cross_links, s.depth) == (1, 0, 1, 2)


def test_json_schema_is_committed_and_current() -> None:
    committed = json.loads((ROOT / "schema" / "argmap.schema.json").read_text())
    assert committed == argmap.schema(), "run: argmap schema -o schema/argmap.schema.json"


def test_json_schema_encodes_nesting_rules() -> None:
    schema = argmap.schema()
    defs = schema["$defs"]
    assert "rebuttals" in defs["Objection"]["properties"]
    assert "rebuttals" not in defs["Premise"]["properties"]
    assert "objections" not in defs["Objection"]["properties"]
    assert defs["ClaimMap"]["required"] == ["argmap", "id", "claim"]
    assert defs["QuestionMap"]["required"] == ["argmap", "id", "question"]
    assert {"premises", "objections", "claim"}.isdisjoint(defs["QuestionMap"]["properties"])


def test_every_node_has_a_str_id_once_in_a_map(sample: ArgumentMap) -> None:
    assert all(isinstance(node.id, str) and is_slug(node.id) for node in sample.nodes())
    added = sample.add("data-finite", "Crawls keep growing.", kind="objection")
    assert added.id == "crawls-keep-growing" and added.derived_id
    assert "crawls-keep-growing" not in argmap.dumps(sample)  # derived: still not written


def test_a_null_id_is_a_located_error_not_a_node_without_id() -> None:
    text = "argmap: 1\nid: c\nclaim: C.\npremises:\n  - text: P.\n    id: null\n"
    with pytest.raises(argmap.MapError) as caught:
        argmap.loads(text)
    assert str(caught.value).startswith("<string>:6:") and "'id'" in str(caught.value)


@pytest.mark.parametrize("shape", ["mixed", "short", "deep", "wide", "bare", "flat"])
def test_ids_handed_over_by_the_loader_are_the_ids_derived_afresh(shape: str) -> None:
    # Loading works ids out on the raw data and sets them in one walk; deriving them again
    # from the model (what refresh() does after an edit) must give the same map.
    from argmap.store.origin import loaded_data
    from argmap.validate import root_kind
    from benchmarks.synth import synthetic_yaml

    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "maps").glob("*.yaml"))]
    for text in texts + [synthetic_yaml(400, seed=3, shape=shape)]:
        loaded = argmap.loads(text)
        cls = argmap.QuestionMap if root_kind(loaded_data(loaded)) == "question" else ArgumentMap
        fresh = cls.model_validate(loaded_data(loaded))  # no ids handed over: derived by the model
        pairs = list(zip(loaded.walk(), fresh.walk(), strict=True))
        assert [a.node.id for a, _ in pairs] == [b.node.id for _, b in pairs]
        assert [a.node.model_fields_set for a, _ in pairs] == [b.node.model_fields_set for _, b in pairs]
        assert loaded.to_data() == fresh.to_data() and loaded.model_dump() == fresh.model_dump()
        before = [entry.node.id for entry in loaded.walk()]
        loaded.refresh()
        assert [entry.node.id for entry in loaded.walk()] == before
