"""The argument map model: pydantic classes, traversal and editing helpers. No I/O here.

A map is a tree whose root is the central claim (the :class:`ArgumentMap` itself).
Under any node, ``premises`` support it; ``objections`` attack the claim, a premise or
a rebuttal; ``rebuttals`` attack an objection. ``supports``/``attacks`` cross-links
turn the tree into a graph. The kind of a node follows from the list it sits in, so
each kind is its own class and the nesting rules live in the types (and in the JSON
Schema generated from them).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, model_validator

from .errors import NodeError
from .ids import SLUG_PATTERN, assign_ids, is_slug
from .vocabulary import LINKS, RELATION_OF_KIND, RELATIONS, tree_link

#: Format versions this release reads and writes.
FORMAT_VERSION = 1

Status = Literal["accepted", "proposed", "rejected"]
Kind = Literal["claim", "question", "premise", "objection", "rebuttal", "position"]

#: Why a reviewer may turn a proposal down; "other" may carry an explanation ("other: ...").
REJECT_REASONS: tuple[str, ...] = ("duplicate", "unsupported", "unclear", "irrelevant", "not a claim", "other")


def utc_now() -> str:
    """The current time in UTC as ISO 8601 text, to the second: ``2025-01-31T12:00:00Z``."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def reject_reason(reason: str) -> str:
    """``reason`` in its written form: one of :data:`REJECT_REASONS`, or ``"other: ..."``.

    Case, hyphens and underscores are forgiven (``not-a-claim``); anything else raises ValueError.
    """
    text = " ".join(str(reason).split())
    head, sep, rest = text.partition(":")
    key = " ".join(head.lower().replace("-", " ").replace("_", " ").split())
    if key == "other" and sep:
        return f"other: {rest.strip()}" if rest.strip() else "other"
    if key in REJECT_REASONS and not sep:
        return key
    raise ValueError(f"unknown reason {reason!r}: use one of {', '.join(REJECT_REASONS)} (or 'other: why')")


_NONEMPTY = r"\S"
Text = Field(min_length=1, pattern=_NONEMPTY)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_attribute_docstrings=True)

    def to_data(self) -> dict[str, Any]:
        """Plain data as it would be written to YAML: only keys that were set or differ from their defaults."""
        return _dump(self)


def _dump(model: BaseModel) -> dict[str, Any]:
    # Like model_dump(exclude_unset=True), but a list filled in after validation
    # (node.objections.append(...)) still counts as set, and derived ids are left out.
    out: dict[str, Any] = {}
    fields_set = model.model_fields_set
    cls = type(model)
    defaults = _DEFAULTS.get(cls)
    if defaults is None:
        # pydantic inspects a default factory's signature on every get_default() call, which
        # made to_data() take seconds on a map of a few thousand nodes: work defaults out once.
        defaults = _DEFAULTS[cls] = {
            name: info.get_default(call_default_factory=True) for name, info in cls.model_fields.items()
        }
    for name, info in cls.model_fields.items():
        value = getattr(model, name)
        if name == "id" and isinstance(model, Node) and model.derived_id:
            continue
        if info.exclude:
            continue
        if name not in fields_set and value == defaults[name]:
            continue
        out[info.alias or name] = _dump_value(value)
    return out


# Each model class's field defaults, only ever compared against (never handed out or mutated).
_DEFAULTS: dict[type, dict[str, Any]] = {}


def _dump_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _dump(value)
    if isinstance(value, list):
        return [_dump_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump_value(v) for k, v in value.items()}
    return value


def unset(model: BaseModel, name: str) -> None:
    """Reset a field to its default and forget that it was ever set, so it is not written out."""
    info = type(model).model_fields[name]
    setattr(model, name, info.get_default(call_default_factory=True))
    model.model_fields_set.discard(name)


