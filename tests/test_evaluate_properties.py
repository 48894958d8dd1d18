"""Property tests: evaluation agrees with brute-force references on random small graphs and maps.

The references here follow the definitions literally and share no code with argmap:
the grounded extension as the least fixpoint of Dung's characteristic function, checked
against every complete labelling found by enumeration, and DF-QuAD by direct recursion
with the aggregation applied pairwise as in the original paper.
"""

from __future__ import annotations

import itertools
from functools import reduce
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap import Evaluation, evaluate, evaluate_graph
from argmap.store.yamlio import dump_data

Edges = set[tuple[str, str]]
WEIGHTS = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0.0, 1.0)
SETTINGS = settings(max_examples=300, deadline=None)


# -- references --------------------------------------------------------------------------------------


def reference_grounded(ids: list[str], attacks: Edges) -> dict[str, str]:
    """Least fixpoint of F(S) = {a | every attacker of a is attacked by S}, from the empty set."""
    attackers = {a: {s for s, t in attacks if t == a} for a in ids}
    chosen: set[str] = set()
    while True:
        defended = {a for a in ids if all(any((d, b) in attacks for d in chosen) for b in attackers[a])}
        if defended == chosen:
            break
        chosen = defended
    beaten = {a for a in ids if attackers[a] & chosen}
    return {a: "in" if a in chosen else "out" if a in beaten else "undec" for a in ids}


def complete_labellings(ids: list[str], attacks: Edges) -> list[dict[str, str]]:
    """Every complete labelling, by trying all 3^n assignments."""
    attackers = {a: [s for s, t in attacks if t == a] for a in ids}
    found = []
    for values in itertools.product(("in", "out", "undec"), repeat=len(ids)):
        labelling = dict(zip(ids, values))
        if all(
            (labelling[a] == "in") == all(labelling[b] == "out" for b in attackers[a])
            and (labelling[a] == "out") == any(labelling[b] == "in" for b in attackers[a])
            for a in ids
        ):
            found.append(labelling)
    return found


def pairwise(values: list[float]) -> float:
    """The paper's F: F(v1, v2) = v1 + v2 - v1*v2, folded over the values; 0 for none."""
    return reduce(lambda x, y: x + y - x * y, values, 0.0)


def dfquad(base: float, attack: float, support: float) -> float:
    if attack >= support:
        return base - base * abs(support - attack)
    return base + (1 - base) * abs(support - attack)


def reference_strengths(weights: dict[str, float], attacks: Edges, supports: Edges) -> dict[str, float]:
    """DF-QuAD on an acyclic graph by plain recursion with a memo (small graphs only)."""
    memo: dict[str, float] = {}

    def strength(a: str) -> float:
        if a not in memo:
            attack = pairwise([strength(s) for s, t in sorted(attacks) if t == a])
            support = pairwise([strength(s) for s, t in sorted(supports) if t == a])
            memo[a] = dfquad(weights[a], attack, support)
        return memo[a]

    return {a: strength(a) for a in weights}


def has_cycle(ids: list[str], edges: Edges) -> bool:
    reach = {a: {t for s, t in edges if s == a} for a in ids}
    for k in ids:  # transitive closure, Floyd-Warshall style
        for a in ids:
            if k in reach[a]:
                reach[a] |= reach[k]
    return any(a in reach[a] for a in ids)


# -- strategies ---------------------------------------------------------------------------------------


@st.composite
def graphs(draw: Any, max_nodes: int = 6, acyclic: bool = False) -> tuple[dict[str, float], Edges, Edges]:
    n = draw(st.integers(1, max_nodes))
    ids = [f"a{i}" for i in range(n)]
    weights = {a: draw(WEIGHTS) for a in ids}
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))  # self-loops included
    if acyclic:  # edges from later to earlier arguments only
        pairs = pairs.filter(lambda p: p[0] != p[1]).map(lambda p: (max(p), min(p)))
    attacks = {(ids[s], ids[t]) for s, t in draw(st.lists(pairs, max_size=3 * n))}
    supports = {(ids[s], ids[t]) for s, t in draw(st.lists(pairs, max_size=2 * n))}
    return weights, attacks, supports


