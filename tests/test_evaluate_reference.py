"""Extensions, gradual strengths, impact and flips checked against brute-force references
on random small graphs and maps (Hypothesis)."""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings

import argmap
from argmap import evaluate, evaluate_graph
from argmap.explain import explain
from argmap.store.yamlio import dump_data
from tests.test_evaluate_properties import Edges, complete_labellings, graphs, maps, reference_graph

SETTINGS = settings(max_examples=150, deadline=None)


# -- extension semantics ----------------------------------------------------------------------------


def reference_extensions(ids: list[str], attacks: Edges, semantics: str) -> set[frozenset[str]]:
    """Extensions from every complete labelling found by trying all 3^n assignments."""
    complete = [frozenset(a for a in ids if lab[a] == "in") for lab in complete_labellings(ids, attacks)]
    if semantics == "complete":
        return set(complete)
    if semantics == "grounded":
        return {min(complete, key=len)}
    if semantics == "preferred":
        return {s for s in complete if not any(s < other for other in complete)}
    stable = [lab for lab in complete_labellings(ids, attacks) if "undec" not in lab.values()]
    return {frozenset(a for a in ids if lab[a] == "in") for lab in stable}


@SETTINGS
@given(graphs(max_nodes=5))
def test_extensions_match_brute_force(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, _ = graph
    ids = list(weights)
    for semantics in ("grounded", "complete", "preferred", "stable"):
        result = evaluate_graph(weights, attacks, semantics=semantics)
        expected = reference_extensions(ids, attacks, semantics)
        assert {frozenset(e) for e in result.extensions} == expected, semantics
        assert len(result.extensions) == len(expected)  # no extension listed twice
        for a in ids:
            assert (a in result.credulous) == any(a in e for e in expected)
            assert (a in result.skeptical) == (bool(expected) and all(a in e for e in expected))


# -- gradual semantics --------------------------------------------------------------------------------


def qe(w: float, attack: float, support: float) -> float:
    e = support - attack
    return w + (1 - w) * e * e / (1 + e * e) if e >= 0 else w - w * e * e / (1 + e * e)


def euler(w: float, attack: float, support: float) -> float:
    return 1 - (1 - w * w) / (1 + w * math.exp(support - attack))


def reference_sums(
    weights: dict[str, float], attacks: Edges, supports: Edges, combine: Callable[[float, float, float], float]
) -> dict[str, float]:
    """A sum-aggregating semantics on an acyclic graph by recursion with a memo."""
    memo: dict[str, float] = {}

    def strength(a: str) -> float:
        if a not in memo:
            attack = sum(strength(s) for s, t in attacks if t == a)
            support = sum(strength(s) for s, t in supports if t == a)
            memo[a] = combine(weights[a], attack, support)
        return memo[a]

    return {a: strength(a) for a in weights}


@SETTINGS
@given(graphs(max_nodes=8, acyclic=True))
def test_qe_and_euler_are_exact_on_acyclic_graphs(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    for name, combine in (("qe", qe), ("euler", euler)):
        result = evaluate_graph(weights, attacks, supports, gradual=name)
        expected = reference_sums(weights, attacks, supports, combine)
        assert all(node.strength == pytest.approx(expected[a], abs=1e-12) for a, node in result.nodes.items())


@SETTINGS
@given(graphs())
def test_qe_and_euler_cycles_settle_on_fixpoints_or_say_so(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    for name, combine in (("qe", qe), ("euler", euler)):
        result = evaluate_graph(weights, attacks, supports, gradual=name)
        if not result.converged:
            assert result.unconverged
            continue
        for a, node in result.nodes.items():
            attack = sum(result.nodes[s].strength for s, t in attacks if t == a)
            support = sum(result.nodes[s].strength for s, t in supports if t == a)
            assert node.strength == pytest.approx(combine(weights[a], attack, support), abs=1e-7), (name, a)


# -- impact and flips -----------------------------------------------------------------------------------


def without(data: dict[str, Any], removed: set[str]) -> dict[str, Any]:
    """The map data with the named nodes (and everything under them) taken out."""
    data = copy.deepcopy(data)
    stack = [data]
    while stack:
        node = stack.pop()
        for relation in ("premises", "objections", "rebuttals"):
            if relation in node:
                node[relation] = [child for child in node[relation] if child["id"] not in removed]
                stack.extend(node[relation])
    return data


def claim_after(data: dict[str, Any], removed: set[str], gradual: str = "dfquad") -> tuple[str, float]:
    """The claim's label and strength with ``removed`` taken out, evaluated from scratch."""
    weights, attacks, supports, _ = reference_graph(without(data, removed))
    result = evaluate_graph(weights, attacks, supports, claim="m", gradual=gradual)
    return result.verdict.label, result.verdict.strength


@settings(max_examples=100, deadline=None)
@given(maps())
def test_impact_matches_recomputing_the_whole_map(data: dict[str, Any]) -> None:
    for gradual in ("dfquad", "qe"):
        evaluation = evaluate(argmap.loads(dump_data(data)), gradual=gradual)
        result = explain(evaluation)
        before = evaluation.verdict.strength
        assert list(result.impact) == [a for a in evaluation.nodes if a != "m"]
        for node_id, value in result.impact.items():
            after = claim_after(data, {node_id}, gradual)[1]
            assert value == pytest.approx(before - after, abs=1e-7), (gradual, node_id)


@settings(max_examples=100, deadline=None)
@given(maps())
def test_flips_are_exactly_the_minimal_sets_found_by_brute_force(data: dict[str, Any]) -> None:
    evaluation = evaluate(argmap.loads(dump_data(data)))
    result = explain(evaluation, flip_size=3)
    before = evaluation.verdict.label
    candidates = [a for a in evaluation.nodes if a != "m"]
    flips: list[frozenset[str]] = []
    outcome: dict[frozenset[str], str] = {}
    for size in (1, 2, 3):
        for combo in itertools.combinations(candidates, size):
            chosen = frozenset(combo)
            if any(flip <= chosen for flip in flips):
                continue
            after = claim_after(data, set(chosen))[0]
            if after != before:
                flips.append(chosen)
                outcome[chosen] = after
    # A set whose removal equals a smaller set's (one member under another) is not minimal either.
    assert {frozenset(flip) for flip in result.flips} == {flip for flip in flips if _independent(data, flip)}
    for flip, after in zip(result.flips, result.outcomes):
        assert outcome[frozenset(flip)] == after
    assert result.complete


def _independent(data: dict[str, Any], flip: frozenset[str]) -> bool:
    """No member of the set sits under another."""
    return all(b not in _below(data, a) for a, b in itertools.permutations(flip, 2))


def _below(data: dict[str, Any], node_id: str) -> set[str]:
    stack, found, inside = [(data, False)], set(), False
    while stack:
        node, inside = stack.pop()
        if inside:
            found.add(node["id"])
        for relation in ("premises", "objections", "rebuttals"):
            stack.extend((child, inside or node["id"] == node_id) for child in node.get(relation, []))
    return found


@settings(max_examples=150, deadline=None)
@given(graphs(max_nodes=6))
def test_flips_on_graphs_where_the_claim_may_attack_and_sit_on_cycles(
    graph: tuple[dict[str, float], Edges, Edges],
) -> None:
    weights, attacks, supports = graph
    evaluation = evaluate_graph(weights, attacks, supports, claim="a0")
    result = explain(evaluation, flip_size=3)
    before = evaluation.verdict.label

    def label_without(removed: set[str]) -> str:
        kept = {a: w for a, w in weights.items() if a not in removed}
        edges = [(s, t) for s, t in attacks if s in kept and t in kept]
        return evaluate_graph(kept, edges, claim="a0").verdict.label

    flips: list[frozenset[str]] = []
    for size in (1, 2, 3):
        for combo in itertools.combinations([a for a in weights if a != "a0"], size):
            chosen = frozenset(combo)
            if not any(flip <= chosen for flip in flips) and label_without(set(chosen)) != before:
                flips.append(chosen)
    assert {frozenset(flip) for flip in result.flips} == set(flips)


@settings(max_examples=150, deadline=None)
@given(graphs(max_nodes=6))
def test_impact_on_graphs_with_cycles_through_the_claim(graph: tuple[dict[str, float], Edges, Edges]) -> None:
    weights, attacks, supports = graph
    for gradual in ("dfquad", "euler"):
        evaluation = evaluate_graph(weights, attacks, supports, claim="a0", gradual=gradual)
        result = explain(evaluation, flip_size=1)
        for node_id, value in result.impact.items():
            kept = {a: w for a, w in weights.items() if a != node_id}
            after = evaluate_graph(
                kept,
                [(s, t) for s, t in attacks if node_id not in (s, t)],
                [(s, t) for s, t in supports if node_id not in (s, t)],
                claim="a0",
                gradual=gradual,
            )
            if after.converged and evaluation.converged:
                assert value == pytest.approx(evaluation.verdict.strength - after.verdict.strength, abs=1e-7)
