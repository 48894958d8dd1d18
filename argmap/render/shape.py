"""The shape of a picture: which direction a map is drawn in when the user does not say.

Argument maps are bushy and shallow, and their boxes are wide and short, so drawn top
down they become long strips (the README's map was 4.5 : 1; an 80-node map 20 : 1),
whose text is a few pixels tall once the picture is fitted to a page or a README. Drawn
left to right, the same boxes stack in columns, which are far more compact. argmap keeps
top-down, the usual reading order, whenever it gives a picture that fits a page, and
otherwise takes whichever direction comes closest to square. The sizes are those of
argmap's own tidy tree, which are within a few percent of Graphviz's (and cost
milliseconds), so the choice is the same for every layout, engine and format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .tree import tidy_tree

#: A picture fits a page when its sides are within this ratio of each other ...
MAX_RATIO = 2.2
#: ... and it is at most this wide, in points (so 11-pt text is still legible at a screen's width).
MAX_WIDTH = 2400.0
#: The estimate aims a little inside those bounds: Graphviz's layout of the same boxes comes out up to
#: a few percent wider or narrower than the tidy tree's.
SLACK = 0.9


@dataclass(frozen=True)
class Frame:
    """What is drawn around the layout: the legend on the left and the title on top, in points."""

    legend_width: float = 0.0
    legend_height: float = 0.0
    title_width: float = 0.0
    top: float = 12.0
    #: The legend above the map rather than to its left (for wide maps, whose left is tall and empty).
    legend_above: bool = False

    def size(self, width: float, height: float) -> tuple[float, float]:
        """The whole picture's size for a layout of ``width`` x ``height`` (as svg.draw frames it)."""
        if self.legend_above:
            return max(width, self.legend_width + 24.0, self.title_width), height + self.map_top
        offset = self.legend_width + 20.0 if self.legend_width else 0.0
        full_width = max(width + offset, self.title_width)
        full_height = max(height, self.legend_height + 24.0 if self.legend_width else 0.0) + self.top
        return full_width, full_height

    @property
    def map_left(self) -> float:
        """Where the layout starts, from the picture's left."""
        return self.legend_width + 20.0 if self.legend_width and not self.legend_above else 0.0

    @property
    def map_top(self) -> float:
        """Where the layout starts, from the picture's top."""
        return self.top + (self.legend_height + 4.0 if self.legend_width and self.legend_above else 0.0)


def fits(width: float, height: float, slack: float = 1.0) -> bool:
    """Whether a picture of this size fits a page: near enough to square, and not too wide.

    ``slack`` below 1 narrows the bounds by that factor (for estimates)."""
    ratio = MAX_RATIO * slack
    return width <= MAX_WIDTH * slack and 1 / ratio <= width / max(height, 1.0) <= ratio


@dataclass(frozen=True)
class Shape:
    """How to draw a map: its direction, whether leaf siblings are stacked in columns, and in how many rows
    the central claim's children are wrapped (the last two: tidy tree only)."""

    direction: str
    stack: bool = False
    rows: int = 1
    legend_above: bool = False


#: The most rows the central claim's children are wrapped into.
MAX_ROWS = 6


def choose_shape(parents: list[int], sizes: list[tuple[float, float]], frame: Frame, stack: bool = True) -> Shape:
    """The first of these that fits a page: top-down, left to right, and (with ``stack``) top-down with
    stacked leaves, in one row and then wrapped into more; when none does, the one closest to square."""
    candidates = [Shape("TB"), Shape("LR")]
    if stack:
        roots_children = sum(1 for p in parents if p == 0)
        candidates += [Shape("TB", stack=True, rows=rows) for rows in range(1, min(MAX_ROWS, roots_children) + 1)]
    sides = {}
    for shape in candidates:
        place = tidy_tree(parents, sizes, shape.direction, margin=14.0, stack=shape.stack, rows=shape.rows)
        for above in (False, True) if frame.legend_width else (False,):
            framed = replace(shape, legend_above=above)
            sides[framed] = replace(frame, legend_above=above).size(place.width, place.height)
            if fits(*sides[framed], slack=SLACK):
                return framed
    return min(sides, key=lambda s: abs(math.log(sides[s][0] / max(sides[s][1], 1.0))))
