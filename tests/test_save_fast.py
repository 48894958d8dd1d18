"""Saving a changed map rewrites only the lines that changed (argmap.store.linepatch).

The fast path is checked against the whole-file path (ruamel.yaml's round trip of the
whole document): on random maps with comments sprinkled in and random edits made
through the model API, both must read back as the edited map, the fast one must keep
every comment the whole-file one keeps (and, unless nodes were removed, every comment),
and for the common edits (add a node, set or clear a status, change a text) the two
must write the same bytes.
"""

from __future__ import annotations

import copy
import difflib
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import argmap
from argmap import MapError
from argmap.model import Proposal, unset
from argmap.store import fast as fastyaml
from argmap.store import linepatch as textpatch
from argmap.store.data import same
from argmap.store.origin import loaded_data
from argmap.store.writer import string_style
from argmap.store.yamlio import dump_data, parse, patch_text, patch_whole
from benchmarks.synth import synthetic_yaml, to_yaml
from tests.conftest import examples
from tests.test_robust_fuzz import TEXT, differences, valid_maps

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMMENT = re.compile(r"# c\d+\b")


def comments(text: str) -> list[str]:
    return COMMENT.findall(text)


def fast(text: str, old: Any, new: Any) -> str:
    """The fast path's result; fails the test if it gives up (callers expect it not to)."""
    return textpatch.patch_or_give_up(text, old, new)[0]


def fast_subset(text: str) -> bool:
    """Whether the fast reader takes the text (the fast path gives up on anything else)."""
    try:
        fastyaml.parse(text)
    except fastyaml.Unsupported:
        return False
    return True


def reads_as(text: str, data: Any) -> bool:
    parsed = parse(text)
    return not parsed.problems and same(parsed.data, data)


# -- random maps, comments and edits ---------------------------------------------------------------


def sprinkle(text: str, rng: random.Random, count: int) -> str:
    """``text`` with up to ``count`` numbered comments added where they do not change the data:
    whole lines at the indentation of a neighbour (or at the left margin), and after values."""
    data = parse(text).data
    lines = text.split("\n")
    for number in range(count):
        trial = list(lines)
        at = rng.randrange(len(trial))
        if rng.random() < 0.6 or not trial[at].strip():
            near = trial[min(at, len(trial) - 1)] or (trial[at - 1] if at else "")
            indent = 0 if rng.random() < 0.3 else len(near) - len(near.lstrip(" "))
            trial.insert(at, " " * indent + f"# c{number}")
        else:
            trial[at] += f"{' ' * rng.randint(1, 3)}# c{number}"
        if rng.random() < 0.2:
            trial.insert(at, "")
        candidate = "\n".join(trial)
        try:
            if reads_as(candidate, data) and f"# c{number}" in candidate:
                lines = trial
        except MapError:
            pass
    return "\n".join(lines)


EDITS = [
    "add",
    "add-proposal",
    "remove",
    "text",
    "by",
    "weight",
    "tags",
    "set-status",
    "clear-status",
    "set-proposal",
    "clear-proposal",
    "accept",
    "reject",
    "link",
    "unlink",
]
#: Edits for which the fast and the whole-file path must write the same bytes (no comments around).
COMMON = ["add", "add-proposal", "text", "set-status", "clear-status", "reject", "accept"]


