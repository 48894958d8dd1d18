"""Which claims still stand: labels, extensions and strengths of every node of a map.

A map is read as a bipolar argumentation framework. Attacks: an objection attacks the
node it sits under, a rebuttal attacks its objection, and ``attacks:`` cross-links.
Supports: a premise supports the node it sits under, and ``supports:`` cross-links.
Proposed and rejected nodes (and everything under them) take no part.

Over that graph :func:`evaluate` computes

- the grounded labelling (Dung 1995, in Caminada's labelling form): ``in`` when every
  attacker is ``out``, ``out`` when some attacker is ``in``, ``undec`` otherwise, and,
  on request, the extensions of another semantics (complete, preferred, stable) with
  each node's credulous and sceptical acceptance (see :mod:`argmap.semantics`);
- a strength in 0..1 for every node, by a gradual semantics (DF-QuAD by default;
  quadratic energy and Euler-based too; see :mod:`argmap.gradual`).

:func:`evaluation_document` gives all of it as the plain data ``argmap evaluate --json``
prints, with what decides the verdict (:mod:`argmap.explain`) when asked. No I/O.
See docs/evaluation.md for the definitions and worked examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .model import ArgumentMap

from .gcpause import gc_paused
from .gradual import DAMPING, MAX_ITERATIONS, TOLERANCE, Scheme, dfquad_combine, scheme, solve
from .semantics import SEMANTICS, Label, acceptance, grounded_labels
from .vocabulary import is_attack

__all__ = [
    "DAMPING",
    "MAX_ITERATIONS",
    "TOLERANCE",
    "Evaluation",
    "Graph",
    "NodeResult",
    "SEMANTICS",
    "combine",
    "evaluate",
    "evaluate_graph",
    "evaluation_document",
    "grounded_labels",
    "targets_by_impact",
]

#: DF-QuAD's combination of a base score with aggregated attack and support (kept under its old name).
combine = dfquad_combine
#: Digits kept for strengths in JSON output (the API keeps full precision).
JSON_DIGITS = 6


class NodeResult(NamedTuple):
    """The evaluation of one node.

    ``label`` is the grounded label: ``"in"`` (stands), ``"out"`` (defeated) or ``"undec"``
    (undecided: attacks run in a cycle). ``strength`` is the gradual strength (0..1, by
    DF-QuAD unless another semantics was asked for),
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
    gradual: str = "dfquad"
    """The gradual semantics of the strengths: ``dfquad``, ``qe`` or ``euler``."""
    acceptance: str = "grounded"
    """The extension semantics of :attr:`extensions`: grounded, complete, preferred or stable."""
    extensions: tuple[tuple[str, ...], ...] = ()
    """The extensions under :attr:`acceptance`, each a tuple of ids in document order (at most
    :data:`argmap.semantics.MAX_EXTENSIONS` of them; see :attr:`extension_count`)."""
    extension_count: int = 0
    """How many extensions there are, listed or not."""
    credulous: frozenset[str] = frozenset()
    """Ids of the nodes in at least one extension."""
    skeptical: frozenset[str] = frozenset()
    """Ids of the nodes in every extension (none when there is no extension)."""
    graph: Optional[Graph] = field(default=None, repr=False, compare=False)
    """The graph that was evaluated, by index, for recomputing parts of it (see :mod:`argmap.explain`)."""

    def __repr__(self) -> str:
        # The full dataclass repr would print every node; keep it to one line.
        counts = self.counts()
        head = ""
        if self.claim is not None and self.claim in self.nodes:
            verdict = self.nodes[self.claim]
            head = f"claim={self.claim!r}, verdict=({verdict.label!r}, {verdict.strength:.3f}), "
        return (
            f"Evaluation({head}nodes={len(self.nodes)}, in={counts['in']}, out={counts['out']}, "
            f"undec={counts['undec']}, acyclic={self.acyclic}, converged={self.converged})"
        )

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
            "acceptance": self.acceptance,
            "extension_count": self.extension_count,
            "strength": _STRENGTH_NAMES[self.gradual],
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
        """``{"semantics": {...}, "extensions": [[ID, ...], ...], "nodes": {ID: {...}}}``, strengths rounded.

        Each node has its grounded ``label``, its ``strength``, and whether it is accepted
        ``credulous`` (in some extension) and ``skeptical`` (in every one).
        """
        credulous, skeptical = self.credulous, self.skeptical
        return {
            "semantics": self.semantics,
            "extensions": [list(extension) for extension in self.extensions],
            "nodes": {
                node_id: {
                    "label": node.label,
                    "strength": round(node.strength, JSON_DIGITS),
                    "credulous": node_id in credulous,
                    "skeptical": node_id in skeptical,
                }
                for node_id, node in self.nodes.items()
            },
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        """:meth:`as_dict` as JSON text."""
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)