class Source(_Model):
    """A document that nodes cite."""

    title: str = Text
    """Title of the document."""
    short: Optional[str] = None
    """A short name shown under the nodes that cite it (the title is shown when absent)."""
    url: Optional[str] = None
    """Where the public original can be read."""
    date: Optional[Union[_dt.date, str]] = None
    """Publication date, preferably YYYY-MM-DD."""
    author: Optional[str] = None
    """Who wrote or said it."""
    publisher: Optional[str] = None
    """Where it appeared (a podcast, a newspaper)."""
    file: Optional[str] = None
    """Plain-text copy of the document, relative to a sources folder, used to check quotes."""
    note: Optional[str] = None
    """Anything else worth knowing about the source."""


class Cite(_Model):
    """Where in a source a node's point is made."""

    source: str = Text
    """Key of the source in the map's ``sources``."""
    at: Optional[Union[str, int, float]] = None
    """Locator inside the source: a timestamp, a chapter, a page."""
    quote: Optional[str] = None
    """Short verbatim quotation from the source."""
    url: Optional[str] = None
    """Deep link to this place in the source."""
    note: Optional[str] = None
    """Comment on the citation."""


class Proposal(_Model):
    """Provenance of a node that an LLM proposed."""

    model: str = Text
    """The LLM that proposed the node (a LiteLLM model string)."""
    created: Union[_dt.datetime, str]
    """When it was proposed (UTC, ISO 8601)."""
    rationale: Optional[str] = None
    """Why the LLM thinks the objection holds."""
    scheme: Optional[str] = None
    """The argumentation scheme the objection questions."""
    critical_question: Optional[str] = None
    """The critical question of that scheme that the objection raises."""
    reason: Optional[str] = None
    """Why a reviewer rejected it."""
    decided: Optional[Union[_dt.datetime, str]] = None
    """When a reviewer accepted or rejected it (UTC, ISO 8601)."""
    original_text: Optional[str] = None
    """The text as proposed, kept when a reviewer edited it before accepting."""
    attack: Optional[Literal["rebut", "undermine", "undercut"]] = None
    """How it attacks its target: denies it (rebut), a premise it rests on (undermine), or the inference (undercut)."""
    part: Optional[str] = None
    """The part of a compound target that it attacks."""
    evidence_needed: Optional[str] = None
    """What evidence would settle the point, as the LLM put it."""
    suggested_weight: Optional[float] = Field(None, ge=0, le=1)
    """The weight the LLM suggested (the node's ``weight`` is the reviewer's to set)."""
    similar_to: Optional[str] = None
    """The id of an existing node that it seems to repeat: a link to that node may serve instead."""
    duplicate_of: Optional[str] = None
    """The node a reviewer judged it a duplicate of; that node was linked to the target instead."""
    decided_by: Optional[str] = None
    """Who accepted or rejected it."""
    target_text: Optional[str] = None
    """The target's text when the LLM was asked, kept when a person changed it before the answer arrived."""


# Field types shared by the central claim and the other nodes, described once.
By = Annotated[Optional[str], Field(description="Who argues this point.")]
# The empty-list defaults are given where the fields are declared, where type checkers see them.
Tags = Annotated[list[str], Field(description="Free-form labels, used for filtering.")]
OneCite = Annotated[Optional[Cite], Field(description="The source of this point.")]
Cites = Annotated[list[Cite], Field(description="Several sources, when one is not enough.")]
Weight = Annotated[
    float, Field(ge=0, le=1, description="How strong the point is on its own, from 0 to 1 (default 0.5).")
]
Note = Annotated[Optional[str], Field(description="A comment for readers of the map.")]


class _Claimlike(_Model):
    """Behaviour shared by the central claim and every other node."""

    kind: ClassVar[str]
    relations: ClassVar[tuple[str, ...]]

    @property
    def all_cites(self) -> list[Cite]:
        """``cite`` and ``cites`` together."""
        return ([self.cite] if self.cite else []) + list(self.cites)  # type: ignore[attr-defined]

    def children(self, relation: str | None = None) -> Iterator[Node]:
        """Direct children, in document order; only those of ``relation`` when given."""
        for rel in self.relations if relation is None else (relation,):
            yield from getattr(self, rel, ())