def edit(m: argmap.ArgumentMap, action: str, pick: Callable[[list[Any]], Any], text: str) -> bool:
    """Make one edit through the model API, as a user, a critique or a review would; False if it does not apply."""
    nodes = list(m.nodes())[1:]
    proposals = [n for n in nodes if n.proposal is not None or n.status is not None]
    if action in ("add", "add-proposal"):
        parent = pick(list(m.nodes()))
        kind = pick(["rebuttal", "premise"] if parent.kind == "objection" else ["objection", "premise"])
        fields: dict[str, Any] = {"by": "a tester"} if len(text) % 2 else {}
        if action == "add-proposal":
            fields.update(
                status="proposed", proposal=Proposal(model="test/model", created="2026-01-02T03:04:05Z", rationale=text)
            )
        m.add(parent.id, text, kind=kind, **fields)
        return True
    if action in ("accept", "reject"):
        if not proposals:
            return False
        node = pick(proposals)
        if action == "reject":
            if node.proposal is None:
                return False
            m.reject(node.id, pick(["duplicate", "unclear", f"other: {text}"]))
        else:
            m.accept(node.id, text=pick([None, text]))
        return True
    if not nodes:
        return False
    node = pick(nodes)
    if action == "remove":
        m.remove(node.id)
    elif action == "text":
        node.text = text
    elif action == "by":
        node.by = pick([text, None])
    elif action == "weight":
        node.weight = pick([0.0, 0.3, 1.0, 0.8125])
    elif action == "tags":
        node.tags = pick([[*node.tags, text], node.tags[1:], [text]])
    elif action == "set-status":
        node.status = pick(["proposed", "rejected"])
    elif action == "clear-status":
        unset(node, "status")
    elif action == "set-proposal":
        node.proposal = Proposal(model=text, created="2026-01-02T03:04:05Z")
    elif action == "clear-proposal":
        unset(node, "proposal")
    elif action == "link":
        targets = [n.id for n in nodes if n is not node]
        if not targets:
            return False
        link = pick(["supports", "attacks"])
        setattr(node, link, [*getattr(node, link), pick(targets)])
    elif action == "unlink":
        if not (node.supports or node.attacks):
            return False
        node.supports, node.attacks = node.supports[1:], node.attacks[:-1]
    m.refresh()
    return True


def lettered(data: dict[str, Any]) -> dict[str, Any]:
    """The map with source keys that start with a letter, as real ones do (a key such as
    "0abc" is outside the fast reader's subset, and these tests are about the fast path)."""
    renamed = copy.deepcopy(data)
    if "sources" in renamed:
        renamed["sources"] = {"s" + key: value for key, value in renamed["sources"].items()}
    stack = [renamed]
    while stack:
        node = stack.pop()
        for cite in [node["cite"]] if "cite" in node else []:
            cite["source"] = "s" + cite["source"]
        for relation in ("premises", "objections", "rebuttals"):
            stack.extend(node.get(relation, []))
    return renamed


def valid(data: Any) -> bool:
    try:
        argmap.loads(dump_data(data))
    except MapError:
        return False
    return True


def layouts(data: dict[str, Any]) -> st.SearchStrategy[str]:
    """The map written in argmap's house style, or in the layout of benchmarks/synth.py."""
    texts = [dump_data(data)]
    try:
        other = to_yaml(data)
        if reads_as(other, parse(texts[0]).data):
            texts.append(other)
    except MapError:
        pass
    return st.sampled_from(texts)


@SETTINGS
@given(valid_maps().map(lettered), st.data())
def test_fast_path_agrees_with_the_whole_file_path(data: dict[str, Any], draw: st.DataObject) -> None:
    text = draw.draw(layouts(data))
    rng = random.Random(draw.draw(st.integers(0, 2**32)))
    text = sprinkle(text, rng, draw.draw(st.integers(0, 8)))
    m = argmap.loads(text)
    old = copy.deepcopy(loaded_data(m))
    actions = draw.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
    applied = [
        a for a in actions if edit(m, a, lambda xs: draw.draw(st.sampled_from(xs)), draw.draw(TEXT).strip() or "x")
    ]
    assume(applied)
    new = m.to_data()
    assume(valid(new) and not same(old, new))

    whole = patch_whole(text, old, new)
    try:
        quick = fast(text, old, new)
    except textpatch.GiveUp as exc:
        event(f"fell back: {exc}")
        return
    assert reads_as(quick, new), differences(parse(quick).data, new)
    kept = comments(quick)
    assert len(kept) == len(set(kept))
    assert set(comments(whole)) <= set(kept), "the fast path lost a comment the whole-file path kept"
    if "remove" not in applied:
        assert kept == comments(text), "a comment was lost or moved out of order"
    event("byte-identical" if quick == whole else "differs")


