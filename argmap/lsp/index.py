"""Where everything in a map's text is: each node, its id, the sources, and every reference.

The index is built from the raw YAML (with the position-aware reader), not from the
validated model, so that hover, go to definition and rename keep working on a map that
has problems, as a map being edited usually does. Ids that are not written are derived
exactly as the loader derives them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

from ..errors import MapError
from ..errors import Path as DataPath
from ..ids import assign_ids, is_slug
from ..validate import root_kind
from ..vocabulary import KIND_OF_RELATION, ROOT_KINDS, walk_lists

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Span(NamedTuple):
    """A stretch of text: 0-based lines, columns in characters, the end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        """True when the cursor at (line, col) touches the span (its end included, as editors expect)."""
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor counts them (``\\n``, ``\\r\\n`` or ``\\r`` end a line)."""
    return _LINE_BREAK.split(text)


def token_span(lines: list[str], line: int, col: int) -> Span:
    """From (line, col) to the end of the YAML token that starts there, on that line.

    A quoted scalar ends at its closing quote, a flow collection at its closing bracket,
    a key at its colon and a plain value before a comment or the end of the line.
    """
    if not 0 <= line < len(lines):
        return Span(max(line, 0), 0, max(line, 0), 0)
    text = lines[line]
    if col >= len(text):
        stripped = len(text) - len(text.lstrip())
        return Span(line, stripped if col > len(text) else col, line, len(text))
    first = text[col]
    end = len(text)
    if first in "\"'":
        i = col + 1
        while i < len(text):
            if first == '"' and text[i] == "\\":
                i += 2
                continue
            if text[i] == first:
                if first == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                end = i + 1
                break
            i += 1
    elif first in "[{":
        depth = 0
        for i in range(col, len(text)):
            if text[i] in "[{":
                depth += 1
            elif text[i] in "]}":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
    else:
        before = text[:col].rstrip()
        in_flow = bool(before) and before[-1] in "[{,"
        i = col
        while i < len(text):
            ch = text[i]
            if ch == ":" and (i + 1 == len(text) or text[i + 1] in " \t" or (in_flow and text[i + 1] in ",]}")):
                break
            if ch == "#" and i > col and text[i - 1] in " \t":
                break
            if in_flow and ch in ",]}":
                break
            i += 1
        end = len(text[:i].rstrip())
        end = max(end, col + 1)
    return Span(line, col, line, end)


def scalar_span(lines: list[str], line: int, col: int, value: str) -> Span:
    """The characters of the scalar ``value`` written at (line, col): inside its quotes, if quoted."""
    if 0 <= line < len(lines):
        text = lines[line]
        if text[col : col + 1] in ("'", '"') and text[col + 1 : col + 1 + len(value)] == value:
            return Span(line, col + 1, line, col + 1 + len(value))
        if text[col : col + len(value)] == value:
            return Span(line, col, line, col + len(value))
    return token_span(lines, line, col)


@dataclass
class NodeInfo:
    """One node of the map as it is written: its id, kind, data and places in the text."""

    id: str
    kind: str
    path: DataPath
    data: dict[str, Any]
    parent: Optional[str]
    start: tuple[int, int]
    """Where the node's mapping starts."""
    id_span: Optional[Span] = None
    """Where its ``id`` value is written; None when the id is derived from the text."""
    text_span: Optional[Span] = None
    """Where its text (``claim`` for the central claim) starts."""
    text_key: Optional[tuple[int, int]] = None
    """Where the key of its text is."""

    @property
    def derived(self) -> bool:
        """True when the id is derived from the text rather than written."""
        return self.id_span is None


@dataclass
class SourceInfo:
    """A source declared under ``sources``."""

    key: str
    span: Span
    data: Any


@dataclass
class Ref:
    """A use of an id (in ``attacks`` or ``supports``) or of a source key (in ``cite.source``)."""

    kind: str
    """``"id"`` or ``"source"``."""
    name: str
    span: Span
    owner: str
    """The id of the node the reference is written in."""
    link: str
    """``attacks``, ``supports`` or ``source``."""


