"""A starting point for a new map: valid as it stands, with commented examples to fill in."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from .ids import is_slug, slugify
from .store import dump, loads

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


_QUESTION_EXAMPLES = """\
# Each position answers the question and is argued like a central claim:
# premises support it, objections attack it, rebuttals answer an objection.
# A position may also support or attack another: 'attacks: [other-position-id]'.
# positions:
#   - id: first-answer
#     text: One answer to the question.
#     premises:
#       - text: A reason to accept this answer.
#     objections:
#       - text: A reason to doubt it.
"""


def scaffold(
    claim: Optional[str] = None,
    title: Optional[str] = None,
    by: Optional[str] = None,
    map_id: Optional[str] = None,
    schema: Optional[str] = None,
    question: Optional[str] = None,
    positions: Sequence[str] = (),
) -> tuple[str, str]:
    """YAML text of a new map, and its id. The id defaults to a slug of the title (or claim).

    Give ``question`` instead of ``claim`` for a debate rooted in a question, with the
    texts of its first ``positions`` if any. ``schema`` is the path or URL of the JSON
    Schema, written on the first line for editors that follow
    ``# yaml-language-server: $schema=...`` (see :func:`schema_reference`).
    """
    if (claim is None) == (question is None):
        raise ValueError("give either a central claim or a question")
    root = claim if claim is not None else question
    if not root or not root.strip():
        raise ValueError(
            "the central claim must not be empty" if claim is not None else "the question must not be empty"
        )
    if claim is not None and positions:
        raise ValueError("positions answer a question: give --question instead of --claim")
    map_id = map_id or slugify(title or root)
    if not is_slug(map_id):
        raise ValueError(f"id {map_id!r} is not a valid id: use lowercase letters, digits and '-'")
    data: dict[str, object] = {"argmap": 1, "id": map_id}
    if title:
        data["title"] = title
    data["claim" if claim is not None else "question"] = root
    if by:
        data["by"] = by
    if positions:
        if any(not p or not p.strip() for p in positions):
            raise ValueError("a position must not be empty")
        data["positions"] = [{"text": p} for p in positions]
    text = dump(data) + "\n" + (_EXAMPLES if claim is not None else _QUESTION_EXAMPLES)
    if schema:
        text = f"# yaml-language-server: $schema={schema}\n" + text
    loads(text)  # the scaffold must always be a valid map
    return text, map_id
