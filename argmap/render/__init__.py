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

import contextlib
import gc
import os
import sys
import time
import types
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from .errors import RenderError
from .options import FORMATS, TREE_LAYOUT_FROM, RenderOptions

__all__ = ["FORMATS", "RenderError", "RenderOptions", "Rendered", "notebook_svg", "render", "render_map", "to_dot", "write_bytes"]

TEXT_FORMATS = ("svg", "dot", "html")


@dataclass
class Rendered:
    """A finished rendering and how it was made (what ``argmap render --verbose`` reports)."""

    data: bytes
    format: str
    layout: str
    """``dot`` (Graphviz) or ``tree`` (argmap's tidy tree); ``none`` for DOT text; ``page`` for HTML (laid out in the browser)."""
    engine: str
    """Which program drew it, for humans."""
    nodes: int
    """How many nodes of the map are drawn."""
    seconds: float

    @property
    def text(self) -> str:
        """The output as text (SVG, DOT and HTML)."""
        return self.data.decode("utf-8")


def to_dot(argmap: Any, options: Optional[RenderOptions] = None, **kwargs: Any) -> str:
    """The map as Graphviz DOT text in argmap's visual language (see :class:`RenderOptions`)."""
    from .dot import to_dot as build

    with _paused_gc():
        return build(argmap, options, **kwargs)


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    # Rendering makes many small objects and no reference cycles; on a large map the cyclic
    # garbage collector would otherwise run dozens of times for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def notebook_svg(argmap: Any) -> str:
    """The SVG a notebook shows for a map: like ``render(map, "svg")``, but never fails for want of Graphviz."""
    try:
        return render_map(argmap, "svg").text
    except RenderError:
        return render_map(argmap, "svg", RenderOptions(layout="tree")).text


def render_map(argmap: Any, format: str = "svg", options: Optional[RenderOptions] = None) -> Rendered:
    """Render a loaded map as ``format`` (svg, png, pdf, dot or html) and say how it was done."""
    with _paused_gc():
        return _render_map(argmap, format, options)


def _render_map(argmap: Any, format: str, options: Optional[RenderOptions]) -> Rendered:
    from . import engines
    from .view import select

    options = options or RenderOptions()
    fmt = format.lower()
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    started = time.perf_counter()
    view = select(argmap, depth=options.depth, focus=options.focus, tag=options.tag,
                  accepted_only=options.accepted_only)
    if fmt == "html":
        # The page lays the map out in the browser, so neither Graphviz nor the tidy tree runs here.
        from .html import page

        data = page(argmap, view, options).encode("utf-8")
        return Rendered(data, fmt, "page", "argmap's interactive page (laid out in the browser)", len(view),
                        time.perf_counter() - started)
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

    if fmt in ("png", "pdf") and layout == "dot" and engines.choose(options.engine) == "native":
        # The system Graphviz draws PNG and PDF itself, from the full DOT text with its labels.
        from .dot import view_to_dot

        result = engines.run(view_to_dot(argmap, view, options), fmt, "native")
        return Rendered(result.data, fmt, "dot", result.description, len(view), time.perf_counter() - started)

    from .svg import draw

    svg_text, engine = draw(argmap, view, options, layout)
    svg = svg_text.encode("utf-8")
    if fmt == "svg":
        data = svg
    else:
        data, converter = _convert(svg, fmt, layout)
        engine += f" + {converter}"
    return Rendered(data, fmt, layout, engine, len(view), time.perf_counter() - started)


def render(
    argmap: Any,
    target: Union[str, "os.PathLike[str]"] = "svg",
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
        from ..yamlio import load

        argmap = load(argmap)
    try:
        options = RenderOptions(**kwargs) if options is None else replace(options, **kwargs)
    except (TypeError, ValueError) as exc:
        raise RenderError(str(exc)) from None
    name = os.fspath(target)
    if format is None and name.lower() in FORMATS:
        result = render_map(argmap, name.lower(), options)
        return result.text if result.format in TEXT_FORMATS else result.data
    path = Path(name)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt == "htm":
        fmt = "html"
    if fmt not in FORMATS:
        raise RenderError(f"{path}: cannot tell the format from the extension; "
                          f"use one of .{', .'.join(FORMATS)} or give format=")
    write_bytes(path, render_map(argmap, fmt, options).data)
    return path


def write_bytes(path: Union[str, "os.PathLike[str]"], data: bytes) -> None:
    """Write ``data`` atomically with :func:`argmap.yamlio.atomic_write` (which also takes the
    file's write lock and removes temporary files a killed writer left); OSError when it cannot."""
    from ..errors import MapError
    from ..yamlio import atomic_write

    try:
        atomic_write(path, data)
    except MapError as exc:
        raise OSError(exc.problems[0].message.removeprefix("cannot write: ")) from None


def _convert(svg: bytes, fmt: str, layout: str) -> tuple[bytes, str]:
    """PNG or PDF from argmap's SVG, when the system Graphviz is not the one drawing.

    PNG comes from resvg (installed with argmap: a self-contained wheel, no system
    library), else CairoSVG; PDF needs CairoSVG. Returns the bytes and the converter's name.
    """
    if fmt == "png":
        try:
            import resvg_py  # type: ignore[import-not-found]
        except ImportError:
            pass
        else:
            if not _fonts_installed():
                # resvg would draw the boxes and silently leave out every word.
                raise RenderError("PNG output needs a font installed on the system, and none was found "
                                  "(apt-get install fonts-dejavu-core, or any .ttf font in ~/.fonts); "
                                  "SVG and HTML need none")
            try:
                # 96 dpi, as Graphviz's own PNGs; resvg refuses pt sizes without a dpi.
                return resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), dpi=96), "resvg"
            except ValueError as exc:
                raise RenderError(f"could not convert the SVG to PNG: {exc}") from None
    try:
        import cairosvg  # type: ignore[import-not-found]
    except (ImportError, OSError):
        what = "the tidy-tree layout" if layout == "tree" else "the embedded Graphviz"
        raise RenderError(
            f"{fmt.upper()} output with {what} needs "
            + ("resvg or CairoSVG: pip install resvg-py" if fmt == "png" else
               "CairoSVG: pip install cairosvg (it uses the Cairo library: apt-get install libcairo2 / "
               "brew install cairo)")
            + ("; or install Graphviz (apt-get install graphviz / brew install graphviz) for the dot layout"
               if layout == "dot" else "; or use --layout dot with the system Graphviz")
        ) from None
    convert = cairosvg.svg2png if fmt == "png" else cairosvg.svg2pdf
    return convert(bytestring=svg), "CairoSVG"


def _fonts_installed() -> bool:
    """Whether any font file is in the places resvg (fontdb) looks for system fonts."""
    home = Path.home()
    if sys.platform == "win32":
        folders = [Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts"]
    elif sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
        folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", data_home / "fonts"]
    suffixes = {".ttf", ".otf", ".ttc", ".otc"}
    for folder in folders:
        try:
            if any(path.suffix.lower() in suffixes for path in folder.rglob("*")):
                return True
        except OSError:
            continue
    return False


class _CallableModule(types.ModuleType):
    """Lets ``argmap.render(map, ...)`` work even after ``import argmap.render`` has put this module there."""

    def __call__(self, *args: Any, **kwargs: Any) -> Union[str, bytes, Path]:
        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