@SETTINGS
@given(valid_maps().map(lettered), st.data())
def test_common_edits_write_what_the_whole_file_path_writes(data: dict[str, Any], draw: st.DataObject) -> None:
    text = draw.draw(layouts(data))
    assume(fast_subset(text))
    m = argmap.loads(text)
    old = copy.deepcopy(loaded_data(m))
    action = draw.draw(st.sampled_from(COMMON))
    assume(edit(m, action, lambda xs: draw.draw(st.sampled_from(xs)), draw.draw(TEXT).strip() or "x"))
    new = m.to_data()
    assume(valid(new) and not same(old, new))
    quick = fast(text, old, new)
    assert quick == patch_whole(text, old, new)


def test_common_edits_of_synthetic_maps_are_byte_identical() -> None:
    """Counted over many edits of maps in the benchmarks' layout: all byte-identical."""
    rng = random.Random(7)
    counts = {"identical": 0, "differs": 0}
    for seed in range(6):
        text = synthetic_yaml(60, seed=seed)  # the layout matters here, not the size
        for _ in range(12):
            m = argmap.loads(text)
            old = loaded_data(m)
            action = rng.choice(COMMON)
            if not edit(m, action, rng.choice, f"An edit number {rng.randint(0, 999)}."):
                continue
            new = m.to_data()
            quick = fast(text, old, new)
            assert reads_as(quick, new)
            counts["identical" if quick == patch_whole(text, old, new) else "differs"] += 1
    assert counts["differs"] == 0 and counts["identical"] > 50, counts


# -- hand-written cases ------------------------------------------------------------------------------

COMMENTED = """\
# yaml-language-server: $schema=../schema/argmap.schema.json
# Kept in git: every comment must survive a save.
argmap: 1
id: commented
claim: Scaling is over.   # the thesis
description: |
  A literal block
  over two lines.
premises:
  # the strongest first
  - id: data-finite
    text: Data is finite.
    by: Ilya Sutskever   # from the interview

  - id: compute-big
    text: Compute is big.
    status: proposed   # waiting for review
    proposal:
      model: test/model
      created: '2026-01-01T00:00:00Z'
    # end of compute-big
  # end of premises
objections:
  - id: synthetic-data
    text: Synthetic data breaks the wall.
    tags: [data, wall]
    rebuttals:
      - text: |
          Synthetic data
          is not new information.
# the last node is above
"""
DECIDED = "2026-02-03T04:05:06Z"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.model.utc_now", lambda: DECIDED)


def saved(text: str, change: Callable[[argmap.ArgumentMap], Any]) -> str:
    """What the fast path writes after ``change``; it must not give up and must read back right."""
    m = argmap.loads(text)
    old = copy.deepcopy(loaded_data(m))
    change(m)
    new = m.to_data()
    result = fast(text, old, new)
    assert reads_as(result, new), differences(parse(result).data, new)
    return result


def whole(text: str, change: Callable[[argmap.ArgumentMap], Any]) -> str:
    m = argmap.loads(text)
    old = copy.deepcopy(loaded_data(m))
    change(m)
    return patch_whole(text, old, m.to_data())


def replaced(text: str, *pairs: tuple[str, str]) -> str:
    for before, after in pairs:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    return text


def last_id(text: str) -> str:
    return list(argmap.loads(text).nodes())[-1].id


