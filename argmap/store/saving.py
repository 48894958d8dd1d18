"""Saving a map: its own file patched with what changed, merged with any change made on disk meanwhile.

Saving keeps the user's file as it is wherever the map did not change: an unchanged map
is written back byte for byte, and a changed one is patched into the original document
(comments, key order, quoting and layout survive) rather than written anew.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ..gcpause import gc_paused
from .data import same
from .files import PathLike, read_current, resolve_link, same_file, write_locked
from .lock import locked, remove_stale_temps
from .merge import merge_saved
from .origin import adopt, origin_of, set_origin
from .parsing import parse
from .patching import patch_text_parsed
from .writer import dump

if TYPE_CHECKING:
    from ..model import ArgumentMap


def dumps(argmap: ArgumentMap) -> str:
    """The map as YAML text: its original file patched with any changes, or a fresh document."""
    return _dumps(argmap)[0]


def _dumps(argmap: ArgumentMap) -> tuple[str, Any]:
    """:func:`dumps`, and the data the text reads as when that is already known (else None)."""
    origin = origin_of(argmap)
    with gc_paused():
        data = argmap.to_data()
        if origin is None:
            return dump(data), None
        if same(origin.data, data):
            return origin.text, origin.data
        return patch_text_parsed(origin.text, origin.data, data)


def save(argmap: ArgumentMap, path: Optional[PathLike] = None, *, force: bool = False) -> Path:
    """Write the map atomically, to ``path`` or to the file it was loaded from.

    A write-protected file is refused with :class:`MapError` unless ``force`` is set.

    Only what changed is rewritten; the rest of the file stays as it was, and an
    unchanged map is written back byte for byte. If the file changed on disk since the
    map was loaded (another process saved it), the two sets of changes are merged against
    the loaded version (see :mod:`argmap.store.merge`) and the map takes on the merged
    content; when both changed the same thing differently, :class:`ConflictError` is
    raised and nothing is written. Writers of the same file take turns (see
    :mod:`argmap.store.lock`).
    """
    origin = origin_of(argmap)
    if path is None:
        if origin is None or origin.path is None:
            raise ValueError("this map was not loaded from a file: give a path to save it to")
        path = origin.path
    target = resolve_link(path)
    text, text_data = _dumps(argmap)
    with locked(target):
        remove_stale_temps(target)
        current = read_current(target)
        merged = None
        if (
            origin is not None
            and origin.path is not None
            and current is not None
            and current != origin.text
            and same_file(origin.path, target)
        ):
            text, merged = merge_saved(origin.data, argmap.to_data(), current, str(path))
            text_data = None
        if text != current:
            write_locked(target, text, force=force)
    if merged is not None:
        adopt(argmap, merged)
    if text_data is None:
        text_data = parse(text, str(path)).data
    set_origin(argmap, str(path), text, text_data)
    return Path(path)
