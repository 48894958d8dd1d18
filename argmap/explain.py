"""What decides the verdict: each node's impact on the central claim, and the smallest changes that flip it.

- **Impact** of a node: the central claim's strength (by the evaluation's gradual
  semantics) as the map is, minus its strength with that node and everything under it
  removed. Positive means the node helps the claim.
- **Flips**: the minimal sets of nodes (up to ``flip_size`` per set) whose removal,
  with everything under them, changes the central claim's grounded label.

Both are computed incrementally. Removing a node can only change the nodes its removal
reaches along attacks and supports, and only those that in turn bear on the claim; so
each removal recomputes that part of the graph, with the rest held at its known values
(for a tree, the path from the node up to the claim), instead of the whole map. For
labels only attacks count, and only nodes with an attack path to the claim can change
its label, so flips are searched among those. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations, product
from typing import TYPE_CHECKING, Any, Optional

from .gradual import scheme, solve

if TYPE_CHECKING:  # pragma: no cover
    from .evaluation import Evaluation

__all__ = [
    "Explanation",
    "MAX_CHECKS",
    "explain",
    "impact",
    "flips",
    "node_explanations",
    "impact_targets",
    "subtree_sizes",
]

#: The most candidate sets whose removal is tried when looking for flips; past it the
#: search stops and :attr:`Explanation.complete` is False.
MAX_CHECKS = 200_000
#: The largest flip set ``argmap evaluate --flip-size`` searches: the sets to try grow as n^size.
MAX_FLIP_SIZE = 5
#: Digits kept for impacts in JSON output.
JSON_DIGITS = 6


@dataclass(frozen=True)
class Explanation:
    """What decides an evaluation's verdict (see the module docs)."""

    claim: str
    """The central claim's id."""
    label: str
    """The claim's grounded label as the map is."""
    impact: dict[str, float]
    """Every evaluated node but the claim -> its impact on the claim's strength, in document order."""
    flips: tuple[tuple[str, ...], ...]
    """The minimal sets of ids whose removal changes the claim's label, smallest first."""
    outcomes: tuple[str, ...]
    """For each of :attr:`flips`, the claim's label once that set is removed."""
    flip_size: int
    """The largest set size searched."""
    complete: bool = True
    """False when the flip search stopped at :data:`MAX_CHECKS` (the flips found are still minimal)."""

    @property
    def deciding(self) -> frozenset[str]:
        """Ids of the nodes in some flip set: the points the verdict rests on."""
        return frozenset(node_id for flip in self.flips for node_id in flip)

    def top(self, count: int = 5) -> list[tuple[str, float]]:
        """The ``count`` nodes with the largest impact either way, largest first (ties in document order)."""
        ranked = sorted(self.impact.items(), key=lambda item: -abs(item[1]))
        return [(node_id, value) for node_id, value in ranked[:count] if value != 0.0]

    def as_dict(self) -> dict[str, Any]:
        """``{"impact": {ID: float}, "flips": [[ID, ...], ...]}``, impacts rounded."""
        return {
            "impact": {node_id: round(value, JSON_DIGITS) + 0.0 for node_id, value in self.impact.items()},
            "flips": [list(flip) for flip in self.flips],
        }


def explain(evaluation: Evaluation, *, flip_size: int = 2, max_checks: int = MAX_CHECKS) -> Explanation:
    """Impact of every node and the flips of the claim's label, for an evaluation with a central claim.

    Raises ``ValueError`` when the evaluation has no claim or ``flip_size`` is below 1.
    """
    if evaluation.claim is None or evaluation.graph is None:
        raise ValueError("this evaluation has no central claim to explain")
    if flip_size < 1:
        raise ValueError(f"flip size must be at least 1, not {flip_size}")
    found, outcomes, complete = flips(evaluation, flip_size, max_checks)
    return Explanation(
        claim=evaluation.claim,
        label=evaluation.verdict.label,
        impact=impact(evaluation),
        flips=found,
        outcomes=outcomes,
        flip_size=flip_size,
        complete=complete,
    )


def subtree_sizes(parents: list[int]) -> list[int]:
    """How many nodes each subtree has, for nodes numbered depth first (every parent before its children)."""
    size = [1] * len(parents)
    for i in range(len(parents) - 1, 0, -1):
        if parents[i] >= 0:
            size[parents[i]] += size[i]
    return size


def _reaching(start: int, edges: list[list[int]]) -> list[bool]:
    """Which nodes reach ``start`` following ``edges`` backwards (``edges[i]`` lists i's sources)."""
    seen = [False] * len(edges)
    seen[start] = True
    stack = [start]
    while stack:
        node = stack.pop()
        for source in edges[node]:
            if not seen[source]:
                seen[source] = True
                stack.append(source)
    return seen


