"""From the graphs other formats hold to argmap's tree, and from a built tree to a valid map.

Argdown and AIF describe a graph: any statement may support or attack any other, and
nothing says which one is the central claim. argmap keeps a tree (each node sits under
one parent) plus ``supports``/``attacks`` cross-links. :func:`graph_to_tree` picks the
tree: the node that supports or attacks nothing becomes the central claim; every other
node sits under the parent of the first relation the source gives it (so a map written
out and read back keeps its shape), or under any node already in the tree when that
parent is not; every other relation becomes a cross-link. When a graph has several top
nodes (or its only one supports or attacks something, on a cycle), the map is rooted in a
question instead, made by :func:`made_question` from the document's title or file name
("Which claims of “Remote work” hold?"); each top node is one of its positions. No claim is
invented: the question only asks which of the source's own claims hold.

:func:`tree_to_data` then gives every node its id and returns plain map data.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Optional

from ..ids import assign_ids, slugify
from ..vocabulary import RELATION_OF_KIND, RELATIONS, child_kind
from .report import ImportReport, counted

#: Tag of the nodes that sit under their parent without supporting or attacking it: the
#: sub-theses of a multi-thesis Kialo discussion (and, in maps written by earlier versions,
#: the top claims of a graph under an added central claim).
THESIS_TAG = "thesis"
#: Tag of the central claim earlier versions added on import when a graph had several top
#: claims; such maps are now rooted in a question (see :mod:`argmap.formats.legacy`).
SYNTHETIC_TAG = "added-on-import"
#: Tag of an attack on an inference (Argdown undercut; AIF conflict aimed at an RA node).
UNDERCUT_TAG = "undercut"
#: Tag of a premise that restates its parent (AIF MA, "Default Rephrase").
REPHRASE_TAG = "rephrase"

# The order in which the model writes a node's fields (children last).
_FIELD_ORDER = ("by", "tags", "cite", "cites", "weight", "note", "status", "proposal")


@dataclass(eq=False)
class TreeNode:
    """A node of a map under construction."""

    text: str
    kind: str = "premise"
    #: An id the source gave the node (an Argdown title); None to derive one from the text.
    id_hint: Optional[str] = None
    fields: dict[str, Any] = field(default_factory=dict)
    children: list[TreeNode] = field(default_factory=list)
    supports: list[TreeNode] = field(default_factory=list)
    attacks: list[TreeNode] = field(default_factory=list)

    def add_tag(self, tag: str) -> None:
        """Tag the node (once)."""
        tags = self.fields.setdefault("tags", [])
        if tag not in tags:
            tags.append(tag)

    def attach(self, child: TreeNode, polarity: str) -> None:
        """Put ``child`` under this node as a premise (support) or an objection or rebuttal (attack)."""
        # A question has no supporting or attacking list: what attaches to it does so as to a claim.
        child.kind = child_kind(self.kind, polarity) or child_kind("claim", polarity) or "premise"
        self.children.append(child)

    def link(self, target: TreeNode, polarity: str) -> None:
        """Add a cross-link from this node to ``target`` (once)."""
        targets = self.supports if polarity == "support" else self.attacks
        if target not in targets:
            targets.append(target)


def walk(root: TreeNode) -> Iterator[tuple[TreeNode, Optional[TreeNode]]]:
    """``(node, parent)`` in the order the model walks a map: depth first, premises before attacks."""
    stack: list[tuple[TreeNode, Optional[TreeNode]]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((child, node) for child in reversed(_ordered_children(node)))


def _ordered_children(node: TreeNode) -> list[TreeNode]:
    kind = node.kind
    order = {rel: i for i, rel in enumerate(RELATIONS[kind])}
    return sorted(node.children, key=lambda c: order[RELATION_OF_KIND[c.kind]])


def tree_to_data(
    root: TreeNode, title: Optional[str] = None, map_id: Optional[str] = None, extra: Optional[dict[str, Any]] = None
) -> dict[str, Any]:
    """Plain map data for a built tree, with a unique id for every node.

    A node whose source named it (an Argdown title) gets that name as its id, written
    out; the others get the id derived from their text, written out only when a
    cross-link points at them (so that editing the text later does not break the link).
    """
    map_id = map_id or slugify(title or root.text)
    entries = list(walk(root))[1:]
    position = {id(node): i for i, (node, _) in enumerate(entries)}
    explicit = _explicit_ids(map_id, (node for node, _ in entries))
    ids = assign_ids(
        map_id,
        [
            (
                explicit.get(id(node)),
                node.text,
                position[id(parent)] if parent is not root and parent is not None else -1,
            )
            for node, parent in entries
        ],
    )
    id_of = {id(node): node_id for (node, _), node_id in zip(entries, ids)}
    id_of[id(root)] = map_id
    targets = {id(t) for node, _ in entries for t in (*node.supports, *node.attacks)}
    order = {id(node): i for i, (node, _) in enumerate(entries)}
    order[id(root)] = -1
    write_id = set(explicit) | targets

    def node_data(node: TreeNode) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if id(node) in write_id:
            data["id"] = id_of[id(node)]
        data["text"] = node.text
        _put_fields(data, node.fields)
        # Cross-links in map order, whatever order the source listed them in.
        if node.supports:
            data["supports"] = [id_of[id(t)] for t in sorted(node.supports, key=lambda t: order[id(t)])]
        if node.attacks:
            data["attacks"] = [id_of[id(t)] for t in sorted(node.attacks, key=lambda t: order[id(t)])]
        return data

    data: dict[str, Any] = {"argmap": 1, "id": map_id}
    if title:
        data["title"] = title
    data["question" if root.kind == "question" else "claim"] = root.text
    for key, value in (extra or {}).items():
        data[key] = value
    _put_fields(data, root.fields)
    # Without recursion: a source may nest deeper than Python's stack (validation then says so).
    made = {id(root): data}
    for node, parent in entries:
        child = made[id(node)] = node_data(node)
        made[id(parent)].setdefault(RELATION_OF_KIND[node.kind], []).append(child)
    return data


def _put_fields(data: dict[str, Any], fields: dict[str, Any]) -> None:
    for key in _FIELD_ORDER:
        value = fields.get(key)
        if value not in (None, [], {}):
            data[key] = value


def _explicit_ids(map_id: str, nodes: Iterable[TreeNode]) -> dict[int, str]:
    """Slugs of the names the source gave nodes, made unique."""
    taken = {map_id}
    out: dict[int, str] = {}
    for node in nodes:
        if node.id_hint is None:
            continue
        base = slugify(node.id_hint, max_length=60)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        out[id(node)] = candidate
    return out


# -- graphs ---------------------------------------------------------------------------------------


@dataclass
class Relation:
    """``child`` supports or attacks ``parent``; ``tags`` describe the relation (e.g. undercut)."""

    child: Hashable
    parent: Hashable
    polarity: str  # "support" or "attack"
    tags: tuple[str, ...] = ()


def made_question(what: str, title: Optional[str], file: str) -> TreeNode:
    """The question a graph with no single top claim is rooted in, and a note saying where it came from.

    ``what`` names the kind of source ("Argdown document"); the question names the document by
    its ``title``, else by its file name, and asks only which of its claims hold, so it adds no
    claim of its own.
    """
    name = PurePath(file).name if file not in ("<string>", "<stdin>", "") else None
    source = f"“{title}”" if title else name or f"this {what}"
    node = TreeNode(f"Which claims of {source} hold?", kind="question")
    node.fields["note"] = (
        f"Written on import: the {what} has no question and no single claim that everything "
        "else leads to; its top claims are the positions."
    )
    return node


def graph_to_tree(
    nodes: dict[Any, TreeNode],
    relations: list[Relation],
    report: ImportReport,
    made: TreeNode,
    question: Optional[TreeNode] = None,
    forced_tops: Iterable[Hashable] = (),
) -> TreeNode:
    """Arrange a graph of nodes as a tree with cross-links and return its root.

    ``nodes`` maps keys to nodes in source order. With ``question`` (a node of kind
    "question", not in ``nodes``), every top node becomes one of its positions and the
    question is the root, however many tops there are; ``forced_tops`` names nodes that must be
    top nodes (positions) whatever relations they have. Without one, a single top node is the
    central claim; otherwise ``made`` (see :func:`made_question`) becomes the question and the
    top nodes its positions: the caller sees this when the root returned is ``made``.
    """
    forced = set(forced_tops)
    seen: set[tuple[Hashable, Hashable, str]] = set()
    loops = duplicates = 0
    kept: list[Relation] = []
    has_parent: set[Hashable] = set()
    for rel in relations:
        if rel.child == rel.parent:
            loops += 1
            continue
        edge = (rel.child, rel.parent, rel.polarity)
        if edge in seen:
            duplicates += 1
            continue
        seen.add(edge)
        kept.append(rel)
        has_parent.add(rel.child)
    report.drop(loops, "relations from a node to itself", "a claim cannot support or attack itself")
    report.drop(duplicates, "repeated relations", "the same relation between the same two nodes was already imported")

    # A node sits under the parent of the first relation the source gives it, when that parent
    # is in the tree: so a map written out and read back keeps its shape.
    first: dict[Hashable, Relation] = {}
    for rel in kept:
        if rel.child not in forced:
            first.setdefault(rel.child, rel)
    preferred: dict[Hashable, list[Relation]] = {}
    for rel in first.values():
        preferred.setdefault(rel.parent, []).append(rel)
    placed: set[Hashable] = set()
    used: set[int] = set()
    tops: list[Hashable] = []
    order = list(nodes)

    def place(rel: Relation) -> None:
        child = nodes[rel.child]
        nodes[rel.parent].attach(child, rel.polarity)
        for tag in rel.tags:
            child.add_tag(tag)
        placed.add(rel.child)
        used.add(id(rel))

    def grow(start: Hashable) -> None:
        queue = deque([start])
        while queue:
            for rel in preferred.get(queue.popleft(), ()):
                if rel.child not in placed:
                    place(rel)
                    queue.append(rel.child)

    def start(key: Hashable) -> None:
        tops.append(key)
        placed.add(key)
        grow(key)

    for key in order:
        if key in forced:
            start(key)
    for key in order:
        if key not in has_parent and key not in forced:
            start(key)
    while len(placed) < len(nodes):
        # Nodes whose first parent is not in the tree go under any parent that is.
        progress = False
        for rel in kept:
            if rel.child not in placed and rel.parent in placed:
                place(rel)
                grow(rel.child)
                progress = True
        if not progress:  # what is left sits on cycles of its own: start from its first node
            start(next(key for key in order if key not in placed))
    cross = [rel for rel in kept if id(rel) not in used]

    # A top node on a cycle supports or attacks something: as the central claim it could not,
    # so it then answers a question like several tops do.
    if question is None and len(tops) == 1 and tops[0] not in has_parent:
        root = nodes[tops[0]]
        root.kind = "claim"
    else:
        root = question if question is not None else made
        root.kind = "question"
        legacy = 0
        for key in tops:
            node = nodes[key]
            node.kind = "position"
            if question is None and THESIS_TAG in node.fields.get("tags", ()):
                # Written by an earlier argmap export, which tagged the top claims under its added claim.
                node.fields["tags"].remove(THESIS_TAG)
                legacy += 1
            root.children.append(node)
        if question is not None:
            if tops:
                report.note(f"{counted(len(tops), 'top claim')} became the positions answering the question")
        elif not tops:
            report.note(f"the graph is empty: the map holds only the question written for it: {made.text}")
        else:
            why = (
                "the source has no question and no single claim that everything else leads to"
                if len(tops) > 1
                else "it supports or attacks another claim (on a cycle), which a central claim cannot"
            )
            report.note(
                f"{counted(len(tops), 'top claim')} became the positions of a question written on import "
                f"({why}): {made.text}"
            )
        if legacy:
            report.note(
                f"the tag '{THESIS_TAG}' that earlier argmap exports put on top claims was dropped from "
                f"{counted(legacy, 'position')}"
            )

    from_claim = labelled = 0
    links = 0
    for rel in cross:
        child, parent = nodes[rel.child], nodes[rel.parent]
        if child is root and root.kind == "claim":
            from_claim += 1
            continue
        child.link(parent, rel.polarity)
        links += 1
        if rel.tags:
            labelled += 1
    if links:
        report.note(f"{counted(links, 'relation')} beyond the tree kept as cross-links (supports/attacks)")
    report.drop(
        from_claim,
        "relations from the central claim to other nodes",
        "in argmap the central claim supports or attacks nothing",
    )
    report.drop(
        labelled,
        "relation labels (undercut, rephrase, scheme) on cross-links",
        "cross-links are plain supports/attacks",
    )
    return root
