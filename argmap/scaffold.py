"""A starting point for a new map: valid as it stands, with commented examples to fill in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from .ids import is_slug, slugify
from .yamlio import dump_data, loads

_EXAMPLES = """\
# Sources are declared once and cited from any node:
# sources:
#   interview: {title: "Title of the document", url: "https://...", date: 2025-01-31}
# cite: {source: interview, at: "12:34", quote: "a short verbatim quotation"}

# premises support the node they sit under; objections attack it;
# rebuttals answer an objection. Each node needs a 'text'.
# premises:
#   - text: A reason to accept the claim.
#     by: Who argues it
# objections:
#   - text: A reason to doubt the claim.
#     rebuttals:
#       - text: An answer to that objection.
"""


#: The file name ``argmap schema -o`` is suggested to write, when no schema is found near a new map.
SCHEMA_NAME = "argmap.schema.json"


def schema_reference(target: Path) -> tuple[str, bool]:
    """Where a new map at ``target`` should point editors for the format: the relative path of
    the nearest ``schema/argmap.schema.json`` or ``argmap.schema.json`` in its folder or above,
    and True; else ``argmap.schema.json`` (beside the map, yet to be written) and False."""
    folder = target.resolve().parent
    for place in (folder, *folder.parents):
        for candidate in (place / SCHEMA_NAME, place / "schema" / SCHEMA_NAME):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, folder)).as_posix(), True
    return SCHEMA_NAME, False


def scaffold(claim: str, title: Optional[str] = None, by: Optional[str] = None,
             map_id: Optional[str] = None, schema: Optional[str] = None) -> tuple[str, str]:
    """YAML text of a new map, and its id. The id defaults to a slug of the title (or claim).

    ``schema`` is the path or URL of the JSON Schema, written on the first line for editors
    that follow ``# yaml-language-server: $schema=...`` (see :func:`schema_reference`).
    """
    if not claim or not claim.strip():
        raise ValueError("the central claim must not be empty")
    map_id = map_id or slugify(title or claim)
    if not is_slug(map_id):
        raise ValueError(f"id {map_id!r} is not a valid id: use lowercase letters, digits and '-'")
    data: dict[str, object] = {"argmap": 1, "id": map_id}
    if title:
        data["title"] = title
    data["claim"] = claim
    if by:
        data["by"] = by
    text = dump_data(data) + "\n" + _EXAMPLES
    if schema:
        text = f"# yaml-language-server: $schema={schema}\n" + text
    loads(text)  # the scaffold must always be a valid map
    return text, map_id
