"""The words of an argument map, in one table: the kinds of node, the lists they sit in, what may
nest where, and whether a list supports or attacks the node it sits under.

Everything that needs to know that ``rebuttals`` hold rebuttals, answer objections and attack them
reads it from here (the model, validation, evaluation, diff, merge, the formats and the renderers),
so that the vocabulary is stated once. Plain data only: no imports from the rest of argmap.
"""

from __future__ import annotations

from typing import Optional

#: Every kind of node: the two roots (a central claim or a question), then the kinds that sit in a list.
KINDS: tuple[str, ...] = ("claim", "question", "position", "premise", "objection", "rebuttal")
#: The kinds a map may be rooted in.
ROOT_KINDS: tuple[str, ...] = ("claim", "question")
#: The kinds that sit in a list under another node.
NODE_KINDS: tuple[str, ...] = ("premise", "objection", "rebuttal", "position")
#: The kinds argued like a central claim: the claim itself, and each position answering a question.
CLAIM_LIKE: tuple[str, ...] = ("claim", "question", "position")

#: Which child lists each kind of node may have, in the order they are written.
RELATIONS: dict[str, tuple[str, ...]] = {
    "claim": ("premises", "objections"),
    "premise": ("premises", "objections"),
    "objection": ("premises", "rebuttals"),
    "rebuttal": ("premises", "objections"),
    "question": ("positions",),
    "position": ("premises", "objections"),
}
#: Every child list, in the order they are written.
CHILD_LISTS: tuple[str, ...] = ("premises", "objections", "rebuttals", "positions")
#: The child lists of a claim-rooted map's nodes (all but ``positions``, which only a question has).
ARGUMENT_LISTS: tuple[str, ...] = ("premises", "objections", "rebuttals")
#: The kind of node each child list holds.
KIND_OF_RELATION: dict[str, str] = {
    "premises": "premise",
    "objections": "objection",
    "rebuttals": "rebuttal",
    "positions": "position",
}
#: The child list each kind of node sits in.
RELATION_OF_KIND: dict[str, str] = {kind: relation for relation, kind in KIND_OF_RELATION.items()}

#: Whether a relation supports or attacks the parent.
#: A position neither supports nor attacks its question: it answers it.
POLARITY: dict[str, str] = {"premises": "support", "objections": "attack", "rebuttals": "attack", "positions": "answer"}
#: The kinds of node that attack the node they sit under.
ATTACK_KINDS: tuple[str, ...] = tuple(KIND_OF_RELATION[r] for r in CHILD_LISTS if POLARITY[r] == "attack")

#: How each kind is named in messages, prompts and pictures.
KIND_WORDS: dict[str, str] = {
    "claim": "central claim",
    "question": "question",
    "premise": "premise",
    "objection": "objection",
    "rebuttal": "rebuttal",
    "position": "position",
}

#: The cross-link keys of a node, and the polarity each carries.
LINKS: tuple[str, ...] = ("supports", "attacks")
POLARITY_OF_LINK: dict[str, str] = {"supports": "support", "attacks": "attack"}
LINK_OF_POLARITY: dict[str, str] = {polarity: link for link, polarity in POLARITY_OF_LINK.items()}


def walk_lists(kind: str) -> tuple[str, ...]:
    """The child lists a walk of raw data visits under a node of ``kind``: its legal lists in model
    order, then any illegal ones (validation reports those), so that every walk meets nodes, and
    derives ids, in the same order as the loader."""
    legal = RELATIONS[kind]
    return legal + tuple(k for k in CHILD_LISTS if k not in legal)


def is_attack(relation: str) -> bool:
    """True when the nodes of ``relation`` attack the node they sit under (objections, rebuttals)."""
    return POLARITY[relation] == "attack"


def polarity_of_kind(kind: str) -> str:
    """``"support"``, ``"attack"`` or ``"answer"``: what a node of ``kind`` does to the node it sits under."""
    return POLARITY[RELATION_OF_KIND[kind]]


def tree_link(kind: str) -> str:
    """The cross-link key (``supports`` or ``attacks``) that would repeat what a node of ``kind``
    already says by sitting where it sits: a premise supports its parent, the others attack it."""
    return "supports" if polarity_of_kind(kind) == "support" else "attacks"


def child_kind(parent_kind: str, polarity: str) -> Optional[str]:
    """The kind of node that gives ``polarity`` (support or attack) to a node of ``parent_kind``,
    or None when no child list of that kind carries it (a question's positions neither support
    nor attack it)."""
    for relation in RELATIONS[parent_kind]:
        if POLARITY[relation] == polarity:
            return KIND_OF_RELATION[relation]
    return None


def relation_of(parent_kind: str, kind: str) -> Optional[str]:
    """The list a node of ``kind`` sits in under a node of ``parent_kind``, or None when it may not sit there."""
    relation = RELATION_OF_KIND.get(kind)
    return relation if relation in RELATIONS.get(parent_kind, ()) else None
