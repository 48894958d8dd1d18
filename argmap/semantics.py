"""Extension semantics of Dung's abstract argumentation: grounded, complete, preferred, stable.

Only attacks count here. Nodes are integer indices ``0..n-1`` and the graph is given as
each node's list of attackers. No I/O.

The grounded labelling is computed directly, in linear time. The other semantics are
found by enumerating complete labellings, with pruning:

- every complete labelling agrees with the grounded one on the nodes it labels ``in``
  or ``out``, so only the grounded ``undec`` nodes are searched;
- those nodes split into weakly connected components that do not interact, so each is
  searched on its own and the results combined (a product for the list of extensions;
  credulous and sceptical acceptance need no product at all);
- within a component, a backtracking search assigns ``in``/``out``/``undec`` and
  propagates what each choice forces (an ``in`` node's attackers and targets are
  ``out``, a node all of whose attackers are ``out`` is ``in``, ...).

Debate maps rarely have more than a few short cycles, so this is quick in practice. It
is exponential in the worst case: :data:`MAX_STEPS` bounds the search, and
:class:`TooManyExtensions` says when a map exceeds it. Independent cycles multiply the
number of extensions (40 separate two-cycles make 2^40); past :data:`MAX_EXTENSIONS`
only that many are listed, and :attr:`Acceptance.count` still says how many there are.
"""

from __future__ import annotations

from itertools import islice, product
from typing import Literal, Optional

from .errors import ArgmapError

Label = Literal["in", "out", "undec"]
SEMANTICS = ("grounded", "complete", "preferred", "stable")

#: The most search steps (labellings tried, over all components) before giving up.
MAX_STEPS = 200_000
#: The most extensions listed for a whole map (independent cycles multiply them, and each lists
#: every accepted node, so a long list of a large map would run to gigabytes); acceptance is exact beyond it.
MAX_EXTENSIONS = 100

_IN, _OUT, _UNDEC = 0, 1, 2


class TooManyExtensions(ArgmapError, ValueError):
    """The map's cycles need more search than :data:`MAX_STEPS` to find their extensions."""


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


class Acceptance:
    """The extensions of a graph under one semantics, and each node's acceptance.

    ``extensions`` lists each extension as a sorted list of indices, the list sorted;
    ``credulous[i]`` says node ``i`` is in some extension, ``skeptical[i]`` that it is
    in every one (False for every node when there is no extension at all, as can happen
    under stable semantics). ``count`` is the number of extensions, which exceeds
    ``len(extensions)`` when only the first :data:`MAX_EXTENSIONS` are listed.
    """

    def __init__(
        self,
        semantics: str,
        extensions: list[list[int]],
        credulous: list[bool],
        skeptical: list[bool],
        count: Optional[int] = None,
    ) -> None:
        self.semantics = semantics
        self.extensions = extensions
        self.credulous = credulous
        self.skeptical = skeptical
        self.count = len(extensions) if count is None else count


def acceptance(
    attackers: list[list[int]],
    semantics: str = "grounded",
    labels: Optional[list[Label]] = None,
    *,
    max_steps: int = MAX_STEPS,
    max_extensions: int = MAX_EXTENSIONS,
) -> Acceptance:
    """Extensions and acceptance of nodes ``0..n-1`` under ``semantics`` (one of :data:`SEMANTICS`).

    ``labels`` may pass the grounded labelling when it is known already. At most
    ``max_extensions`` extensions are listed (the first in the order of a product over
    independent parts, then sorted). Raises :class:`TooManyExtensions` when the search
    would exceed ``max_steps``, and ``ValueError`` for an unknown semantics.
    """
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}; choose one of: {', '.join(SEMANTICS)}")
    n = len(attackers)
    if labels is None:
        labels = grounded_labels(attackers)
    accepted = [label == "in" for label in labels]
    base = [i for i in range(n) if accepted[i]]
    undecided = [i for i in range(n) if labels[i] == "undec"]
    if semantics == "grounded" or not undecided:
        # Without undecided nodes the grounded labelling is the only complete one, and stable.
        return Acceptance(semantics, [base], list(accepted), list(accepted))

    credulous = list(accepted)
    skeptical = list(accepted)
    choices: list[list[list[int]]] = []  # per component, its extensions' in-sets (as global indices)
    budget = [max_steps]
    for component in _components(undecided, attackers):
        local = {node: k for k, node in enumerate(component)}
        sub = [[local[j] for j in attackers[node] if j in local] for node in component]
        sets = _component_extensions(sub, semantics, budget)
        if not sets:  # only stable semantics can find none
            return Acceptance(semantics, [], [False] * n, [False] * n)
        unique = sorted({tuple(sorted(s)) for s in sets})
        for k, node in enumerate(component):
            credulous[node] = any(k in s for s in unique)
            skeptical[node] = all(k in s for s in unique)
        choices.append([[component[k] for k in s] for s in unique])

    total = 1
    for options in choices:
        total *= len(options)
    listed = islice(product(*choices), max_extensions)
    extensions = sorted(sorted(base + [i for part in combo for i in part]) for combo in listed)
    return Acceptance(semantics, extensions, credulous, skeptical, total)


