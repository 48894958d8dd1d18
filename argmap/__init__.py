"""argmap: map debates as plain YAML.

Load a map with :func:`load` (or :func:`loads` for text), walk it with
``map.nodes()``, edit it with ``map.add()`` / ``map.remove()``, and write it back
with :func:`save`, which keeps the file's comments and layout.
"""

from __future__ import annotations

from typing import Any

from .errors import ConflictError, MapError, Problem
from .model import ArgumentMap, Cite, Entry, Node, Objection, Premise, Proposal, Rebuttal, Source
from .yamlio import dumps, load, loads, save

__version__ = "0.1.0"

__all__ = [
    "ArgumentMap",
    "Cite",
    "ConflictError",
    "Entry",
    "MapError",
    "Node",
    "Objection",
    "Premise",
    "Problem",
    "Proposal",
    "Rebuttal",
    "Source",
    "dumps",
    "load",
    "loads",
    "save",
    "schema",
]


def schema() -> dict[str, Any]:
    """The JSON Schema of the map format (what ``argmap schema`` prints)."""
    from .jsonschema import map_schema

    return map_schema()
