"""A linear-time tidy-tree layout (Walker's algorithm with Buchheim, Jünger and Leipert's O(n) improvement).

Nodes at the same depth share a level; siblings keep their document order; a parent
is centred over its children; no two boxes overlap and no tree edges cross. Boxes
may differ in size: the gap between neighbours is measured from their edges, not
their centres. Everything is iterative, so a 10,000-level chain lays out as easily
as a bushy tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: Space between neighbouring boxes on the same level, and between levels.
SIBLING_GAP = 14.0
SUBTREE_GAP = 26.0
LEVEL_GAP = 46.0


#: With ``stack``: how far stacked leaves are indented from their trunk line, and the gap between them.
STACK_INDENT = 24.0
STACK_GAP = 10.0
#: With ``rows``: the gutter left of the rows for the line that joins the lower rows to the root.
BUS = 22.0

Point = tuple[float, float]


@dataclass
class Placement:
    """Box centres (``x``, ``y``) for each node, in the order given, and the drawing's size."""

    x: list[float]
    y: list[float]
    width: float
    height: float
    #: Edges that are not a plain curve between the two boxes: for a node, the corners of the line
    #: from its box to its parent's (stacked leaves, and the root's children in lower rows).
    routes: dict[int, list[Point]] = field(default_factory=dict)


def tidy_tree(
    parents: list[int],
    sizes: list[tuple[float, float]],
    direction: str = "TB",
    margin: float = 0.0,
    stack: bool = False,
    rows: int = 1,
    lanes: Optional[list[int]] = None,
) -> Placement:
    """Lay out a tree given each node's parent index (-1 for the root, which is node 0) and box size.

    Nodes must be listed so that a parent comes before its children and siblings are
    in their drawing order (document order does both). ``direction`` puts the root at
    the top (TB), bottom (BT), left (LR) or right (RL).

    ``stack`` (TB and BT only) draws the children of a node whose children are all leaves
    in one column under it, indented from a trunk line, instead of side by side: the
    "compact" org-chart layout, several times narrower for the bushy, shallow trees
    argument maps are. ``rows`` (with ``stack``) then wraps the root's children, with their
    subtrees, into that many rows. ``lanes`` (0 or 1 per node) puts the trunk lines of the
    two kinds of edge side by side rather than on top of each other.
    """
    if stack and direction in ("TB", "BT"):
        place = _rows(parents, sizes, margin, rows, lanes) if rows > 1 else _stacked(parents, sizes, margin, lanes)
        if direction == "BT":
            flip = place.height
            place.y = [flip - y for y in place.y]
            place.routes = {k: [(x, flip - y) for x, y in points] for k, points in place.routes.items()}
        return place
    return _tidy(parents, sizes, direction, margin)


def _children(parents: list[int]) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in parents]
    for v in range(1, len(parents)):
        children[parents[v]].append(v)
    return children


def _lane(lanes: Optional[list[int]], v: int) -> float:
    return 0.0 if lanes is None else (4.0 if lanes[v] else -4.0)


def _stacked(
    parents: list[int], sizes: list[tuple[float, float]], margin: float, lanes: Optional[list[int]] = None
) -> Placement:
    """Top-down, with the children of each node whose children are all leaves stacked in a column."""
    n = len(parents)
    children = _children(parents)
    stacked = {p for p in range(n) if len(children[p]) >= 2 and all(not children[c] for c in children[p])}
    # The reduced tree: each stacked column becomes one block, placed where its first leaf was.
    new_index: dict[int, int] = {}
    block_of: dict[int, int] = {}  # stacked parent -> its block's index in the reduced tree
    reduced_parents: list[int] = []
    reduced_sizes: list[tuple[float, float]] = []
    for v in range(n):
        p = parents[v]
        if p in stacked:
            if p not in block_of:
                leaves = children[p]
                width = max(sizes[c][0] for c in leaves) + STACK_INDENT
                height = sum(sizes[c][1] for c in leaves) + STACK_GAP * (len(leaves) - 1)
                block_of[p] = len(reduced_parents)
                reduced_parents.append(new_index[p])
                reduced_sizes.append((width, height))
            continue
        new_index[v] = len(reduced_parents)
        reduced_parents.append(new_index[p] if p >= 0 else -1)
        reduced_sizes.append(sizes[v])
    place = _tidy(reduced_parents, reduced_sizes, "TB", margin)
    xs = [0.0] * n
    ys = [0.0] * n
    for v, k in new_index.items():
        xs[v], ys[v] = place.x[k], place.y[k]
    routes: dict[int, list[Point]] = {}
    for p, k in block_of.items():
        width, height = reduced_sizes[k]
        left = place.x[k] - width / 2
        near = place.y[k] - height / 2  # the block's side towards the parent
        # Each leaf's edge runs left to the trunk, up it, and into the parent's bottom side.
        parent_bottom = ys[p] + sizes[p][1] / 2 + 2
        bend = near - LEVEL_GAP / 2
        offset = 0.0
        for c in children[p]:
            w, h = sizes[c]
            xs[c] = left + STACK_INDENT + w / 2
            ys[c] = near + offset + h / 2
            offset += h + STACK_GAP
            trunk = left + STACK_INDENT / 2 + _lane(lanes, c)
            into = min(max(trunk, xs[p] - sizes[p][0] / 2 + 8), xs[p] + sizes[p][0] / 2 - 8)
            routes[c] = [(xs[c] - w / 2, ys[c]), (trunk, ys[c]), (trunk, bend), (into, bend), (into, parent_bottom)]
    return Placement(x=xs, y=ys, width=place.width, height=place.height, routes=routes)


