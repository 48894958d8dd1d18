"""A readable part of a map too big for one static picture.

A 2,000-node map drawn whole is a picture hundreds of thousands of points wide: fitted to
a screen or a page its text is a fraction of a pixel, and as a PNG it takes gigabytes.
So an SVG, PNG or PDF draws at most ``RenderOptions.max_nodes`` nodes, in a picture
whose sides are at most ``READABLE_SIDE``: the central claim (or the focused node) and as
many whole levels below it as fit, each cut node saying ``+N more below``. When not even
one level fits, the picture is refused. Either way the message says how to see the rest:
``--focus`` on a branch, ``--max-nodes``, or the HTML page.
"""

from __future__ import annotations

from typing import Any, Optional

from .errors import RenderError
from .view import View, select

#: The longest side (points) of a static picture of a big map. Fitted to a 1920-pixel screen, its
#: 11-point text is still about 5 pixels tall, and legible when zoomed in; as a PNG it is at most
#: 6,400 pixels a side (about 160 MB to draw).
READABLE_SIDE = 4800.0
#: Below this many nodes every map is drawn whole (its shape is chosen to fit a page: shape.py).
SMALL = 60


def readable_cut(argmap: Any, view: View, options: Any, fmt: str) -> tuple[View, Optional[str]]:
    """``view`` itself when its picture is readable; else its first levels, and a note saying so.

    Raises :class:`RenderError` when even the first level below the top node is too big.
    """
    from .svg import picture_size

    limit = int(options.max_nodes)
    if len(view) <= SMALL or (len(view) <= limit and max(picture_size(argmap, view, options)) <= READABLE_SIDE):
        return view, None
    top = view.by_id[options.focus] if options.focus is not None else view.root
    per_level: dict[int, int] = {}
    for item in view.items:
        level = max(item.depth - top.depth, 0)
        per_level[level] = per_level.get(level, 0) + 1
    kept, levels = 0, 0
    for level in range(1, max(per_level) + 1):
        kept += per_level.get(level, 0)
        if kept + 1 > limit:
            break
        levels = level
    what = "the focused node" if options.focus is not None else "the central claim"
    cut: Optional[View] = None
    while levels >= 1:
        depth = levels if options.depth is None else min(levels, options.depth)
        candidate = select(
            argmap, depth=depth, focus=options.focus, tag=options.tag, accepted_only=options.accepted_only
        )
        if max(picture_size(argmap, candidate, options)) <= READABLE_SIDE:
            cut, levels = candidate, depth
            break
        levels = depth - 1
    if cut is None:
        raise RenderError(
            f"{len(view):,} nodes are too many for a readable {fmt.upper()}: even the {per_level.get(1, 0):,} "
            f"directly below {what} make a picture too big to read; use --focus ID to draw one branch, "
            "or -o NAME.html to explore the whole map"
        )
    note = (
        f"drew {len(cut):,} of {len(view):,} nodes, {levels} level{'s' if levels != 1 else ''} below {what}, "
        f"as {'an' if fmt == 'svg' else 'a'} {fmt.upper()} of them all would be too big to read "
        "(cut nodes say '+N more below'); "
        "use --focus ID for one branch, or -o NAME.html to explore the whole map"
    )
    return cut, note
