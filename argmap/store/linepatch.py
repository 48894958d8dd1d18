"""Saving a changed map by patching only the lines that changed.

:func:`argmap.store.patching.patch_text` used to load the whole file with ruamel.yaml's
round-trip loader, change the data and dump the whole document again: seconds for a
map of a few thousand nodes, even when one ``status:`` line changed. :func:`patch`
does the same job at about the cost of reading the file: it finds the lines that hold
each key and list item of the old document, walks the old and new data together, and
rewrites only the entries that differ. Everything else is copied byte for byte.

- Items appended to (or inserted into, or removed from) a block list, and keys added
  to or removed from a block mapping, are spliced in or cut out; new text is written
  by the same emitter, in the same style and indentation, as the whole-file path.
- A changed scalar is written fresh on its own line; a trailing comment on that line
  is kept, with the spaces before it.
- Anything more awkward (a flow collection that changed, a list that became empty,
  comments inside a changed entry, the first key of a list item that changed) is
  round-tripped through ruamel.yaml on its own: just that entry, dedented, patched
  by the whole-file machinery and indented back.

:func:`patch` returns ``None`` whenever it is not sure, and the caller falls back to
the whole-file path: documents outside the fast reader's subset (anchors, tags,
multi-line plain or quoted scalars, several documents, tabs, ...), and any result
that does not read back as exactly the new data.

Where this differs from the whole-file path, on purpose:

- Blank lines and comments that follow an entry stay where they are; a new key or
  item goes right after the last line of the entry before it (and after comments
  indented under that entry). ruamel.yaml attaches such lines to the entry before and
  so moves them below the new text, and it drops a comment that follows a removed key.
- Lines the edit does not touch keep their exact bytes; the whole-file path writes
  the whole document again in ruamel.yaml's normal form (indentation, spacing).
- A file with CRLF line endings keeps them (the whole-file path writes LF), and a byte
  order mark is kept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, Optional, cast

from ..errors import ArgmapError
from . import fast, wholefile
from .data import is_scalar, list_edits, same
from .parsing import parse
from .wholefile import detect_indent, emit, round_trip_yaml, to_yaml_value

__all__ = ["patch", "patch_parsed"]

# One line of block structure, as the fast reader splits it: indentation, an optional
# "- ", an optional "key:", the rest.
_LINE = re.compile(r"( *)(- +|-$)?(?:([A-Za-z_][A-Za-z0-9_.-]*):(?: +|$))?(.*)")


class GiveUp(ArgmapError):
    """The fast path cannot patch this document with certainty; use the whole-file path."""


class _Block:
    """A block mapping or sequence: the column its keys or dashes start at, and its entries."""

    __slots__ = ("is_list", "indent", "entries", "on_dash", "owner_col", "_by_key")

    def __init__(self, is_list: bool, indent: int, owner_col: int, on_dash: bool = False):
        self.is_list = is_list
        self.indent = indent
        self.entries: list[_Entry] = []
        self.on_dash = on_dash  # a mapping whose first key sits on its item's "- " line
        self.owner_col = owner_col  # column of the key (or dash) this block is the value of
        self._by_key: Optional[dict[str, _Entry]] = None

    def by_key(self) -> dict[str, _Entry]:
        if self._by_key is None:
            self._by_key = {e.key: e for e in self.entries if e.key is not None}
        return self._by_key


class _Entry:
    """A key of a block mapping (with its value) or an item of a block sequence.

    ``start`` is its first line, ``end`` the line after its last line of content
    (comments and blank lines that follow it are not part of it).
    """

    __slots__ = ("key", "start", "end", "col", "vcol", "child", "kind")

    def __init__(self, key: Optional[str], start: int, col: int):
        self.key = key
        self.start = start
        self.end = -1
        self.col = col  # column of the key, or of the dash for an item
        self.vcol = -1  # column where a value written on the first line starts
        self.child: Optional[_Block] = None
        self.kind = "null"  # "inline", "block_scalar", "nested" or "null"


def _index(lines: list[str]) -> _Block:
    """The block structure of a document the fast reader accepts, with line ranges.

    Mirrors the block reading of :mod:`argmap.store.fast`; raises :class:`GiveUp` on anything
    it does not follow (the caller has checked that the fast reader accepts the text).
    """
    match_line = cast("Callable[[str], re.Match[str]]", _LINE.match)  # _LINE matches every line
    root = _Block(False, 0, -1)
    stack: list[_Block] = [root]
    last = -1  # the last line holding content
    pending: Optional[tuple[_Entry, int, bool]] = None
    n = len(lines)
    i = 0
    started = False

    def close(block: _Block) -> None:
        if block.entries and block.entries[-1].end < 0:
            block.entries[-1].end = last + 1

    while i < n:
        line = lines[i]
        spaces, dash, key, rest = match_line(line).groups()
        if not key and not dash:
            if not rest or rest[0] == "#" or rest.isspace():
                i += 1
                continue
            if not started and line.rstrip(" ") == "---":
                i += 1
                continue
            raise GiveUp("a scalar where a key or item should be")
        started = True
        indent = len(spaces)
        if pending is not None:
            entry, p_indent, p_is_key = pending
            pending = None
            if indent > p_indent or (dash and indent == p_indent and p_is_key):
                child = _Block(bool(dash), indent, entry.col)
                entry.child, entry.kind = child, "nested"
                stack.append(child)
        top = stack[-1]
        if indent != top.indent:
            if indent > top.indent:
                raise GiveUp("bad indentation")
            while indent < stack[-1].indent:
                close(stack.pop())
            if indent != stack[-1].indent:
                raise GiveUp("bad indentation")
            top = stack[-1]
        if dash:
            if not top.is_list:
                raise GiveUp("an item where a key should be")
            close(top)
            item = _Entry(None, i, indent)
            top.entries.append(item)
            if not key:
                if not rest or rest[0] == "#" or (rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")):
                    raise GiveUp("an empty or nested item")
                item.vcol = len(line) - len(rest)
                i, last = _value(lines, i, rest, indent, item)
                continue
            mapping = _Block(False, indent + len(dash), indent, on_dash=True)
            item.child, item.kind = mapping, "nested"
            stack.append(mapping)
            top = mapping
            indent = mapping.indent
        elif top.is_list:
            if len(stack) > 1 and stack[-2].indent == indent and not stack[-2].is_list:
                close(stack.pop())  # a key at the indentation of an indentless sequence ends it
                top = stack[-1]
            else:
                raise GiveUp("a key where an item should be")
        close(top)
        entry = _Entry(key, i, indent)
        top.entries.append(entry)
        if not rest or rest[0] == "#":
            last = i
            pending = (entry, indent, True)
            i += 1
            continue
        entry.vcol = len(line) - len(rest)
        i, last = _value(lines, i, rest, indent, entry)
    while stack:
        close(stack.pop())
    return root


def _value(lines: list[str], i: int, rest: str, indent: int, entry: _Entry) -> tuple[int, int]:
    """Note the value written after a key or dash on line ``i``; return the next line and the last content line."""
    if rest[0] in "&*!":
        raise GiveUp("anchors, aliases and tags")  # an edit to one value could change others
    if rest[0] in "|>":
        entry.kind = "block_scalar"
        _, after = fast.read_block_scalar(lines, i + 1, rest, indent)
        if rest[1:2] == "+":
            return after, after - 1  # kept trailing blank lines belong to the value
        last = after - 1
        while last > i and not lines[last].strip(" "):
            last -= 1
        return after, last
    entry.kind = "inline"
    return i + 1, i


# -- the walk ----------------------------------------------------------------------------------


class _Patcher:
    """Walks old and new data over the old text's blocks, collecting line edits."""

    def __init__(self, lines: list[str], indent: tuple[int, int, int]):
        self.lines = lines
        self.indent = indent
        self.yaml = round_trip_yaml(indent=indent)
        self.edits: list[tuple[int, int, int, list[str]]] = []  # (start, end, order, new lines)

    def edit(self, start: int, end: int, new_lines: list[str]) -> None:
        self.edits.append((start, end, len(self.edits), new_lines))

    def apply(self) -> list[str]:
        out: list[str] = []
        at = 0
        for start, end, _, new_lines in sorted(self.edits):
            if start < at:
                raise GiveUp("overlapping edits")
            out.extend(self.lines[at:start])
            out.extend(new_lines)
            at = end
        out.extend(self.lines[at:])
        return out

    # A comment line right after an entry and indented deeper than it belongs to it.
    def after(self, entry: _Entry) -> int:
        lines = self.lines
        pos = entry.end
        while pos < len(lines):
            stripped = lines[pos].lstrip(" ")
            if not stripped.startswith("#") or len(lines[pos]) - len(stripped) <= entry.col:
                break
            pos += 1
        return pos

    def mapping(self, block: _Block, old: dict[str, Any], new: dict[str, Any]) -> bool:
        """Patch a block mapping in place; False when its owner must be rewritten instead."""
        entries = block.entries
        if [e.key for e in entries] != list(old):
            raise GiveUp("the text does not match the old data")
        if not any(k in old for k in new):
            return False  # nothing survives: no line to anchor new keys to
        if block.on_dash:
            first_new = next(iter(new))
            if entries[0].key not in new or first_new not in old:
                return False  # the key on the "- " line changes
        by_key = block.by_key()
        for entry in entries:
            if entry.key not in new:
                # A comment on a removed key (status: proposed  # ask the author) is about the
                # node, which stays: keep it as a line of its own.
                self.edit(entry.start, entry.end, self.comments_in(entry))
        previous: Optional[str] = None
        for key, value in new.items():
            if key in old:
                # == (C speed) rather than data.same: a change it misses (True for 1) makes
                # the final check fail, and the whole-file path, which tells them apart, runs.
                if old[key] != value:
                    self.value(by_key[key], old[key], value)
            else:
                if previous is None:
                    anchor = next(e for e in entries if e.key in new)
                    at = anchor.start
                else:
                    at = self.after(by_key[previous]) if previous in by_key else at
                self.edit(at, at, self.emit_key(key, value, block.indent))
            previous = key
        return True

    def sequence(self, block: _Block, old: list[Any], new: list[Any]) -> bool:
        """Patch a block sequence in place; False when its owner must be rewritten instead."""
        entries = block.entries
        if len(entries) != len(old):
            raise GiveUp("the text does not match the old data")
        if not new:
            return False  # an empty list is written "[]" on its key's line
        if len(new) > len(old) and old == new[: len(old)]:
            at = self.after(entries[-1])
            self.edit(at, at, self.emit_items(new[len(old) :], block.indent))
            return True
        # The same edit script as the whole-file path (wholefile.patch_whole), so the same items change.
        for tag, i1, i2, j1, j2 in list_edits(old, new):
            if tag == "equal":
                continue
            if tag == "patch":
                for k in range(i2 - i1):
                    self.item(entries[i1 + k], block, old[i1 + k], new[j1 + k])
                continue
            for k in range(i1, i2):
                self.edit(entries[k].start, entries[k].end, [])
            if j2 > j1:
                at = self.after(entries[i1 - 1]) if i1 > 0 else entries[0].start
                self.edit(at, at, self.emit_items(new[j1:j2], block.indent))
        return True

    def value(self, entry: _Entry, old: Any, new: Any) -> None:
        """A key whose value changed."""
        child = entry.child
        if child is not None:
            if not child.is_list and isinstance(old, dict) and isinstance(new, dict):
                if self.mapping(child, old, new):
                    return
            elif child.is_list and isinstance(old, list) and isinstance(new, list):
                if self.sequence(child, old, new):
                    return
        self.replace_key(entry, old, new)

    def item(self, entry: _Entry, block: _Block, old: Any, new: Any) -> None:
        """A list item that changed."""
        if old == new:
            return
        child = entry.child
        if child is not None and isinstance(old, dict) and isinstance(new, dict):
            if self.mapping(child, old, new):
                return
        lines = self.lines
        same_shape = child is not None and isinstance(old, dict) and isinstance(new, dict)
        if not same_shape and not self.has_comment(entry) and not self.is_flow(entry):
            self.edit(entry.start, entry.end, self.emit_items([new], entry.col, like=entry))
            return
        keep = self.keep_comment(entry, old, new)
        if keep is not None:
            emitted = self.emit_items([new], entry.col, like=entry)
            self.edit(entry.start, entry.end, [emitted[0] + keep])
            return
        region = lines[entry.start : entry.end]
        base = block.owner_col
        doc = ["x:"] + _shift(region, -base)
        patched = self.whole(doc, {"x": [old]}, {"x": [new]})
        if not patched or patched[0] != "x:":
            raise GiveUp("unexpected round-trip output")
        body = patched[1:]
        dash_col = len(body[0]) - len(body[0].lstrip(" "))
        self.edit(entry.start, entry.end, _shift(body, entry.col - dash_col))

    def replace_key(self, entry: _Entry, old: Any, new: Any) -> None:
        """Rewrite one key of a mapping and its value."""
        lines = self.lines
        key = entry.key
        assert key is not None
        first = lines[entry.start]
        prefix = first[: entry.col]  # spaces, or the item's "- " for the first key of an item
        # A block mapping or list that stays one is round-tripped, which keeps its block style.
        child = entry.child
        same_shape = (
            child is not None and isinstance(old, list if child.is_list else dict) and isinstance(new, type(old))
        )
        if not same_shape and not self.has_comment(entry) and not self.is_flow(entry):
            emitted = self.emit_key(key, new, entry.col, like=entry)
        else:
            keep = self.keep_comment(entry, old, new)
            if keep is not None:
                emitted = self.emit_key(key, new, entry.col, like=entry)
                emitted[0] += keep
            else:
                region = [" " * entry.col + first[entry.col :]] + lines[entry.start + 1 : entry.end]
                emitted = _shift(self.whole(_shift(region, -entry.col), {key: old}, {key: new}), entry.col)
                if not emitted or not emitted[0][entry.col :].startswith(key + ":"):
                    raise GiveUp("unexpected round-trip output")
        emitted[0] = prefix + emitted[0][entry.col :]
        self.edit(entry.start, entry.end, emitted)

    def comments_in(self, entry: _Entry) -> list[str]:
        """The comments written inside an entry, as whole lines, in order."""
        lines = self.lines
        scalar_lines: set[int] = set()
        starts: dict[int, _Entry] = {}
        stack = [entry]
        while stack:
            e = stack.pop()
            starts[e.start] = e  # an item's first key, visited after the item, wins its line
            if e.kind == "block_scalar":
                scalar_lines.update(range(e.start + 1, e.end))
            if e.child is not None:
                stack.extend(e.child.entries)
        out = []
        for i in range(entry.start, entry.end):
            line = lines[i]
            if i in scalar_lines or "#" not in line:
                continue
            if line.lstrip(" ").startswith("#"):
                out.append(line)
            elif i in starts:
                comment = self.trailing_comment(starts[i])
                if comment is not None:
                    out.append(" " * starts[i].col + comment)
        return out

    def trailing_comment(self, entry: _Entry) -> Optional[str]:
        """The comment at the end of an entry's first line (from its "#"), if any."""
        line = self.lines[entry.start]
        if entry.kind != "inline":
            at = line.find("#", entry.vcol if entry.vcol >= 0 else entry.col)
            return line[at:] if at >= 0 else None
        split = _split_comment(line[entry.vcol :])
        return split[1].lstrip(" ") if split is not None else None

    def has_comment(self, entry: _Entry) -> bool:
        return any("#" in line for line in self.lines[entry.start : entry.end])

    def is_flow(self, entry: _Entry) -> bool:
        # A changed flow collection goes through ruamel.yaml, which keeps its style and quotes.
        return entry.kind == "inline" and self.lines[entry.start][entry.vcol : entry.vcol + 1] in ("[", "{")

    def keep_comment(self, entry: _Entry, old: Any, new: Any) -> Optional[str]:
        """The trailing comment (with the spaces before it) of a one-line scalar entry, when a
        new one-line scalar can take the old one's place in front of it."""
        if (
            entry.kind != "inline"
            or entry.end != entry.start + 1
            or self.is_flow(entry)
            or not is_scalar(old)
            or not is_scalar(new)
        ):
            return None
        split = _split_comment(self.lines[entry.start][entry.vcol :])
        if split is None or not same(split[0], old) or len(self.emit_key("k", new, 0, like=entry)) != 1:
            return None
        return split[1]

    # -- writing new text with the whole-file path's emitter

    def emit_key(self, key: str, value: Any, col: int, like: Optional[_Entry] = None) -> list[str]:
        """``key: value`` as the whole-file path writes it, indented to ``col``; ``like`` is
        the entry whose value it replaces."""
        from ruamel.yaml.comments import CommentedMap

        doc = CommentedMap()
        doc[key] = self.styled(value, like)
        return _shift(emit(self.yaml, doc).split("\n")[:-1], col)

    def emit_items(self, values: list[Any], dash_col: int, like: Optional[_Entry] = None) -> list[str]:
        """List items as the whole-file path writes them, the dash at ``dash_col``."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        doc = CommentedMap()
        doc["x"] = CommentedSeq(self.styled(v, like) for v in values)
        body = emit(self.yaml, doc).split("\n")[1:-1]
        first = body[0]
        return _shift(body, dash_col - (len(first) - len(first.lstrip(" "))))

    def styled(self, value: Any, like: Optional[_Entry]) -> Any:
        """``value`` for ruamel.yaml to write. A plain string that replaces a quoted or block
        one takes on its style, as ruamel.yaml's mappings and lists do on assignment."""
        from ruamel.yaml.scalarstring import ScalarString

        result = to_yaml_value(value)
        if like is None or not isinstance(result, str) or isinstance(result, ScalarString):
            return result
        style = self.lines[like.start][like.vcol : like.vcol + 1] if like.vcol >= 0 else ""
        kind = _STYLES.get(style) if like.kind in ("inline", "block_scalar") else None
        return result if kind is None else _string_class(kind)(result)

    def whole(self, doc_lines: list[str], old: Any, new: Any) -> list[str]:
        text = wholefile.patch_whole("\n".join(doc_lines) + "\n", old, new, indent=self.indent)
        return text.split("\n")[:-1]


