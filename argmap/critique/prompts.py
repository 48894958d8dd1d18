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
from ..vocabulary import KIND_WORDS, child_kind
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
        raise CritiqueError(
            f"{prompts_dir() / name}: unknown placeholder ${exc.args[0]} (write $$ for a dollar sign)"
        ) from None
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
    candidates: int = 0
    """How many candidates the model is asked for (more than ``count``: the best are kept)."""
    key_messages: Optional[list[dict[str, str]]] = None
    """What the cache key is made of: the messages without the pending proposals."""
    target_text: str = ""
    """The target's text as the model was shown it."""

    def repair(self, answer: str, problem: str, count: Optional[int] = None) -> list[dict[str, str]]:
        """The conversation that asks the model to fix an answer (or, with ``count``, that many items of it)."""
        return [
            *self.messages,
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": _fill("repair.txt", problem=problem, count=count or self.candidates or self.count),
            },
        ]

    def text(self, number: int, total: int) -> str:
        """The prompt for people (``critique --dry-run``): a heading, then each message under its role."""
        parts = [f"=== prompt {number} of {total}: {self.kind}s against {self.target!r} ==="]
        parts += [f"--- {message['role']} ---\n{message['content'].rstrip()}" for message in self.messages]
        return "\n".join(parts)


def proposal_kind(node: Any) -> str:
    """What attacks ``node``: rebuttals answer objections, objections attack everything else."""
    return child_kind(node.kind, "attack") or "objection"


_KIND_NAMES = {**KIND_WORDS, "position": "position (one answer to the question)"}
_ROLE = {
    "premises": "supports the node above it",
    "objections": "attacks the node above it",
    "rebuttals": "answers (attacks) the objection above it",
    "positions": "answers the question above it",
}

#: The whole map's outline is sent when it fits in about this many tokens (4 characters each).
OUTLINE_TOKENS = 6000
#: Else this many nodes nearest to the target in wording are sent, beyond the path, siblings and children.
NEAREST = 12
#: Node visits allowed when looking for the nearest nodes (see :meth:`MapContext.nearest`).
NEAREST_VISITS = 4_000
#: At most this many siblings are sent (the nearest in wording, when there are more).
MAX_SIBLINGS = 24
#: Node text in the outline, and rejected texts, are cut to this many characters.
OUTLINE_TEXT, REJECTED_TEXT = 200, 120


