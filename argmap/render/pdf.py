"""PDF from argmap's own SVG, with nothing but pip: fpdf2 (pure Python) draws it, text stays text.

fpdf2 reads the SVG's shapes, paths and text, and embeds (a subset of) a TrueType font, so
the PDF's words can be selected, searched and copied. argmap's SVG uses two things fpdf2
does not draw, so they are rewritten first:

* edge heads are SVG markers: each becomes a small path of its own at the end of its edge;
* a centred block of lines (the central claim) is one ``<text>`` of several ``<tspan>``;
  each line becomes its own centred ``<text>``.

The font is an installed family of the ones argmap measures text with (Liberation Sans,
Arial or DejaVu Sans), embedded; with none of them installed, the PDF uses Helvetica, one
of the fonts every PDF reader has, which is not embedded.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Optional

from .errors import RenderError

SVG_NS = "http://www.w3.org/2000/svg"
_Q = f"{{{SVG_NS}}}"
_FAMILY = "argmapsans"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def svg_to_pdf(svg: str) -> tuple[bytes, str]:
    """The PDF of one of argmap's SVG drawings, and a description of how it was made."""
    try:
        from fpdf import FPDF
        from fpdf.svg import SVGObject
    except ImportError:
        raise RenderError("PDF output needs fpdf2: pip install fpdf2 (it needs no system library)") from None
    import logging

    from .fonts import regular_and_bold

    fonts = regular_and_bold()
    prepared = prepare(svg, _FAMILY if fonts else "helvetica")
    # fpdf2 logs each element it skips (<title>, <a> wrappers: nothing drawn) and each character the font
    # lacks (drawn as an empty box, as in any viewer without such a font): not for the user's terminal.
    logger = logging.getLogger("fpdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        drawing = SVGObject(prepared)
        if drawing.width is None or drawing.height is None:  # argmap's SVG always gives both
            raise RenderError("could not write the PDF: the drawing has no width or height")
        pdf = FPDF(unit="pt", format=(drawing.width, drawing.height))
        pdf.set_margin(0)
        pdf.set_auto_page_break(False)
        pdf.set_creator("argmap")
        if fonts:
            pdf.add_font(_FAMILY, "", str(fonts[0]))
            pdf.add_font(_FAMILY, "B", str(fonts[1]))
        pdf.add_page()
        drawing.draw_to_page(pdf, 0, 0)
        data = bytes(pdf.output())
    except RenderError:
        raise
    except Exception as exc:  # a font file fpdf2 cannot read, a character Helvetica lacks...
        raise RenderError(
            f"could not write the PDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    finally:
        logger.setLevel(level)
    return data, "fpdf2" + (f" ({fonts[0].stem} embedded)" if fonts else " (Helvetica)")


def prepare(svg: str, family: str) -> str:
    """argmap's SVG rewritten into what fpdf2 draws: explicit edge heads, one ``<text>`` per centred line."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    root.set("font-family", family)
    colours = _marker_colours(root)
    for parent in root.iter():
        for index in range(len(parent) - 1, -1, -1):
            child = parent[index]
            if child.tag == _Q + "path" and child.get("marker-end"):
                head = _head(child, colours)
                if head is not None:
                    parent.insert(index + 1, head)
            elif child.tag == _Q + "text" and child.get("text-anchor") == "middle" and len(child) > 1:
                parent[index : index + 1] = _split_lines(child)
    return ET.tostring(root, encoding="unicode")


def _marker_colours(root: ET.Element) -> dict[str, str]:
    colours: dict[str, str] = {}
    for marker in root.iter(_Q + "marker"):
        shape = marker.find(_Q + "path")
        if shape is not None:
            colour = shape.get("fill") if shape.get("fill") not in (None, "none") else shape.get("stroke")
            colours[marker.get("id", "")] = colour or "#000000"
    return colours


def _head(path: ET.Element, colours: dict[str, str]) -> Optional[ET.Element]:
    """An arrowhead (support) or bar (attack) at the end of ``path``, pointing along its last segment."""
    kind = (path.get("marker-end") or "").removeprefix("url(#").rstrip(")")
    numbers = [float(n) for n in _NUMBER.findall(path.get("d", ""))]
    if len(numbers) < 4 or kind not in colours:
        return None
    x2, y2 = numbers[-2], numbers[-1]
    # The direction comes from the last control point that differs from the end point.
    for k in range(len(numbers) - 4, -1, -2):
        x1, y1 = numbers[k], numbers[k + 1]
        if abs(x2 - x1) + abs(y2 - y1) > 0.1:
            break
    else:
        return None
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    colour = colours[kind]
    if kind == "support":
        # A filled triangle 7 pt long and 7 pt wide, its tip on the end point (markerWidth 7, refX 9 of 10).
        tip_x, tip_y = x2 + ux * 1.1, y2 + uy * 1.1
        back_x, back_y = tip_x - ux * 7.8, tip_y - uy * 7.8
        points = [(tip_x, tip_y), (back_x + nx * 3.9, back_y + ny * 3.9), (back_x - nx * 3.9, back_y - ny * 3.9)]
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z"
        return ET.Element(_Q + "path", {"d": d, "fill": colour, "stroke": "none"})
    bar_x, bar_y = x2 - ux * 0.5, y2 - uy * 0.5
    d = f"M{bar_x + nx * 5:.1f},{bar_y + ny * 5:.1f} L{bar_x - nx * 5:.1f},{bar_y - ny * 5:.1f}"
    return ET.Element(_Q + "path", {"d": d, "fill": "none", "stroke": colour, "stroke-width": "2.6"})


def _split_lines(text: ET.Element) -> list[ET.Element]:
    """One ``<text>`` per ``<tspan>`` line, so that each line is centred on its own."""
    y = float(text.get("y", "0"))
    size = text.get("font-size")
    out = []
    for span in text:
        y += float(span.get("dy", "0") or 0)
        line = ET.Element(_Q + "text", {key: value for key, value in text.attrib.items() if key != "y"})
        line.set("x", span.get("x", text.get("x", "0")))
        line.set("y", f"{y:.1f}")
        if size:
            line.set("font-size", size)
        line.text = "".join(span.itertext())
        out.append(line)
    return out
