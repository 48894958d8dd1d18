"""Saving changed data into an existing YAML text: line patching when it is sure, the whole file otherwise."""

from __future__ import annotations

from typing import Any

from . import linepatch, wholefile


def patch_text(text: str, old: Any, new: Any) -> str:
    """Rewrite the YAML ``text`` (whose data is ``old``) so that its data becomes ``new``,
    touching only what differs.

    Only the lines of the entries that changed are rewritten (:mod:`argmap.store.linepatch`),
    at about the cost of reading the file; when that cannot be done with certainty the
    whole document goes through ruamel.yaml's round trip (:func:`~argmap.store.wholefile.patch_whole`).
    """
    return patch_text_parsed(text, old, new)[0]


def patch_text_parsed(text: str, old: Any, new: Any) -> tuple[str, Any]:
    """:func:`patch_text`, and the data of the result when the line patcher read it back (else None)."""
    text = wholefile.without_loose_tabs(text)
    fast = linepatch.patch_parsed(text, old, new)
    return fast if fast is not None else (wholefile.patch_whole(text, old, new), None)
