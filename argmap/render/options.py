"""Rendering options, checked once so that every layout and engine can trust them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .style import THEMES

DIRECTIONS = ("AUTO", "TB", "BT", "LR", "RL")
LAYOUTS = ("auto", "dot", "tree")
ENGINES = ("auto", "native", "embedded")
FORMATS = ("svg", "png", "pdf", "dot", "html")

#: Above this many drawn nodes, ``layout="auto"`` uses argmap's tidy tree instead of Graphviz's
#: ``dot``, whose layout time grows much faster than the number of nodes (docs/benchmarks.md).
TREE_LAYOUT_FROM = 1500

#: The most nodes a static picture (SVG, PNG, PDF) draws by default. Past this, the picture fitted to a
#: screen or a page has text a few pixels tall, so argmap draws the first levels instead (docs/rendering.md).
STATIC_MAX_NODES = 300


@dataclass
class RenderOptions:
    """What to draw and how. Every field has a sensible default."""

    direction: str = "auto"
    """Where the central claim sits relative to the rest: TB (top), BT (bottom), LR (left), RL (right),
    or ``auto``: top-down when that picture fits a page, else left to right (argmap/render/shape.py)."""
    depth: Optional[int] = None
    """Draw only this many levels below the central claim."""
    focus: Optional[str] = None
    """Draw only this node, its ancestors and its subtree."""
    tag: Optional[str] = None
    """Draw only nodes with this tag, and their ancestors."""
    theme: str = "light"
    """``light``, ``dark`` or ``print`` (greyscale: kinds told apart by outline, attacks dashed)."""
    legend: bool = True
    """Draw a small legend of the visual language."""
    accepted_only: bool = False
    """Hide proposed (LLM) nodes. Rejected nodes are never drawn."""
    evaluation: Any = None
    """An evaluation (``argmap.evaluate(map)``) whose verdicts to show on the nodes."""
    explanation: Any = None
    """With ``evaluation``: its explanation (``argmap.explain.explain``), to mark the nodes the
    verdict rests on and show each node's impact on the claim."""
    layout: str = "auto"
    """``dot`` (Graphviz), ``tree`` (argmap's tidy tree) or ``auto`` (by size)."""
    engine: str = "auto"
    """Which Graphviz runs the ``dot`` layout: ``native``, ``embedded`` or ``auto``."""
    max_nodes: Optional[int] = STATIC_MAX_NODES
    """The most nodes an SVG, PNG or PDF draws: a larger selection is cut to its first levels (with
    ``+N more below`` on the cut nodes), or refused when even one level is too many. ``None`` or 0: no limit.
    The HTML page and DOT text are never cut."""

    def __post_init__(self) -> None:
        self.direction = str(self.direction).upper()
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of auto, {', '.join(DIRECTIONS[1:])}, not {self.direction!r}")
        if self.theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {self.theme!r}")
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {self.layout!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.max_nodes is not None and self.max_nodes < 0:
            raise ValueError("max_nodes must be 0 (no limit) or more")
        if self.depth is not None and self.depth < 0:
            raise ValueError("depth must be 0 or more")
