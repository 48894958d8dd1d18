"""Gradual semantics: a strength in 0..1 for every argument, from base scores, attacks and supports.

Three schemes are offered, all over the same bipolar graph and base scores (a node's
``weight``). Each aggregates the strengths of a node's attackers and of its supporters,
then combines the two aggregates with the node's base score:

- ``dfquad``: DF-QuAD (Rago, Toni, Aurisicchio and Baroni 2016). Aggregates with
  1 - (1 - v1)(1 - v2)...; moves the base score towards 0 or 1 by the difference.
- ``qe``: quadratic energy (Potyka 2018). Aggregates by summing; the energy
  E = support - attack moves the base score by the share E^2 / (1 + E^2).
- ``euler``: Euler-based (Amgoud and Ben-Naim 2017). Aggregates by summing;
  strength = 1 - (1 - w^2) / (1 + w * e^E).

Strengths are exact on acyclic graphs (computed in dependency order) and found by
iteration to a fixpoint inside each cycle. Works on integer indices, without recursion.
No I/O. See docs/evaluation.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Optional

#: Strengths in a cycle are iterated until no strength moves by more than this.
TOLERANCE = 1e-9
#: Iterations allowed per cycle, for each of the two schemes (plain, then damped).
MAX_ITERATIONS = 1000
#: How far damped iteration moves towards the next value each step (see :func:`_iterate`).
DAMPING = 0.5


def dfquad_combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with aggregated attack and support."""
    if attack >= support:
        return base - base * (attack - support)
    # min(): base + (1 - base) can round to a hair above 1.
    return min(1.0, base + (1.0 - base) * (support - attack))


def qe_combine(base: float, attack: float, support: float) -> float:
    """Quadratic energy: the energy E = support - attack moves the base score by E^2 / (1 + E^2)."""
    energy = support - attack
    share = energy * energy / (1.0 + energy * energy)
    if energy >= 0:
        return min(1.0, base + (1.0 - base) * share)
    return max(0.0, base - base * share)


def euler_combine(base: float, attack: float, support: float) -> float:
    """Euler-based: 1 - (1 - w^2) / (1 + w e^E), with E = support - attack."""
    energy = min(support - attack, 700.0)  # e^710 overflows a float; by e^700 the result is 1 anyway
    return min(1.0, max(0.0, 1.0 - (1.0 - base * base) / (1.0 + base * math.exp(energy))))


@dataclass(frozen=True)
class Scheme:
    """A gradual semantics: how attackers' (and supporters') strengths aggregate, and how
    the aggregates combine with a base score."""

    name: str
    """The name used on the command line and in JSON: ``dfquad``, ``qe`` or ``euler``."""
    title: str
    """The name people know it by, for messages."""
    product: bool
    """True: aggregate as 1 - prod(1 - v) (in 0..1); False: aggregate as the sum of the v."""
    combine: Callable[[float, float, float], float]
    """``combine(base, attack, support)`` -> strength."""


SCHEMES: dict[str, Scheme] = {
    "dfquad": Scheme("dfquad", "DF-QuAD", True, dfquad_combine),
    "qe": Scheme("qe", "quadratic energy", False, qe_combine),
    "euler": Scheme("euler", "Euler-based", False, euler_combine),
}


def scheme(name: str) -> Scheme:
    """The :class:`Scheme` called ``name``; ``ValueError`` naming the choices for any other name."""
    try:
        return SCHEMES[name.lower().replace("-", "")]
    except KeyError:
        raise ValueError(f"unknown gradual semantics {name!r}; choose one of: {', '.join(SCHEMES)}") from None


@dataclass
class Solved:
    """Strengths and aggregates, one per node, and how the computation went."""

    strength: list[float]
    attack: list[float]
    support: list[float]
    settled: list[bool]
    acyclic: bool = True
    converged: bool = True
    iterations: int = 0
    damped: list[int] = field(default_factory=list)