COMMENTED_CASES: dict[str, tuple[Callable[[argmap.ArgumentMap], Any], list[tuple[str, str]]]] = {
    # after the comment indented under the last item, before the one at the list's own indentation
    "append a premise": (
        lambda m: m.add("commented", "Returns diminish.", kind="premise"),
        [("    # end of compute-big\n", "    # end of compute-big\n  - text: Returns diminish.\n")],
    ),
    "append after a literal block, before the last comment": (
        lambda m: m.add("synthetic-data", "It is, for maths.", kind="rebuttal", by="a critic"),
        [
            (
                "          is not new information.\n",
                "          is not new information.\n      - text: It is, for maths.\n        by: a critic\n",
            )
        ],
    ),
    "reject a proposal": (
        lambda m: m.reject("compute-big", "duplicate"),
        [
            ("status: proposed", "status: rejected"),
            (
                "      created: '2026-01-01T00:00:00Z'\n",
                f"      created: '2026-01-01T00:00:00Z'\n      reason: duplicate\n      decided: '{DECIDED}'\n",
            ),
        ],
    ),
    "accept a proposal: its status goes, the comment on it stays": (
        lambda m: m.accept("compute-big"),
        [
            ("    status: proposed   # waiting for review\n", "    # waiting for review\n"),
            (
                "      created: '2026-01-01T00:00:00Z'\n",
                f"      created: '2026-01-01T00:00:00Z'\n      decided: '{DECIDED}'\n",
            ),
        ],
    ),
    "change a value with a comment after it": (
        lambda m: setattr(m["data-finite"], "by", "the editorial"),
        [("by: Ilya Sutskever   #", "by: the editorial   #")],
    ),
    "change the claim": (
        lambda m: setattr(m, "claim", "Scaling is not over."),
        [("claim: Scaling is over.   #", "claim: Scaling is not over.   #")],
    ),
    "change a literal block": (
        lambda m: setattr(m[last_id(COMMENTED)], "text", "Synthetic data\nadds nothing.\n"),
        [("          is not new information.\n", "          adds nothing.\n")],
    ),
    "change a flow list": (
        lambda m: setattr(m["synthetic-data"], "tags", ["data", "wall", "new"]),
        [("tags: [data, wall]", "tags: [data, wall, new]")],
    ),
    "set a status": (
        lambda m: setattr(m["data-finite"], "status", "proposed"),
        [("   # from the interview\n", "   # from the interview\n    status: proposed\n")],
    ),
    "add a cross-link": (
        lambda m: setattr(m["synthetic-data"], "attacks", ["data-finite"]),
        [("    tags: [data, wall]\n", "    tags: [data, wall]\n    attacks: [data-finite]\n")],
    ),
    "remove a node": (
        lambda m: m.remove("data-finite"),
        [("  - id: data-finite\n    text: Data is finite.\n    by: Ilya Sutskever   # from the interview\n", "")],
    ),
}


@pytest.mark.parametrize("name", list(COMMENTED_CASES))
def test_edits_of_a_commented_map_touch_only_their_lines(name: str) -> None:
    change, pairs = COMMENTED_CASES[name]
    assert saved(COMMENTED, change) == replaced(COMMENTED, *pairs)


def test_where_the_fast_path_differs_from_the_whole_file_path() -> None:
    # ruamel.yaml moves a new key below the comment after the key before it ...
    change = COMMENTED_CASES["set a status"][0]
    assert "# from the interview\n\n    status: proposed" in whole(COMMENTED, change)
    assert "# from the interview\n    status: proposed\n\n" in saved(COMMENTED, change)
    # ... and drops the comment of a key it removes.
    accept = COMMENTED_CASES["accept a proposal: its status goes, the comment on it stays"][0]
    assert "waiting for review" not in whole(COMMENTED, accept)


def test_the_same_edits_through_save(tmp_path: Path) -> None:
    path = tmp_path / "commented.yaml"
    path.write_text(COMMENTED)
    m = argmap.load(path)
    m.add("synthetic-data", "It is, for maths.", kind="rebuttal", by="a critic")
    argmap.save(m)
    m.reject("compute-big", "duplicate")
    argmap.save(m)
    expected = replaced(
        COMMENTED,
        *COMMENTED_CASES["append after a literal block, before the last comment"][1],
        *COMMENTED_CASES["reject a proposal"][1],
    )
    assert path.read_text() == expected
    assert argmap.load(path).to_data() == m.to_data()


def test_crlf_line_endings_are_kept() -> None:
    text = COMMENTED.replace("\n", "\r\n")
    change, pairs = COMMENTED_CASES["reject a proposal"]
    assert saved(text, change) == replaced(COMMENTED, *pairs).replace("\n", "\r\n")


def test_a_byte_order_mark_is_kept() -> None:
    change, pairs = COMMENTED_CASES["append a premise"]
    assert saved("\ufeff" + COMMENTED, change) == "\ufeff" + replaced(COMMENTED, *pairs)


