"""Which claims still stand: grounded labelling and DF-QuAD strengths.

A map is read as a bipolar argumentation framework. Attacks: an objection attacks the
node it sits under, a rebuttal attacks its objection, and ``attacks:`` cross-links.
Supports: a premise supports the node it sits under, and ``supports:`` cross-links.
Proposed and rejected nodes (and everything under them) take no part.

Two semantics are computed over that graph:

- the grounded labelling (Dung 1995, in Caminada's labelling form): ``in`` when every
  attacker is ``out``, ``out`` when some attacker is ``in``, ``undec`` otherwise. Only
  attacks count here, as in Dung's frameworks;
- DF-QuAD strengths (Rago, Toni, Aurisicchio and Baroni, KR 2016): a number in 0..1 from
  the node's ``weight`` and the strengths of its attackers and supporters; exact when
  the graph has no cycle, found by iteration to a fixpoint inside each cycle otherwise.

Everything is computed over integer indices in time linear in the size of the map
(plus the iterations a cycle needs), without recursion, so deep maps are safe. No I/O.
See docs/evaluation.md for the definitions and worked examples.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping, NamedTuple, Optional

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

    from .model import ArgumentMap

Label = Literal["in", "out", "undec"]

#: Strengths in a cycle are iterated until no strength moves by more than this.
TOLERANCE = 1e-9
#: Iterations allowed per cycle, for each of the two schemes (plain, then damped).
MAX_ITERATIONS = 1000
#: How far damped iteration moves towards the next value each step (see :func:`_iterate`).
DAMPING = 0.5
#: Digits kept for strengths in JSON output (the API keeps full precision).
JSON_DIGITS = 6


class NodeResult(NamedTuple):
    """The evaluation of one node.

    ``label`` is the grounded label: ``"in"`` (stands), ``"out"`` (defeated) or ``"undec"``
    (undecided: attacks run in a cycle). ``strength`` is the DF-QuAD strength (0..1),
    ``base`` the base score it starts from (the node's ``weight``), ``attack`` and
    ``support`` the aggregated strengths of its attackers and supporters (0 when there
    are none), ``attackers`` and ``supporters`` their ids. ``converged`` is False when the
    strength comes from a cycle whose iteration did not settle, or depends on one.
    """

    # A named tuple rather than a dataclass: a 10,000-node map makes 10,000 of these,
    # and tuples are several times quicker to create.
    label: Label
    strength: float
    base: float
    attack: float
    support: float
    attackers: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()
    converged: bool = True


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`: a :class:`NodeResult` per evaluated node, in document order.

    Proposed and rejected nodes are not in :attr:`nodes`; their ids are in :attr:`ignored`.
    """

    nodes: dict[str, NodeResult]
    """Results by node id; the central claim's id is the map's id."""
    claim: Optional[str] = None
    """Id of the central claim (the map's id), when there is one."""
    ignored: tuple[str, ...] = ()
    """Ids of proposed and rejected nodes, and of nodes under them, which took no part."""
    acyclic: bool = True
    """True when no cycle runs through the attacks and supports, so every strength is exact."""
    converged: bool = True
    """False when the iteration for some cycle did not reach a fixpoint (see :attr:`unconverged`)."""
    iterations: int = 0
    """The most iterations any cycle needed (0 for an acyclic map)."""
    unconverged: tuple[str, ...] = ()
    """Ids of nodes whose strength is not a settled fixpoint."""
    damped: tuple[str, ...] = ()
    """Ids of nodes in cycles that settled only under damped iteration."""
    tolerance: float = TOLERANCE
    """The convergence tolerance used for cycles."""

    def __repr__(self) -> str:
        # The full dataclass repr would print every node; keep it to one line.
        counts = self.counts()
        head = ""
        if self.claim is not None and self.claim in self.nodes:
            verdict = self.nodes[self.claim]
            head = f"claim={self.claim!r}, verdict=({verdict.label!r}, {verdict.strength:.3f}), "
        return (f"Evaluation({head}nodes={len(self.nodes)}, in={counts['in']}, out={counts['out']}, "
                f"undec={counts['undec']}, acyclic={self.acyclic}, converged={self.converged})")

    __str__ = __repr__

    @property
    def verdict(self) -> NodeResult:
        """The result for the central claim."""
        if self.claim is None:
            raise ValueError("this evaluation has no central claim")
        return self.nodes[self.claim]

    @property
    def semantics(self) -> dict[str, Any]:
        """Which semantics were used and how the computation went, as plain data."""
        return {
            "labelling": "grounded",
            "strength": "df-quad",
            "acyclic": self.acyclic,
            "converged": self.converged,
            "iterations": self.iterations,
            "tolerance": self.tolerance,
            "unconverged": list(self.unconverged),
            "damped": list(self.damped),
            "ignored": list(self.ignored),
        }

    def counts(self) -> dict[str, int]:
        """How many evaluated nodes carry each label."""
        result = {"in": 0, "out": 0, "undec": 0}
        for node in self.nodes.values():
            result[node.label] += 1
        return result

    def as_dict(self) -> dict[str, Any]:
        """``{"semantics": {...}, "nodes": {ID: {"label": ..., "strength": ...}}}``, strengths rounded."""
        return {
            "semantics": self.semantics,
            "nodes": {node_id: {"label": node.label, "strength": round(node.strength, JSON_DIGITS)}
                      for node_id, node in self.nodes.items()},
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        """:meth:`as_dict` as JSON text."""
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)


# -- the map as a graph -------------------------------------------------------------------------

# Positions count as supports of their question only so that the walk stays uniform;
# argmap.positions removes the question's own result (a question has no verdict).
_ATTACK = {"premises": False, "objections": True, "rebuttals": True, "positions": False}
_ACCEPTED = (None, "accepted")


@lru_cache(maxsize=None)
def _plan(kind: type) -> tuple[tuple[str, bool], ...]:
    """A node class's child lists, last first (for a stack), each with whether it attacks."""
    return tuple((relation, _ATTACK[relation]) for relation in reversed(kind.relations))  # type: ignore[attr-defined]


def evaluate(argmap: "ArgumentMap", *, tolerance: float = TOLERANCE,
             max_iterations: int = MAX_ITERATIONS) -> Evaluation:
    """Label every accepted node of a map (grounded) and give it a DF-QuAD strength.

    Tree edges and cross-links are read as attacks and supports (see the module docs);
    a cross-link from or to a proposed or rejected node is ignored, and a link written
    twice (a premise that also lists its parent in ``supports``) counts once.
    ``tolerance`` and ``max_iterations`` only matter for maps with cycles.
    """
    with _no_gc():
        ids: list[str] = [argmap.id]
        base: list[float] = [float(argmap.weight)]
        attackers: list[list[int]] = [[]]
        supporters: list[list[int]] = [[]]
        parents: list[int] = [-1]  # with `flags`, the tree edge of each node, to spot a link that repeats it
        flags: list[bool] = [False]
        linked: list[tuple[int, Any]] = []  # (index, node) of nodes with cross-links
        ignored: list[str] = []
        # Depth first in document order, by hand rather than with map.walk(): no Entry objects,
        # and a pruned node's subtree goes to `ignored` on the way.
        stack: list[tuple[Any, int, bool]] = [(child, 0, attack) for relation, attack in _plan(type(argmap))
                                              for child in reversed(getattr(argmap, relation))]
        while stack:
            node, parent, attack = stack.pop()
            if parent < 0 or node.status not in _ACCEPTED:
                ignored.append(node.id)
                index = -1
            else:
                index = len(ids)
                ids.append(node.id)
                base.append(node.weight)
                attackers.append([])
                supporters.append([])
                (attackers if attack else supporters)[parent].append(index)
                parents.append(parent)
                flags.append(attack)
                if node.supports or node.attacks:
                    linked.append((index, node))
            for relation, flag in _plan(type(node)):
                children = getattr(node, relation)
                if children:
                    stack.extend([(child, index, flag) for child in reversed(children)])

        where = {node_id: i for i, node_id in enumerate(ids)}
        seen: set[tuple[int, int, bool]] = set()
        for source, node in linked:
            for attack, targets in ((False, node.supports), (True, node.attacks)):
                for target_id in targets:
                    target = where.get(target_id)
                    if target is None or (parents[source] == target and flags[source] == attack) \
                        or (source, target, attack) in seen:
                        continue
                    seen.add((source, target, attack))
                    (attackers if attack else supporters)[target].append(source)

        return _evaluate(ids, base, attackers, supporters, claim=argmap.id, ignored=tuple(ignored),
                         tolerance=tolerance, max_iterations=max_iterations)


def evaluate_graph(weights: Mapping[str, float], attacks: Iterable[tuple[str, str]] = (),
                   supports: Iterable[tuple[str, str]] = (), *, claim: Optional[str] = None,
                   tolerance: float = TOLERANCE, max_iterations: int = MAX_ITERATIONS) -> Evaluation:
    """Evaluate an abstract graph that need not be a map: arguments, attacks and supports.

    ``weights`` gives every argument's base score (its id -> 0..1), in the order results
    should come; ``attacks`` and ``supports`` are ``(source, target)`` pairs, repeats
    counted once; an argument may attack or support itself. ``claim`` names the argument
    :attr:`Evaluation.verdict` reports. Raises ``ValueError`` for an unknown id or a
    weight outside 0..1.
    """
    ids = list(weights)
    where = {node_id: i for i, node_id in enumerate(ids)}
    base: list[float] = []
    for node_id in ids:
        weight = float(weights[node_id])
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"weight of {node_id!r} must be between 0 and 1, not {weight}")
        base.append(weight)
    if claim is not None and claim not in where:
        raise ValueError(f"claim {claim!r} is not among the arguments")
    lists: dict[bool, list[list[int]]] = {True: [[] for _ in ids], False: [[] for _ in ids]}
    for attack, pairs in ((True, attacks), (False, supports)):
        seen: set[tuple[int, int]] = set()
        for source_id, target_id in pairs:
            for end in (source_id, target_id):
                if end not in where:
                    raise ValueError(f"{'attack' if attack else 'support'} ({source_id!r}, {target_id!r}) "
                                     f"names unknown argument {end!r}")
            edge = (where[source_id], where[target_id])
            if edge not in seen:
                seen.add(edge)
                lists[attack][edge[1]].append(edge[0])
    with _no_gc():
        return _evaluate(ids, base, lists[True], lists[False], claim=claim, ignored=(),
                         tolerance=tolerance, max_iterations=max_iterations)