_STYLES = {
    "'": "SingleQuotedScalarString",
    '"': "DoubleQuotedScalarString",
    "|": "LiteralScalarString",
    ">": "FoldedScalarString",
}


def _string_class(name: str) -> Any:
    from ruamel.yaml import scalarstring

    return getattr(scalarstring, name)


def _split_comment(rest: str) -> Optional[tuple[Any, str]]:
    """A value written on one line, split into its value and the comment after it (with the
    spaces before the "#"); None when there is no comment. The value ends at the first " #"
    before which the text reads as a whole value: a "#" inside quotes does not count."""
    at = rest.find(" #")
    while at > 0:
        written = rest[:at].rstrip(" ")
        try:
            return fast.read_scalar(written), rest[len(written) :]
        except (fast.Unsupported, IndexError):
            at = rest.find(" #", at + 1)
    return None


def _shift(lines: list[str], delta: int) -> list[str]:
    """Indent (``delta`` > 0) or dedent lines; empty lines stay empty."""
    if delta == 0:
        return list(lines)
    if delta > 0:
        pad = " " * delta
        return [pad + line if line else line for line in lines]
    cut = -delta
    out = []
    for line in lines:
        if line and line[:cut].strip(" "):
            raise GiveUp("a line indented less than its entry")
        out.append(line[cut:])
    return out


