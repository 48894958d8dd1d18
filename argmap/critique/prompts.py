"""The prompts sent to the LLM, built from the template files in ``prompts/``.

Templates are plain text with ``$name`` placeholders (:class:`string.Template`), so
they can be read and changed without touching code. ``ARGMAP_PROMPTS_DIR`` points at
another folder holding the same files, for people who want to try their own wording.

Map text is data: it goes into the prompt as JSON between ``<map-data>`` and
``</map-data>``, with ``<``, ``>`` and ``&`` escaped, so no text in a map can close the
fence or pass for an instruction outside it.
"""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..model import ArgumentMap, Node
from .errors import CritiqueError

#: The template files a prompt is built from.
TEMPLATES = ("critique-system.txt", "critique-user.txt", "repair.txt", "schemes.txt")

#: The fence around map data in the prompt.
FENCE_OPEN, FENCE_CLOSE = "<map-data>", "</map-data>"


def prompts_dir() -> Path:
    """The folder the templates are read from.

    ``ARGMAP_PROMPTS_DIR`` when set; else the copy shipped inside the package (an
    installed wheel); else the ``prompts/`` folder of a source checkout.
    """
    configured = os.environ.get("ARGMAP_PROMPTS_DIR")
    if configured:
        return Path(configured)
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "prompts", package.parent / "prompts"):
        if (candidate / TEMPLATES[0]).is_file():
            return candidate
    return package.parent / "prompts"


def template(name: str) -> string.Template:
    """One template, read from :func:`prompts_dir`."""
    path = prompts_dir() / name
    try:
        return string.Template(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CritiqueError(f"{path}: prompt template not found (is ARGMAP_PROMPTS_DIR right?)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CritiqueError(f"{path}: cannot read prompt template: {exc}") from None


def _fill(name: str, **values: Any) -> str:
    try:
        return template(name).substitute(values)
    except KeyError as exc:
        raise CritiqueError(f"{prompts_dir() / name}: unknown placeholder ${exc.args[0]} "
                            "(write $$ for a dollar sign)") from None
    except ValueError as exc:
        raise CritiqueError(f"{prompts_dir() / name}: {exc} (write $$ for a dollar sign)") from None


def fence_json(data: Any) -> str:
    """``data`` as indented JSON that cannot contain the fence: ``<``, ``>`` and ``&`` are escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass
class Prompt:
    """The messages that ask for proposals against one node."""

    target: str
    """Id of the node the proposals will attack."""
    kind: str
    """What is asked for: ``objection`` or ``rebuttal``."""
    count: int
    """How many proposals are asked for, at most."""
    messages: list[dict[str, str]] = field(default_factory=list)
    """Chat messages (``role`` and ``content``), ready to send."""

    def repair(self, answer: str, problem: str) -> list[dict[str, str]]:
        """The conversation that asks the model to fix an answer that could not be used."""
        return [*self.messages,
                {"role": "assistant", "content": answer},
                {"role": "user", "content": _fill("repair.txt", problem=problem, count=self.count)}]


def proposal_kind(node: Any) -> str:
    """What attacks ``node``: rebuttals answer objections, objections attack everything else."""
    return "rebuttal" if node.kind == "objection" else "objection"


_KIND_NAMES = {"claim": "central claim", "premise": "premise", "objection": "objection", "rebuttal": "rebuttal",
               "question": "question", "position": "position (one answer to the question)"}
_ROLE = {"premises": "supports the node above it", "objections": "attacks the node above it",
         "rebuttals": "answers (attacks) the objection above it", "positions": "answers the question above it"}


def _node_data(node: Any, relation: Optional[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": _KIND_NAMES[node.kind]}
    if relation:
        data["role"] = _ROLE[relation]
    data["text"] = node.text
    if node.by:
        data["by"] = node.by
    return data


def map_data(argmap: ArgumentMap, target_id: str) -> dict[str, Any]:
    """What the LLM is shown about the map: the target, its path, its children and earlier rejections."""
    path = argmap.path(target_id)
    target = path[-1]
    data: dict[str, Any] = {}
    debate = {k: v for k, v in (("title", argmap.title), ("description", argmap.description)) if v}
    if debate:
        data["debate"] = debate
    data["path_from_central_claim"] = [
        _node_data(node, argmap.relation(node.id) if i else None) for i, node in enumerate(path[:-1])
    ]
    data["target"] = _node_data(target, argmap.relation(target_id))
    children, rejected = [], []
    for relation in target.relations:
        for child in getattr(target, relation):
            if child.status == "rejected":
                item = {"text": child.text}
                if child.proposal is not None and child.proposal.reason:
                    item["reason_rejected"] = child.proposal.reason
                rejected.append(item)
            elif child.is_accepted:
                children.append(_node_data(child, relation))
    data["existing_children"] = children
    data["rejected_proposals"] = rejected
    return data


def build_prompt(argmap: ArgumentMap, target_id: str, count: int = 3) -> Prompt:
    """The messages asking for up to ``count`` proposals against node ``target_id``.

    Pending proposals under the target are left out, so that asking again about an
    unchanged map is the same question (and is answered from the cache); near-duplicates
    of them are dropped when the answer comes back.
    """
    target = argmap[target_id]
    kind = proposal_kind(target)
    what = kind + "s"
    note = {
        "objection": " The target is an objection: a rebuttal answers it, defending the node it attacks.",
        "rebuttal": " The target is a rebuttal: an objection to it defends the objection it answers.",
    }.get(target.kind, "")
    system = _fill("critique-system.txt", what=what, one=kind, schemes=template("schemes.txt").template.strip())
    user = _fill("critique-user.txt", count=count, what=what, target_kind=_KIND_NAMES[target.kind],
                 relation_note=note, data=fence_json(map_data(argmap, target_id)))
    return Prompt(target=target_id, kind=kind, count=count,
                  messages=[{"role": "system", "content": system}, {"role": "user", "content": user}])


def targetable(node: Any) -> bool:
    """Whether proposals may be asked for against ``node`` (only accepted nodes)."""
    return not isinstance(node, Node) or node.is_accepted