@dataclass
class MapIndex:
    """Everything :func:`build_index` found in a map's text."""

    lines: list[str]
    data: dict[str, Any]
    nodes: list[NodeInfo]
    sources: dict[str, SourceInfo]
    refs: list[Ref]
    by_id: dict[str, NodeInfo] = field(default_factory=dict)
    by_path: dict[DataPath, NodeInfo] = field(default_factory=dict)
    _mark_at: list[tuple[int, int]] = field(default_factory=list)
    _mark_path: list[DataPath] = field(default_factory=list)

    @property
    def root(self) -> NodeInfo:
        """The central claim."""
        return self.nodes[0]

    def node_at(self, line: int, col: int) -> Optional[NodeInfo]:
        """The innermost node written at (line, col), or the one whose part of the text it is in."""
        marks = self._mark_at
        if 0 <= line < len(self.lines):
            # On the "- " that starts a list item, the item is meant, not the list.
            text = self.lines[line]
            col = max(col, len(text) - len(text.lstrip(" -")))
        i = bisect.bisect_right(marks, (line, col))
        if i and marks[i - 1][0] == line:
            path = self._mark_path[i - 1]
        elif i < len(marks) and marks[i][0] == line:
            path = self._mark_path[i]  # before the first thing on the line: its "- " or indentation
        elif i:
            path = self._mark_path[i - 1]
        else:
            return self.root
        while path not in self.by_path:
            path = path[:-1]
        return self.by_path[path]

    def ref_at(self, line: int, col: int) -> Optional[Ref]:
        """The reference under the cursor, if any."""
        for ref in self.refs:
            if ref.span.line == line and ref.span.contains(line, col):
                return ref
        return None

    def name_at(self, line: int, col: int) -> Optional[tuple[str, str, Span]]:
        """The id or source key under the cursor, as ``(kind, name, span)``: a reference, a
        written ``id``, or a key under ``sources``."""
        ref = self.ref_at(line, col)
        if ref is not None:
            return ref.kind, ref.name, ref.span
        for node in self.nodes:
            if node.id_span is not None and node.id_span.line == line and node.id_span.contains(line, col):
                return "id", node.id, node.id_span
        for source in self.sources.values():
            if source.span.line == line and source.span.contains(line, col):
                return "source", source.key, source.span
        return None

    def definition(self, kind: str, name: str) -> Optional[Span]:
        """Where an id or source key is defined: the written id (or, for a derived id, the node's
        text), or the key under ``sources``."""
        if kind == "source":
            source = self.sources.get(name)
            return source.span if source else None
        node = self.by_id.get(name)
        if node is None:
            return None
        if node.id_span is not None:
            return node.id_span
        if node.text_span is not None:
            return node.text_span
        return Span(node.start[0], node.start[1], node.start[0], node.start[1])

    def references(self, kind: str, name: str) -> list[Ref]:
        """Every reference to an id or source key, in document order."""
        return [ref for ref in self.refs if ref.kind == kind and ref.name == name]