class _no_gc:
    """Pause the cyclic garbage collector: evaluation makes many small objects and no cycles,
    and on a large map collections would otherwise cost more than the evaluation itself."""

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _evaluate(ids: list[str], base: list[float], attackers: list[list[int]], supporters: list[list[int]], *,
              claim: Optional[str], ignored: tuple[str, ...], tolerance: float,
              max_iterations: int) -> Evaluation:
    labels = grounded_labels(attackers)
    solved = _strengths(base, attackers, supporters, tolerance, max_iterations)
    strength, attack, support, settled = solved.strength, solved.attack, solved.support, solved.settled
    names = ids.__getitem__
    make = tuple.__new__  # NodeResult(...) without the keyword handling of its generated __new__
    nodes = {
        node_id: make(NodeResult, (label, value, weight, va, vs,
                                   tuple(map(names, against)) if against else (),
                                   tuple(map(names, behind)) if behind else (), ok))
        for node_id, label, value, weight, va, vs, against, behind, ok
        in zip(ids, labels, strength, base, attack, support, attackers, supporters, settled)
    }
    return Evaluation(
        nodes=nodes,
        claim=claim,
        ignored=ignored,
        acyclic=solved.acyclic,
        converged=solved.converged,
        iterations=solved.iterations,
        unconverged=() if solved.converged else tuple(ids[i] for i, ok in enumerate(settled) if not ok),
        damped=tuple(ids[i] for i in solved.damped),
        tolerance=tolerance,
    )