def impact(evaluation: Evaluation) -> dict[str, float]:
    """Every node but the claim -> the claim's strength minus its strength without that node's subtree."""
    graph = evaluation.graph
    if graph is None or evaluation.claim is None:
        raise ValueError("this evaluation has no central claim to explain")
    ids, base, attackers, supporters = graph.ids, graph.base, graph.attackers, graph.supporters
    n = len(ids)
    claim = ids.index(evaluation.claim)
    how = scheme(evaluation.gradual)
    strength = [evaluation.nodes[node_id].strength for node_id in ids]
    size = subtree_sizes(graph.parents)
    users: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for j in attackers[i]:
            users[j].append(i)
        for j in supporters[i]:
            users[j].append(i)
    bears = _reaching(claim, [a + s for a, s in zip(attackers, supporters)])
    removed_by = [-1] * n  # removed_by[i] == x: i is in the subtree being removed
    region_of = [-1] * n  # region_of[i] == x: i is recomputed for x's removal
    neutral = 1.0 if how.product else 0.0
    before = strength[claim]
    result: dict[str, float] = {}
    for x in range(n):
        if x == claim:
            continue
        end = x + size[x]
        if claim in range(x, end):
            continue
        relevant = False
        for r in range(x, end):
            removed_by[r] = x
            relevant = relevant or bears[r]
        if not relevant:
            result[ids[x]] = 0.0
            continue
        # What the removal reaches, among the nodes that bear on the claim.
        region: list[int] = []
        for r in range(x, end):
            for user in users[r]:
                if removed_by[user] != x and region_of[user] != x and bears[user]:
                    region_of[user] = x
                    region.append(user)
        k = 0
        while k < len(region):
            for user in users[region[k]]:
                if removed_by[user] != x and region_of[user] != x and bears[user]:
                    region_of[user] = x
                    region.append(user)
            k += 1
        if region_of[claim] != x:
            result[ids[x]] = 0.0
            continue
        local = {node: k for k, node in enumerate(region)}
        sub_attackers: list[list[int]] = []
        sub_supporters: list[list[int]] = []
        seeds: list[tuple[float, float]] = []
        for node in region:
            folded = []
            for sources, inside in ((attackers[node], sub_attackers), (supporters[node], sub_supporters)):
                value = neutral
                mine = []
                for j in sources:
                    if removed_by[j] == x:
                        continue
                    if region_of[j] == x:
                        mine.append(local[j])
                    elif how.product:
                        value *= 1.0 - strength[j]
                    else:
                        value += strength[j]
                inside.append(mine)
                folded.append(value)
            seeds.append((folded[0], folded[1]))
        solved = solve(
            [base[node] for node in region], sub_attackers, sub_supporters, how, evaluation.tolerance, seeds=seeds
        )
        result[ids[x]] = before - solved.strength[local[claim]]
    return result


