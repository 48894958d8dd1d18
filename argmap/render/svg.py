"""SVG written directly from argmap's tidy-tree layout, in the same visual language as the Graphviz output.

Used for both layouts: Graphviz's ``dot`` only places argmap's boxes. Text is measured
with the widest metrics of the fonts a viewer may use (argmap/render/fonts.py); every
string is XML-escaped on its way out.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Optional

from ..model import ArgumentMap
from .fonts import FONT, text_width
from .options import RenderOptions
from .shape import Frame, Shape, choose_shape
from .style import KIND_NAMES, Look, attack_dash, clean, has_accepted_llm_nodes, looks, theme, verdict_text, xml
from .tree import tidy_tree
from .view import View

PAD_X, PAD_Y = 10.0, 6.0
TAG_SIZE, TEXT_SIZE, META_SIZE, CLAIM_SIZE = 8.0, 11.0, 9.0, 14.0
LINE = 1.25  # line height, in ems


def _box(look: Look) -> tuple[float, float]:
    size = CLAIM_SIZE if look.kind == "claim" else TEXT_SIZE
    tag = look.tag + (f" \u00b7 {verdict_text(look.verdict, look.impact, look.deciding)}" if look.verdict else "")
    widths = [text_width(tag, TAG_SIZE, True)]
    widths += [text_width(line, size, look.kind == "claim") for line in look.lines]
    height = TAG_SIZE * LINE + len(look.lines) * size * LINE
    widths += [text_width(line, META_SIZE) for line in look.meta]
    height += len(look.meta) * META_SIZE * LINE
    if look.impact is not None:
        height += 5.0  # room for the impact bar under the text
    pad_x = PAD_X * (1.8 if look.kind == "claim" else 1)
    ring = 6.0 if look.kind == "rebuttal" else 0.0  # room for the inner rule of the double border
    return max(widths) + 2 * pad_x + ring, height + 2 * PAD_Y * (1.5 if look.kind == "claim" else 1) + ring


def _frame(title: str, legend_lines: list[tuple[str, str]], options: RenderOptions) -> Frame:
    """The room the title and the legend take around the layout."""
    legend_w = legend_h = 0.0
    if options.legend:
        legend_w = max(250.0, 94.0 + max(text_width(label, 9) for _, label in legend_lines))
        legend_h = 22.0 + 16.0 * len(legend_lines)
    # A title wider than the map widens the drawing rather than being cut off.
    title_w = text_width(title, 18, bold=True) + 40 if title else 0.0
    return Frame(legend_w, legend_h, title_w, 40.0 if title else 12.0)


def _measured(
    argmap: ArgumentMap, view: View, options: RenderOptions
) -> tuple[list[int], list[tuple[float, float]], Frame]:
    """Each node's parent index and box size, and the frame around the layout."""
    sizes = [_box(item_look) for item_look in looks(view, argmap.sources, options.evaluation)]
    index = {item.id: i for i, item in enumerate(view.items)}
    parents = [index[item.parent] if item.parent is not None else -1 for item in view.items]
    return parents, sizes, _frame(clean(argmap.title), _legend_rows(options, view), options)


def picture_size(argmap: ArgumentMap, view: View, options: RenderOptions) -> tuple[float, float]:
    """About how big (points) the picture of ``view`` will be, from the tidy tree in the shape argmap would choose."""
    parents, sizes, frame = _measured(argmap, view, options)
    shape = (
        choose_shape(parents, sizes, frame, stack=options.layout != "dot")
        if options.direction == "AUTO"
        else Shape(options.direction)
    )
    place = tidy_tree(parents, sizes, shape.direction, margin=14.0, stack=shape.stack, rows=shape.rows)
    return replace(frame, legend_above=shape.legend_above).size(place.width, place.height)


def direction_for(argmap: ArgumentMap, view: View, options: RenderOptions) -> str:
    """The direction ``view`` is drawn in: the one asked for, or with ``AUTO`` the one that fits a page.

    Without stacking, which Graphviz cannot draw: this is for the DOT text."""
    if options.direction != "AUTO":
        return options.direction
    parents, sizes, frame = _measured(argmap, view, options)
    return choose_shape(parents, sizes, frame, stack=False).direction