def test_the_first_key_of_an_item_can_change() -> None:
    text = "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.   # first\n    by: x\n  - text: B.\n"

    def give_id(m: argmap.ArgumentMap) -> None:
        m[m.premises[0].id].id = "a"
        m.refresh()

    result = saved(text, give_id)
    assert result == whole(text, give_id)
    assert "  - id: a\n    text: A.   # first\n    by: x\n" in result


def test_a_list_that_becomes_empty() -> None:
    text = "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.\nobjections:\n  - text: O.\n"
    result = saved(text, lambda m: m.remove(m.premises[0].id))
    assert result == "argmap: 1\nid: m\nclaim: C.\npremises: []\nobjections:\n  - text: O.\n"


def test_items_added_in_the_middle_and_removed() -> None:
    text = synthetic_yaml(40, seed=1)

    def change(m: argmap.ArgumentMap) -> None:
        first, *_ = m.premises
        m.premises.insert(1, argmap.Premise(text="Inserted in the middle."))
        m.remove(m.premises[-1].id)
        first.text = "Changed too."
        m.refresh()

    assert saved(text, change) == whole(text, change)


# -- maps/age-of-research.yaml ----------------------------------------------------------------------

AGE = (ROOT / "maps" / "age-of-research.yaml").read_text(encoding="utf-8")

AGE_EDITS: dict[str, Callable[[argmap.ArgumentMap], Any]] = {
    "add an objection under the last node": lambda m: m.add("counterarguments-compelling", "Not so.", kind="rebuttal"),
    "add a proposal deep down": lambda m: m.add(
        "rl-no-clean-laws",
        "RL has scaling laws of its own.",
        kind="objection",
        status="proposed",
        proposal=Proposal(model="test/model", created="2026-01-02T03:04:05Z", rationale="Later work found some."),
    ),
    "change a text": lambda m: setattr(m["rl-no-clean-laws"], "text", "RL follows no clean law."),
    "remove a node": lambda m: m.remove("no-qualitative-leap"),
    "add a tag to a block list": lambda m: setattr(m["hinton-own-data"], "tags", [*m["hinton-own-data"].tags, "x"]),
    "drop a cross-link": lambda m: setattr(m["hinton-own-data"], "supports", []),
    "add a cross-link": lambda m: setattr(m["next-recipe-open"], "attacks", ["hinton-own-data"]),
    "add a cite to a block list": lambda m: m["data-is-finite"].cites.append(argmap.Cite(source="notes", at="1:00")),
    "change the title": lambda m: setattr(m, "title", "Scaling is over"),
}
#: Lines each edit removes and adds, no more.
AGE_LINES = {
    "add an objection under the last node": (0, 2),
    "add a proposal deep down": (0, 7),
    "change a text": (1, 1),
    "remove a node": (20, 0),
    "add a tag to a block list": (0, 1),
    "drop a cross-link": (2, 1),
    "add a cross-link": (0, 1),
    "add a cite to a block list": (0, 1),
    "change the title": (1, 1),
}


@pytest.mark.parametrize("name", list(AGE_EDITS))
def test_edits_of_age_of_research_change_only_their_lines(name: str) -> None:
    change = AGE_EDITS[name]
    result = saved(AGE, change)
    assert result == whole(AGE, change)
    diff = [line[0] for line in difflib.ndiff(AGE.splitlines(), result.splitlines()) if line[:2] in ("- ", "+ ")]
    assert (diff.count("-"), diff.count("+")) == AGE_LINES[name]