def solve(
    base: list[float],
    attackers: list[list[int]],
    supporters: list[list[int]],
    how: Scheme,
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    seeds: Optional[list[tuple[float, float]]] = None,
) -> Solved:
    """Strengths of nodes ``0..n-1``: exactly, in dependency order, for every node outside a
    cycle; by :func:`_iterate` for each cycle, once everything it depends on is known.

    ``seeds`` (optional, one pair per node) are attack and support contributions from
    outside the graph, already folded: a running product of (1 - v) for product
    schemes, a running sum otherwise. This lets a part of a graph be recomputed with
    the rest held fixed.
    """
    n = len(base)
    solved = Solved([0.0] * n, [0.0] * n, [0.0] * n, [True] * n)
    if seeds is None:
        seeds = [(1.0, 1.0) if how.product else (0.0, 0.0)] * n
    # Kahn's algorithm: a node is ready once all its attackers and supporters are done.
    users: list[list[int]] = [[] for _ in range(n)]
    depends = [sources + supporters[i] if supporters[i] else sources for i, sources in enumerate(attackers)]
    waiting = [len(deps) for deps in depends]
    for i, deps in enumerate(depends):
        for j in deps:
            users[j].append(i)
    ready = [i for i in range(n) if not waiting[i]]
    done = [False] * n
    context = (solved, base, attackers, supporters, users, waiting, done, how, seeds)

    _settle(ready, *context)
    if len(ready) == n:
        return solved
    # Some nodes sit on cycles or depend on them: take the cycles in dependency order.
    solved.acyclic = False
    for component in strongly_connected(depends, done):
        if done[component[0]]:
            continue  # settled as a consequence of an earlier cycle
        if len(component) == 1 and component[0] not in depends[component[0]]:
            _settle(component, *context)
            continue
        _iterate(component, base, attackers, supporters, solved, tolerance, max_iterations, how, seeds)
        followers: list[int] = []
        for i in component:
            done[i] = True
        for i in component:
            for user in users[i]:
                if not done[user]:
                    waiting[user] -= 1
                    if not waiting[user]:
                        followers.append(user)
        _settle(followers, *context)
    return solved


def _settle(
    queue: list[int],
    solved: Solved,
    base: list[float],
    attackers: list[list[int]],
    supporters: list[list[int]],
    users: list[list[int]],
    waiting: list[int],
    done: list[bool],
    how: Scheme,
    seeds: list[tuple[float, float]],
) -> None:
    """Compute every node in ``queue``, appending to it whatever becomes ready as a result."""
    strength, attack, support, settled = solved.strength, solved.attack, solved.support, solved.settled
    product, combine = how.product, how.combine
    for i in queue:
        seed_a, seed_s = seeds[i]
        if product:
            rest = seed_a
            for j in attackers[i]:
                rest *= 1.0 - strength[j]
            attack[i] = va = 1.0 - rest
            rest = seed_s
            for j in supporters[i]:
                rest *= 1.0 - strength[j]
            support[i] = vs = 1.0 - rest
            v0 = base[i]
            # DF-QuAD's common case inline: most nodes are attacked at least as much as supported.
            strength[i] = v0 - v0 * (va - vs) if va >= vs and combine is dfquad_combine else combine(v0, va, vs)
        else:
            va = seed_a
            for j in attackers[i]:
                va += strength[j]
            vs = seed_s
            for j in supporters[i]:
                vs += strength[j]
            attack[i], support[i] = va, vs
            strength[i] = combine(base[i], va, vs)
        done[i] = True
        if not solved.converged and not (
            all(settled[j] for j in attackers[i]) and all(settled[j] for j in supporters[i])
        ):
            settled[i] = False
        for user in users[i]:
            waiting[user] -= 1
            if not waiting[user]:
                queue.append(user)