# -- grounded labelling ---------------------------------------------------------------------------


def grounded_labels(attackers: list[list[int]]) -> list[Label]:
    """The grounded labelling of nodes ``0..n-1``, given each node's attackers.

    Starts from the unattacked nodes (``in``), labels whatever they attack ``out``, and
    repeats with the nodes all of whose attackers are now ``out``; what is left is
    ``undec``. Each edge is looked at a bounded number of times, so this is linear.
    """
    n = len(attackers)
    targets: list[list[int]] = [[] for _ in range(n)]
    for target, sources in enumerate(attackers):
        for source in sources:
            targets[source].append(target)
    waiting = [len(sources) for sources in attackers]  # attackers not yet out
    labels: list[Optional[str]] = [None] * n
    queue = [i for i in range(n) if not waiting[i]]
    for i in queue:
        labels[i] = "in"
    while queue:
        winner = queue.pop()
        for loser in targets[winner]:
            if labels[loser] is not None:
                continue
            labels[loser] = "out"
            for freed in targets[loser]:
                waiting[freed] -= 1
                if not waiting[freed] and labels[freed] is None:
                    labels[freed] = "in"
                    queue.append(freed)
    return [label or "undec" for label in labels]  # type: ignore[misc]


# -- DF-QuAD strengths ----------------------------------------------------------------------------


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with aggregated attack and support."""
    if attack >= support:
        return base - base * (attack - support)
    # min(): base + (1 - base) can round to a hair above 1.
    return min(1.0, base + (1.0 - base) * (support - attack))


@dataclass
class _Solved:
    strength: list[float]
    attack: list[float]
    support: list[float]
    settled: list[bool]
    acyclic: bool = True
    converged: bool = True
    iterations: int = 0
    damped: list[int] = field(default_factory=list)


def _strengths(base: list[float], attackers: list[list[int]], supporters: list[list[int]],
               tolerance: float, max_iterations: int) -> _Solved:
    """DF-QuAD strengths: exactly, in dependency order, for every node outside a cycle;
    by :func:`_iterate` for each cycle, once everything it depends on is known."""
    n = len(base)
    strength = [0.0] * n
    attack = [0.0] * n
    support = [0.0] * n
    settled = [True] * n
    solved = _Solved(strength, attack, support, settled)
    # Kahn's algorithm: a node is ready once all its attackers and supporters are done.
    users: list[list[int]] = [[] for _ in range(n)]
    depends = [sources + supporters[i] if supporters[i] else sources for i, sources in enumerate(attackers)]
    waiting = [len(deps) for deps in depends]
    for i, deps in enumerate(depends):
        for j in deps:
            users[j].append(i)
    ready = [i for i in range(n) if not waiting[i]]
    done = [False] * n

    _settle(ready, solved, base, attackers, supporters, users, waiting, done)
    if len(ready) == n:
        return solved
    # Some nodes sit on cycles or depend on them: take the cycles in dependency order.
    solved.acyclic = False
    for component in _components(depends, done):
        if done[component[0]]:
            continue  # settled as a consequence of an earlier cycle
        if len(component) == 1 and component[0] not in depends[component[0]]:
            _settle(component, solved, base, attackers, supporters, users, waiting, done)
            continue
        _iterate(component, base, attackers, supporters, solved, tolerance, max_iterations)
        followers: list[int] = []
        for i in component:
            done[i] = True
        for i in component:
            for user in users[i]:
                if not done[user]:
                    waiting[user] -= 1
                    if not waiting[user]:
                        followers.append(user)
        _settle(followers, solved, base, attackers, supporters, users, waiting, done)
    return solved


def _settle(queue: list[int], solved: _Solved, base: list[float], attackers: list[list[int]],
            supporters: list[list[int]], users: list[list[int]], waiting: list[int], done: list[bool]) -> None:
    """Compute every node in ``queue``, appending to it whatever becomes ready as a result."""
    strength, attack, support, settled = solved.strength, solved.attack, solved.support, solved.settled
    for i in queue:
        rest = 1.0
        for j in attackers[i]:
            rest *= 1.0 - strength[j]
        attack[i] = va = 1.0 - rest
        rest = 1.0
        for j in supporters[i]:
            rest *= 1.0 - strength[j]
        support[i] = vs = 1.0 - rest
        v0 = base[i]
        strength[i] = v0 - v0 * (va - vs) if va >= vs else combine(v0, va, vs)
        done[i] = True
        if not solved.converged and not (all(settled[j] for j in attackers[i])
                                         and all(settled[j] for j in supporters[i])):
            settled[i] = False
        for user in users[i]:
            waiting[user] -= 1
            if not waiting[user]:
                queue.append(user)


def _iterate(component: list[int], base: list[float], attackers: list[list[int]], supporters: list[list[int]],
             solved: _Solved, tolerance: float, max_iterations: int) -> None:
    """Strengths of one cycle (a strongly connected component) by iteration to a fixpoint.

    Plain iteration starts from the base scores and applies DF-QuAD to all members at
    once. When that has not settled after ``max_iterations`` (it can oscillate, e.g. two
    nodes of weight 1 attacking each other), damped iteration moves only part of the way
    towards each new value; any point where it stops is still a fixpoint of the DF-QuAD
    equations. If neither settles, the last values are kept and marked unconverged.
    """
    strength, settled = solved.strength, solved.settled
    local = {node: k for k, node in enumerate(component)}
    # Inputs from outside the cycle are final already: fold them into one factor per node.
    outer: list[tuple[float, float]] = []
    inner: list[tuple[list[int], list[int]]] = []
    inputs_settled = True
    for node in component:
        factors = []
        lists = []
        for sources in (attackers[node], supporters[node]):
            rest = 1.0
            mine = []
            for j in sources:
                if j in local:
                    mine.append(local[j])
                else:
                    rest *= 1.0 - strength[j]
                    inputs_settled = inputs_settled and settled[j]
            factors.append(rest)
            lists.append(mine)
        outer.append((factors[0], factors[1]))
        inner.append((lists[0], lists[1]))
    weights = [base[node] for node in component]

    def step(current: list[float]) -> list[float]:
        nxt = []
        for (rest_a, rest_s), (ins_a, ins_s), v0 in zip(outer, inner, weights):
            for j in ins_a:
                rest_a *= 1.0 - current[j]
            for j in ins_s:
                rest_s *= 1.0 - current[j]
            va, vs = 1.0 - rest_a, 1.0 - rest_s
            nxt.append(v0 - v0 * (va - vs) if va >= vs else combine(v0, va, vs))
        return nxt

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
    for (rest_a, rest_s), (ins_a, ins_s), v0, node in zip(outer, inner, weights, component):
        for j in ins_a:
            rest_a *= 1.0 - current[j]
        for j in ins_s:
            rest_s *= 1.0 - current[j]
        solved.attack[node] = va = 1.0 - rest_a
        solved.support[node] = vs = 1.0 - rest_s
        strength[node] = combine(v0, va, vs)
        settled[node] = converged and inputs_settled
    if not (converged and inputs_settled):
        solved.converged = False
    solved.iterations = max(solved.iterations, used)


def _components(depends: list[list[int]], done: list[bool]) -> list[list[int]]:
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


# -- the terminal table ---------------------------------------------------------------------------

#: Colour and marker of each label (markers keep labels apart without colour).
LABEL_STYLES = {"in": ("green", "✓"), "out": ("red", "✗"), "undec": ("yellow", "?")}


def verdict_line(evaluation: Evaluation) -> str:
    """One sentence saying whether the central claim stands, for people (plain text)."""
    result = evaluation.verdict
    label = result.label
    if label == "in":
        how = "stands: every attack on it is answered" if result.attackers else "stands: nothing attacks it"
    elif label == "out":
        standing = sum(1 for a in result.attackers if evaluation.nodes[a].label == "in")
        how = "falls: an attack on it stands unanswered" if standing == 1 else \
            f"falls: {standing} attacks on it stand unanswered"
    else:
        how = "is undecided: the attacks that bear on it go round in a cycle"
    line = (f"Verdict: the central claim {how} (grounded: {label}); "
            f"strength {result.strength:.2f} from a weight of {result.base:.2f} (DF-QuAD).")
    if not result.converged:
        line += " The strength did not converge."
    return line


def evaluation_table(argmap: "ArgumentMap", evaluation: Evaluation, depth: Optional[int] = None) -> "RenderableType":
    """The evaluation as a rich table (node, kind, label, strength), a summary and the verdict line.

    ``depth`` limits the rows to nodes that many levels below the central claim.
    """
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .terminal import STYLES

    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("node", overflow="fold", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("strength", justify="right", no_wrap=True)
    for entry in argmap.walk(statuses={"accepted"}):
        node = entry.node
        result = evaluation.nodes.get(node.id)  # type: ignore[arg-type]
        if result is None or (depth is not None and entry.depth > depth):
            continue
        style, marker = STYLES[node.kind]
        # Text objects, not markup strings: the map's own text may contain [brackets].
        cell = Text(f"{marker} ", style=style)
        cell.append(node.text, style="bold" if node.kind == "claim" else "")
        cell.append(f"  #{node.id}", style="cyan dim")
        label_style, label_marker = LABEL_STYLES[result.label]
        strength = f"{result.strength:.2f}" + ("" if result.converged else "*")
        # Padding rather than leading spaces, so that wrapped lines keep the indent.
        table.add_row(Padding(cell, (0, 0, 0, 2 * entry.depth)), Text(node.kind, style=f"{style} dim"),
                      Text(f"{label_marker} {result.label}", style=label_style), Text(strength))
    parts: list[Any] = [table]
    counts = evaluation.counts()
    summary = Text(f"{len(evaluation.nodes)} nodes evaluated: {counts['in']} in, {counts['out']} out, "
                   f"{counts['undec']} undecided", style="dim")
    if evaluation.ignored:
        summary.append(f"; {len(evaluation.ignored)} left out (proposed, rejected, or under one)")
    if not evaluation.acyclic:
        summary.append(f"; cycles solved in up to {evaluation.iterations} iterations")
    parts.append(summary)
    if not evaluation.converged:
        parts.append(Text(f"* strength did not converge for {len(evaluation.unconverged)} node(s) "
                          "(a cycle kept changing); these values are the last iterate", style="yellow"))
    if evaluation.claim is not None:
        label_style = LABEL_STYLES[evaluation.verdict.label][0]
        parts.append(Text(verdict_line(evaluation), style=f"bold {label_style}"))
    return Group(*parts)
