"""Rendering maps: SVG, PNG, PDF, DOT and a self-contained interactive HTML page.

    import argmap
    argmap.render(m, "debate.svg")     # writes the file, returns its Path
    svg = argmap.render(m, "svg")      # returns the SVG text
    dot = m.to_dot()

Small and medium maps are laid out by Graphviz's ``dot`` (the system one when it is
installed, else the embedded WebAssembly build); large ones by argmap's own linear
tidy-tree layout, which writes SVG directly. See docs/rendering.md.
"""

from __future__ import annotations

import os
import sys
import time
import types
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional, Union

from ..gcpause import gc_paused
from .errors import RenderError
from .options import FORMATS, TREE_LAYOUT_FROM, RenderOptions

__all__ = [
    "FORMATS",
    "RenderError",
    "RenderOptions",
    "RenderWarning",
    "Rendered",
    "notebook_svg",
    "render",
    "render_map",
    "to_dot",
    "with_verdicts",
    "write_bytes",
]

TEXT_FORMATS = ("svg", "dot", "html")
#: Formats drawn as one fixed picture, which a big map would make unreadable (see RenderOptions.max_nodes).
STATIC_FORMATS = ("svg", "png", "pdf")


@dataclass
class Rendered:
    """A finished rendering and how it was made (what ``argmap render --verbose`` reports)."""

    data: bytes
    format: str
    layout: str
    """``dot`` (Graphviz) or ``tree`` (argmap's tidy tree); ``none`` for DOT text; ``page`` for HTML
    (laid out in the browser)."""
    engine: str
    """Which program drew it, for humans."""
    nodes: int
    """How many nodes of the map are drawn."""
    seconds: float
    note: Optional[str] = None
    """Something the user should know, e.g. that a big map was cut to its first levels."""

    @property
    def text(self) -> str:
        """The output as text (SVG, DOT and HTML)."""
        return self.data.decode("utf-8")


def to_dot(argmap: Any, options: Optional[RenderOptions] = None, **kwargs: Any) -> str:
    """The map as Graphviz DOT text in argmap's visual language (see :class:`RenderOptions`)."""
    from .dot import to_dot as build

    with gc_paused():
        return build(argmap, options, **kwargs)


def notebook_svg(argmap: Any) -> str:
    """The SVG a notebook shows for a map: like ``render(map, "svg")``, but never fails for want of Graphviz."""
    try:
        return render_map(argmap, "svg").text
    except RenderError:
        return render_map(argmap, "svg", RenderOptions(layout="tree")).text


def with_verdicts(argmap: Any, options: RenderOptions, explain: bool = False) -> RenderOptions:
    """``options`` with ``argmap`` evaluated (a question-rooted map position by position), so the
    picture marks each node in, out or undecided; with ``explain``, also what decides the verdict
    of a map with a central claim (``render --evaluate``, ``--explain``)."""
    from ..positions import evaluate_map

    evaluation = evaluate_map(argmap)
    explanation = None
    if explain and evaluation.claim is not None:
        from ..explain import explain as explain_verdict

        explanation = explain_verdict(evaluation)
    return replace(options, evaluation=evaluation, explanation=explanation)


def render_map(argmap: Any, format: str = "svg", options: Optional[RenderOptions] = None) -> Rendered:
    """Render a loaded map as ``format`` (svg, png, pdf, dot or html) and say how it was done."""
    with gc_paused():
        return _render_map(argmap, format, options)


