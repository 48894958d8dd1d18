"""Old import path, kept for one release: what was one module is now the modules of :mod:`argmap.store`.

Reading is in :mod:`~argmap.store.files`, :mod:`~argmap.store.parsing` and
:mod:`~argmap.store.loading`; writing in :mod:`~argmap.store.writer`,
:mod:`~argmap.store.patching` and :mod:`~argmap.store.saving`. New code imports from there
(or from :mod:`argmap.store` itself).
"""

from __future__ import annotations

from .data import list_edits
from .files import (
    MAX_FILE_SIZE,
    PathLike,
    atomic_write,
    decode_utf8,
    read_bytes,
    read_text,
    read_text_or_empty,
)
from .full import MAX_EXPANDED_NODES, Parsed, Positions, parse_full
from .loading import load, load_many, loads
from .origin import Origin
from .parsing import is_map_file, parse
from .patching import patch_text
from .saving import dumps, save
from .wholefile import patch_whole, to_yaml_value, without_loose_tabs
from .writer import dump as dump_data

__all__ = [
    "MAX_EXPANDED_NODES",
    "MAX_FILE_SIZE",
    "Origin",
    "Parsed",
    "PathLike",
    "Positions",
    "atomic_write",
    "decode_utf8",
    "dump_data",
    "dumps",
    "is_map_file",
    "list_edits",
    "load",
    "load_many",
    "loads",
    "parse",
    "parse_full",
    "patch_text",
    "patch_whole",
    "read_bytes",
    "read_text",
    "read_text_or_empty",
    "save",
    "to_yaml_value",
    "without_loose_tabs",
]
