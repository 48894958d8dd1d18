"""What changed between two versions of a map, node by node.

A line diff of a YAML map says which lines moved; a reviewer wants to know which claims
were added, removed, reworded or moved under another node. :func:`diff` compares two
maps as arguments: nodes are matched by id, and a node whose id is derived from its text
(no ``id:`` written) is still matched when its text changes, by its place: the same
parent, list and position. :func:`verdict_changes` says what the change did to the
evaluation: the central claim's label and strength, and every node whose label flipped.
"""

from __future__ import annotations

import difflib
import sys
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from .vocabulary import CHILD_LISTS

if TYPE_CHECKING:
    from .evaluation import NodeResult
    from .model import ArgumentMap, Entry

__all__ = ["Change", "VerdictChange", "diff", "verdict_changes", "word_diff"]


@dataclass(frozen=True)
class Change:
    """One node that differs between the two versions."""

    change: str
    """``added``, ``removed``, ``changed`` or ``moved`` (a moved node may also have changed)."""
    id: str
    """The node's id in the new version (in the old one for a removed node)."""
    kind: str
    text: str
    parent: Optional[str] = None
    """The id of the node it sits under (None for the central claim)."""
    old_parent: Optional[str] = None
    """For a moved node, where it was."""
    old_id: Optional[str] = None
    """When the id itself changed (a derived id follows the text), the old one."""
    fields: tuple[tuple[str, Any, Any], ...] = ()
    """``(key, old value, new value)`` for each key of the node that changed."""

    def to_data(self) -> dict[str, Any]:
        """Plain data, for JSON."""
        data: dict[str, Any] = {
            "change": self.change,
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "parent": self.parent,
        }
        if self.old_parent is not None:
            data["old_parent"] = self.old_parent
        if self.old_id is not None:
            data["old_id"] = self.old_id
        if self.fields:
            data["fields"] = {key: {"old": _plain(old), "new": _plain(new)} for key, old, new in self.fields}
        return data

    def __str__(self) -> str:
        where = f" under {self.parent}" if self.parent else ""
        if self.change == "added":
            return f"+ {self.kind} {self.id}{where}: {_short(self.text)}"
        if self.change == "removed":
            return f"- {self.kind} {self.id} (was{where or ' the central claim'}): {_short(self.text)}"
        parts = []
        if self.change == "moved":
            parts.append(f"moved from under {self.old_parent} to under {self.parent}")
        if self.old_id is not None:
            parts.append(f"id {self.old_id} -> {self.id}")
        for key, old, new in self.fields:
            if isinstance(old, str) and isinstance(new, str) and len(old) + len(new) > 60:
                parts.append(f"{key}: {word_diff(old, new)}")
            else:
                parts.append(f"{key} {_show(key, old)} -> {_show(key, new)}")
        mark = ">" if self.change == "moved" else "~"
        return f"{mark} {self.kind} {self.id}: " + "; ".join(parts)


_VERDICTS = {"in": "stands", "out": "falls", "undec": "is undecided"}
_PAST = {"in": "stood", "out": "fell", "undec": "was undecided"}


@dataclass(frozen=True)
class VerdictChange:
    """A node (or the central claim) whose evaluation changed between the two versions."""

    id: str
    old_label: str
    new_label: str
    old_strength: float
    new_strength: float
    claim: bool = False
    """True for the central claim, reported whenever its label or strength moved."""

    def to_data(self) -> dict[str, Any]:
        """Plain data, for JSON: ``{"change": "verdict"|"label", "id", "old", "new"}``."""
        if self.claim:
            return {
                "change": "verdict",
                "id": self.id,
                "old": {"label": self.old_label, "strength": round(self.old_strength, 6)},
                "new": {"label": self.new_label, "strength": round(self.new_strength, 6)},
            }
        return {"change": "label", "id": self.id, "old": self.old_label, "new": self.new_label}

    def __str__(self) -> str:
        if not self.claim:
            return f"= this change moved `{self.id}` from {self.old_label} to {self.new_label}"
        strengths = f"strength {self.old_strength:.2f} -> {self.new_strength:.2f}"
        if self.old_label == self.new_label:
            return f"= verdict: the central claim still {_VERDICTS[self.new_label]} ({self.new_label}); {strengths}"
        return (
            f"= verdict: the central claim {_PAST[self.old_label]} ({self.old_label}) and now "
            f"{_VERDICTS[self.new_label]} ({self.new_label}); {strengths}"
        )


def verdict_changes(old: ArgumentMap, new: ArgumentMap) -> list[VerdictChange]:
    """How the change moved the evaluation (grounded labels, DF-QuAD strengths): the central
    claim first, when its label or strength changed, then every other node in both versions
    whose label changed, in the new version's document order."""
    from .evaluation import evaluate

    before, after = evaluate(old), evaluate(new)
    changes: list[VerdictChange] = []
    was: Optional[NodeResult]  # the verdict, then each node's label, before the change
    if before.claim in before.nodes and after.claim in after.nodes:
        was, now = before.verdict, after.verdict
        if was.label != now.label or abs(was.strength - now.strength) > 5e-7:
            changes.append(VerdictChange(after.claim, was.label, now.label, was.strength, now.strength, claim=True))
    for node_id, now in after.nodes.items():
        was = before.nodes.get(node_id)
        if node_id != after.claim and was is not None and was.label != now.label:
            changes.append(VerdictChange(node_id, was.label, now.label, was.strength, now.strength))
    return changes