#: The most combinations of the parts of one group of cycles that are tried (see :func:`_component_extensions`).
MAX_COMBINATIONS = 100_000


def _component_extensions(attackers: list[list[int]], semantics: str, budget: list[int]) -> list[frozenset[int]]:
    """The extensions (in-sets) of one connected group of grounded-undecided nodes.

    Nodes that lead to no attack cycle (such as a claim attacked from several cycles)
    take their labels from their attackers, so only the rest, the *core*, is searched,
    split again into its own independent parts; the parts' labellings are then combined
    and the remaining nodes labelled from them, in attack order.
    """
    m = len(attackers)
    targets: list[list[int]] = [[] for _ in range(m)]
    for node, sources in enumerate(attackers):
        for source in sources:
            targets[source].append(node)
    from .gradual import strongly_connected

    order = strongly_connected(attackers, [False] * m)  # attackers' components before their targets'
    feeds = [False] * m  # on an attack cycle, or attacks something that leads to one
    for group in reversed(order):
        cyclic = len(group) > 1 or group[0] in attackers[group[0]]
        for node in group:
            feeds[node] = cyclic or any(feeds[t] for t in targets[node])
    core = [k for k in range(m) if feeds[k]]
    rest = [node for group in order for node in group if not feeds[node]]  # in attack order

    parts: list[list[list[Optional[int]]]] = []  # per independent part of the core, its labellings
    for part in _components(core, attackers):
        local = {node: k for k, node in enumerate(part)}
        sub = [[local[j] for j in attackers[node] if j in local] for node in part]
        found = _complete_labellings(sub, budget)
        if semantics == "stable":
            found = [lab for lab in found if _UNDEC not in lab]
        elif semantics == "preferred":
            ins = [frozenset(k for k, v in enumerate(lab) if v == _IN) for lab in found]
            found = [lab for lab, s in zip(found, ins) if not any(s < other for other in ins)]
        labelling_sets: list[list[Optional[int]]] = []
        for lab in found:
            full: list[Optional[int]] = [None] * m
            for k, value in enumerate(lab):
                full[part[k]] = value
            labelling_sets.append(full)
        parts.append(labelling_sets)

    combinations_count = 1
    for options in parts:
        combinations_count *= len(options)
    if combinations_count > MAX_COMBINATIONS:
        raise TooManyExtensions(
            f"the map's cycles combine in {combinations_count:,} ways, too many to search "
            "for extensions; use --semantics grounded"
        )
    sets: list[frozenset[int]] = []
    for combo in product(*parts):
        labels: list[Optional[int]] = [None] * m
        for full in combo:
            for k in range(m):
                if full[k] is not None:
                    labels[k] = full[k]
        undecided = False
        for node in rest:
            values = [labels[j] for j in attackers[node]]
            labels[node] = _IN if all(v == _OUT for v in values) else _OUT if _IN in values else _UNDEC
            undecided = undecided or labels[node] == _UNDEC
        if semantics == "stable" and undecided:
            continue
        sets.append(frozenset(k for k in range(m) if labels[k] == _IN))
    if semantics == "preferred":
        # The rest's labels grow with the core's in-set (in: all attackers out; out: one in),
        # so combining maximal core sets gives maximal sets; this only removes repeats.
        unique = set(sets)
        sets = [s for s in unique if not any(s < other for other in unique)]
    return sets


