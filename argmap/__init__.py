"""argmap: map debates as plain YAML.

Load a map with :func:`load` (or :func:`loads` for text), walk it with
``map.nodes()``, edit it with ``map.add()`` / ``map.remove()``, and write it back
with :func:`save`, which keeps the file's comments and layout.

Functions that need heavy modules (rendering, LLM clients, format converters) are
imported on first use, so ``import argmap`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import ConflictError, MapError, Problem
from .model import ArgumentMap, Cite, Entry, Node, Objection, Premise, Proposal, Rebuttal, Source
from .summary import Stats, stats
from .yamlio import dumps, load, loads, save

__version__ = "0.1.0"

# Public names served lazily: name -> "module:attribute".
_LAZY: dict[str, str] = {
    "schema": "argmap.jsonschema:map_schema",
}

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
    "Stats",
    "dumps",
    "load",
    "loads",
    "save",
    "stats",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    module_name, attribute = target.split(":")
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