def diff(old: ArgumentMap, new: ArgumentMap) -> list[Change]:
    """Every node added, removed, changed or moved from ``old`` to ``new``.

    Changes come in the new version's document order, then the removed nodes in the old
    version's order. The central claim's entry covers the map's own keys (title,
    sources, ...) as well as the claim's.
    """
    old_entries = {entry.node.id: entry for entry in old.walk()}
    new_entries = {entry.node.id: entry for entry in new.walk()}
    pairs = {node_id: node_id for node_id in new_entries if node_id in old_entries}
    if old.id != new.id:
        pairs[new.id] = old.id
    _pair_by_place(old_entries, new_entries, pairs)
    old_for = {old_id: new_id for new_id, old_id in pairs.items()}

    changes: list[Change] = []
    for new_id, entry in new_entries.items():
        node = entry.node
        parent = entry.parent.id if entry.parent is not None else None
        if new_id not in pairs:
            changes.append(Change("added", new_id, node.kind, node.text, parent))
            continue
        old_id = pairs[new_id]
        before = old_entries[old_id]
        fields = _changed_fields(_own_data(before.node), _own_data(node))
        old_parent = before.parent.id if before.parent is not None else None
        moved = old_parent is not None and parent is not None and old_for.get(old_parent) != parent
        id_changed = old_id if old_id != new_id else None
        if moved or fields or id_changed:
            changes.append(
                Change(
                    "moved" if moved else "changed",
                    new_id,
                    node.kind,
                    node.text,
                    parent,
                    old_parent if moved else None,
                    id_changed,
                    fields,
                )
            )
    for old_id, entry in old_entries.items():
        if old_id not in old_for:
            parent = entry.parent.id if entry.parent is not None else None
            changes.append(Change("removed", old_id, entry.node.kind, entry.node.text, parent))
    return changes


def _pair_by_place(old_entries: dict[str, Entry], new_entries: dict[str, Entry], pairs: dict[str, str]) -> None:
    """Pair unmatched nodes whose ids were derived from a text that changed, by their place.

    Parents are paired before their children (document order), so a reworded node's
    reworded children are found too.
    """
    old_places: dict[tuple[str, str, int], str] = {}
    paired_old = set(pairs.values())
    for old_id, entry in old_entries.items():
        if old_id not in paired_old and entry.parent is not None:
            old_places[_place(entry)] = old_id
    for new_id, entry in new_entries.items():
        if new_id in pairs or entry.parent is None:
            continue
        parent_id, relation, index = _place(entry)
        old_parent = pairs.get(parent_id)
        same_place = old_places.get((old_parent, relation, index)) if old_parent is not None else None
        if same_place is None:
            continue
        before = old_entries[same_place].node
        # Only ids nobody wrote follow the text; a written id that differs is another node.
        if getattr(before, "derived_id", False) and getattr(entry.node, "derived_id", False):
            pairs[new_id] = same_place
            paired_old.add(same_place)


def _place(entry: Entry) -> tuple[str, str, int]:
    parent = entry.parent
    assert parent is not None
    siblings = list(parent.children(entry.relation))
    index = next(i for i, sibling in enumerate(siblings) if sibling is entry.node)
    return parent.id, entry.relation or "", index


def _own_data(node: Any) -> dict[str, Any]:
    data = node.to_data()
    for key in (*CHILD_LISTS, "id", "argmap"):
        data.pop(key, None)
    return data


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[tuple[str, Any, Any], ...]:
    keys = list(new) + [key for key in old if key not in new]
    return tuple((key, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key))


def _short(text: Any, width: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def word_diff(old: str, new: str, context: int = 4) -> str:
    """The change from ``old`` to ``new`` word by word, as ``[-removed-]{+added+}``, with a
    few words of context around each change and the rest elided."""
    a, b = old.split(), new.split()
    out: list[str] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(words) > keep_head + keep_tail + 1:
                out += words[:keep_head] + ["\u2026"] + (words[len(words) - keep_tail :] if keep_tail else [])
            else:
                out += words
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _show(key: str, value: Any) -> str:
    if value is None:
        return {"status": "accepted", "weight": "0.5 (default)"}.get(key, "(none)")
    if isinstance(value, str):
        return repr(_short(value, 50))
    if isinstance(value, (dict, list)):
        return _short(_plain(value), 50)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _CallableModule(types.ModuleType):
    """Lets ``argmap.diff(old, new)`` work even after ``import argmap.diff`` has put this module there."""

    def __call__(self, old: ArgumentMap, new: ArgumentMap) -> list[Change]:
        return diff(old, new)


sys.modules[__name__].__class__ = _CallableModule