def test_review_of_age_of_research_through_save(tmp_path: Path) -> None:
    path = tmp_path / "age.yaml"
    path.write_text(AGE)
    m = argmap.load(path)
    AGE_EDITS["add a proposal deep down"](m)
    argmap.save(m)
    proposal = [n for n in m.nodes() if n.status == "proposed"][0]
    m.reject(proposal.id, "unsupported")
    argmap.save(m)
    m.accept(proposal.id)
    argmap.save(m)
    text = path.read_text()
    assert argmap.load(path).to_data() == m.to_data()
    added = [line for line in difflib.ndiff(AGE.splitlines(), text.splitlines()) if line.startswith("+ ")]
    removed = [line for line in difflib.ndiff(AGE.splitlines(), text.splitlines()) if line.startswith("- ")]
    assert removed == []
    assert [line[2:].strip() for line in added] == [
        "objections:",
        "- text: RL has scaling laws of its own.",
        "proposal:",
        "model: test/model",
        "created: '2026-01-02T03:04:05Z'",
        "rationale: Later work found some.",
        f"decided: '{DECIDED}'",
    ]


# -- falling back --------------------------------------------------------------------------------------

FALLBACKS = {
    "anchors and aliases": "argmap: 1\nid: m\nclaim: &c C.\npremises:\n  - text: *c\n",
    "a directive": "%YAML 1.2\n---\nargmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.\n",
    "tabs": 'argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: "A\tB."\n',
    "mixed line endings": "argmap: 1\r\nid: m\nclaim: C.\npremises:\n  - text: A.\n",
    "a multi-line plain scalar": "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A long\n      text.\n",
    "a flow mapping over two lines": "argmap: 1\nid: m\nclaim: C.\npremises:\n  - {text: A.,\n     note: n}\n",
}


@pytest.mark.parametrize("name", list(FALLBACKS))
def test_what_the_fast_path_is_not_sure_of_goes_the_whole_file_way(name: str) -> None:
    text = FALLBACKS[name]
    old = parse(text).data
    new = copy.deepcopy(old)
    node = new.get("premises", [{}])[0] if "premises" in new else new
    node["by"] = "someone else"
    assert textpatch.patch(text, old, new) is None
    assert patch_text(text, old, new) == patch_whole(text, old, new)


def test_a_comment_left_of_an_entry_that_is_round_tripped() -> None:
    # The first key of an item changes, so the item goes through ruamel.yaml on its own; a
    # comment indented less than the item cannot be cut out with it: the whole file goes.
    text = (
        "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: P.\n    objections:\n      - text: O.\n"
        "# left\n        by: x\n"
    )
    old = parse(text).data
    new = copy.deepcopy(old)
    del new["premises"][0]["objections"][0]["text"]
    new["premises"][0]["objections"][0] = {"id": "o", "text": "O.", "by": "x"}
    assert textpatch.patch(text, old, new) is None
    assert patch_text(text, old, new) == patch_whole(text, old, new)


def test_a_large_map_is_saved_without_the_whole_file_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(synthetic_yaml(3000, seed=2))
    m = argmap.load(path)

    def one_entry_only(text: str, *args: Any, **kwargs: Any) -> str:
        assert len(text) < 1000, "the whole file went through ruamel.yaml"
        return patch_whole(text, *args, **kwargs)

    monkeypatch.setattr("argmap.store.wholefile.patch_whole", one_entry_only)
    deep = max(m.walk(), key=lambda e: e.depth).node
    m.add(
        deep.id,
        "An objection added deep down.",
        kind="rebuttal" if deep.kind == "objection" else "objection",
        status="proposed",
        proposal=Proposal(model="test/model", created="2026-01-02T03:04:05Z"),
    )
    argmap.save(m)
    proposed = [n for n in m.nodes() if n.status == "proposed"]
    m.reject(proposed[0].id, "unclear")
    argmap.save(m)
    assert argmap.load(path).to_data() == m.to_data()


# -- the whole-file path, which shares the list edit script ---------------------------------------


def test_a_node_edited_beside_an_added_one_keeps_its_comments_and_key_order() -> None:
    # difflib sees one item become two; both paths used to rewrite the edited node afresh.
    text = "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.\n    # about A\n    by: x\n"

    def change(m: argmap.ArgumentMap) -> None:
        m.premises[0].weight = 0.8
        m.add("m", "B.", kind="premise")

    expected = (
        "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.\n    # about A\n    by: x\n    weight: 0.8\n"
        "  - text: B.\n"
    )
    assert whole(text, change) == expected
    assert saved(text, change) == expected