def draw(argmap: ArgumentMap, view: View, options: RenderOptions, layout: str = "tree") -> tuple[str, str]:
    """The view as SVG text, laid out by ``tree`` (argmap's tidy tree) or ``dot`` (Graphviz).

    Returns the SVG and a description of what did the layout.
    """
    colours = theme(options.theme)
    node_looks = looks(view, argmap.sources, options.evaluation, options.explanation)
    sizes = [_box(item_look) for item_look in node_looks]
    index = {item.id: i for i, item in enumerate(view.items)}
    parents = [index[item.parent] if item.parent is not None else -1 for item in view.items]

    title = clean(argmap.title)
    legend_lines = _legend_rows(options, view)
    if argmap.kind == "question":  # the dark boxes are the question and its positions
        legend_lines[0] = ("claim", "the question, and each position")
    frame = _frame(title, legend_lines, options)
    direction, stack, rows = options.direction, False, 1
    if direction == "AUTO":
        # Stacked leaves are argmap's own layout: with --layout dot, Graphviz's choices only.
        shape = choose_shape(parents, sizes, frame, stack=options.layout != "dot")
        direction, stack, rows = shape.direction, shape.stack, shape.rows
        frame = replace(frame, legend_above=shape.legend_above)
        if stack:
            layout = "tree"

    routes: dict[int, list[tuple[float, float]]] = {}
    routed_edges: Optional[dict[int, list[tuple[float, float]]]] = None
    routed_links: Optional[dict[int, list[tuple[float, float]]]] = None
    if layout == "dot":
        from .dotlayout import layout as dot_layout

        placed = dot_layout(view, sizes, direction, options.engine)
        place_x, place_y, place_w, place_h = placed.x, placed.y, placed.width, placed.height
        routed_edges, routed_links, engine = placed.edges, placed.links, placed.engine
        margin = 14.0
        place_x = [x + margin for x in place_x]
        place_y = [y + margin for y in place_y]
        place_w, place_h = place_w + 2 * margin, place_h + 2 * margin
        shift = lambda points: [(x + margin, y + margin) for x, y in points]  # noqa: E731
        routed_edges = {k: shift(v) for k, v in routed_edges.items()}
        routed_links = {k: shift(v) for k, v in routed_links.items()}
    else:
        lanes = [1 if item.polarity == "attack" else 0 for item in view.items]
        place = tidy_tree(parents, sizes, direction, margin=14.0, stack=stack, rows=rows, lanes=lanes)
        place_x, place_y, place_w, place_h = place.x, place.y, place.width, place.height
        routes = place.routes
        engine = "argmap tidy-tree layout" + (
            f" (leaves stacked{f', {rows} rows' if rows > 1 else ''})" if stack else ""
        )

    top = frame.top
    legend_w, legend_h = frame.legend_width, frame.legend_height
    # The legend sits in the top-left corner; the map is shifted right (or down) to make room for it.
    offset_x, offset_y = frame.map_left, frame.map_top
    width, height = (math.ceil(side) for side in frame.size(place_w, place_h))
    xs = [x + offset_x for x in place_x]
    ys = [y + offset_y for y in place_y]

    out: list[str] = []
    add = out.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.0f}pt" height="{height:.0f}pt" viewBox="0 0 {width:.1f} {height:.1f}" '
        f'font-family="{FONT}" class="argmap {layout}" role="img" aria-label="{xml(title or clean(argmap.claim))}">\n'
    )
    add(f"<title>{xml(title or clean(argmap.claim))}</title>\n")
    add(_defs(colours))
    add(f'<g id="argmap" class="graph">\n<rect width="100%" height="100%" fill="{colours["background"]}"/>\n')
    if title:
        add(
            f'<text x="{width / 2:.1f}" y="26" text-anchor="middle" font-size="18" font-weight="bold" '
            f'fill="{colours["text"]}">{xml(title)}</text>\n'
        )

    horizontal = direction in ("LR", "RL")
    sign = -1 if direction in ("BT", "RL") else 1
    slot_of: dict[int, tuple[int, int]] = {}
    for item in view.items:
        for k, child in enumerate(item.children):
            slot_of[index[child]] = (k, len(item.children))

    def curve(points: list[tuple[float, float]]) -> str:
        moved = [(x + offset_x, y + offset_y) for x, y in points]
        # Graphviz often ends a curve with a control point on the end point; a marker there would
        # have no direction to follow, so borrow the previous control point's.
        if len(moved) >= 4 and abs(moved[-1][0] - moved[-2][0]) + abs(moved[-1][1] - moved[-2][1]) < 0.5:
            moved[-2] = moved[-3]
        head = f"M{moved[0][0]:.1f},{moved[0][1]:.1f}"
        rest = " ".join(f"{x:.1f},{y:.1f}" for x, y in moved[1:])
        return f"{head} C{rest}" if len(moved) > 1 else head

    add('<g class="edges">\n')
    for i, item in enumerate(view.items[1:], start=1):
        p = parents[i]
        colour = colours["support"] if item.polarity == "support" else colours["attack"]
        # Edges run from the child's near side to the parent's far side, arrowhead at the parent;
        # a parent's incoming edges fan out along its side rather than meeting in one point.
        k, count = slot_of[i]
        slot = k - (count - 1) / 2
        if routed_edges is not None and i in routed_edges:
            path = curve(routed_edges[i])
        elif i in routes:
            # Stacked leaves and lower rows: straight lines along trunks and gutters, clear of the boxes.
            # Supports and attacks run in separate lanes, so that their colours do not hide each other.
            corners = [(x + offset_x, y + offset_y) for x, y in routes[i]]
            path = f"M{corners[0][0]:.1f},{corners[0][1]:.1f} " + " ".join(f"L{x:.1f},{y:.1f}" for x, y in corners[1:])
        elif horizontal:
            spread = min(14.0, (sizes[p][1] - 12) / max(count - 1, 1))
            x1, y1 = xs[i] - sign * sizes[i][0] / 2, ys[i]
            x2, y2 = xs[p] + sign * (sizes[p][0] / 2 + 2), ys[p] + slot * spread
            mid = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        else:
            spread = min(18.0, (sizes[p][0] - 16) / max(count - 1, 1))
            x1, y1 = xs[i], ys[i] - sign * sizes[i][1] / 2
            x2, y2 = xs[p] + slot * spread, ys[p] + sign * (sizes[p][1] / 2 + 2)
            mid = (y1 + y2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}"
        pattern = attack_dash(colours) if item.polarity == "attack" else ""
        if item.proposed:  # proposed edges are dashed; where attacks already are, dash-dotted
            pattern = "7,3,1.5,3" if pattern else "6,4"
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        # A position answers its question: a plain line, neither support nor attack.
        marker = f' marker-end="url(#{item.polarity})"' if item.polarity != "answer" else ""
        if item.polarity == "answer":
            colour = colours["muted"]
        add(
            f'<path class="edge {item.polarity}" d="{path}" fill="none" stroke="{colour}" stroke-width="1.6"'
            f"{dash}{marker}/>\n"
        )
    add("</g>\n")
    if view.links:
        add('<g class="crosslinks">\n')
        for number, link in enumerate(view.links):
            s, t = index[link.source], index[link.target]
            colour = colours["support"] if link.polarity == "support" else colours["attack"]
            dotted = (
                f'fill="none" stroke="{colour}" stroke-width="2.2" stroke-dasharray="0.1,4.5" '
                f'stroke-linecap="round" marker-end="url(#{link.polarity})"'
            )
            tip = f"<title>{xml(f'{link.source} {link.polarity}s {link.target}')}</title>"
            if routed_links is not None and number in routed_links:
                add(
                    f'<path class="crosslink {link.polarity}" d="{curve(routed_links[number])}" {dotted}>{tip}</path>\n'
                )
                continue
            x1, y1, x2, y2 = xs[s], ys[s], xs[t], ys[t]
            # Bow the curve to one side so it does not run along the tree edges or hide under boxes
            # of the same level; the bow grows with the distance, and never drops below 40.
            dx, dy = x2 - x1, y2 - y1
            length = max((dx * dx + dy * dy) ** 0.5, 1.0)
            bow = max(40.0, 0.2 * length)
            nx, ny = -dy / length, dx / length
            if (ny if not horizontal else nx) * sign < 0:  # bow into the gap below (or beside) the level
                nx, ny = -nx, -ny
            # The curve stays within half-way to its control point, so clamping that keeps it on the page.
            cx = min(max((x1 + x2) / 2 + nx * bow * 2, 0.0), width)
            cy = min(max((y1 + y2) / 2 + ny * bow * 2, offset_y), height)
            x2e, y2e = _toward(x2, y2, cx, cy, sizes[t])
            x1e, y1e = _toward(x1, y1, cx, cy, sizes[s])
            add(
                f'<path class="crosslink {link.polarity}" d="M{x1e:.1f},{y1e:.1f} Q{cx:.1f},{cy:.1f} '
                f'{x2e:.1f},{y2e:.1f}" {dotted}>{tip}</path>\n'
            )
        add("</g>\n")
    add('<g class="nodes">\n')
    for i, item_look in enumerate(node_looks):
        add(_node(item_look, xs[i], ys[i], sizes[i], colours))
    add("</g>\n")
    if options.legend:
        add(_legend(colours, legend_lines, 12.0, top, legend_w, legend_h))
    add("</g>\n</svg>\n")
    return "".join(out), engine


