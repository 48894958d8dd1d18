"""Interchange with other argument tools: Kialo, Argdown, AIF and SADFace in and out, Markdown out, JSON.

Each format is a module of its own (:mod:`.kialo`, :mod:`.argdown`, :mod:`.aif`,
:mod:`.markdown`, :mod:`.jsonmap`); this one picks the right one. Every import returns
the map together with a report of what was read, made and dropped
(:class:`~argmap.formats.report.ImportReport`); every export returns the text with a
note of what the format could not hold (:class:`~argmap.formats.report.Exported`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ..errors import MapError, Problem
from ..store.files import decode_utf8, read_bytes
from .report import Dropped, Exported, Imported, ImportReport

if TYPE_CHECKING:
    from ..model import ArgumentMap

__all__ = [
    "Dropped",
    "EXPORT_FORMATS",
    "Exported",
    "IMPORT_FORMATS",
    "ImportReport",
    "Imported",
    "export_map",
    "guess_format",
    "import_file",
    "import_text",
]

#: Formats ``import`` reads.
IMPORT_FORMATS = ("kialo", "argdown", "aif", "sadface", "json")
#: Formats ``export`` writes.
EXPORT_FORMATS = ("argdown", "aif", "sadface", "kialo", "markdown", "json")
#: Files larger than this are refused before reading (bytes).
MAX_IMPORT_SIZE = 64 * 1024 * 1024


def guess_format(text: str, name: Optional[str] = None) -> Optional[str]:
    """The format of ``text`` judged from its content (and the file name's suffix), or None."""
    from .aif import is_aif
    from .argdown import is_argdown
    from .kialo import is_kialo
    from .sadface import is_sadface

    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except (ValueError, RecursionError):  # ValueError: also a number past Python's digit limit
            # Broken (or absurdly nested) JSON: name the reader whose error message will help most.
            return "aif" if ('"nodes"' in head[:5000] or '"AIF"' in head[:5000]) else "json"
        if isinstance(data, dict) and "argmap" in data:
            return "json"
        if is_sadface(data):
            return "sadface"
        return "aif" if is_aif(data) else None
    if is_kialo(head):
        return "kialo"
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in (".argdown", ".ad") or is_argdown(text):
        return "argdown"
    return None


def import_text(text: str, fmt: Optional[str] = None, file: str = "<string>", lenient: bool = False) -> Imported:
    """Read a map from text in ``fmt`` (guessed from the content when None).

    Raises :class:`~argmap.MapError` with one located problem when the text cannot be read.
    With ``lenient``, what the format's own parser would reject (Argdown) is read past and
    reported as warnings (``imported.report.warnings``) instead.
    """
    if fmt is None:
        fmt = guess_format(text, file)
        if fmt is None:
            hint = ""
            head = text.lstrip("\ufeff \t\r\n")
            if head.startswith("argmap:"):
                hint = " (it looks like an argmap map already)"
            elif head.startswith(("{", "[")):
                hint = (
                    " (JSON, but neither AIF (nodes with 'nodeID', edges with 'fromID'), SADFace (atoms and "
                    "schemes, edges with 'source_id') nor an argmap map)"
                )
            raise MapError(
                Problem(
                    f"cannot tell the format from the content{hint}: give it with --from ({', '.join(IMPORT_FORMATS)})",
                    file=file,
                )
            )
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt!r}: choose one of {', '.join(IMPORT_FORMATS)}")
    if fmt == "kialo":
        from .kialo import read_kialo

        return read_kialo(text, file)
    if fmt == "argdown":
        from .argdown import read_argdown

        return read_argdown(text, file, lenient=lenient)
    if fmt == "aif":
        from .aif import read_aif

        return read_aif(text, file)
    if fmt == "sadface":
        from .sadface import read_sadface

        return read_sadface(text, file)
    from .jsonmap import read_json

    return read_json(text, file)


def import_file(path: Union[str, os.PathLike[str]], fmt: Optional[str] = None, lenient: bool = False) -> Imported:
    """Read a map from a file in ``fmt`` (guessed from the content when None).

    Raises :class:`~argmap.MapError` with one located problem when the file cannot be read
    (see :func:`import_text` for ``lenient``).
    """
    return import_text(
        decode(read_bytes(path, MAX_IMPORT_SIZE, "a file to import"), str(path)), fmt, str(path), lenient=lenient
    )


def decode(raw: bytes, name: str) -> str:
    """Bytes of a file to import as text (UTF-8, with or without a byte order mark)."""
    return decode_utf8(raw, name, "utf-8-sig")


def export_map(argmap: ArgumentMap, fmt: str, include_proposed: bool = False, kialo_variant: str = "v2") -> Exported:
    """Write a map in ``fmt`` (one of :data:`EXPORT_FORMATS`); ``str()`` of the result is the text.

    Proposed nodes are left out unless ``include_proposed``; rejected ones always are.
    ``kialo_variant`` is "v2" (the current Kialo export, with sources) or "v1" (the older one).
    A map whose central claim an earlier version added on import is written as the
    question-rooted map an import makes today (see :mod:`argmap.formats.legacy`).
    """
    statuses = {"accepted", "proposed"} if include_proposed else {"accepted"}
    from .graph import SYNTHETIC_TAG

    if SYNTHETIC_TAG in argmap.tags:
        from .legacy import as_question

        upgraded, links = as_question(argmap)
        if upgraded is not None:
            result = _export(upgraded, fmt, statuses, kialo_variant)
            result.converted.insert(
                0,
                f"the central claim an earlier version added on import (tagged "
                f"'{SYNTHETIC_TAG}') written as the question “{upgraded.text}”, its "
                "theses as positions",
            )
            result.drop(links, "cross-links to that added claim", "a question is answered, not supported or attacked")
            return result
    return _export(argmap, fmt, statuses, kialo_variant)


def _export(argmap: ArgumentMap, fmt: str, statuses: set[str], kialo_variant: str) -> Exported:
    if fmt == "argdown":
        from .argdown import write_argdown

        return write_argdown(argmap, statuses)
    if fmt == "aif":
        from .aif import write_aif

        return write_aif(argmap, statuses)
    if fmt == "sadface":
        from .sadface import write_sadface

        return write_sadface(argmap, statuses)
    if fmt == "kialo":
        from .kialo import write_kialo

        return write_kialo(argmap, kialo_variant, statuses)
    if fmt == "markdown":
        from .markdown import write_markdown

        return write_markdown(argmap, statuses)
    if fmt == "json":
        from .jsonmap import write_json

        return write_json(argmap, statuses)
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