def test_a_blank_line_and_a_comment_at_the_top_are_not_doubled() -> None:
    text = "\n# about this map\nargmap: 1\nid: m\nclaim: C.\n"
    old = parse(text).data
    assert patch_whole(text, old, {**old, "claim": "D."}) == "\n# about this map\nargmap: 1\nid: m\nclaim: D.\n"


def test_a_reworded_node_keeps_its_comment_when_a_sibling_is_added() -> None:
    # The node has no written id, so only its (changed) text could name it; the added sibling
    # makes the changed run longer, and both paths used to rewrite the item without its comment.
    text = "argmap: 1\nid: cats\nclaim: C.\npremises:\n  - text: Cats are quiet.   # checked with Ann\n    by: Bob\n"

    def change(m: argmap.ArgumentMap) -> None:
        m["cats-are-quiet"].text = "Cats are quiet at night."
        m.add("cats", "Cats are clean.", kind="premise")

    for result in (saved(text, change), whole(text, change)):
        assert re.search(r"- text: Cats are quiet at night\. +# checked with Ann\n    by: Bob\n", result)
        assert result.endswith("  - text: Cats are clean.\n")


def test_an_escape_on_a_line_no_edit_touches_is_kept_as_written() -> None:
    # benchmarks/synth.py writes ESC as \u001b, argmap's writer as \e: both read the same. The
    # whole-file path used to write every double-quoted string in ruamel.yaml's spelling.
    text = 'argmap: 1\nid: "0"\nclaim: "0"\npremises:\n  - text: "0"\n    by: "\\u001b\\t"\n'

    def change(m: argmap.ArgumentMap) -> None:
        m.premises[0].status = "proposed"

    expected = text + "    status: proposed\n"
    assert saved(text, change) == expected
    assert whole(text, change) == expected
    assert yaml.load(expected, Loader=yaml.CSafeLoader)["premises"][0]["by"] == "\x1b\t"
    assert argmap.loads(expected).premises[0].by == "\x1b\t"


def test_a_changed_double_quoted_string_is_written_in_the_writers_spelling() -> None:
    text = 'argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: A.\n    by: "\\u001b\\t"   # who\n'

    def change(m: argmap.ArgumentMap) -> None:
        m.premises[0].by = "\x1b\tx"

    assert string_style("\x1b\tx") == '"'
    for result in (saved(text, change), whole(text, change)):
        assert '    by: "\\e\\tx"' in result and result.endswith("# who\n")


def test_a_node_reworded_beyond_recognition_keeps_its_comment_when_a_sibling_is_added() -> None:
    # Nothing of the old text is left to pair the node by, but the list only grew, so no
    # item has to go: both paths used to write the node anew and drop its comment.
    text = "argmap: 1\nid: m\nclaim: C.\npremises:\n  - text: Cats are quiet.\n    weight: 0   # from the survey\n"

    def change(m: argmap.ArgumentMap) -> None:
        m["cats-are-quiet"].text = "0"
        m.refresh()
        m.add("m", "Dogs bark.", kind="premise")

    expected = (
        "argmap: 1\nid: m\nclaim: C.\npremises:\n"
        "  - text: '0'\n    weight: 0   # from the survey\n  - text: Dogs bark.\n"
    )
    assert saved(text, change) == expected
    assert whole(text, change) == expected


def test_a_reworded_node_keeps_its_comment_when_a_different_sibling_is_removed() -> None:
    text = (
        "argmap: 1\nid: cats\nclaim: C.\npremises:\n"
        "  - text: Dogs bark at night.\n"
        "  - text: Cats are quiet.   # checked with Ann\n    by: Bob\n"
    )

    def change(m: argmap.ArgumentMap) -> None:
        m["cats-are-quiet"].text = "Cats are quiet at night."
        m.remove("dogs-bark-at-night")

    for result in (saved(text, change), whole(text, change)):
        assert "Dogs" not in result
        assert re.search(r"\n  - text: Cats are quiet at night\. +# checked with Ann\n    by: Bob\n", result)
