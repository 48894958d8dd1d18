"""A starting point for a new map: valid as it stands, with commented examples to fill in."""

from __future__ import annotations

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


def scaffold(claim: str, title: Optional[str] = None, by: Optional[str] = None,
             map_id: Optional[str] = None) -> tuple[str, str]:
    """YAML text of a new map, and its id. The id defaults to a slug of the title (or claim)."""
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
    loads(text)  # the scaffold must always be a valid map
    return text, map_id
