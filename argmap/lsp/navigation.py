"""Go to definition, find references, rename and completion for ids and source keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..errors import ArgmapError
from ..ids import is_slug
from ..vocabulary import ROOT_KINDS
from .index import MapIndex, Span

#: Source keys a rename may write: plain YAML that needs no quotes.
_SOURCE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class TextEdit:
    """Replace the text of ``span`` with ``text``."""

    span: Span
    text: str


class RenameError(ArgmapError, ValueError):
    """A rename that cannot be made; the message says why, in one line."""


def definition(index: MapIndex, line: int, col: int) -> Optional[Span]:
    """Where the id or source key under the cursor is defined."""
    name = index.name_at(line, col)
    return index.definition(name[0], name[1]) if name else None


def references(index: MapIndex, line: int, col: int, include_declaration: bool = True) -> list[Span]:
    """Every use of the id or source key under the cursor (and its definition, when asked)."""
    name = index.name_at(line, col)
    if name is None:
        return []
    spans = [ref.span for ref in index.references(name[0], name[1])]
    if include_declaration:
        where = index.definition(name[0], name[1])
        if where is not None:
            spans.insert(0, where)
    return spans


def prepare_rename(index: MapIndex, line: int, col: int) -> Optional[tuple[Span, str]]:
    """The span and current name of what a rename at the cursor would change, or None."""
    name = index.name_at(line, col)
    if name is None:
        node = index.node_at(line, col)
        if node is None or node.text_key is None or node.kind in ROOT_KINDS:
            return None
        # On a node with no written id, renaming gives it one.
        return (index.definition("id", node.id) or Span(line, col, line, col)), node.id
    return name[2], name[1]


def rename(index: MapIndex, line: int, col: int, new_name: str) -> list[TextEdit]:
    """The edits that rename the id or source key at the cursor and every reference to it.

    A node whose id is derived from its text gets an ``id:`` line with the new name.
    Raises :class:`RenameError` when the new name is not valid or already taken.
    """
    name = index.name_at(line, col)
    if name is None:
        node = index.node_at(line, col)
        if node is None or node.kind in ROOT_KINDS:
            raise RenameError("put the cursor on an id, a source key or a reference to one")
        kind, old = "id", node.id
    else:
        kind, old = name[0], name[1]
    new_name = new_name.strip()
    if new_name == old:
        return []
    edits: list[TextEdit] = []
    if kind == "id":
        if not is_slug(new_name):
            raise RenameError(f"{new_name!r} is not a valid id: use lowercase letters, digits and '-'")
        if new_name in index.by_id:
            raise RenameError(f"id {new_name!r} is already used in this map")
        node = index.by_id.get(old)
        if node is None:
            raise RenameError(f"no node has the id {old!r}")
        if node.id_span is not None:
            edits.append(TextEdit(node.id_span, new_name))
        else:
            edits.append(_insert_id(index, node.text_key, new_name))
    else:
        if not _SOURCE_KEY.match(new_name):
            raise RenameError(f"{new_name!r} is not a plain source key: use letters, digits, '-', '_' and '.'")
        if new_name in index.sources:
            raise RenameError(f"source {new_name!r} already exists")
        source = index.sources.get(old)
        if source is None:
            raise RenameError(f"the map declares no source {old!r}")
        edits.append(TextEdit(source.span, new_name))
    edits.extend(TextEdit(ref.span, new_name) for ref in index.references(kind, old))
    return edits


def _insert_id(index: MapIndex, text_key: Optional[tuple[int, int]], new_id: str) -> TextEdit:
    """An ``id:`` line written just before the node's ``text:`` key, at the same indentation."""
    if text_key is None:
        raise RenameError("this node has no 'text' to put an id beside")
    line, col = text_key
    before = index.lines[line][:col]
    if before.strip(" -") or "\t" in before:
        raise RenameError("this node is written in flow style; write its 'id:' by hand")
    return TextEdit(Span(line, col, line, col), f"id: {new_id}\n{' ' * col}")


@dataclass(frozen=True)
class Completion:
    """One completion: the text to insert and a line of detail about it."""

    label: str
    detail: str
    kind: str
    """``"id"`` or ``"source"``."""


_LIST_KEY = re.compile(r"^\s*(?:-\s+)*(attacks|supports)\s*:")
_SOURCE_VALUE = re.compile(r"(?:^|[\s{,])source\s*:\s*[\"']?[\w.-]*$")
_ITEM = re.compile(r"^\s*-\s+[\"']?[\w-]*$")


def completion_kind(lines: list[str], line: int, col: int) -> Optional[str]:
    """What belongs at the cursor: ``"id"`` in ``attacks``/``supports``, ``"source"`` after
    ``source:`` (in ``cite`` or ``cites``), else None."""
    if not 0 <= line < len(lines):
        return None
    before = lines[line][:col]
    if _SOURCE_VALUE.search(before):
        return "source"
    if _LIST_KEY.match(before):
        return "id"
    if _ITEM.match(before):
        # A block list item: look up for the key that owns the list.
        indent = len(before) - len(before.lstrip())
        for above in range(line - 1, max(line - 200, -1), -1):
            text = lines[above]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            own = len(text) - len(text.lstrip())
            if text.lstrip().startswith("- ") and own == indent:
                continue
            if own <= indent:
                return "id" if _LIST_KEY.match(text) and text.rstrip().endswith(":") else None
    return None


def completions(index: MapIndex, lines: list[str], line: int, col: int) -> list[Completion]:
    """Ids (or source keys) that fit at the cursor, each with what it is. ``index`` may be from
    an earlier version of the text: completion happens while the text is half written."""
    kind = completion_kind(lines, line, col)
    if kind == "source":
        result = []
        for key, source in index.sources.items():
            title = source.data.get("title") if isinstance(source.data, dict) else None
            result.append(Completion(key, str(title or ""), "source"))
        return result
    if kind == "id":
        owner = index.node_at(line, col)
        result = []
        for node in index.nodes:
            if owner is not None and node.id == owner.id:
                continue  # a node cannot attack or support itself
            text = node.data.get(node.kind if node.kind in ROOT_KINDS else "text")
            detail = f"{node.kind}: {' '.join(text.split())}" if isinstance(text, str) else node.kind
            result.append(Completion(node.id, detail[:120], "id"))
        return result
    return []
