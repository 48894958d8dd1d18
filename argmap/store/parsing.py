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
    if 3 * len(text) + 3 > MAX_EXPANDED_NODES and most_values(text) > MAX_EXPANDED_NODES:
        return parse_full(text, file)  # it counts values as it reads, the fast reader does not
    try:
        data, longest = fast.parse_bounded(text)
        return Parsed(data, longest=longest)
    except (fast.Unsupported, RecursionError):
        return parse_full(text, file)


def most_values(text: str) -> int:
    """An upper bound on how many values the fast reader could make of ``text``: at most a
    container, a key and a value per line, and a key and a value per item of a flow collection."""
    brackets = text.count("[") + text.count("{")
    return 3 * (text.count("\n") + 1) + 2 * text.count(",") + 3 * brackets


def is_map_file(path: PathLike) -> bool:
    """Whether ``path`` is meant to be a map: YAML whose top level has the ``argmap`` key (a map
    with problems still is one; a docker-compose.yml beside the maps is not)."""
    try:
        data = parse(read_text(path), str(path)).data
    except MapError:
        return bool(re.search(r"^argmap\s*:", read_text_or_empty(path), re.M))
    return isinstance(data, dict) and "argmap" in data