def build_index(text: str) -> Optional[MapIndex]:
    """Index a map's text; None when it is not YAML that can be read, or not a mapping."""
    from ..store.full import parse_full

    try:
        parsed = parse_full(text)
    except MapError:
        return None
    data = parsed.data
    positions = parsed.positions
    if not isinstance(data, dict) or positions is None:
        return None
    lines = split_lines(text)

    def start(path: DataPath) -> tuple[int, int]:
        line, col = positions.values.get(path) or positions.of(path)
        return line - 1, col - 1

    def value_span(path: DataPath, value: str) -> Optional[Span]:
        if path not in positions.values:
            return None
        line, col = start(path)
        return scalar_span(lines, line, col, value)

    raw = _walk(data, root_kind(data))
    raw_id = data.get("id")
    map_id = raw_id if isinstance(raw_id, str) else ""
    entries = []
    for _, _, node, parent in raw:
        explicit = node.get("id")
        text_value = node.get("text")
        entries.append((explicit if is_slug(explicit) else None, text_value if type(text_value) is str else "", parent))
    ids = assign_ids(map_id or "map", entries)

    nodes: list[NodeInfo] = []
    root = NodeInfo(map_id, root_kind(data), (), data, None, start(()))
    if is_slug(map_id):
        root.id_span = value_span(("id",), map_id)
    nodes.append(root)
    for (path, kind, node, parent), node_id in zip(raw, ids):
        info = NodeInfo(node_id, kind, path, node, map_id if parent < 0 else ids[parent], start(path))
        if is_slug(node.get("id")):
            info.id_span = value_span(path + ("id",), node["id"])
        nodes.append(info)
    for info in nodes:
        key = info.kind if info.kind in ROOT_KINDS else "text"  # the root's text is under claim: or question:
        value = info.data.get(key)
        if isinstance(value, str):
            info.text_span = value_span(info.path + (key,), value.split("\n", 1)[0]) or None
        if info.path + (key,) in positions.keys:
            line, col = positions.keys[info.path + (key,)]
            info.text_key = (line - 1, col - 1)

    sources: dict[str, SourceInfo] = {}
    if isinstance(data.get("sources"), dict):
        for key, value in data["sources"].items():
            if isinstance(key, str) and ("sources", key) in positions.keys:
                line, col = positions.keys[("sources", key)]
                sources[key] = SourceInfo(key, scalar_span(lines, line - 1, col - 1, key), value)

    refs: list[Ref] = []
    for info in nodes:
        node = info.data
        for link in ("attacks", "supports"):
            targets = node.get(link)
            if isinstance(targets, list):
                for i, target in enumerate(targets):
                    span = value_span(info.path + (link, i), target) if isinstance(target, str) else None
                    if span is not None:
                        refs.append(Ref("id", target, span, info.id, link))
        cites: list[tuple[DataPath, Any]] = []
        if isinstance(node.get("cite"), dict):
            cites.append((info.path + ("cite",), node["cite"]))
        if isinstance(node.get("cites"), list):
            cites.extend((info.path + ("cites", i), c) for i, c in enumerate(node["cites"]) if isinstance(c, dict))
        for cite_path, cite in cites:
            source = cite.get("source")
            span = value_span(cite_path + ("source",), source) if isinstance(source, str) else None
            if span is not None:
                refs.append(Ref("source", source, span, info.id, "source"))
    refs.sort(key=lambda r: (r.span.line, r.span.col))

    marks = sorted(
        [(line - 1, col - 1, path) for path, (line, col) in positions.values.items()]
        + [(line - 1, col - 1, path) for path, (line, col) in positions.keys.items()],
        key=lambda m: (m[0], m[1], len(m[2])),
    )
    index = MapIndex(
        lines, data, nodes, sources, refs, _mark_at=[(m[0], m[1]) for m in marks], _mark_path=[m[2] for m in marks]
    )
    for info in nodes:
        index.by_id.setdefault(info.id, info)
        index.by_path[info.path] = info
    return index


def _walk(data: dict[str, Any], root: str) -> list[tuple[DataPath, str, dict[str, Any], int]]:
    """Every node below the root (a central claim or a question) as ``(path, kind, data, parent index)``, in the order
    the loader walks them (legal child lists first, in model order), so derived ids match."""
    result: list[tuple[DataPath, str, dict[str, Any], int]] = []
    stack: list[tuple[DataPath, str, dict[str, Any], int]] = []
    path: DataPath = ()
    kind, node, index = root, data, -1
    while True:
        pending = []
        for key in walk_lists(kind):
            children = node.get(key)
            if type(children) is list:
                for i, child in enumerate(children):
                    if type(child) is dict:
                        pending.append((path + (key, i), KIND_OF_RELATION[key], child, index))
        stack.extend(reversed(pending))
        if not stack:
            return result
        path, kind, node, parent = stack.pop()
        result.append((path, kind, node, parent))
        index = len(result) - 1