def _rows(
    parents: list[int], sizes: list[tuple[float, float]], margin: float, rows: int, lanes: Optional[list[int]] = None
) -> Placement:
    """:func:`_stacked` with the root's children (and their subtrees) wrapped into ``rows`` rows.

    The first row hangs from the root as usual; the lower ones are joined to it by a line
    down the left gutter, so that no edge crosses a box.
    """
    n = len(parents)
    children = _children(parents)
    kids = children[0]
    if len(kids) < 2:
        return _stacked(parents, sizes, margin, lanes)
    # Each of the root's children is laid out with its subtree on its own.
    blocks = []
    for kid in kids:
        members = [kid]
        for v in members:  # grows while it is read: breadth-first through the subtree
            members.extend(children[v])
        members.sort()  # the given order: parents first, siblings in order
        local = {v: i for i, v in enumerate(members)}
        sub = _stacked(
            [local[parents[v]] if v != kid else -1 for v in members],
            [sizes[v] for v in members],
            0.0,
            [lanes[v] for v in members] if lanes is not None else None,
        )
        blocks.append((members, sub))
    # Balanced rows, in order: a new row starts when this one would pass the average width.
    total = sum(sub.width for _, sub in blocks) + SUBTREE_GAP * (len(blocks) - 1)
    target = total / rows
    grouped: list[list[int]] = [[]]
    width = 0.0
    for k, (_, sub) in enumerate(blocks):
        if grouped[-1] and width + sub.width / 2 > target and len(grouped) < rows:
            grouped.append([])
            width = 0.0
        grouped[-1].append(k)
        width += sub.width + SUBTREE_GAP
    xs = [0.0] * n
    ys = [0.0] * n
    routes: dict[int, list[Point]] = {}
    to_root: list[int] = []  # lines of the lower rows, which end on the root's left side
    root_w, root_h = sizes[0]
    top = margin + root_h + LEVEL_GAP
    left0 = margin + BUS
    right = left0
    trunk = margin + BUS / 2
    root_y = margin + root_h / 2
    for number, row in enumerate(grouped):
        left = left0
        row_height = 0.0
        for k in row:
            members, sub = blocks[k]
            for i, v in enumerate(members):
                xs[v], ys[v] = sub.x[i] + left, sub.y[i] + top
            for i, points in sub.routes.items():
                routes[members[i]] = [(x + left, y + top) for x, y in points]
            kid = members[0]
            if number:
                bend = top - LEVEL_GAP / 2
                lane = trunk + _lane(lanes, kid)
                routes[kid] = [
                    (xs[kid], ys[kid] - sizes[kid][1] / 2),
                    (xs[kid], bend),
                    (lane, bend),
                    (lane, root_y + _lane(lanes, kid)),
                ]
                to_root.append(kid)
            left += sub.width + SUBTREE_GAP
            row_height = max(row_height, sub.height)
        right = max(right, left - SUBTREE_GAP)
        if number == 0:
            first_row = [xs[blocks[k][0][0]] for k in row]
            xs[0] = (first_row[0] + first_row[-1]) / 2
        top += row_height + LEVEL_GAP
    ys[0] = root_y
    root_left = xs[0] - root_w / 2 - 2
    for kid in to_root:  # once the root is placed
        routes[kid].append((root_left, routes[kid][-1][1]))
    width = max(right, xs[0] + root_w / 2) + margin
    return Placement(x=xs, y=ys, width=width, height=top - LEVEL_GAP + margin, routes=routes)