_STRENGTH_NAMES = {"dfquad": "df-quad", "qe": "quadratic-energy", "euler": "euler-based"}


class Graph(NamedTuple):
    """An evaluated graph by index: node 0 is the central claim when there is one.

    ``parents`` holds each node's tree parent (-1 for the root and for abstract
    graphs); a map's nodes are numbered depth first, so a node's subtree is the run of
    indices ``i .. i + size - 1`` (see :func:`argmap.explain.subtree_sizes`).
    """

    ids: list[str]
    base: list[float]
    attackers: list[list[int]]
    supporters: list[list[int]]
    parents: list[int]


# -- the map as a graph -------------------------------------------------------------------------

# Positions (which answer their question) count as supports of it only so that the walk stays
# uniform; argmap.positions removes the question's own result (a question has no verdict).
_ACCEPTED = (None, "accepted")


@cache
def _plan(kind: type) -> tuple[tuple[str, bool], ...]:
    """A node class's child lists, last first (for a stack), each with whether it attacks."""
    return tuple((relation, is_attack(relation)) for relation in reversed(kind.relations))  # type: ignore[attr-defined]


def evaluate(
    argmap: ArgumentMap,
    *,
    semantics: str = "grounded",
    gradual: str = "dfquad",
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
) -> Evaluation:
    """Label every accepted node of a map (grounded) and give it a strength.

    Tree edges and cross-links are read as attacks and supports (see the module docs);
    a cross-link from or to a proposed or rejected node is ignored, and a link written
    twice (a premise that also lists its parent in ``supports``) counts once.
    ``semantics`` (grounded, complete, preferred or stable) chooses the extensions
    listed and what credulous and sceptical acceptance mean; ``gradual`` (dfquad, qe or
    euler) how strengths are computed. ``tolerance`` and ``max_iterations`` only matter
    for maps with cycles. Raises ``ValueError`` for an unknown semantics, and
    :class:`argmap.semantics.TooManyExtensions` (a ``ValueError``) when a map's cycles
    are too tangled to search.
    """
    how = scheme(gradual)
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}; choose one of: {', '.join(SEMANTICS)}")
    with gc_paused():  # many small objects and no cycles: collections would cost more than the work
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
        stack: list[tuple[Any, int, bool]] = [
            (child, 0, attack)
            for relation, attack in _plan(type(argmap))
            for child in reversed(getattr(argmap, relation))
        ]
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
            # Every class is hashable, but mypy does not count type[Any] as Hashable.
            for relation, flag in _plan(type(node)):  # type: ignore[arg-type]
                children = getattr(node, relation)
                if children:
                    stack.extend([(child, index, flag) for child in reversed(children)])

        where = {node_id: i for i, node_id in enumerate(ids)}
        seen: set[tuple[int, int, bool]] = set()
        for source, node in linked:
            for attack, targets in ((False, node.supports), (True, node.attacks)):
                for target_id in targets:
                    target = where.get(target_id)
                    if (
                        target is None
                        or (parents[source] == target and flags[source] == attack)
                        or (source, target, attack) in seen
                    ):
                        continue
                    seen.add((source, target, attack))
                    (attackers if attack else supporters)[target].append(source)

        graph = Graph(ids, base, attackers, supporters, parents)
        return _evaluate(
            graph,
            claim=argmap.id,
            ignored=tuple(ignored),
            tolerance=tolerance,
            max_iterations=max_iterations,
            how=how,
            semantics=semantics,
        )