# -- entry point -------------------------------------------------------------------------------


def patch(text: str, old: Any, new: Any) -> Optional[str]:
    """``text`` (whose data is ``old``) with only the lines that differ from ``new`` rewritten,
    or ``None`` when that cannot be done with certainty (the caller then rewrites the whole
    document). The result always reads back as exactly ``new``.
    """
    done = patch_parsed(text, old, new)
    return None if done is None else done[0]


def patch_parsed(text: str, old: Any, new: Any) -> Optional[tuple[str, Any]]:
    """:func:`patch`, together with the data the result was read back as (``None`` when
    the fast path gives up), so that a caller need not read it again."""
    try:
        return patch_or_give_up(text, old, new)
    except GiveUp:
        return None
    except Exception:
        # A bug here must not cost the user their save: the whole-file path still works.
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        return None


def patch_or_give_up(text: str, old: Any, new: Any) -> tuple[str, Any]:
    """Like :func:`patch_parsed`, but raises :class:`GiveUp` instead of returning ``None``."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise GiveUp("not a mapping")
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    crlf = False
    if "\r" in text:
        lf = text.replace("\r\n", "\n")
        if "\r" in lf or lf.count("\n") != text.count("\r\n"):
            raise GiveUp("mixed line endings")
        crlf, text = True, lf
    if "\t" in text:
        raise GiveUp("tabs have subtle YAML rules")
    # The text is not read in full first: the index gives up on what the fast reader would
    # not take, every block the walk visits is checked against ``old``, and the result is
    # read back and compared with ``new``.
    lines = text.split("\n")
    patcher = _Patcher(lines, detect_indent(text))
    try:
        root = _index(lines)
    except fast.Unsupported:
        raise GiveUp("a block scalar the fast reader does not take") from None
    if not patcher.mapping(root, old, new):
        raise GiveUp("every key changed")
    result = "\n".join(patcher.apply())
    try:
        parsed = parse(result)
    except Exception:
        raise GiveUp("the result does not read") from None
    if parsed.problems or not same(parsed.data, new):
        raise GiveUp("the result does not read back as the new data")
    if crlf:
        result = result.replace("\n", "\r\n")
    return bom + result, parsed.data