def _render_map(argmap: Any, format: str, options: Optional[RenderOptions]) -> Rendered:
    from . import engines
    from .view import select

    options = options or RenderOptions()
    fmt = format.lower()
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    started = time.perf_counter()
    view = select(
        argmap, depth=options.depth, focus=options.focus, tag=options.tag, accepted_only=options.accepted_only
    )
    if fmt == "html":
        # The page lays the map out in the browser, so neither Graphviz nor the tidy tree runs here.
        from .html import page

        data = page(argmap, view, options).encode("utf-8")
        return Rendered(
            data,
            fmt,
            "page",
            "argmap's interactive page (laid out in the browser)",
            len(view),
            time.perf_counter() - started,
        )
    note = None
    if fmt in STATIC_FORMATS and options.max_nodes:
        from .cut import readable_cut

        view, note = readable_cut(argmap, view, options, fmt)
    layout = options.layout
    if layout == "auto":
        # Graphviz's dot for small and medium maps; the linear tidy tree for large ones, and
        # whenever no Graphviz can run (Python 3.10 without a system Graphviz).
        graphviz = options.engine != "auto" or engines.native_dot() is not None or engines.embedded_available()
        layout = "tree" if len(view) > TREE_LAYOUT_FROM or not graphviz else "dot"

    if fmt == "dot":
        from .dot import view_to_dot

        data = view_to_dot(argmap, view, options).encode("utf-8")
        return Rendered(data, fmt, "none", "argmap's DOT writer", len(view), time.perf_counter() - started)

    if fmt in ("png", "pdf") and layout == "dot" and options.engine == "native":
        # Asked for by name, the system Graphviz draws PNG and PDF itself, from the full DOT text with its
        # labels. Otherwise argmap's own SVG is converted, so that its shape, fonts and text fit are the same
        # in every format and on every machine.
        from .dot import view_to_dot

        result = engines.run(view_to_dot(argmap, view, options), fmt, "native")
        return Rendered(result.data, fmt, "dot", result.description, len(view), time.perf_counter() - started, note)

    from .svg import draw

    svg_text, engine = draw(argmap, view, options, layout)
    if engine.startswith("argmap tidy-tree"):  # stacked leaves, chosen for the picture's shape, are the tree's
        layout = "tree"
    svg = svg_text.encode("utf-8")
    if fmt == "svg":
        data = svg
    else:
        data, converter = _convert(svg, fmt, layout)
        engine += f" + {converter}"
    return Rendered(data, fmt, layout, engine, len(view), time.perf_counter() - started, note)


def render(
    argmap: Any,
    target: Union[str, os.PathLike[str]] = "svg",
    *,
    format: Optional[str] = None,
    options: Optional[RenderOptions] = None,
    **kwargs: Any,
) -> Union[str, bytes, Path]:
    """Render a map to a file, or return it.

    ``argmap`` is an :class:`~argmap.ArgumentMap` (or the path of a map file).
    ``target`` is a format name (``"svg"``, ``"png"``, ``"pdf"``, ``"dot"``, ``"html"``),
    which returns the output (``str`` for svg, dot and html; ``bytes`` for png and pdf),
    or a file path, which is written atomically and returned; its extension gives the
    format unless ``format`` is given. Other keyword arguments are the fields of
    :class:`RenderOptions` (``direction``, ``depth``, ``focus``, ``tag``, ``theme``,
    ``legend``, ``accepted_only``, ``evaluation``, ``layout``, ``engine``).

    Raises :class:`RenderError` (with a one-line message) when the map cannot be
    rendered as asked.
    """
    from ..model import ArgumentMap

    if not isinstance(argmap, ArgumentMap):
        from ..store import load

        argmap = load(argmap)
    try:
        options = RenderOptions(**kwargs) if options is None else replace(options, **kwargs)
    except (TypeError, ValueError) as exc:
        raise RenderError(str(exc)) from None
    name = os.fspath(target)
    if format is None and name.lower() in FORMATS:
        result = render_map(argmap, name.lower(), options)
        _warn(result)
        return result.text if result.format in TEXT_FORMATS else result.data
    path = Path(name)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt == "htm":
        fmt = "html"
    if fmt not in FORMATS:
        raise RenderError(
            f"{path}: cannot tell the format from the extension; use one of .{', .'.join(FORMATS)} or give format="
        )
    result = render_map(argmap, fmt, options)
    _warn(result)
    write_bytes(path, result.data)
    return path


def _warn(result: Rendered) -> None:
    # A big map cut to its first levels: Python callers hear of it as the command line's users do.
    if result.note:
        import warnings

        warnings.warn(result.note, RenderWarning, stacklevel=3)


class RenderWarning(UserWarning):
    """Something a rendering did that the caller should know, e.g. a big map drawn only to its first levels."""