def _iterate(
    component: list[int],
    base: list[float],
    attackers: list[list[int]],
    supporters: list[list[int]],
    solved: Solved,
    tolerance: float,
    max_iterations: int,
    how: Scheme,
    seeds: list[tuple[float, float]],
) -> None:
    """Strengths of one cycle (a strongly connected component) by iteration to a fixpoint.

    Plain iteration starts from the base scores and applies the scheme to all members at
    once. When that has not settled after ``max_iterations`` (it can oscillate, e.g. two
    nodes of weight 1 attacking each other), damped iteration moves only part of the way
    towards each new value; any point where it stops is still a fixpoint of the same
    equations. If neither settles, the last values are kept and marked unconverged.
    """
    strength, settled = solved.strength, solved.settled
    product, combine = how.product, how.combine
    local = {node: k for k, node in enumerate(component)}
    # Inputs from outside the cycle are final already: fold them into one value per node.
    outer: list[tuple[float, float]] = []
    inner: list[tuple[list[int], list[int]]] = []
    inputs_settled = True
    for node in component:
        folded = []
        lists = []
        for sources, seed in zip((attackers[node], supporters[node]), seeds[node]):
            value = seed
            mine = []
            for j in sources:
                if j in local:
                    mine.append(local[j])
                else:
                    value = value * (1.0 - strength[j]) if product else value + strength[j]
                    inputs_settled = inputs_settled and settled[j]
            folded.append(value)
            lists.append(mine)
        outer.append((folded[0], folded[1]))
        inner.append((lists[0], lists[1]))
    weights = [base[node] for node in component]

    def aggregates(current: list[float], k: int) -> tuple[float, float]:
        (value_a, value_s), (ins_a, ins_s) = outer[k], inner[k]
        if product:
            for j in ins_a:
                value_a *= 1.0 - current[j]
            for j in ins_s:
                value_s *= 1.0 - current[j]
            return 1.0 - value_a, 1.0 - value_s
        for j in ins_a:
            value_a += current[j]
        for j in ins_s:
            value_s += current[j]
        return value_a, value_s

    def step(current: list[float]) -> list[float]:
        return [combine(v0, *aggregates(current, k)) for k, v0 in enumerate(weights)]

    converged = False
    used = 0
    current = list(weights)
    for rate in (1.0, DAMPING):
        current = list(weights)
        for _ in range(max_iterations):
            used += 1
            nxt = step(current)
            change = max([abs(a - b) for a, b in zip(nxt, current)])
            current = nxt if rate == 1.0 else [c + rate * (x - c) for c, x in zip(current, nxt)]
            if change <= tolerance:
                converged = True
                break
        if converged:
            if rate != 1.0:
                solved.damped.extend(sorted(component))
            break
    # One more step, so each strength is reported with the aggregates that produce it.
    for k, (v0, node) in enumerate(zip(weights, component)):
        va, vs = aggregates(current, k)
        solved.attack[node], solved.support[node] = va, vs
        strength[node] = combine(v0, va, vs)
        settled[node] = converged and inputs_settled
    if not (converged and inputs_settled):
        solved.converged = False
    solved.iterations = max(solved.iterations, used)


def strongly_connected(depends: list[list[int]], done: list[bool]) -> list[list[int]]:
    """Strongly connected components of "depends on" (a node on its attackers and supporters,
    listed in ``depends``), among the nodes not ``done``.

    Tarjan's algorithm, run with an explicit stack; it emits a component only after every
    component it depends on, which is the order strengths must be computed in.
    """
    n = len(depends)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1 or done[root]:
            continue
        work = [(root, 0)]
        while work:
            node, i = work[-1]
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            deps = depends[node]
            descended = False
            while i < len(deps):
                dep = deps[i]
                i += 1
                if done[dep]:
                    continue
                if index[dep] == -1:
                    work[-1] = (node, i)
                    work.append((dep, 0))
                    descended = True
                    break
                if on_stack[dep] and index[dep] < low[node]:
                    low[node] = index[dep]
            if descended:
                continue
            work.pop()
            if work:
                up = work[-1][0]
                if low[node] < low[up]:
                    low[up] = low[node]
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found