def flips(
    evaluation: Evaluation, size: int = 2, max_checks: int = MAX_CHECKS
) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...], bool]:
    """The minimal sets of at most ``size`` nodes whose removal (with their subtrees) changes the
    claim's grounded label; with the label each leads to, and whether the search finished.

    Sets are sorted by size, then by the document order of their members.
    """
    graph = evaluation.graph
    if graph is None or evaluation.claim is None:
        raise ValueError("this evaluation has no central claim to explain")
    ids, attackers = graph.ids, graph.attackers
    n = len(ids)
    claim = ids.index(evaluation.claim)
    labels = [evaluation.nodes[node_id].label for node_id in ids]
    targets: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for j in attackers[i]:
            targets[j].append(i)
    bears = _reaching(claim, attackers)
    sizes = subtree_sizes(graph.parents)

    # Nodes whose subtrees remove the same attackers of the claim's label are interchangeable.
    groups: dict[tuple[int, ...], list[int]] = {}
    for x in range(n):
        end = x + sizes[x]
        if x == claim or claim in range(x, end):
            continue
        key = tuple(r for r in range(x, end) if bears[r])
        if key:
            groups.setdefault(key, []).append(x)
    keys = list(groups)
    before = labels[claim]

    def relabel(removed: set[int]) -> tuple[str, dict[int, str], set[int]]:
        """The claim's label without ``removed``, the new labels of what that reaches, and that region."""
        region: list[int] = []
        inside: set[int] = set()
        for r in removed:
            for t in targets[r]:
                if t not in removed and t not in inside and bears[t]:
                    inside.add(t)
                    region.append(t)
        k = 0
        while k < len(region):
            for t in targets[region[k]]:
                if t not in removed and t not in inside and bears[t]:
                    inside.add(t)
                    region.append(t)
            k += 1
        new: dict[int, str] = {}
        waiting: dict[int, int] = {}
        blocked: set[int] = set()
        queue: list[int] = []
        for v in region:
            count = 0
            beaten = False
            for j in attackers[v]:
                if j in removed:
                    continue
                if j in inside:
                    count += 1
                elif labels[j] == "in":
                    beaten = True
                elif labels[j] == "undec":
                    blocked.add(v)
            waiting[v] = count
            if beaten:
                new[v] = "out"
                queue.append(v)
        for v in region:
            if v not in new and not waiting[v] and v not in blocked:
                new[v] = "in"
                queue.append(v)
        while queue:
            v = queue.pop()
            if new[v] == "in":
                for t in targets[v]:
                    if t in inside and t not in new:
                        new[t] = "out"
                        queue.append(t)
            else:
                for t in targets[v]:
                    if t in inside:
                        waiting[t] -= 1
                        if not waiting[t] and t not in new and t not in blocked:
                            new[t] = "in"
                            queue.append(t)
        return (new.get(claim, "undec") if claim in inside else before), new, inside

    # Removals whose reach below the claim does not overlap act on separate attackers of the
    # claim, each exactly as it does alone; then the claim's label follows from how each
    # changed the number of its attackers that are in and undecided. That shortcut fails when
    # the claim's own label feeds back to it, through a cycle of attacks.
    direct = set(attackers[claim])
    looped = claim in direct or any(claim in relabel({t})[2] for t in targets[claim] if bears[t])
    n_in = sum(labels[a] == "in" for a in direct)
    n_undec = sum(labels[a] == "undec" for a in direct)

    def claim_label(count_in: int, count_undec: int) -> str:
        return "out" if count_in else "undec" if count_undec else "in"

    found: list[tuple[frozenset[int], str]] = []
    flipped: set[frozenset[int]] = set()
    reach: list[set[int]] = []
    delta: list[tuple[int, int]] = []
    checks = 0
    for g, key in enumerate(keys):
        after, new, inside = relabel(set(key))
        checks += 1
        touched = (inside | set(key)) - {claim}
        reach.append(touched)
        d_in = d_undec = 0
        for a in direct & touched:
            old = labels[a]
            now = "out" if a in key else new.get(a, "undec")
            d_in += (now == "in") - (old == "in")
            d_undec += (now == "undec") - (old == "undec")
        delta.append((d_in, d_undec))
        if after != before:
            found.append((frozenset((g,)), after))
            flipped.add(frozenset((g,)))

    complete = True
    candidates = [g for g in range(len(keys)) if frozenset((g,)) not in flipped]
    for count in range(2, size + 1):
        for combo in combinations(candidates, count):
            chosen = frozenset(combo)
            if count > 2 and any(
                frozenset(sub) in flipped for smaller in range(2, count) for sub in combinations(combo, smaller)
            ):
                continue  # not minimal
            members = [reach[g] for g in combo]
            if not looped and all(a.isdisjoint(b) for a, b in combinations(members, 2)):
                after = claim_label(n_in + sum(delta[g][0] for g in combo), n_undec + sum(delta[g][1] for g in combo))
            else:
                keysets = [set(keys[g]) for g in combo]
                if any(a <= b or b <= a for a, b in combinations(keysets, 2)):
                    continue  # one set's removal includes another's: the same as a smaller set
                checks += 1
                if checks > max_checks:
                    complete = False
                    break
                after = relabel(set().union(*keysets))[0]
            if after != before:
                found.append((chosen, after))
                flipped.add(chosen)
        if not complete:
            break

    results: list[tuple[tuple[int, ...], str]] = []
    for chosen, after in found:
        for pick in product(*(groups[keys[g]] for g in sorted(chosen))):
            results.append((tuple(sorted(pick)), after))
    results.sort(key=lambda item: (len(item[0]), item[0]))
    return (tuple(tuple(ids[i] for i in flip) for flip, _ in results), tuple(after for _, after in results), complete)


def node_explanations(evaluation: Evaluation, explanation: Optional[Explanation] = None) -> dict[str, dict[str, Any]]:
    """Per node, what a picture or a page shows: ``label``, ``strength``, and with an explanation
    ``impact`` (None for the claim) and ``deciding`` (in some flip set). Values rounded to 3 places."""
    deciding = explanation.deciding if explanation is not None else frozenset()
    out: dict[str, dict[str, Any]] = {}
    for node_id, node in evaluation.nodes.items():
        entry: dict[str, Any] = {"label": node.label, "strength": round(node.strength, 3)}
        if explanation is not None:
            value = explanation.impact.get(node_id)
            entry["impact"] = None if value is None else round(value, 3) + 0.0
            entry["deciding"] = node_id in deciding
        out[node_id] = entry
    return out


def impact_targets(evaluation: Evaluation, explanation: Explanation, top: int) -> list[str]:
    """The nodes to critique where it could change the verdict: the ``top`` nodes with the largest
    positive impact on the claim (to find objections to), then the ``top`` with the most negative
    impact, the strongest attacks (to find rebuttals to). Document order within each group."""
    helps = sorted((value, node_id) for node_id, value in explanation.impact.items() if value > 0)
    hurts = sorted((value, node_id) for node_id, value in explanation.impact.items() if value < 0)
    order = {node_id: i for i, node_id in enumerate(evaluation.nodes)}
    best = sorted(
        (node_id for _, node_id in sorted(helps, key=lambda item: (-item[0], order[item[1]]))[:top]),
        key=order.__getitem__,
    )
    worst = sorted(
        (node_id for _, node_id in sorted(hurts, key=lambda item: (item[0], order[item[1]]))[:top]),
        key=order.__getitem__,
    )
    return best + worst
