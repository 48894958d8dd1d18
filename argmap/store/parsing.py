"""Parse dispatch: YAML text to data, by the fast reader when it can and the full one otherwise."""

from __future__ import annotations

import re

from ..errors import MapError
from . import fast
from .files import PathLike, read_text, read_text_or_empty
from .full import MAX_EXPANDED_NODES, Parsed, parse_full


def parse(text: str, file: str = "<string>") -> Parsed:
    """Parse YAML text: the fast reader when it can, the full one otherwise.

    Raises :class:`MapError` on a syntax error.
    """
    try:
        # Past the limit on values the full reader reports it, at the place it is passed.
        data, longest = fast.parse_bounded(text, max_values=MAX_EXPANDED_NODES)
        return Parsed(data, longest=longest)
    except (fast.Unsupported, RecursionError):
        return parse_full(text, file)


def is_map_file(path: PathLike) -> bool:
    """Whether ``path`` is meant to be a map: YAML whose top level has the ``argmap`` key (a map
    with problems still is one; a docker-compose.yml beside the maps is not)."""
    try:
        data = parse(read_text(path), str(path)).data
    except MapError:
        return bool(re.search(r"^argmap\s*:", read_text_or_empty(path), re.M))
    return isinstance(data, dict) and "argmap" in data
