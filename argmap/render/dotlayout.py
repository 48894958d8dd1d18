"""Graphviz's ``dot`` used for layout only: box positions and edge curves, drawn afterwards by argmap.

Graphviz gets one empty, fixed-size box per node (sized by argmap's own text
measurement) and returns where it put them and how it routed the edges (``-Tplain``).
argmap then draws everything itself, so the ``dot`` and tidy-tree layouts share one
SVG writer and one visual language, and the embedded Graphviz, which has no
HTML-like labels, draws exactly what the system one does.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Optional

from . import engines
from .errors import RenderError
from .view import View

_RANKDIR = {"TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}


@dataclass
class Layout:
    """Box centres, edge curves (cubic Bézier points, in drawing order) and the drawing's size, in points, y down."""

    x: list[float]
    y: list[float]
    width: float
    height: float
    #: For each non-root item (index i >= 1): points from the child to its parent.
    edges: dict[int, list[tuple[float, float]]]
    #: For each cross-link (index into view.links): points from source to target.
    links: dict[int, list[tuple[float, float]]]
    engine: str


def layout_dot_text(view: View, sizes: list[tuple[float, float]], direction: str) -> str:
    """The DOT text Graphviz lays out: empty boxes of the given sizes (points), tree edges, cross-links."""
    out = [
        f"digraph layout {{\n graph [rankdir={_RANKDIR[direction]} nodesep=0.22 ranksep=0.55 splines=true]\n"
        ' node [shape=box fixedsize=true label=""]\n edge [arrowhead=none arrowtail=none]\n'
    ]
    add = out.append
    for i, (w, h) in enumerate(sizes):
        add(f" n{i} [width={w / 72:.4f} height={h / 72:.4f}]\n")
    index = {item.id: i for i, item in enumerate(view.items)}
    for i, item in enumerate(view.items[1:], start=1):
        add(f" n{index[item.parent]} -> n{i}\n")  # type: ignore[index]
    for link in view.links:
        add(f" n{index[link.source]} -> n{index[link.target]} [constraint=false style=dotted]\n")
    add("}\n")
    return "".join(out)


def layout(view: View, sizes: list[tuple[float, float]], direction: str = "TB", engine: str = "auto") -> Layout:
    """Lay ``view`` out with Graphviz's ``dot``; ``engine`` is ``native``, ``embedded`` or ``auto``."""
    result = engines.run(layout_dot_text(view, sizes, direction), "plain", engine)
    return _parse_plain(result.data.decode("utf-8"), view, result.description)


def _parse_plain(text: str, view: View, description: str) -> Layout:
    n = len(view.items)
    xs: list[Optional[float]] = [None] * n
    ys: list[Optional[float]] = [None] * n
    height = width = 0.0
    routed: dict[tuple[int, int, bool], list[list[tuple[float, float]]]] = {}
    for line in text.splitlines():
        if line.startswith("node "):
            parts = line.split()
            i = int(parts[1][1:])
            xs[i], ys[i] = float(parts[2]) * 72, float(parts[3]) * 72
        elif line.startswith("edge "):
            parts = shlex.split(line) if '"' in line else line.split()
            tail, head, count = int(parts[1][1:]), int(parts[2][1:]), int(parts[3])
            coords = parts[4 : 4 + 2 * count]
            points = [(float(coords[k]) * 72, float(coords[k + 1]) * 72) for k in range(0, len(coords), 2)]
            dotted = "dotted" in parts[4 + 2 * count :]
            routed.setdefault((tail, head, dotted), []).append(points)
        elif line.startswith("graph "):
            parts = line.split()
            width, height = float(parts[2]) * 72, float(parts[3]) * 72
    placed_x = [x for x in xs if x is not None]
    placed_y = [y for y in ys if y is not None]
    if len(placed_x) < n or len(placed_y) < n:
        raise RenderError("Graphviz returned an incomplete layout")

    def flip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x, height - y) for x, y in points]

    index = {item.id: i for i, item in enumerate(view.items)}
    edges: dict[int, list[tuple[float, float]]] = {}
    for i, item in enumerate(view.items[1:], start=1):
        queue = routed.get((index[item.parent], i, False))  # type: ignore[index]
        if queue:
            edges[i] = flip(list(reversed(queue.pop(0))))  # drawn from the child to its parent
    links: dict[int, list[tuple[float, float]]] = {}
    for k, link in enumerate(view.links):
        queue = routed.get((index[link.source], index[link.target], True))
        if queue:
            links[k] = flip(queue.pop(0))
    return Layout(
        x=placed_x,
        y=[height - y for y in placed_y],
        width=width,
        height=height,
        edges=edges,
        links=links,
        engine=description,
    )