def _toward(x: float, y: float, cx: float, cy: float, size: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a box's centre (x, y) towards (cx, cy) leaves the box."""
    dx, dy = cx - x, cy - y
    if dx == 0 and dy == 0:
        return x, y
    w, h = size[0] / 2 + 2, size[1] / 2 + 2
    scale = min(w / abs(dx) if dx else float("inf"), h / abs(dy) if dy else float("inf"))
    return x + dx * scale, y + dy * scale


def _defs(colours: dict[str, str]) -> str:
    return (
        "<defs>\n"
        f'<marker id="support" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colours["support"]}" '
        'stroke="none"/></marker>\n'
        f'<marker id="attack" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="9" '
        f'orient="auto-start-reverse"><path d="M7,0 L7,10" stroke="{colours["attack"]}" stroke-width="3.5" '
        'stroke-dasharray="none"/></marker>\n'
        "</defs>\n"
    )


def _node(look: Look, x: float, y: float, size: tuple[float, float], colours: dict[str, str]) -> str:
    kind = look.kind
    w, h = size
    left, top = x - w / 2, y - h / 2
    fill = colours[f"{kind}_fill"]
    line = colours[f"{kind}_line"]
    text_colour = colours["claim_text"] if kind == "claim" else colours["text"]
    muted = colours["claim_muted"] if kind == "claim" else colours["muted"]
    tag_colour = muted if kind == "claim" else line
    badge = ""
    if look.verdict is not None:
        label = look.verdict[0]
        badge_colour = muted if kind == "claim" else colours.get(label, muted)
        verdict = xml(verdict_text(look.verdict, look.impact, look.deciding))
        badge = f'<tspan fill="{badge_colour}"> \u00b7 {verdict}</tspan>'
        if label == "out" and kind != "claim":
            fill, text_colour = colours["out_fill"], colours["muted"]
    if look.proposed:
        fill = colours["proposed_fill"]
    dash = ' stroke-dasharray="5,3"' if look.proposed else ""
    classes = f"node {kind}" + (" proposed" if look.proposed else "") + (" deciding" if look.deciding else "")
    parts = [f'<g id="{xml("n-" + look.id)}" class="{classes}"><title>{xml(look.tooltip)}</title>']
    if look.deciding:  # a ring outside the box: the verdict rests on this node
        parts.append(
            f'<rect class="deciding" x="{left - 5:.1f}" y="{top - 5:.1f}" width="{w + 10:.1f}" '
            f'height="{h + 10:.1f}" rx="10" fill="none" stroke="{colours["text"]}" stroke-width="2.5"/>'
        )
    if look.url:
        parts.append(f'<a xlink:href="{xml(look.url)}" href="{xml(look.url)}" target="_blank" rel="noopener">')
    if kind == "claim":
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8" fill="{fill}" '
            f'stroke="{line}" stroke-width="2.5"/>'
        )
    elif kind == "premise":
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="7" fill="{fill}" '
            f'stroke="{line}" stroke-width="1.4"{dash}/>'
        )
    elif kind == "objection":
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
            f'stroke="{line}" stroke-width="2.4"{dash}/>'
        )
    else:  # rebuttal: a double rule, as Graphviz draws peripheries=2
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{fill}" stroke="{line}" stroke-width="1.1"{dash}/>'
            f'<rect x="{left + 3:.1f}" y="{top + 3:.1f}" width="{w - 6:.1f}" height="{h - 6:.1f}" fill="none" '
            f'stroke="{line}" stroke-width="1.1"{dash}/>'
        )
    ring = 3.0 if kind == "rebuttal" else 0.0
    pad_x = PAD_X * (1.8 if kind == "claim" else 1) + ring
    pad_y = PAD_Y * (1.5 if kind == "claim" else 1) + ring
    anchor, tx = ("middle", x) if kind == "claim" else ("start", left + pad_x)
    baseline = top + pad_y + TAG_SIZE
    parts.append(
        f'<text x="{tx:.1f}" y="{baseline:.1f}" text-anchor="{anchor}" font-size="{TAG_SIZE:g}" '
        f'font-weight="bold" fill="{tag_colour}">{xml(look.tag)}{badge}</text>'
    )
    font_size = CLAIM_SIZE if kind == "claim" else TEXT_SIZE
    weight = ' font-weight="bold"' if kind == "claim" else ""
    baseline += TAG_SIZE * (LINE - 1) + font_size * LINE - 1
    spans = []
    for number, text_line in enumerate(look.lines):
        dy = "0" if number == 0 else f"{font_size * LINE:.2f}"
        spans.append(f'<tspan x="{tx:.1f}" dy="{dy}">{xml(text_line)}</tspan>')
    parts.append(
        f'<text class="text" y="{baseline:.1f}" text-anchor="{anchor}" font-size="{font_size:g}"{weight} '
        f'fill="{text_colour}">{"".join(spans)}</text>'
    )
    if look.meta:
        meta_y = baseline + (len(look.lines) - 1) * font_size * LINE + META_SIZE * LINE + 1
        spans = [
            f'<tspan x="{tx:.1f}" dy="{0 if number == 0 else META_SIZE * LINE:g}">{xml(meta_line)}</tspan>'
            for number, meta_line in enumerate(look.meta)
        ]
        parts.append(
            f'<text class="meta" y="{meta_y:.1f}" text-anchor="{anchor}" font-size="{META_SIZE:g}" '
            f'fill="{muted}">{"".join(spans)}</text>'
        )
    if look.impact_share:  # a bar along the bottom, as long as the impact is large, coloured by its sign
        bar = (w - 12) * abs(look.impact_share)
        colour = colours["support"] if look.impact_share > 0 else colours["attack"]
        bar_y = top + h - 7 - (3 if kind == "rebuttal" else 0)
        parts.append(
            f'<rect class="impact" x="{left + 6:.1f}" y="{bar_y:.1f}" width="{max(bar, 1.5):.1f}" '
            f'height="3.5" fill="{colour}"/>'
        )
    if look.url:
        parts.append("</a>")
    parts.append("</g>\n")
    return "".join(parts)


