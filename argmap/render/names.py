"""The names of the files ``argmap render`` writes when it is not given one.

A picture is named after its map file (``cars.yaml`` -> ``cars.svg``), which is the name
the user typed, rather than after the map's id, which may be long and unfamiliar. A
selection adds a suffix (``cars.focus-tolls.depth-2.svg``), so a picture of part of a
map never overwrites the picture of the whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