def write_bytes(path: Union[str, os.PathLike[str]], data: bytes) -> None:
    """Write ``data`` atomically with :func:`argmap.store.atomic_write` (which also takes the
    file's write lock and removes temporary files a killed writer left); OSError when it cannot."""
    from ..errors import MapError
    from ..store import atomic_write

    try:
        atomic_write(path, data)
    except MapError as exc:
        raise OSError(exc.problems[0].message.removeprefix("cannot write: ")) from None


def _convert(svg: bytes, fmt: str, layout: str) -> tuple[bytes, str]:
    """PNG or PDF from argmap's SVG, when the system Graphviz is not the one drawing.

    PNG comes from resvg and PDF from fpdf2, both installed with argmap and needing no
    system library; CairoSVG is used when one of them is missing and it is installed.
    Returns the bytes and the converter's name.
    """
    if fmt == "png":
        try:
            import resvg_py
        except ImportError:
            pass
        else:
            return _png(resvg_py, svg.decode("utf-8")), "resvg"
    else:
        try:
            import fpdf  # noqa: F401
        except ImportError:
            pass
        else:
            from .pdf import svg_to_pdf

            return svg_to_pdf(svg.decode("utf-8"))
    try:
        import cairosvg
    except (ImportError, OSError):
        raise RenderError(
            f"{fmt.upper()} output needs "
            + ("resvg: pip install resvg-py" if fmt == "png" else "fpdf2: pip install fpdf2")
            + " (installed with argmap; it needs no system library)"
        ) from None
    convert = cairosvg.svg2png if fmt == "png" else cairosvg.svg2pdf
    return convert(bytestring=svg), "CairoSVG"


#: The largest PNG argmap draws: about 320 MB of pixels while resvg works (RGBA).
PNG_MAX_PIXELS = 80_000_000


def _points(svg: str) -> tuple[float, float]:
    """The width and height (points) written on an SVG's root element by argmap."""
    import re

    head = svg[:1000]
    found = [re.search(rf'\b{side}="([\d.]+)pt"', head) for side in ("width", "height")]
    return (float(found[0].group(1)) if found[0] else 0.0, float(found[1].group(1)) if found[1] else 0.0)


def _png(resvg_py: Any, svg: str, folders: Optional[list[Path]] = None) -> bytes:
    """PNG from SVG with resvg, told which installed family draws the text.

    resvg's own default sans-serif is Arial, and with no such font it draws every box and
    no word: on a machine with only DejaVu fonts (a stock Debian or Ubuntu) the text would
    vanish. ``folders`` replaces the system font folders (for tests).
    """
    from .fonts import font_files, installed_family, other_family

    family = installed_family(tuple(folders) if folders is not None else None)
    if family is None:
        files = font_files(folders)
        family = other_family(files) if files else None
        if family is None:
            raise RenderError(
                "PNG output needs a font installed on the system, and none was found "
                "(apt-get install fonts-dejavu-core, or any .ttf font in ~/.fonts); "
                "SVG and HTML need none"
            )
    width, height = _points(svg)
    pixels = (width * 96 / 72) * (height * 96 / 72)
    if pixels > PNG_MAX_PIXELS:
        # Refused before resvg allocates anything: a 2,000-node map drawn whole needed 3.8 GB.
        raise RenderError(
            f"a PNG of this picture would be {width * 4 / 3:,.0f} x {height * 4 / 3:,.0f} pixels, too big "
            f"to draw or to read; use --focus ID or --depth N, or write SVG or HTML (-o NAME.html)"
        )
    fonts: dict[str, Any] = {"font_family": family, "sans_serif_family": family}
    if folders is not None:
        fonts.update(skip_system_fonts=True, font_dirs=[str(folder) for folder in folders])
    try:
        # 96 dpi, as Graphviz's own PNGs; resvg refuses pt sizes without a dpi.
        return resvg_py.svg_to_bytes(svg_string=svg, dpi=96, **fonts)
    except ValueError as exc:
        raise RenderError(f"could not convert the SVG to PNG: {exc}") from None


class _CallableModule(types.ModuleType):
    """Lets ``argmap.render(map, ...)`` work even after ``import argmap.render`` has put this module there."""

    def __call__(self, *args: Any, **kwargs: Any) -> Union[str, bytes, Path]:
        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