def _legend_rows(options: RenderOptions, view: Optional[View] = None) -> list[tuple[str, str]]:
    rows = [
        ("claim", "the central claim"),
        ("premise", "supports the node it points to"),
        ("objection", "attacks the node it points to"),
        ("rebuttal", "answers an objection"),
        ("support", "supports"),
        ("attack", "attacks"),
        ("crosslink", "cross-link"),
        ("proposed", "proposed by an LLM, not yet reviewed"),
    ]
    if view is not None and has_accepted_llm_nodes(view):
        rows.append(("llm", "written by an LLM, accepted by a person"))
    if options.evaluation is not None:
        rows.append(("verdict", "stands / defeated, with strength 0\u20131"))
    if options.evaluation is not None and options.explanation is not None:
        rows.append(("deciding", "\u2605 the verdict rests on it"))
        rows.append(("impact", "\u0394 and bar: impact on the claim"))
    return rows


def _legend(colours: dict[str, str], rows: list[tuple[str, str]], x: float, y: float, w: float, h: float) -> str:
    out = [
        f'<g id="legend" class="legend"><title>How to read this map</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colours["legend_fill"]}" '
        f'stroke="{colours["legend_line"]}"/>'
        f'<text x="{x + 8:.1f}" y="{y + 15:.1f}" font-size="9" font-weight="bold" '
        f'fill="{colours["text"]}">Legend</text>'
    ]
    sample_x, label_x = x + 8, x + 86
    for number, (key, label) in enumerate(rows):
        row_y = y + 22 + number * 16
        mid = row_y + 7
        if key in KIND_NAMES:
            name = {"claim": "CLAIM"}.get(key, KIND_NAMES[key])
            text_colour = colours["claim_text"] if key == "claim" else colours[f"{key}_line"]
            rx = ' rx="3"' if key in ("claim", "premise") else ""
            out.append(
                f'<rect x="{sample_x:.1f}" y="{row_y:.1f}" width="70" height="14"{rx} '
                f'fill="{colours[key + "_fill"]}" stroke="{colours[key + "_line"]}" '
                f'stroke-width="{2.4 if key == "objection" else 1.4}"/>'
                + (
                    f'<rect x="{sample_x + 2:.1f}" y="{row_y + 2:.1f}" width="66" height="10" fill="none" '
                    f'stroke="{colours[key + "_line"]}" stroke-width="0.8"/>'
                    if key == "rebuttal"
                    else ""
                )
                + f'<text x="{sample_x + 35:.1f}" y="{mid + 3:.1f}" text-anchor="middle" font-size="7.5" '
                f'font-weight="bold" fill="{text_colour}">{name}</text>'
            )
        elif key in ("support", "attack"):
            dash = attack_dash(colours) if key == "attack" else ""
            out.append(
                f'<path d="M{sample_x + 4:.1f},{mid:.1f} L{sample_x + 64:.1f},{mid:.1f}" '
                f'stroke="{colours[key]}" stroke-width="1.6" marker-end="url(#{key})"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        elif key == "crosslink":
            out.append(
                f'<path d="M{sample_x + 4:.1f},{mid:.1f} L{sample_x + 64:.1f},{mid:.1f}" '
                f'stroke="{colours["muted"]}" stroke-width="2.2" stroke-dasharray="0.1,4.5" '
                f'stroke-linecap="round"/>'
            )
        elif key == "proposed":
            out.append(
                f'<rect x="{sample_x:.1f}" y="{row_y:.1f}" width="70" height="14" rx="3" '
                f'fill="{colours["proposed_fill"]}" stroke="{colours["muted"]}" stroke-dasharray="5,3"/>'
                f'<text x="{sample_x + 35:.1f}" y="{mid + 3:.1f}" text-anchor="middle" font-size="7.5" '
                f'fill="{colours["muted"]}">PROPOSED</text>'
            )
        elif key == "llm":
            out.append(
                f'<text x="{sample_x + 35:.1f}" y="{mid + 3:.1f}" text-anchor="middle" font-size="7.5" '
                f'font-weight="bold" fill="{colours["muted"]}">KIND \u00b7 LLM</text>'
            )
        elif key == "deciding":
            out.append(
                f'<rect x="{sample_x:.1f}" y="{row_y:.1f}" width="70" height="14" rx="5" fill="none" '
                f'stroke="{colours["text"]}" stroke-width="2.5"/>'
                f'<text x="{sample_x + 35:.1f}" y="{mid + 3:.1f}" text-anchor="middle" font-size="8" '
                f'font-weight="bold" fill="{colours["text"]}">\u2605</text>'
            )
        elif key == "impact":
            out.append(
                f'<rect x="{sample_x:.1f}" y="{mid - 2:.1f}" width="40" height="3.5" fill="{colours["support"]}"/>'
                f'<rect x="{sample_x + 44:.1f}" y="{mid - 2:.1f}" width="22" height="3.5" '
                f'fill="{colours["attack"]}"/>'
            )
        else:
            out.append(
                f'<text x="{sample_x:.1f}" y="{mid + 3:.1f}" font-size="8" font-weight="bold">'
                f'<tspan fill="{colours["in"]}">IN</tspan><tspan fill="{colours["muted"]}"> / </tspan>'
                f'<tspan fill="{colours["out"]}">OUT</tspan></text>'
            )
        out.append(
            f'<text x="{label_x:.1f}" y="{mid + 3:.1f}" font-size="9" fill="{colours["text"]}">{xml(label)}</text>'
        )
    out.append("</g>\n")
    return "".join(out)
