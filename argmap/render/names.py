"""The names of the files ``argmap render`` writes when it is not given one.

A picture is named after its map file (``cars.yaml`` -> ``cars.svg``), which is the name
the user typed, rather than after the map's id, which may be long and unfamiliar. A
selection adds a suffix (``cars.focus-tolls.depth-2.svg``), so a picture of part of a
map never overwrites the picture of the whole. :class:`Destination` is the whole rule of
``-o`` and ``--format``: standard output, a folder, one file, or names like these.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..errors import ArgmapError
from ..ids import slugify


def default_name(source: Path, fmt: str, options: Any) -> str:
    """The file name for ``source`` (a map file) drawn as ``fmt`` with ``options`` (a RenderOptions)."""
    parts = [source.stem if source.suffix.lower() in (".yaml", ".yml") else source.name]
    if options.focus is not None:
        parts.append(f"focus-{options.focus}")
    if options.tag is not None:
        parts.append(f"tag-{slugify(str(options.tag)) or 'tag'}")
    if options.depth is not None:
        parts.append(f"depth-{options.depth}")
    return ".".join(parts) + f".{fmt}"


class DestinationError(ArgmapError, ValueError):
    """``-o`` and ``--format`` do not say where or how to write (a usage error on the command line)."""


@dataclass(frozen=True)
class Destination:
    """Where ``argmap render`` writes its pictures: standard output, a folder (a file per map,
    named by :func:`default_name`), one named file, or, with no ``-o``, files named by
    :func:`default_name` in the current folder."""

    format: str
    """The format written (``svg``, ``png``, ...)."""
    stdout: bool = False
    folder: Optional[Path] = None
    file: Optional[Path] = None

    @classmethod
    def choose(cls, output: Optional[str], fmt: Optional[str], maps: int) -> Destination:
        """The destination of ``-o OUTPUT`` (``-`` for stdout, ``DIR/`` or an existing folder)
        and ``--format`` for ``maps`` maps; the format, when not given, from the output's
        extension, else SVG. Raises :class:`DestinationError`."""
        from .options import FORMATS

        if fmt is not None and fmt.lower() not in FORMATS:
            raise DestinationError(f"--format: unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        stdout = output == "-"
        to_folder = output is not None and not stdout and (output.endswith(("/", os.sep)) or Path(output).is_dir())
        if maps > 1 and output is not None and not to_folder:
            raise DestinationError("-o: give a folder (ending in /) to render several maps")
        if output is not None and not stdout and not to_folder and fmt is None:
            suffix = Path(output).suffix.lower().lstrip(".")
            suffix = "html" if suffix == "htm" else suffix
            if suffix not in FORMATS:
                raise DestinationError(f"{output}: cannot tell the format from the extension; use --format")
            fmt = suffix
        folder = Path(output) if to_folder and output is not None else None
        file = Path(output) if output is not None and not stdout and not to_folder else None
        return cls(format=(fmt or "svg").lower(), stdout=stdout, folder=folder, file=file)

    @property
    def named_after_maps(self) -> bool:
        """Whether each map's file gets its :func:`default_name` (such files are redrawn without ``--force``)."""
        return not self.stdout and self.file is None

    def check_names(self, sources: Sequence[Path], options: Any) -> None:
        """Raise :class:`DestinationError` when two of ``sources`` would be written to the same file."""
        if not self.named_after_maps:
            return
        names = [default_name(source, self.format, options) for source in sources]
        if len(set(names)) < len(names):
            twice = next(name for name in names if names.count(name) > 1)
            raise DestinationError(f"two maps would both be written to {twice!r}; render them into different folders")

    def path(self, source: Path, options: Any) -> Optional[Path]:
        """The file the picture of ``source`` goes to; None for standard output."""
        if self.stdout:
            return None
        if self.file is not None:
            return self.file
        name = default_name(source, self.format, options)
        return self.folder / name if self.folder is not None else Path(name)
