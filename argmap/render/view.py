"""Which nodes and edges a rendering shows, after the options have filtered the map.

Both layouts (Graphviz's ``dot`` and argmap's own tidy tree) draw the same
:class:`View`, so ``--depth``, ``--focus``, ``--tag`` and ``--accepted-only`` mean the
same thing whatever draws the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..model import ArgumentMap
from ..vocabulary import POLARITY, POLARITY_OF_LINK
from .errors import RenderError


class ViewError(RenderError, ValueError):
    """An option names something the map does not have (an unknown ``--focus`` id, ...)."""


@dataclass
class Item:
    """One node as drawn: where it hangs in the tree and how it relates to its parent."""

    id: str
    node: Any
    kind: str
    parent: Optional[str]
    relation: Optional[str]
    depth: int
    proposed: bool
    #: Children that exist in the map but are not drawn (cut by ``depth``, ``focus`` or ``tag``).
    hidden: int = 0
    children: list[str] = field(default_factory=list)

    @property
    def polarity(self) -> Optional[str]:
        """``"support"`` or ``"attack"``: what this node does to its parent."""
        return POLARITY[self.relation] if self.relation else None


@dataclass
class Link:
    """A cross-link drawn over the tree."""

    source: str
    polarity: str  # "support" | "attack"
    target: str


@dataclass
class View:
    """The nodes to draw, in document order (the central claim first), and the cross-links between them."""

    items: list[Item]
    links: list[Link]
    by_id: dict[str, Item]

    @property
    def root(self) -> Item:
        """The central claim."""
        return self.items[0]

    def __len__(self) -> int:
        return len(self.items)


def select(
    argmap: ArgumentMap,
    *,
    depth: Optional[int] = None,
    focus: Optional[str] = None,
    tag: Optional[str] = None,
    accepted_only: bool = False,
) -> View:
    """The part of ``argmap`` to draw.

    Rejected nodes are never drawn; proposed ones are unless ``accepted_only``.
    ``depth`` keeps nodes at most that many steps below the central claim (below the
    focused node, with ``focus``); ``focus`` keeps one node, its ancestors and its subtree;
    ``tag`` keeps the nodes with that tag and their ancestors. Options combine: a node is drawn when every one keeps it.
    Raises :class:`ViewError` when ``focus`` is not a node of the map (or is hidden).
    """
    statuses = {"accepted"} if accepted_only else {"accepted", "proposed"}
    entries = list(argmap.walk(statuses))
    all_ids = {entry.node.id for entry in entries}
    parent_of = {entry.node.id: (entry.parent.id if entry.parent is not None else None) for entry in entries}

    keep: Optional[set[str]] = None
    base = 0
    if focus is not None:
        if focus not in all_ids:
            if argmap.find(focus) is not None:
                raise ViewError(
                    f"--focus: node {focus!r} is not drawn (it is rejected"
                    + (" or proposed, and --accepted-only is set)" if accepted_only else ")")
                )
            raise ViewError(f"--focus: no node with id {focus!r} in map {argmap.id!r}{_did_you_mean(focus, all_ids)}")
        keep = _with_ancestors({focus}, parent_of)
        # The focused node's subtree: entries are in document order, so a node's
        # descendants follow it until the walk climbs back to its depth or above.
        start = next(i for i, entry in enumerate(entries) if entry.node.id == focus)
        base = entries[start].depth
        for entry in entries[start + 1 :]:
            if entry.depth <= base:
                break
            keep.add(entry.node.id)
    if tag is not None:
        tagged = {entry.node.id for entry in entries if tag in (entry.node.tags or ())}
        if not tagged:
            # Drawing the central claim alone would look like a map with nothing to say.
            tags = {t for entry in entries for t in (entry.node.tags or ())}
            raise ViewError(
                f"--tag: no node has the tag {tag!r} in map {argmap.id!r}"
                + (
                    _did_you_mean(tag, tags) or f" (its tags: {', '.join(sorted(tags))})"
                    if tags
                    else " (it has no tags)"
                )
            )
        by_tag = _with_ancestors(tagged, parent_of)
        keep = by_tag if keep is None else keep & by_tag

    # With a focus, depth counts from the focused node, so that it is never cut off itself.
    limit = None if depth is None else depth + (base if focus is not None else 0)
    items: list[Item] = []
    by_id: dict[str, Item] = {}
    for entry in entries:
        node = entry.node
        if limit is not None and entry.depth > limit:
            continue
        if keep is not None and node.id not in keep and entry.parent is not None:
            continue  # the central claim is always drawn, even when no node has the tag
        item = Item(
            id=node.id,
            node=node,
            kind=node.kind,
            parent=entry.parent.id if entry.parent is not None else None,
            relation=entry.relation,
            depth=entry.depth,
            proposed=node.status == "proposed",
        )
        items.append(item)
        by_id[item.id] = item
    if tag is not None and not any(item.id in tagged for item in items):
        # Tagged nodes exist, but --focus or --depth leave them all out.
        raise ViewError(
            f"--tag: no node with the tag {tag!r} is drawn"
            + (f" under --focus {focus!r}" if focus is not None else "")
            + (f" within --depth {depth}" if depth is not None else "")
        )
    for item in items[1:]:
        by_id[item.parent].children.append(item.id)  # type: ignore[index]
    # How many children each drawn node has in the map but not in the picture.
    drawn_children: dict[str, int] = {item.id: len(item.children) for item in items}
    total_children: dict[str, int] = {}
    for entry in entries:
        if entry.parent is not None:
            total_children[entry.parent.id] = total_children.get(entry.parent.id, 0) + 1
    for item in items:
        item.hidden = total_children.get(item.id, 0) - drawn_children[item.id]

    links = [
        Link(source, POLARITY_OF_LINK[how], target)
        for source, how, target in argmap.cross_links()
        if source in by_id and target in by_id
    ]
    return View(items=items, links=links, by_id=by_id)


def _with_ancestors(ids: set[str], parent_of: dict[str, Optional[str]]) -> set[str]:
    out: set[str] = set()
    for node_id in ids:
        current: Optional[str] = node_id
        while current is not None and current not in out:
            out.add(current)
            current = parent_of.get(current)
    return out


def _did_you_mean(name: str, choices: set[str]) -> str:
    """`` (did you mean 'a' or 'b'?)`` for the choices close to ``name``; empty when none is."""
    import difflib

    close = difflib.get_close_matches(name, sorted(choices), n=3, cutoff=0.6)
    if not close:
        # Ids are long slugs: a word of one is a good hint too (``--focus scaling`` for ``scaling-is-over``).
        close = sorted(c for c in choices if name and name.lower() in c.lower())[:3]
    if not close:
        return ""
    names = [repr(c) for c in close]
    return f" (did you mean {' or '.join([', '.join(names[:-1]), names[-1]] if len(names) > 1 else names)}?)"
