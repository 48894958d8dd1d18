"""Saving a changed map rewrites only the lines that changed (argmap.textpatch).

The fast path is checked against the whole-file path (ruamel.yaml's round trip of the
whole document): on random maps with comments sprinkled in and random edits made
through the model API, both must read back as the edited map, the fast one must keep
every comment the whole-file one keeps (and, unless nodes were removed, every comment),
and for the common edits (add a node, set or clear a status, change a text) the two
must write the same bytes.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import argmap
from argmap import MapError, fastyaml, textpatch
from argmap.model import Proposal, unset
from argmap.yamlio import _same, dump_data, parse, patch_text, patch_whole

from benchmarks.synth import synthetic_yaml, to_yaml
from tests.test_robust_fuzz import TEXT, differences, valid_maps

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
    return not parsed.problems and _same(parsed.data, data)


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


EDITS = ["add", "add-proposal", "remove", "text", "by", "weight", "tags", "set-status", "clear-status",
         "set-proposal", "clear-proposal", "accept", "reject", "link", "unlink"]
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
            fields.update(status="proposed", proposal=Proposal(model="test/model", created="2026-01-02T03:04:05Z",
                                                              rationale=text))
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
    text = json.dumps(data)
    for key in data.get("sources", {}):
        text = text.replace(json.dumps(key), json.dumps("s" + key))
    renamed = json.loads(text)
    return renamed if reads_as(dump_data(renamed), renamed) else data


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
    old = copy.deepcopy(m._origin.data)
    actions = draw.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
    applied = [a for a in actions
               if edit(m, a, lambda xs: draw.draw(st.sampled_from(xs)), draw.draw(TEXT).strip() or "x")]
    assume(applied)
    new = m.to_data()
    assume(valid(new) and not _same(old, new))

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
    old = copy.deepcopy(m._origin.data)
    action = draw.draw(st.sampled_from(COMMON))
    assume(edit(m, action, lambda xs: draw.draw(st.sampled_from(xs)), draw.draw(TEXT).strip() or "x"))
    new = m.to_data()
    assume(valid(new) and not _same(old, new))
    quick = fast(text, old, new)
    assert quick == patch_whole(text, old, new)


def test_common_edits_of_synthetic_maps_are_byte_identical() -> None:
    """Counted over many edits of maps in the benchmarks' layout: all byte-identical."""
    rng = random.Random(7)
    counts = {"identical": 0, "differs": 0}
    for seed in range(6):
        text = synthetic_yaml(120, seed=seed)
        for _ in range(12):
            m = argmap.loads(text)
            old = m._origin.data
            action = rng.choice(COMMON)
            if not edit(m, action, rng.choice, f"An edit number {rng.randint(0, 999)}."):
                continue
            new = m.to_data()
            quick = fast(text, old, new)
            assert reads_as(quick, new)
            counts["identical" if quick == patch_whole(text, old, new) else "differs"] += 1
    assert counts["differs"] == 0 and counts["identical"] > 50, counts