def check_fixpoint(result: Evaluation, weights: dict[str, float], attacks: Edges, supports: Edges) -> None:
    # Iteration stops once no strength moves by more than the tolerance (1e-9), so
    # allow a little more than that for the error to spread through a few edges.
    for a, node in result.nodes.items():
        attack = pairwise([result.nodes[s].strength for s, t in attacks if t == a])
        support = pairwise([result.nodes[s].strength for s, t in supports if t == a])
        assert node.attack == _approx(attack, 1e-7) and node.support == _approx(support, 1e-7)
        assert node.strength == _approx(dfquad(weights[a], attack, support), 1e-7), a


def _approx(value: float, tolerance: float = 1e-9) -> Any:
    import pytest

    return pytest.approx(value, abs=tolerance)


# -- abstract graphs ------------------------------------------------------------------------------------


@SETTINGS
@given(graphs())
def test_grounded_labels_match_the_least_fixpoint(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    result = evaluate_graph(weights, attacks, supports)
    assert {a: node.label for a, node in result.nodes.items()} == reference_grounded(list(weights), attacks)


@settings(max_examples=150, deadline=None)
@given(graphs(max_nodes=5))
def test_grounded_is_the_least_complete_labelling(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, _ = graph
    ids = list(weights)
    mine = {a: node.label for a, node in evaluate_graph(weights, attacks).nodes.items()}
    complete = complete_labellings(ids, attacks)
    assert mine in complete
    in_mine = {a for a in ids if mine[a] == "in"}
    assert all(in_mine <= {a for a in ids if other[a] == "in"} for other in complete)


@SETTINGS
@given(graphs(), st.data())
def test_labels_ignore_weights_and_supports(graph: tuple[dict[str, float], Edges, Edges], data: Any) -> None:
    weights, attacks, supports = graph
    other_weights = {a: data.draw(WEIGHTS) for a in weights}
    first = evaluate_graph(weights, attacks, supports)
    second = evaluate_graph(other_weights, attacks)
    assert [n.label for n in first.nodes.values()] == [n.label for n in second.nodes.values()]


@SETTINGS
@given(graphs(max_nodes=8, acyclic=True))
def test_acyclic_strengths_are_exact(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    result = evaluate_graph(weights, attacks, supports)
    expected = reference_strengths(weights, attacks, supports)
    assert result.acyclic and result.converged and result.iterations == 0
    for a, node in result.nodes.items():
        assert node.strength == _approx(expected[a], 1e-12)
        assert node.base == weights[a]
        assert set(node.attackers) == {s for s, t in attacks if t == a}
        assert set(node.supporters) == {s for s, t in supports if t == a}


@SETTINGS
@given(graphs())
def test_cyclic_strengths_are_fixpoints_or_reported(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    result = evaluate_graph(weights, attacks, supports, max_iterations=300)
    assert result.acyclic == (not has_cycle(list(weights), attacks | supports))
    assert all(0.0 <= node.strength <= 1.0 for node in result.nodes.values())
    assert result.unconverged == tuple(a for a, node in result.nodes.items() if not node.converged)
    assert result.converged == (not result.unconverged)
    if result.converged:
        check_fixpoint(result, weights, attacks, supports)
    if result.acyclic:
        expected = reference_strengths(weights, attacks, supports)
        assert all(node.strength == _approx(expected[a], 1e-12) for a, node in result.nodes.items())


@SETTINGS
@given(graphs())
def test_unconverged_nodes_are_cycles_and_what_depends_on_them(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    result = evaluate_graph(weights, attacks, supports, max_iterations=3)
    edges = attacks | supports
    unsettled = set(result.unconverged)
    for s, t in edges:  # whatever an unsettled node feeds is unsettled too
        if s in unsettled:
            assert t in unsettled
    # and every unsettled node lies on a cycle or is fed by one that does
    on_cycle = {a for a in weights if _reaches(a, a, edges)}
    for a in unsettled:
        assert a in on_cycle or any(_reaches(c, a, edges) for c in on_cycle & unsettled)


def _reaches(start: str, goal: str, edges: Edges) -> bool:
    seen, frontier = set(), [t for s, t in edges if s == start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            frontier.extend(t for s, t in edges if s == node)
    return False


# -- maps -----------------------------------------------------------------------------------------------

RELATIONS = {
    "claim": ("premises", "objections"),
    "premise": ("premises", "objections"),
    "objection": ("premises", "rebuttals"),
    "rebuttal": ("premises", "objections"),
}
KINDS = {"premises": "premise", "objections": "objection", "rebuttals": "rebuttal"}


@st.composite
def maps(draw: Any, max_nodes: int = 9) -> dict[str, Any]:
    """Plain map data: a random tree of kinds, statuses and weights, plus random cross-links."""
    data: dict[str, Any] = {"argmap": 1, "id": "m", "claim": "The claim."}
    if draw(st.booleans()):
        data["weight"] = draw(st.sampled_from([0, 0.3, 0.5, 1]))
    records: list[tuple[dict[str, Any], str]] = [(data, "claim")]
    parents = [-1]
    for i in range(1, draw(st.integers(0, max_nodes)) + 1):
        parents.append(draw(st.integers(0, i - 1)))
        parent, kind = records[parents[-1]]
        relation = draw(st.sampled_from(RELATIONS[kind]))
        child: dict[str, Any] = {"id": f"n{i}", "text": f"Node {i}."}
        status = draw(st.sampled_from([None, None, None, "accepted", "proposed", "rejected"]))
        if status:
            child["status"] = status
        if draw(st.booleans()):
            child["weight"] = draw(st.sampled_from([0, 0.2, 0.5, 0.9, 1]))
        parent.setdefault(relation, []).append(child)
        records.append((child, KINDS[relation]))
    ids = ["m"] + [f"n{i}" for i in range(1, len(records))]
    if len(records) > 1:
        for source, link, target in draw(
            st.lists(
                st.tuples(
                    st.integers(1, len(records) - 1),
                    st.sampled_from(["supports", "attacks"]),
                    st.integers(0, len(records) - 1),
                ),
                max_size=8,
            )
        ):
            # A link that repeats the tree's own edge to the parent is invalid in a map.
            repeats_tree = target == parents[source] and link == (
                "supports" if records[source][1] == "premise" else "attacks"
            )
            targets = records[source][0].setdefault(link, [])
            if source != target and not repeats_tree and ids[target] not in targets:
                targets.append(ids[target])
    return data


def reference_graph(data: dict[str, Any]) -> tuple[dict[str, float], Edges, Edges, list[str]]:
    """What the issue says the map means, read straight from the plain data."""
    weights: dict[str, float] = {}
    attacks: Edges = set()
    supports: Edges = set()
    ignored: list[str] = []
    links: list[tuple[str, str, str]] = []
    stack: list[tuple[dict[str, Any], str | None, str | None, bool]] = [(data, None, None, True)]
    while stack:  # document order: depth first, children in the order written
        node, parent, relation, parent_ok = stack.pop()
        node_id = node["id"]
        ok = parent_ok and node.get("status") in (None, "accepted")
        if not ok:
            ignored.append(node_id)
        else:
            weights[node_id] = node.get("weight", 0.5)
            if parent is not None:
                (supports if relation == "premises" else attacks).add((node_id, parent))
            links += [(node_id, link, t) for link in ("supports", "attacks") for t in node.get(link, [])]
        kind_relations = ("premises", "objections", "rebuttals")
        children = [(child, node_id, rel, ok) for rel in kind_relations for child in node.get(rel, [])]
        stack.extend(reversed(children))
    for source, link, target in links:
        if target in weights:
            (supports if link == "supports" else attacks).add((source, target))
    return weights, attacks, supports, ignored


@SETTINGS
@given(maps())
def test_maps_evaluate_as_their_graphs(data: dict[str, Any]) -> None:
    the_map = argmap.loads(dump_data(data))
    result = evaluate(the_map)
    weights, attacks, supports, ignored = reference_graph(data)
    assert list(result.nodes) == list(weights)  # accepted nodes only, in document order
    assert list(result.ignored) == ignored
    for a, node in result.nodes.items():
        assert set(node.attackers) == {s for s, t in attacks if t == a}
        assert set(node.supporters) == {s for s, t in supports if t == a}
        assert node.base == weights[a]
    assert {a: n.label for a, n in result.nodes.items()} == reference_grounded(list(weights), attacks)
    if result.acyclic:
        expected = reference_strengths(weights, attacks, supports)
        assert all(node.strength == _approx(expected[a], 1e-12) for a, node in result.nodes.items())
    elif result.converged:
        check_fixpoint(result, weights, attacks, supports)
    assert result.verdict is result.nodes["m"]