def _no_default(schema: dict[str, Any]) -> None:
    # The empty default only stands in until an id is derived; a file never holds it.
    schema.pop("default", None)


class Node(_Claimlike):
    """A premise, objection or rebuttal. Use the subclass for the kind you need."""

    # Always a str: derived from the text when not written (when the node joins a map, by refresh()),
    # so that code walking a map never meets a node without an id. Empty only on a node not yet added.
    id: str = Field("", pattern=SLUG_PATTERN, json_schema_extra=_no_default)
    """Unique slug; derived from the text when absent."""
    text: str = Text
    """The point, in one or a few sentences."""
    by: By = None
    tags: Tags = Field(default_factory=list)
    cite: OneCite = None
    cites: Cites = Field(default_factory=list)
    weight: Weight = 0.5
    note: Note = None
    status: Optional[Status] = None
    """Absent means accepted; ``proposed`` awaits review; ``rejected`` was turned down."""
    proposal: Optional[Proposal] = None
    """Provenance, when an LLM proposed this node."""
    supports: list[str] = Field(default_factory=list)
    """Ids of other nodes this one also supports."""
    attacks: list[str] = Field(default_factory=list)
    """Ids of other nodes this one also attacks."""

    @property
    def is_accepted(self) -> bool:
        """True unless the node is proposed or rejected."""
        return self.status in (None, "accepted")

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        status = f", status={self.status!r}" if self.status else ""
        return f"{type(self).__name__}(id={self.id!r}, text={text!r}{status})"

    __str__ = __repr__

    @property
    def derived_id(self) -> bool:
        """True when the id was derived from the text rather than written in the map."""
        # A derived id is stored without marking the field as set, so it is never written out.
        return "id" not in self.__pydantic_fields_set__


class Premise(Node):
    """Supports the node it sits under."""

    kind: ClassVar[str] = "premise"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["premise"]
    premises: list[Premise] = Field(default_factory=list)
    """Support for this premise."""
    objections: list[Objection] = Field(default_factory=list)
    """Attacks on this premise."""


class Objection(Node):
    """Attacks the node it sits under."""

    kind: ClassVar[str] = "objection"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["objection"]
    premises: list[Premise] = Field(default_factory=list)
    """Support for this objection."""
    rebuttals: list[Rebuttal] = Field(default_factory=list)
    """Answers to this objection (each attacks it)."""


class Rebuttal(Node):
    """Answers (attacks) the objection it sits under."""

    kind: ClassVar[str] = "rebuttal"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["rebuttal"]
    premises: list[Premise] = Field(default_factory=list)
    """Support for this rebuttal."""
    objections: list[Objection] = Field(default_factory=list)
    """Attacks on this rebuttal."""


class Position(Node):
    """One answer to the question a question-rooted map asks; argued like a central claim."""

    kind: ClassVar[str] = "position"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["position"]
    premises: list[Premise] = Field(default_factory=list)
    """Support for this position."""
    objections: list[Objection] = Field(default_factory=list)
    """Attacks on this position."""


NODE_CLASSES: dict[str, type[Node]] = {
    "premise": Premise,
    "objection": Objection,
    "rebuttal": Rebuttal,
    "position": Position,
}
AnyNode = Union["ArgumentMap", Node]


@dataclass(frozen=True)
class Entry:
    """One step of a walk through a map."""

    node: AnyNode
    parent: Optional[AnyNode]
    relation: Optional[str]
    depth: int


