"""A fast reader for the plain subset of YAML that argument maps are written in.

Maps are block mappings and sequences of short scalars, so most files can be read
line by line, several times faster than a general YAML parser. Whenever a document
uses anything outside that subset (anchors, tags, multi-line plain or quoted scalars,
complex keys, duplicate keys, odd indentation, ...) this reader gives up by raising
:class:`Unsupported`, and the caller falls back to the full parser. For every
document it accepts, it must return exactly what the full YAML 1.2 parser returns;
the tests check that on generated documents.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from typing import Any, cast

from ..errors import ArgmapError


class Unsupported(ArgmapError):
    """The document is outside the fast subset; use the full parser."""


_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$")
_NOT_STR_KEYS = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# What the full reader's YAML 1.2 resolver (ruamel.yaml's) reads as a float, an int or a
# timestamp; a plain scalar that starts like a number and matches none of these is a string
# (a file name such as 003_6b93.txt, a clock time such as 21:16, a version such as 4.2.1).
_MAYBE_NOT_STR = re.compile(
    r"""(?:
        [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
       |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
       |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
       |[-+]?\.(?:inf|Inf|INF)
       |\.(?:nan|NaN|NAN)
       |[-+]?0b[0-1_]+
       |[-+]?0o?[0-7_]+
       |[-+]?[0-9_]+
       |[-+]?0x[0-9a-fA-F_]+
       |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
       |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    )$""",
    re.X,
)
_NULLS = {"~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Characters that cannot start a plain scalar in block context (or start something we leave to the full parser).
_BAD_START = set("[]{},#&*!|>'\"%@`?:-")
# Quoted scalars, written as runs of ordinary characters between escapes (or doubled
# quotes) so that the regex engine takes a run at a time rather than one character per step.
_DQ_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_SQ_BODY = r"[^']*(?:''[^']*)*"
_DQ = re.compile(f'"({_DQ_BODY})"')
_SQ = re.compile(f"'({_SQ_BODY})'")
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "\\": "\\",
    '"': '"',
    "/": "/",
    "r": "\r",
    "0": "\0",
    " ": " ",
    "\t": "\t",
    "a": "\a",
    "b": "\b",
    "v": "\v",
    "f": "\f",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
# Characters YAML does not allow in a document (escapes in double quotes can still produce them),
# and NEL, LS and PS, which the full reader (libyaml, YAML 1.1 rules) takes for line breaks.
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)(?:\s+#.*)?$")


def _plain(text: str) -> Any:
    """Resolve a plain scalar the way the YAML 1.2 core schema does."""
    first = text[0]
    if first in "tTfFnN~":
        if text in _BOOLS:
            return _BOOLS[text]
        if text in _NULLS:
            return None
        return text
    if first in "0123456789+-." and _MAYBE_NOT_STR.match(text):
        if _INT.match(text):
            try:
                return int(text)
            except ValueError:  # past Python's limit on digits; the full reader reports it
                raise Unsupported from None
        if _FLOAT.match(text):
            return float(text)
        m = _DATE.match(text)
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise Unsupported from None
        raise Unsupported
    return text


def _unescape(body: str) -> str:
    def sub(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        if code not in _ESCAPES:
            raise Unsupported
        return _ESCAPES[code]

    return _ESCAPE_RE.sub(sub, body)


def _rest_is_empty(rest: str) -> bool:
    rest = rest.strip(" ")
    return not rest or rest[0] == "#"


def _scalar(text: str) -> Any:
    """A value written on one line after "key: " or "- " (not a block scalar)."""
    first = text[0]
    if first == '"':
        m = _DQ.match(text)
        if m is None or not _rest_is_empty(text[m.end() :]):
            raise Unsupported
        body = m.group(1)
        return _unescape(body) if "\\" in body else body
    if first == "'":
        m = _SQ.match(text)
        if m is None or not _rest_is_empty(text[m.end() :]):
            raise Unsupported
        return m.group(1).replace("''", "'")
    if first == "[" or first == "{":
        value, end = _Flow(text).value(0)
        if not _rest_is_empty(text[end:]):
            raise Unsupported
        return value
    if first in _BAD_START and not (first == "-" and len(text) > 1 and text[1] != " "):
        raise Unsupported
    if "#" in text:
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut].rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise Unsupported
    return _plain(text)


def _block_scalar(lines: list[str], start: int, header: str, indent: int) -> tuple[str, int]:
    """Read a literal (|) or folded (>) scalar whose header ends line ``start - 1``.

    Returns the text and the index of the first line after it.
    """
    m = _BLOCK_HEADER.match(header)
    if m is None:
        raise Unsupported  # explicit indentation indicators and the like
    style, chomp = m.group(1), m.group(2)
    n = len(lines)
    i = start
    body: list[str] = []
    content_indent = -1
    while i < n:
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped:
            if content_indent >= 0 and len(line) > content_indent:
                raise Unsupported  # a whitespace-only line that belongs to the content
            body.append("")
            i += 1
            continue
        line_indent = len(line) - len(stripped)
        if content_indent < 0:
            if line_indent <= indent:
                break
            if any(len(lines[j]) > line_indent for j in range(start, i)):
                raise Unsupported
            content_indent = line_indent
        elif line_indent < content_indent:
            break
        body.append(line[content_indent:])
        i += 1
    if i == n and lines[-1]:
        raise Unsupported  # the block ends the file without a line break, which chomping treats apart
    trailing = 0
    while body and body[-1] == "":
        body.pop()
        trailing += 1
    text = _fold(body) if style == ">" else "\n".join(body)
    if not body:
        text = "\n" * trailing if chomp == "+" else ""
    elif chomp == "+":
        text += "\n" * (trailing + 1)
    elif chomp != "-":
        text += "\n"
    return text, i


def _fold(body: list[str]) -> str:
    out: list[str] = []
    blank = 0
    for line in body:
        if line and line[0] == " ":
            raise Unsupported  # more-indented lines keep their breaks: leave to the full parser
        if not line:
            blank += 1
            continue
        if out:
            out.append("\n" * blank if blank else " ")
        elif blank:
            out.append("\n" * blank)
        out.append(line)
        blank = 0
    return "".join(out)


# One line of block structure, matched in place in the whole text: indentation, then "- "
# or nothing (a group that always takes part, so that its start is the indentation), an
# optional "key:", and the rest of the line. Matching in place instead of splitting the
# text into lines first saves copying it (and the indentation) twice.
_LINE = re.compile(r" *(- +|-$|)(?:([A-Za-z_][A-Za-z0-9_.-]*):(?: +|$))?(.*)", re.M)
_PLAIN_TEXT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Letters no word for true, false or null starts with.
_PLAIN_STRING_START = _PLAIN_TEXT_START - frozenset("tTfFnN")
_WORDS: dict[str, Any] = {**_BOOLS, **_NULLS}


def _parse_lines(text: str, max_values: int | None = None) -> tuple[dict[str, Any], int]:
    """Parse block structure with a stack of open collections, one line at a time; also
    return the length of the longest line or literal or folded block. A document that could
    hold more than ``max_values`` values (three a line, and what flow collections hold) is
    :class:`Unsupported`.

    Each frame is ``(indent, container)``. A key or "-" with nothing after it leaves a
    pending slot that the next line fills: with a nested block when that line is more
    indented (or is a "-" at the key's own indentation), with null otherwise.
    """
    match_line = cast("Callable[[str, int], re.Match[str]]", _LINE.match)  # _LINE matches every line
    plain_start = _PLAIN_TEXT_START
    plain_string = _PLAIN_STRING_START
    root: dict[str, Any] = {}
    stack: list[tuple[int, Any]] = [(0, root)]
    top: Any  # the dict or list that the current lines fill
    top_indent, top = 0, root
    top_is_list = False
    pending: Any = None  # (container, key or None, indent) awaiting a nested block
    longest = 0
    flow_values = 0
    lines: list[str] | None = None  # the text split into lines, made only for literal and folded blocks
    n = len(text)
    max_lines = n + 1 if max_values is None else max_values // 3
    pos = 0  # where the line starts
    i = 0  # the line's index
    while pos <= n:
        if i > max_lines:
            raise Unsupported
        m = match_line(text, pos)
        dash, key, rest = m.groups()
        indent = m.start(1) - pos
        end = m.end()
        if end - pos > longest:
            longest = end - pos
        pos = end + 1
        i += 1
        if not key and not dash:
            if not rest or rest[0] == "#" or rest.isspace():
                continue  # blank line or comment
            raise Unsupported  # a scalar where a key or item should be

        if pending is not None:
            container, p_key, p_indent = pending
            pending = None
            if indent > p_indent or (dash and indent == p_indent and p_key is not None):
                child: Any = [] if dash else {}
                if p_key is None:
                    container.append(child)
                else:
                    container[p_key] = child
                stack.append((indent, child))
                top_indent, top, top_is_list = indent, child, bool(dash)
            elif p_key is None:
                container.append(None)
            else:
                container[p_key] = None

        if indent != top_indent:
            if indent > top_indent:
                raise Unsupported  # a continuation line or bad indentation
            while indent < top_indent:
                stack.pop()
                top_indent, top = stack[-1]
            if indent != top_indent:
                raise Unsupported
            top_is_list = type(top) is list
        if dash:
            if not top_is_list:
                raise Unsupported
            if not key:
                if not rest or rest[0] == "#":
                    pending = (top, None, indent)
                    continue
                first = rest[0]
                if first == "-" and (len(rest) == 1 or rest[1] == " "):
                    raise Unsupported  # "- - x": a sequence inside a sequence item
                if first == "|" or first == ">":
                    if lines is None:
                        lines = text.split("\n")
                    value, after = _block_scalar(lines, i, rest, indent)
                    longest = max(longest, len(value))
                    pos = _skip(lines, i, after, pos)
                    i = after
                else:
                    if first == "[" or first == "{":
                        flow_values += _flow_bound(rest)
                    value = _scalar(rest.rstrip(" "))
                top.append(value)
                continue
            # "- key: value" opens a mapping whose keys line up with "key".
            item: dict[str, Any] = {}
            top.append(item)
            indent += len(dash)
            stack.append((indent, item))
            top_indent, top, top_is_list = indent, item, False
        elif top_is_list:
            # A key at the indentation of an indentless sequence closes the sequence.
            if len(stack) > 1 and stack[-2][0] == indent and type(stack[-2][1]) is dict:
                stack.pop()
                top_indent, top = stack[-1]
                top_is_list = False
            else:
                raise Unsupported

        if key in top or key in _NOT_STR_KEYS:
            raise Unsupported
        if not rest or rest[0] == "#":
            pending = (top, key, indent)
            continue
        first = rest[0]
        if first in plain_start and "#" not in rest and ": " not in rest:
            # The common case: plain text starting with a letter, which is a string unless it
            # is one of the words for true, false and null.
            value = rest.rstrip(" ") if rest[-1] == " " else rest
            top[key] = value if first in plain_string else _WORDS.get(value, value)
            if rest[-1] == ":":
                raise Unsupported
        elif first == "|" or first == ">":
            if lines is None:
                lines = text.split("\n")
            value, after = _block_scalar(lines, i, rest, indent)
            top[key] = value
            longest = max(longest, len(value))
            pos = _skip(lines, i, after, pos)
            i = after
        elif (first == "'" or first == '"') and rest[-1] == first and len(rest) > 1:
            # A quoted text alone on its line, the usual way of writing a text that needs quotes.
            body = rest[1:-1]
            if first == "'":
                if "'" in body:
                    # '' stands for one quote; a lone quote ends the scalar early (a comment may follow)
                    unquoted = body.replace("''", "'")
                    body = unquoted if "'" not in body.replace("''", "") else _scalar(rest)
                top[key] = body
            elif '"' in body or "\\" in body:
                top[key] = _scalar(rest)  # escapes, or a quote that may end the scalar early
            else:
                top[key] = body
        else:
            if first == "[" or first == "{":
                flow_values += _flow_bound(rest)
            top[key] = _scalar(rest.rstrip(" "))

    if pending is not None:
        container, p_key, _ = pending
        if p_key is None:
            container.append(None)
        else:
            container[p_key] = None
    if max_values is not None and 3 * i + flow_values > max_values:
        raise Unsupported
    return root, longest


def _skip(lines: list[str], i: int, after: int, pos: int) -> int:
    """The offset of line ``after``, given that line ``i`` starts at offset ``pos``."""
    for j in range(i, after):
        pos += len(lines[j]) + 1
    return pos


def _flow_bound(text: str) -> int:
    """At most how many values a flow collection written on one line holds: a key and a value
    per item, a container per bracket."""
    return 2 * text.count(",") + 3 * (text.count("[") + text.count("{"))


# Scalars inside flow collections: quoted, or plain up to the next indicator. A plain
# scalar may hold ":" and "#" only where they cannot be read as indicators.
_FLOW_PLAIN = r"""(?:[^\s,\[\]{}:#&*!|>'"%@`?-]|[-?:](?=[^\s,\[\]{}]))(?:[^,\[\]{}:#]|:(?=[^\s,\[\]{}])|(?<=\S)#)*"""
_FLOW_SCALAR = re.compile(
    r""" *(?:"(""" + _DQ_BODY + r""")"|'(""" + _SQ_BODY + r""")'|(""" + _FLOW_PLAIN + r""")) *([,\]}]|$)"""
)
_FLOW_KEY = re.compile(r" *([A-Za-z_][A-Za-z0-9_.-]*): +")


class _Flow:
    """Flow collections on one line: ``[a, "b"]`` and ``{key: value, ...}``."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def value(self, i: int) -> tuple[Any, int]:
        """Parse the collection that opens at ``i``; return it and the index after it."""
        close = "]" if self.text[i] == "[" else "}"
        return self.collection(i + 1, close)

    def collection(self, i: int, close: str) -> tuple[Any, int]:
        text = self.text
        is_map = close == "}"
        items: Any = {} if is_map else []
        while text.startswith(" ", i):
            i += 1
        if text.startswith(close, i):
            return items, i + 1
        while True:
            key = None
            if is_map:
                m = _FLOW_KEY.match(text, i)
                if m is None:
                    raise Unsupported
                key = m.group(1)
                if key in items or key in _NOT_STR_KEYS:
                    raise Unsupported
                i = m.end()
            if text.startswith(("[", "{"), i):
                value, i = self.value(i)
                while text.startswith(" ", i):
                    i += 1
                end = text[i : i + 1]
                i += 1
            else:
                m = _FLOW_SCALAR.match(text, i)
                if m is None:
                    raise Unsupported
                double, single, plain, end = m.groups()
                if double is not None:
                    value = _unescape(double) if "\\" in double else double
                elif single is not None:
                    value = single.replace("''", "'")
                else:
                    value = _plain(plain.rstrip(" "))
                i = m.end()
            if is_map:
                items[key] = value
            else:
                items.append(value)
            if end == close:
                return items, i
            if end != ",":
                raise Unsupported
            while text.startswith(" ", i):
                i += 1
            if text.startswith(close, i):
                raise Unsupported  # trailing comma: rare, leave it to the full parser


# Printable ASCII and the line feed: an ASCII text made only of these needs no further character checks.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def parse(text: str) -> Any:
    """Parse a YAML document in the fast subset, or raise :class:`Unsupported`.

    The document must be a block mapping at the top (an argument map always is).
    """
    return parse_bounded(text)[0]


def parse_bounded(text: str, max_values: int | None = None) -> tuple[Any, int]:
    """Like :func:`parse`, and also a bound on the length of every string in the result (keys
    included): the longest line or literal block, so that a caller can skip looking for overlong text.

    With ``max_values``, a document that could hold more values than that (a container, key
    or value each) is :class:`Unsupported`, for the full reader to count and report.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # One C-speed pass settles the usual all-ASCII file; others get the full character check.
    if not (text.isascii() and not text.encode("ascii").translate(None, _PLAIN_ASCII)):
        if _NOT_ALLOWED.search(text):
            raise Unsupported  # control characters and lone surrogates are errors; NEL, LS and PS break lines
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if "\t" in text or "\r" in text:
            raise Unsupported  # tabs and bare carriage returns have subtle YAML rules
    text = text[_document_start(text) :]
    return _parse_lines(text, max_values)


def _document_start(text: str) -> int:
    """Where the document's lines start: after a "---" line before any content, else 0.

    Raises :class:`Unsupported` for a text with no content, other directives or markers,
    or a first line of content that is not a key at the left margin.
    """
    start = 0
    for offset, line in _lines(text, 0):
        if line and line[0] != "#" and line.strip():
            if line.startswith(("---", "...", "%")):
                if line.rstrip(" ") != "---":
                    raise Unsupported
                start = offset + len(line) + 1
            break
    else:
        raise Unsupported  # nothing but comments: an empty document
    for _, line in _lines(text, start):
        if line.strip() and not line.lstrip().startswith("#"):
            if line[0] == " " or _KEY_LINE.match(line.rstrip(" ")) is None:
                raise Unsupported
            return start
    raise Unsupported


def _lines(text: str, pos: int) -> Iterator[tuple[int, str]]:
    """The lines of ``text`` from offset ``pos`` on, with their offsets, one at a time."""
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        yield pos, text[pos:end]
        pos = end + 1


# The writer and the line patcher read single values exactly as this reader does.
read_plain = _plain
read_scalar = _scalar
read_block_scalar = _block_scalar
