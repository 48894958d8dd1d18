"""Maps written by earlier versions, whose imports added a central claim to a graph with several top claims.

Those versions put the top claims of an Argdown, AIF or SADFace graph (or the theses of a
multi-thesis Kialo discussion) as premises tagged ``thesis`` under an invented claim tagged
``added-on-import`` ("The claims of Remote work debate"). Such a map still loads, validates
and evaluates as the claim map it is. Every export writes it as the question-rooted map an
import makes today: :func:`as_question` turns the added claim into the question and its
theses into positions, so no exporter needs to know the old shape.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from ..model import RELATIONS
from .graph import SYNTHETIC_TAG, THESIS_TAG

if TYPE_CHECKING:
    from ..model import ArgumentMap

_OLD_CLAIM = re.compile(r"The claims of (.+)", re.S)


def is_legacy(argmap: ArgumentMap) -> bool:
    """True for a claim map whose central claim an earlier import added: tagged ``added-on-import``,
    with only premises tagged ``thesis`` under it (no objections)."""
    return (
        argmap.kind == "claim"
        and SYNTHETIC_TAG in argmap.tags
        and not argmap.objections
        and bool(argmap.premises)
        and all(THESIS_TAG in p.tags for p in argmap.premises)
    )


def question_text(claim: str) -> str:
    """The question for the text of an added claim: itself when it asks one (old Kialo imports
    used the discussion's question), "Which claims of X hold?" for "The claims of X"."""
    claim = claim.strip()
    if claim.endswith("?"):
        return claim
    m = _OLD_CLAIM.fullmatch(claim)
    return f"Which claims of {m.group(1)} hold?" if m else f"Which of these claims hold? ({claim})"


def as_question(argmap: ArgumentMap) -> tuple[Optional[ArgumentMap], int]:
    """The question-rooted form of a map :func:`is_legacy` accepts, and how many cross-links to
    the added claim it leaves out (a question is answered, not supported or attacked).

    Returns ``(None, 0)`` when the map is not of that shape or its question form does not
    validate (then it is exported as it is).
    """
    from ..validate import build

    if not is_legacy(argmap):
        return None, 0
    old = argmap.to_data()
    root_id = old.get("id")
    data: dict[str, Any] = {}
    for key, value in old.items():
        if key == "claim":
            data["question"] = question_text(value)
        elif key == "premises":
            continue
        elif key == "tags":
            tags = [t for t in value if t != SYNTHETIC_TAG]
            if tags:
                data["tags"] = tags
        elif key == "note" and isinstance(value, str) and value.startswith("Added on import:"):
            data["note"] = (
                "Written on import: the source has no question and no single claim that everything "
                "else leads to; its top claims are the positions."
            )
        else:
            data[key] = value
    positions = old["premises"]
    for position in positions:
        tags = [t for t in position.get("tags", []) if t != THESIS_TAG]
        if tags:
            position["tags"] = tags
        else:
            position.pop("tags", None)
    data["positions"] = positions
    dropped = 0
    stack: list[dict[str, Any]] = list(positions)
    while stack:
        node = stack.pop()
        for link in ("supports", "attacks"):
            targets = node.get(link)
            if isinstance(targets, list) and root_id in targets:
                dropped += targets.count(root_id)
                kept = [t for t in targets if t != root_id]
                if kept:
                    node[link] = kept
                else:
                    del node[link]
        for key in dict.fromkeys(RELATIONS["premise"] + RELATIONS["objection"]):  # every list a node may hold
            stack.extend(child for child in node.get(key, ()) if isinstance(child, dict))
    upgraded, _issues = build(data)
    if upgraded is None:
        return None, 0
    return upgraded, dropped