class ArgumentMap(_Claimlike):
    """A debate: the central claim (this object) with everything that supports or attacks it."""

    kind: ClassVar[str] = "claim"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["claim"]

    argmap: Literal[1]
    """Format version."""
    id: str = Field(pattern=SLUG_PATTERN)
    """The map's id, which is also the central claim's id."""
    title: Optional[str] = None
    """A short title for the debate."""
    claim: str = Text
    """The central claim."""
    description: Optional[str] = None
    """What the map covers, for readers."""
    by: By = None
    tags: Tags = Field(default_factory=list)
    weight: Weight = 0.5
    note: Note = None
    sources: dict[str, Source] = Field(default_factory=dict)
    """Documents cited in the map, by key."""
    cite: OneCite = None
    cites: Cites = Field(default_factory=list)
    premises: list[Premise] = Field(default_factory=list)
    """Support for the central claim."""
    objections: list[Objection] = Field(default_factory=list)
    """Attacks on the central claim."""

    _index: Optional[dict[str, Entry]] = PrivateAttr(default=None)
    # Set by the loader: what the map was read from, so that saving can keep the file's layout.
    _origin: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _derive_ids(self, info: ValidationInfo) -> ArgumentMap:
        # The loader has already worked the ids out while checking the raw data; reuse them.
        ids = (info.context or {}).get("ids") if info is not None else None
        self.refresh(ids)
        return self

    # -- the central claim seen as a node -------------------------------------------------

    @property
    def text(self) -> str:
        """The central claim's text (the ``claim`` key)."""
        return self.claim

    @property
    def status(self) -> None:
        """The central claim is always accepted."""
        return None

    @property
    def is_accepted(self) -> bool:
        """The central claim is always accepted."""
        return True

    def __repr__(self) -> str:
        return f"ArgumentMap(id={self.id!r}, claim={self.claim[:60]!r}, nodes={sum(1 for _ in self.walk())})"

    __str__ = __repr__

    @property
    def display_title(self) -> str:
        """The title, or the claim when there is no title."""
        return self.title or self.claim

    # -- rendering (argmap.render is imported on first use) ------------------------------------

    def to_dot(self, **options: Any) -> str:
        """The map as Graphviz DOT text; ``options`` are those of :class:`argmap.RenderOptions`."""
        from .render import to_dot

        return to_dot(self, **options)

    def to_graphviz(self, **options: Any) -> Any:
        """The map as a ``graphviz.Digraph`` (the ``graphviz`` package) styled as argmap draws it, for
        post-processing; ``options`` are those of :class:`argmap.RenderOptions`."""
        from .render.dot import to_graphviz

        return to_graphviz(self, **options)

    def _repr_svg_(self) -> str:
        """Jupyter and other notebooks show a map as its SVG drawing."""
        from .render import notebook_svg

        return notebook_svg(self)

    # -- traversal ---------------------------------------------------------------------------

    def walk(self, statuses: Optional[set[str]] = None) -> Iterator[Entry]:
        """Every node in document order, the central claim first.

        With ``statuses`` (a subset of ``{"accepted", "proposed", "rejected"}``), a node
        whose status is not in it is skipped together with everything under it.
        """
        stack: list[Entry] = [Entry(self, None, None, 0)]
        while stack:
            entry = stack.pop()
            yield entry
            node = entry.node
            pending = []
            for relation in node.relations:
                for child in getattr(node, relation):
                    if statuses is not None and (child.status or "accepted") not in statuses:
                        continue
                    pending.append(Entry(child, node, relation, entry.depth + 1))
            stack.extend(reversed(pending))

    def nodes(self, statuses: Optional[set[str]] = None) -> Iterator[AnyNode]:
        """Every node in document order, the central claim first (see :meth:`walk`)."""
        for entry in self.walk(statuses):
            yield entry.node

    def _entries(self) -> dict[str, Entry]:
        if self._index is None:
            self._index = {entry.node.id: entry for entry in self.walk()}
        return self._index

    def _entry(self, node_id: str) -> Entry:
        entry = self._entries().get(node_id)
        if entry is None or entry.node.id != node_id:
            self._index = None  # lists may have been edited directly: look again
            entry = self._entries().get(node_id)
        if entry is None:
            from .errors import UnknownIdError
            from .ids import did_you_mean

            hint = did_you_mean(str(node_id), self._entries())
            raise UnknownIdError(node_id, f"no node with id {node_id!r} in map {self.id!r}{hint}")
        return entry

    def find(self, node_id: str) -> Optional[AnyNode]:
        """The node with this id, or None."""
        try:
            return self._entry(node_id).node
        except KeyError:
            return None

    def __getitem__(self, node_id: str) -> AnyNode:
        return self._entry(node_id).node

    def __contains__(self, node_id: object) -> bool:
        return isinstance(node_id, str) and self.find(node_id) is not None

    def parent(self, node_id: str) -> Optional[AnyNode]:
        """The node that ``node_id`` sits under (None for the central claim)."""
        return self._entry(node_id).parent

    def relation(self, node_id: str) -> Optional[str]:
        """The list the node sits in under its parent: premises, objections or rebuttals."""
        return self._entry(node_id).relation

    def depth(self, node_id: str) -> int:
        """How many steps the node is below the central claim."""
        return self._entry(node_id).depth

    def path(self, node_id: str) -> list[AnyNode]:
        """The nodes from the central claim down to ``node_id``, both included."""
        chain = [self._entry(node_id)]
        while chain[-1].parent is not None:
            chain.append(self._entry(chain[-1].parent.id))
        return [entry.node for entry in reversed(chain)]

    def cross_links(self) -> Iterator[tuple[str, str, str]]:
        """``(source_id, "supports"|"attacks", target_id)`` for every cross-link."""
        for node in self.nodes():
            if isinstance(node, Node):
                for target in node.supports:
                    yield node.id, "supports", target
                for target in node.attacks:
                    yield node.id, "attacks", target

    # -- editing -----------------------------------------------------------------------------

    def refresh(self, ids: Optional[list[str]] = None) -> None:
        """Re-derive ids for nodes that have none written, after the tree was edited directly.

        ``ids`` may give every node's id in walk order, when they are already known.
        """
        if ids is not None and self._set_ids(ids):
            self._index = None
            return
        nodes = self._descendants()
        if ids is None or len(ids) != len(nodes):
            position = {id(node): i for i, node in enumerate(nodes)}
            entries = [
                (None if node.derived_id else node.id, node.text, position.get(id(entry.parent), -1))
                for node, entry in zip(nodes, list(self.walk())[1:])
            ]
            ids = assign_ids(self.id, entries)
        for node, node_id in zip(nodes, ids):
            if "id" not in node.__pydantic_fields_set__:
                node.__dict__["id"] = node_id  # not through setattr: it must not count as set
        self._index = None

    def _set_ids(self, ids: list[str]) -> bool:
        """Give each node without a written id its id from ``ids`` (every node's, in walk order) in
        one walk; False when the tree has another number of nodes (and derived ids may then be wrong)."""
        # Loading calls this once for every node: one walk instead of listing the nodes first.
        count = len(ids)
        i = 0
        stack: list[Any] = [self]
        while stack:
            node = stack.pop()
            if i:
                if i > count:
                    return False
                if "id" not in node.__pydantic_fields_set__:
                    node.__dict__["id"] = ids[i - 1]  # not through setattr: it must not count as set
            i += 1
            for relation in reversed(node.relations):
                children = getattr(node, relation)
                if children:
                    stack.extend(reversed(children))
        return i - 1 == count

    def _descendants(self) -> list[Node]:
        # The nodes of walk() without its Entry records: loading calls this for every node.
        out: list[Any] = []
        stack: list[Any] = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            for relation in reversed(node.relations):
                children = getattr(node, relation)
                if children:
                    stack.extend(reversed(children))
        return out[1:]

    def add(self, parent_id: str, node: Union[Node, str], kind: Optional[str] = None, **fields: Any) -> Node:
        """Attach a node under ``parent_id`` and return it with its id.

        ``node`` is a :class:`Premise`, :class:`Objection` or :class:`Rebuttal`, or a text
        together with ``kind`` (``"premise"``, ``"objection"`` or ``"rebuttal"``) and any
        other node fields. Raises :class:`~argmap.errors.NodeError` (a ``ValueError``) when the result would
        not be a valid map, and :class:`~argmap.errors.UnknownIdError` (a ``KeyError``) for an
        unknown ``parent_id``.
        """
        if isinstance(node, str):
            if kind not in NODE_CLASSES:
                raise NodeError(f"kind must be one of premise, objection, rebuttal, not {kind!r}")
            try:
                node = NODE_CLASSES[kind](text=node, **fields)
            except ValidationError as exc:
                raise NodeError(_field_problem(exc, kind)) from None
        elif kind is not None or fields:
            raise NodeError("pass either a node, or a text with kind and fields")
        parent = self[parent_id]
        relation = RELATION_OF_KIND[node.kind]
        if relation not in parent.relations:
            if parent.kind == "question":
                hint = "only positions answer the question"
            elif node.kind == "position":
                hint = "positions sit only under the question of a question-rooted map"
            elif parent.kind == "objection":
                hint = "use a rebuttal to answer an objection"
            else:
                hint = "rebuttals answer objections only"
            raise NodeError(f"a {node.kind} cannot sit under a {parent.kind} ({parent.id!r}); {hint}")
        link = tree_link(node.kind)
        if parent.id in getattr(node, link):
            raise NodeError(
                f"a {node.kind} already {link} the node it sits under ({parent.id!r}); remove it from '{link}'"
            )
        known = {n.id for n in self.nodes()}
        added = list(_subtree(node))
        for n in added:
            if not n.derived_id:
                if not is_slug(n.id):
                    raise NodeError(f"id {n.id!r} is not a slug (lowercase letters, digits and '-')")
                if n.id in known:
                    raise NodeError(f"id {n.id!r} is already used in this map")
                known.add(n.id)
        getattr(parent, relation).append(node)
        parent.model_fields_set.add(relation)
        self.refresh()
        ids = {n.id for n in self.nodes()}
        for n in added:
            missing = [t for t in (*n.supports, *n.attacks) if t not in ids]
            if missing:
                getattr(parent, relation).remove(node)
                self.refresh()
                raise NodeError(f"cross-link to unknown id {missing[0]!r}")
        return node

    def remove(self, node_id: str) -> Node:
        """Detach a node and everything under it; cross-links to removed nodes are dropped too."""
        entry = self._entry(node_id)
        if entry.parent is None:
            raise NodeError("the root of the map cannot be removed")
        node = entry.node
        assert isinstance(node, Node) and entry.relation is not None
        siblings = getattr(entry.parent, entry.relation)
        siblings[:] = [n for n in siblings if n is not node]
        gone = {n.id for n in _subtree(node)}
        for other in self.nodes():
            if isinstance(other, Node):
                for link in LINKS:
                    targets = getattr(other, link)
                    if any(t in gone for t in targets):
                        setattr(other, link, [t for t in targets if t not in gone])
        self.refresh()
        return node

    # -- reviewing proposals -----------------------------------------------------------------

    def accept(self, node_id: str, text: Optional[str] = None) -> Node:
        """Accept a proposed (or earlier rejected) node: it becomes an ordinary node.

        ``status`` is removed and ``proposal`` stays as provenance, with the time of the
        decision in ``proposal.decided``. With ``text``, the reviewer's edit replaces the
        text and the proposed wording is kept in ``proposal.original_text``. Accepting a
        node that is already accepted changes nothing. Returns the node; its id changes
        with its text when the id is derived rather than written.
        """
        node = self._reviewable(node_id)
        if text is not None:
            text = text.strip()
            if not text:
                raise NodeError("the text of a node must not be empty")
        if node.status in (None, "accepted") and (text is None or text == node.text):
            return node
        if text is not None and text != node.text:
            if node.proposal is not None and node.proposal.original_text is None:
                node.proposal.original_text = node.text
            node.text = text
        unset(node, "status")
        if node.proposal is not None:
            unset(node.proposal, "reason")
            node.proposal.decided = utc_now()
        self.refresh()
        return node

    def reject(self, node_id: str, reason: str = "other") -> Node:
        """Reject a proposed node: ``status: rejected``, with the reason and time in ``proposal``.

        ``reason`` is one of :data:`REJECT_REASONS` (or ``"other: why"``). A rejected node
        stays in the file so that later critiques do not propose it again; it is never
        drawn, evaluated or exported.
        """
        reason = reject_reason(reason)
        node = self._reviewable(node_id)
        if node.proposal is None:
            raise NodeError(f"{node_id!r} has no 'proposal' record to keep the reason in; remove the node instead")
        node.status = "rejected"
        node.proposal.reason = reason
        node.proposal.decided = utc_now()
        return node

    def _reviewable(self, node_id: str) -> Node:
        node = self[node_id]
        if not isinstance(node, Node) or (node.status in (None, "accepted") and node.proposal is None):
            raise NodeError(f"{node_id!r} is not a proposal (it has no status and no 'proposal' record)")
        return node


