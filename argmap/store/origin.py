"""A map's origin: the file and text it was loaded from, kept on the map so that saving can keep them.

This is the only module that reads or writes it; the model only reserves the place
(``ArgumentMap._origin``, a pydantic private attribute), and everything else asks here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ..model import ArgumentMap


@dataclass
class Origin:
    """What a map was loaded from: its path (None for text), the text, and the data the text reads as."""

    path: Optional[str]
    text: str
    data: Any


def origin_of(argmap: ArgumentMap) -> Optional[Origin]:
    """Where ``argmap`` was loaded (or last saved) from, or None for a map made in code."""
    origin: Optional[Origin] = argmap._origin
    return origin


def set_origin(argmap: ArgumentMap, path: Optional[str], text: str, data: Any) -> None:
    """Record that ``argmap`` was read from (or written as) ``text`` at ``path``, which reads as ``data``."""
    argmap._origin = Origin(path, text, data)


def forget_origin(argmap: ArgumentMap) -> None:
    """Make ``argmap`` a new map, so that saving writes a fresh document rather than patching a file."""
    argmap._origin = None


def loaded_data(argmap: ArgumentMap) -> Any:
    """The data of the text ``argmap`` was loaded from (the map must have been loaded)."""
    origin = origin_of(argmap)
    if origin is None:
        raise ValueError("this map was not loaded from text")
    return origin.data


def adopt(argmap: ArgumentMap, other: ArgumentMap) -> None:
    """Make ``argmap`` hold the content of ``other`` (a map of the same class), so that callers
    keep their reference to the one object.

    Fields are assigned as pydantic assigns them (maps do not validate on assignment, so
    this costs a dictionary store per field), which fields count as set is copied so that
    the map writes the same keys, and private state (the node index, the origin) follows.
    """
    for name in type(other).model_fields:
        setattr(argmap, name, getattr(other, name))
    fields_set = argmap.model_fields_set
    fields_set.clear()
    fields_set.update(other.model_fields_set)
    for name in type(other).__private_attributes__:
        setattr(argmap, name, getattr(other, name))