def evaluate_graph(
    weights: Mapping[str, float],
    attacks: Iterable[tuple[str, str]] = (),
    supports: Iterable[tuple[str, str]] = (),
    *,
    claim: Optional[str] = None,
    semantics: str = "grounded",
    gradual: str = "dfquad",
    tolerance: float = TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
) -> Evaluation:
    """Evaluate an abstract graph that need not be a map: arguments, attacks and supports.

    ``weights`` gives every argument's base score (its id -> 0..1), in the order results
    should come; ``attacks`` and ``supports`` are ``(source, target)`` pairs, repeats
    counted once; an argument may attack or support itself. ``claim`` names the argument
    :attr:`Evaluation.verdict` reports. ``semantics`` and ``gradual`` as for
    :func:`evaluate`. Raises ``ValueError`` for an unknown id or a weight outside 0..1.
    """
    how = scheme(gradual)
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}; choose one of: {', '.join(SEMANTICS)}")
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
                    raise ValueError(
                        f"{'attack' if attack else 'support'} ({source_id!r}, {target_id!r}) "
                        f"names unknown argument {end!r}"
                    )
            edge = (where[source_id], where[target_id])
            if edge not in seen:
                seen.add(edge)
                lists[attack][edge[1]].append(edge[0])
    with gc_paused():
        graph = Graph(ids, base, lists[True], lists[False], [-1] * len(ids))
        return _evaluate(
            graph,
            claim=claim,
            ignored=(),
            tolerance=tolerance,
            max_iterations=max_iterations,
            how=how,
            semantics=semantics,
        )


def _evaluate(
    graph: Graph,
    *,
    claim: Optional[str],
    ignored: tuple[str, ...],
    tolerance: float,
    max_iterations: int,
    how: Scheme,
    semantics: str,
) -> Evaluation:
    ids, base, attackers, supporters = graph.ids, graph.base, graph.attackers, graph.supporters
    labels = grounded_labels(attackers)
    accepted = acceptance(attackers, semantics, labels)
    solved = solve(base, attackers, supporters, how, tolerance, max_iterations)
    strength, attack, support, settled = solved.strength, solved.attack, solved.support, solved.settled
    names = ids.__getitem__
    make = tuple.__new__  # NodeResult(...) without the keyword handling of its generated __new__
    nodes = {
        node_id: make(
            NodeResult,
            (
                label,
                value,
                weight,
                va,
                vs,
                tuple(map(names, against)) if against else (),
                tuple(map(names, behind)) if behind else (),
                ok,
            ),
        )
        for node_id, label, value, weight, va, vs, against, behind, ok in zip(
            ids, labels, strength, base, attack, support, attackers, supporters, settled
        )
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
        gradual=how.name,
        acceptance=semantics,
        extensions=tuple(tuple(ids[i] for i in extension) for extension in accepted.extensions),
        extension_count=accepted.count,
        credulous=frozenset(ids[i] for i, yes in enumerate(accepted.credulous) if yes),
        skeptical=frozenset(ids[i] for i, yes in enumerate(accepted.skeptical) if yes),
        graph=graph,
    )


# -- the document `argmap evaluate --json` prints ---------------------------------------------------


def evaluation_document(
    argmap: ArgumentMap,
    *,
    semantics: str = "grounded",
    gradual: str = "dfquad",
    explain: bool = False,
    flip_size: int = 2,
) -> dict[str, Any]:
    """The JSON document of ``argmap evaluate --json`` for a loaded map, as plain data.

    Keys: ``semantics`` (what was computed and how it went), ``extensions`` (lists of
    ids), ``nodes`` (per id: ``label``, ``strength``, ``credulous``, ``skeptical``), and
    with ``explain`` also ``impact`` (per id but the claim's) and ``flips`` (lists of
    ids). See docs/evaluation.md. Raises ``ValueError`` for an unknown semantics or a
    map whose cycles allow too many extensions to list.
    """
    result = evaluate(argmap, semantics=semantics, gradual=gradual)
    document = result.as_dict()
    if explain:
        from .explain import explain as explain_verdict

        explanation = explain_verdict(result, flip_size=flip_size)
        document.update(explanation.as_dict())
        document["semantics"]["flip_size"] = flip_size
        document["semantics"]["flips_complete"] = explanation.complete
    return document


def targets_by_impact(argmap: ArgumentMap, top: int) -> list[str]:
    """For ``argmap critique --target impact``: :func:`impact_targets` of a loaded map (DF-QuAD
    impact), or the central claim alone when no node moves its strength."""
    from .explain import explain, impact_targets

    evaluation = evaluate(argmap)
    return impact_targets(evaluation, explain(evaluation, flip_size=1), top) or [argmap.id]


_MOVED_TO_EVALUATION_TEXT = ("LABEL_STYLES", "evaluation_table", "verdict_line")


def __getattr__(name: str) -> Any:
    # The display of an evaluation lives in evaluation_text; these names, once defined here, are
    # still found here, without this module importing the display code.
    if name in _MOVED_TO_EVALUATION_TEXT:
        from . import evaluation_text

        return getattr(evaluation_text, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