def _field_problem(exc: ValidationError, kind: str) -> str:
    """The first problem pydantic found with a new node's fields, said in the map's terms."""
    from .ids import did_you_mean, slugify

    error = exc.errors(include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else "text"
    value = error.get("input")
    kind_of = error["type"]
    if kind_of == "extra_forbidden":
        return f"a {kind} has no field {field!r}{did_you_mean(field, NODE_CLASSES[kind].model_fields)}"
    if field == "id" and kind_of in ("string_pattern_mismatch", "string_too_short"):
        return (
            f"id {value!r} is not a valid id: use lowercase letters, digits and '-' "
            f"(for example {slugify(str(value))!r})"
        )
    if kind_of in ("string_too_short", "string_pattern_mismatch"):
        return f"the {field} of a {kind} must not be empty"
    if kind_of in (
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
        "float_parsing",
        "float_type",
        "finite_number",
    ):
        return f"{field!r} must be a number between 0 and 1, not {value!r}"
    return f"{field!r} of a {kind}: {error['msg']}"


def _subtree(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for relation in reversed(current.relations):
            stack.extend(reversed(getattr(current, relation)))


class QuestionMap(ArgumentMap):
    """A debate rooted in a question (this object), answered by several positions.

    Each position is argued like a central claim (premises, objections, rebuttals under
    it); positions may cross-link to each other. ``claim`` and ``text`` give the question,
    so code that shows "the central claim" of a map shows the question here; the map has
    no ``premises`` or ``objections`` of its own.
    """

    kind: ClassVar[str] = "question"
    relations: ClassVar[tuple[str, ...]] = RELATIONS["question"]

    claim: Optional[str] = Field(None, exclude=True)  # type: ignore[assignment]
    """Not written: the question (kept here so that code reading ``claim`` gets the question)."""
    question: str = Text
    """The question the debate asks."""
    positions: list[Position] = Field(default_factory=list)
    """The answers put forward, each a claim with its own premises and objections."""

    @model_validator(mode="after")
    def _question_only(self) -> QuestionMap:
        for key in ("claim", *RELATIONS["claim"]):
            if key in self.model_fields_set:
                raise ValueError(f"a question-rooted map has no '{key}' (put arguments under a position)")
        self.__dict__["claim"] = self.question
        return self

    @property
    def text(self) -> str:
        """The question."""
        return self.question

    def to_data(self) -> dict[str, Any]:
        """Plain data as it would be written to YAML, the question where a claim would stand."""
        data = _dump(self)
        order = [k for k in data if k not in ("question", "positions")]
        at = next((i for i, k in enumerate(order) if k not in ("argmap", "id", "title")), len(order))
        order[at:at] = ["question"]
        order.append("positions")
        return {k: data[k] for k in order if k in data}

    def __repr__(self) -> str:
        return (
            f"QuestionMap(id={self.id!r}, question={self.question[:60]!r}, "
            f"positions={len(self.positions)}, nodes={sum(1 for _ in self.walk())})"
        )

    __str__ = __repr__


def is_question_map(argmap: Any) -> bool:
    """True for a map rooted in a question (:class:`QuestionMap`), False for one rooted in a claim."""
    return isinstance(argmap, QuestionMap)


for _cls in (Premise, Objection, Rebuttal, Position, ArgumentMap, QuestionMap):
    _cls.model_rebuild()