def _components(nodes: list[int], attackers: list[list[int]]) -> list[list[int]]:
    """The weakly connected components of the attack graph among ``nodes``, each sorted."""
    inside = set(nodes)
    neighbours: dict[int, list[int]] = {i: [] for i in nodes}
    for i in nodes:
        for j in attackers[i]:
            if j in inside:
                neighbours[i].append(j)
                neighbours[j].append(i)
    seen: set[int] = set()
    found = []
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        stack, component = [start], []
        while stack:
            node = stack.pop()
            component.append(node)
            for other in neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        found.append(sorted(component))
    return found


def _complete_labellings(attackers: list[list[int]], budget: list[int]) -> list[tuple[int, ...]]:
    """Every complete labelling of a small graph (0 in, 1 out, 2 undec), by backtracking with propagation.

    ``budget`` is a one-item list counting down the search steps left (shared by calls).
    """
    m = len(attackers)
    targets: list[list[int]] = [[] for _ in range(m)]
    for node, sources in enumerate(attackers):
        for source in sources:
            targets[source].append(node)
    found: list[tuple[int, ...]] = []
    stack: list[tuple[list[Optional[int]], int, int]] = [([None] * m, -1, -1)]
    while stack:
        labels, node, value = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise TooManyExtensions(
                "the map's cycles are too tangled to list their extensions within "
                "the search steps allowed; use --semantics grounded"
            )
        if node >= 0 and not _assign(labels, node, value, attackers, targets):
            continue
        try:
            pick = labels.index(None)
        except ValueError:
            if _is_complete(labels, attackers):  # type: ignore[arg-type]
                found.append(tuple(labels))  # type: ignore[arg-type]
            continue
        for choice in (_UNDEC, _OUT, _IN):
            stack.append((list(labels), pick, choice))
    return found


def _assign(
    labels: list[Optional[int]], node: int, value: int, attackers: list[list[int]], targets: list[list[int]]
) -> bool:
    """Label ``node`` and everything that forces; False on a contradiction."""
    queue = [(node, value)]
    while queue:
        node, value = queue.pop()
        current = labels[node]
        if current is not None:
            if current != value:
                return False
            continue
        labels[node] = value
        # Re-check the node, what it attacks and what attacks it.
        for other in (node, *targets[node], *attackers[node]):
            forced = _forced(labels, other, attackers[other])
            if forced is False:
                return False
            queue.extend(forced)  # type: ignore[arg-type]
    return True


def _forced(labels: list[Optional[int]], node: int, sources: list[int]) -> list[tuple[int, int]] | bool:
    """What the rules of a complete labelling force around ``node``; False when they are broken."""
    n_in = n_out = 0
    unknown = []
    for j in sources:
        value = labels[j]
        if value == _IN:
            n_in += 1
        elif value == _OUT:
            n_out += 1
        elif value is None:
            unknown.append(j)
    mine = labels[node]
    if mine == _IN:
        return False if n_in else [(j, _OUT) for j in unknown]
    if mine == _OUT:
        if n_in:
            return []
        if not unknown:
            return False
        return [(unknown[0], _IN)] if len(unknown) == 1 else []
    if mine == _UNDEC:
        if n_in or (not unknown and n_out == len(sources)):
            return False
        if len(unknown) == 1 and n_out == len(sources) - 1:
            return [(unknown[0], _UNDEC)]
        return []
    if n_in:
        return [(node, _OUT)]
    if not unknown:
        return [(node, _IN if n_out == len(sources) else _UNDEC)]
    return []


def _is_complete(labels: list[int], attackers: list[list[int]]) -> bool:
    for node, sources in enumerate(attackers):
        values = [labels[j] for j in sources]
        wanted = _IN if all(v == _OUT for v in values) else _OUT if _IN in values else _UNDEC
        if labels[node] != wanted:
            return False
    return True
