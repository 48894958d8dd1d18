"""The vocabulary table and the model agree: the table is the only place the rules are written."""

from __future__ import annotations

import argmap
from argmap import vocabulary as v
from argmap.model import NODE_CLASSES, ArgumentMap, QuestionMap


def test_each_model_class_has_exactly_the_child_lists_the_table_gives_its_kind() -> None:
    classes = {"claim": ArgumentMap, "question": QuestionMap, **NODE_CLASSES}
    assert set(classes) == set(v.KINDS)
    for kind, cls in classes.items():
        assert cls.kind == kind and cls.relations == v.RELATIONS[kind]
        lists = {name for name in cls.model_fields if name in v.CHILD_LISTS and not cls.model_fields[name].exclude}
        if kind == "question":
            lists -= {"premises", "objections"}  # inherited from the claim map, refused by the question map
        assert lists == set(v.RELATIONS[kind]), kind
    for relation, kind in v.KIND_OF_RELATION.items():
        assert NODE_CLASSES[kind].kind == kind and v.RELATION_OF_KIND[kind] == relation


def test_the_table_answers_the_questions_the_code_asks() -> None:
    assert v.ATTACK_KINDS == ("objection", "rebuttal")
    assert [v.tree_link(k) for k in ("premise", "objection", "rebuttal")] == ["supports", "attacks", "attacks"]
    assert v.child_kind("objection", "attack") == "rebuttal" and v.child_kind("premise", "attack") == "objection"
    assert v.child_kind("question", "support") is None  # positions answer a question; they do not support it
    assert v.relation_of("objection", "rebuttal") == "rebuttals" and v.relation_of("claim", "rebuttal") is None
    assert v.polarity_of_kind("position") == "answer"


def test_what_the_table_forbids_the_model_refuses() -> None:
    m = argmap.loads("argmap: 1\nid: c\nclaim: C.\nobjections:\n  - id: o\n    text: O.\n")
    for parent in ("c", "o"):
        for kind in ("premise", "objection", "rebuttal"):
            allowed = v.relation_of(m[parent].kind, kind) is not None
            try:
                m.add(parent, f"A {kind} under {parent}.", kind=kind)
            except argmap.NodeError:
                assert not allowed, (parent, kind)
            else:
                assert allowed, (parent, kind)