def _short(text: str, limit: int) -> str:
    """One clean line of at most ``limit`` characters: no control or invisible characters."""
    from ..invisible import strip_invisible

    line = " ".join("".join(c if c.isprintable() else " " for c in strip_invisible(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


def _node_data(node: Any, relation: Optional[str], full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": node.id, "kind": _KIND_NAMES[node.kind]}
    if relation:
        data["role"] = _ROLE[relation]
    data["text"] = node.text
    if node.by:
        data["by"] = node.by
    if full:
        quotes = [cite.quote for cite in node.all_cites if cite.quote]
        if quotes:
            data["source_quote" if len(quotes) == 1 else "source_quotes"] = quotes[0] if len(quotes) == 1 else quotes
        if getattr(node, "note", None):
            data["note"] = node.note
    return data


class MapContext:
    """What every prompt about one map shares, worked out once: the outline, and the words of
    each accepted node for finding the nodes nearest a target (a prompt per node of a
    10,000-node map must not walk the map each time)."""

    def __init__(self, argmap: ArgumentMap):
        from .similar import normalise

        self.outline: list[str] = []
        self.words: dict[str, frozenset[str]] = {}
        self.postings: dict[str, list[Any]] = {}
        size = 0
        for entry in argmap.walk({"accepted"}):
            node = entry.node
            if size <= OUTLINE_TOKENS * 4:
                line = f"{'  ' * entry.depth}[{_KIND_NAMES[node.kind]}] {node.id}: {_short(node.text, OUTLINE_TEXT)}"
                self.outline.append(line)
                size += len(line) + 1
            words = frozenset(normalise(node.text).split())
            self.words[node.id] = words
            for word in words:
                self.postings.setdefault(word, []).append(node)
        self.fits = size <= OUTLINE_TOKENS * 4
        self.total = len(self.words) + 1

    def nearest(
        self, argmap: ArgumentMap, target: Any, exclude: set[str], n: int = NEAREST, among: Optional[list[Any]] = None
    ) -> list[dict[str, Any]]:
        """The accepted nodes (of ``among``, else of the map) whose words overlap the target's most,
        rare words counting more (each shared word scores log(nodes / nodes with the word))."""
        import math

        allowed = None if among is None else {id(node) for node in among}
        scores: dict[int, float] = {}
        nodes: dict[int, Any] = {}
        # Rarest words first, and no more than NEAREST_VISITS node visits: the common words,
        # which say least about nearness, are the ones that would cost most.
        visits = 0
        for word in sorted(self.words.get(target.id) or (), key=lambda w: len(self.postings.get(w, ()))):
            posting = self.postings.get(word, ())
            if not posting or (visits and visits + len(posting) > NEAREST_VISITS):
                break
            visits += len(posting)
            weight = math.log(self.total / len(posting))
            for node in posting:
                if node.id in exclude or node is target or (allowed is not None and id(node) not in allowed):
                    continue
                scores[id(node)] = scores.get(id(node), 0.0) + weight
                nodes[id(node)] = node
        ranked = sorted(scores, key=lambda key: -scores[key])[:n]
        return [_node_data(nodes[key], argmap.relation(nodes[key].id)) for key in ranked if scores[key] > 0]


def map_data(
    argmap: ArgumentMap, target_id: str, pending: bool = True, context: Optional[MapContext] = None
) -> dict[str, Any]:
    """What the LLM is shown about the map.

    The target (with its source quotation and note), the path from the central claim,
    its siblings and children, what attacking a premise would undermine, the whole map
    in outline when it fits :data:`OUTLINE_TOKENS` (else the nodes nearest the target in
    wording), the pending proposals under the target (unless ``pending`` is False), and
    earlier rejections as a reason and a cleaned, shortened text. Every node has its id.
    """
    context = context or MapContext(argmap)
    path = argmap.path(target_id)
    target = path[-1]
    data: dict[str, Any] = {}
    debate = {k: v for k, v in (("title", argmap.title), ("description", argmap.description)) if v}
    if debate:
        data["debate"] = debate
    data["path_from_central_claim"] = [
        _node_data(node, argmap.relation(node.id) if i else None) for i, node in enumerate(path[:-1])
    ]
    data["target"] = _node_data(target, argmap.relation(target_id), full=True)
    if target.kind == "premise" and len(path) > 1:
        data["target"]["attacking_it_undermines"] = (
            f"the {_KIND_NAMES[path[-2].kind]} {path[-2].id!r}, which this premise supports"
        )
    shown = {node.id for node in path}
    if len(path) > 1:
        parent = path[-2]
        others = [child for child in parent.children() if child.is_accepted and child.id != target_id]
        if len(others) <= MAX_SIBLINGS:
            siblings = [_node_data(child, argmap.relation(child.id)) for child in others]
        else:  # a node with hundreds of children: the siblings nearest the target in wording
            siblings = context.nearest(argmap, target, set(), MAX_SIBLINGS, among=others)
        data["siblings"] = siblings
        shown.update(s["id"] for s in siblings)
    children, rejected, waiting = [], [], []
    for relation in target.relations:
        for child in getattr(target, relation):
            if child.status == "rejected":
                item = {"text": _short(child.text, REJECTED_TEXT)}
                if child.proposal is not None and child.proposal.reason:
                    item["reason_rejected"] = _short(child.proposal.reason, REJECTED_TEXT)
                rejected.append(item)
            elif child.status == "proposed":
                waiting.append({"id": child.id, "text": _short(child.text, OUTLINE_TEXT)})
            else:
                children.append(_node_data(child, relation))
                shown.add(child.id)
    data["existing_children"] = children
    if pending and waiting:
        data["pending_proposals"] = waiting
    data["rejected_proposals"] = rejected
    if context.fits:
        data["whole_map_outline"] = context.outline
    else:
        data["nearest_nodes_elsewhere"] = context.nearest(argmap, target, shown)
    return data


def candidates_for(count: int) -> int:
    """How many candidates are asked for when ``count`` proposals are wanted: twice as many (at most 40)."""
    return min(40, 2 * count)


def build_prompt(argmap: ArgumentMap, target_id: str, count: int = 3, context: Optional[MapContext] = None) -> Prompt:
    """The messages asking for candidate proposals against node ``target_id``, ``count`` of which are kept.

    Twice ``count`` candidates are asked for (:func:`candidates_for`); the best,
    independent ones are kept when the answer comes back. The cache key
    (:attr:`Prompt.key_messages`) leaves out the pending proposals under the target, so
    that asking again about an otherwise unchanged map is the same question. Pass the
    same ``context`` (:class:`MapContext`) when building prompts for many nodes of a map.
    """
    target = argmap[target_id]
    kind = proposal_kind(target)
    what = kind + "s"
    note = {
        "objection": " The target is an objection: a rebuttal answers it, defending the node it attacks.",
        "rebuttal": " The target is a rebuttal: an objection to it defends the objection it answers.",
    }.get(target.kind, "")
    candidates = candidates_for(count)
    context = context or MapContext(argmap)
    system = _fill("critique-system.txt", what=what, one=kind, schemes=template("schemes.txt").template.strip())

    data = map_data(argmap, target_id, context=context)

    def user(shown: dict[str, Any]) -> str:
        return _fill(
            "critique-user.txt",
            count=count,
            candidates=candidates,
            what=what,
            target_kind=_KIND_NAMES[target.kind],
            relation_note=note,
            data=fence_json(shown),
        )

    messages = [{"role": "system", "content": system}, {"role": "user", "content": user(data)}]
    key = messages
    if "pending_proposals" in data:
        key = [
            messages[0],
            {"role": "user", "content": user({k: v for k, v in data.items() if k != "pending_proposals"})},
        ]
    return Prompt(
        target=target_id,
        kind=kind,
        count=count,
        messages=messages,
        candidates=candidates,
        key_messages=key,
        target_text=target.text,
    )


def targetable(node: Any) -> bool:
    """Whether proposals may be asked for against ``node`` (only accepted nodes)."""
    return not isinstance(node, Node) or node.is_accepted