def _tidy(
    parents: list[int],
    sizes: list[tuple[float, float]],
    direction: str,
    margin: float,
) -> Placement:
    n = len(parents)
    horizontal = direction in ("LR", "RL")
    # "breadth" runs along a level (between siblings); "extent" runs from level to level.
    breadth = [size[1] if horizontal else size[0] for size in sizes]
    extent = [size[0] if horizontal else size[1] for size in sizes]
    children: list[list[int]] = [[] for _ in range(n)]
    number = [0] * n  # position among siblings, from 1
    depth = [0] * n
    for v in range(1, n):
        p = parents[v]
        children[p].append(v)
        number[v] = len(children[p])
        depth[v] = depth[p] + 1

    prelim = [0.0] * n
    mod = [0.0] * n
    shift = [0.0] * n
    change = [0.0] * n
    thread = [-1] * n
    ancestor = list(range(n))
    default_ancestor = [kids[0] if kids else -1 for kids in children]

    def left_sibling(v: int) -> int:
        return children[parents[v]][number[v] - 2] if v and number[v] > 1 else -1

    def separation(a: int, b: int) -> float:
        gap = SIBLING_GAP if parents[a] == parents[b] else SUBTREE_GAP
        return (breadth[a] + breadth[b]) / 2 + gap

    def next_left(v: int) -> int:
        return children[v][0] if children[v] else thread[v]

    def next_right(v: int) -> int:
        return children[v][-1] if children[v] else thread[v]

    def apportion(v: int, default: int) -> int:
        w = left_sibling(v)
        if w < 0:
            return default
        vir = vor = v
        vil = w
        vol = children[parents[v]][0]
        sir = sor = mod[vir]
        sil = mod[vil]
        sol = mod[vol]
        while next_right(vil) >= 0 and next_left(vir) >= 0:
            vil = next_right(vil)
            vir = next_left(vir)
            vol = next_left(vol)
            vor = next_right(vor)
            ancestor[vor] = v
            moved = (prelim[vil] + sil) - (prelim[vir] + sir) + separation(vil, vir)
            if moved > 0:
                left = ancestor[vil] if parents[ancestor[vil]] == parents[v] else default
                subtrees = number[v] - number[left]
                change[v] -= moved / subtrees
                shift[v] += moved
                change[left] += moved / subtrees
                prelim[v] += moved
                mod[v] += moved
                sir += moved
                sor += moved
            sil += mod[vil]
            sir += mod[vir]
            sol += mod[vol]
            sor += mod[vor]
        if next_right(vil) >= 0 and next_right(vor) < 0:
            thread[vor] = next_right(vil)
            mod[vor] += sil - sor
        if next_left(vir) >= 0 and next_left(vol) < 0:
            thread[vol] = next_left(vir)
            mod[vol] += sir - sol
            default = v
        return default

    # First walk, bottom-up: a node is finished after all its children, left to right.
    for v in _postorder(children):
        kids = children[v]
        w = left_sibling(v)
        if not kids:
            prelim[v] = prelim[w] + separation(w, v) if w >= 0 else 0.0
        else:
            moved = acc = 0.0
            for c in reversed(kids):  # execute the shifts recorded by apportion
                prelim[c] += moved
                mod[c] += moved
                acc += change[c]
                moved += shift[c] + acc
            middle = (prelim[kids[0]] + prelim[kids[-1]]) / 2
            if w >= 0:
                prelim[v] = prelim[w] + separation(w, v)
                mod[v] = prelim[v] - middle
            else:
                prelim[v] = middle
        if v:
            p = parents[v]
            default_ancestor[p] = apportion(v, default_ancestor[p])

    # Second walk, top-down: add up the modifiers.
    along = [0.0] * n
    stack = [(0, 0.0)]
    while stack:
        v, m = stack.pop()
        along[v] = prelim[v] + m
        for c in children[v]:
            stack.append((c, m + mod[v]))

    levels = max(depth) + 1 if n else 0
    level_extent = [0.0] * levels
    for v in range(n):
        if extent[v] > level_extent[depth[v]]:
            level_extent[depth[v]] = extent[v]
    level_start = [0.0] * levels
    position = margin
    for d in range(levels):
        level_start[d] = position
        position += level_extent[d] + LEVEL_GAP
    total_extent = position - LEVEL_GAP + margin

    low = min(along[v] - breadth[v] / 2 for v in range(n))
    high = max(along[v] + breadth[v] / 2 for v in range(n))
    total_breadth = high - low + 2 * margin
    across = [a - low + margin for a in along]
    # Boxes hang from the top of their level, so edges between two levels all span the same gap.
    down = [level_start[depth[v]] + extent[v] / 2 for v in range(n)]
    if direction in ("BT", "RL"):
        down = [total_extent - d for d in down]
    if horizontal:
        return Placement(x=down, y=across, width=total_extent, height=total_breadth)
    return Placement(x=across, y=down, width=total_breadth, height=total_extent)


def _postorder(children: list[list[int]]) -> list[int]:
    order: list[int] = []
    stack = [0]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(children[v])
    # Reversed pre-order visiting the last child first = post-order visiting the first child first.
    order.reverse()
    return order
