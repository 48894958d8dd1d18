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
from typing import Any


class Unsupported(Exception):
    """The document is outside the fast subset; use the full parser."""


_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$")
_NOT_STR_KEYS = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# Timestamps such as 21:16 or 1:02:03 are strings in YAML 1.2 (sexagesimal numbers were dropped).
_CLOCK = re.compile(r"[0-9]+(?::[0-9]+)+$")
# Anything a YAML 1.2 resolver might read as a number, date or other non-string.
_MAYBE_NOT_STR = re.compile(r"[-+]?\.?[0-9][0-9a-fA-FxXoObB_.:+\-eEtTzZ ]*$|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$")
_NULLS = {"~": None, "null": None, "Null": None, "NULL": None}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Characters that cannot start a plain scalar in block context (or start something we leave to the full parser).
_BAD_START = set("[]{},#&*!|>'\"%@`?:-")
_DQ = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SQ = re.compile(r"'((?:[^']|'')*)'")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "r": "\r", "0": "\0", " ": " ",
            "\t": "\t", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
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
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        if _CLOCK.match(text):
            return text
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


class _Reader:
    __slots__ = ("lines", "n", "i", "indent", "content")

    def __init__(self, text: str):
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if "\t" in text or "\r" in text:
            # Tabs and bare carriage returns have subtle YAML rules.
            raise Unsupported
        self.lines = text.split("\n")
        self.n = len(self.lines)
        self.i = 0
        self.indent = 0
        self.content = ""

    def next_line(self) -> bool:
        """Move to the next line with content; set indent and content. False at the end."""
        lines, i, n = self.lines, self.i, self.n
        while i < n:
            line = lines[i]
            content = line.lstrip(" ")
            if content and content[0] != "#":
                self.i = i
                self.indent = len(line) - len(content)
                self.content = content.rstrip(" ")
                return True
            i += 1
        self.i = n
        return False

    # -- blocks -------------------------------------------------------------------------------

    def block(self, parent_indent: int) -> Any:
        """Read the block starting at the current line (which is more indented than the parent)."""
        content = self.content
        if content[0] == "-" and (len(content) == 1 or content[1] == " "):
            return self.sequence(self.indent)
        if _KEY_LINE.match(content):
            return self.mapping(self.indent)
        raise Unsupported

    def mapping(self, indent: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_line = _KEY_LINE.match
        while True:
            m = key_line(self.content)
            if m is None:
                raise Unsupported
            key, rest = m.group(1), m.group(2)
            if key in result or key in _NOT_STR_KEYS:
                raise Unsupported
            if rest and rest[0] != "#":
                result[key] = self.inline(rest, indent)
            else:
                self.i += 1
                if not self.next_line():
                    result[key] = None
                    return result
                if self.indent > indent:
                    result[key] = self.block(indent)
                elif self.indent == indent and self.content[0] == "-" and (
                    len(self.content) == 1 or self.content[1] == " "
                ):
                    result[key] = self.sequence(indent)
                else:
                    result[key] = None
            if self.i >= self.n:
                return result
            if self.indent != indent:
                if self.indent > indent:
                    raise Unsupported
                return result

    def sequence(self, indent: int) -> list[Any]:
        result: list[Any] = []
        while True:
            content = self.content
            if not (content[0] == "-" and (len(content) == 1 or content[1] == " ")):
                if self.indent == indent:
                    # A mapping key at the indentation of an indentless sequence ends it.
                    return result
                raise Unsupported
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "#":
                self.i += 1
                if self.next_line() and self.indent > indent:
                    result.append(self.block(indent))
                else:
                    result.append(None)
            elif rest[0] == "-" and (len(rest) == 1 or rest[1] == " "):
                raise Unsupported
            elif _KEY_LINE.match(rest):
                # "- key: value" opens a mapping whose keys line up with "key".
                self.indent = indent + len(content) - len(rest)
                self.content = rest
                result.append(self.mapping(self.indent))
            else:
                result.append(self.inline(rest, indent))
            if self.i >= self.n:
                return result
            if self.indent != indent:
                if self.indent > indent:
                    raise Unsupported
                return result

    # -- values on one line ---------------------------------------------------------------------

    def inline(self, text: str, indent: int) -> Any:
        """Read the value that starts on the current line and move past it."""
        first = text[0]
        if first == '"':
            m = _DQ.match(text)
            if m is None or not _rest_is_empty(text[m.end():]):
                raise Unsupported
            body = m.group(1)
            value: Any = _unescape(body) if "\\" in body else body
        elif first == "'":
            m = _SQ.match(text)
            if m is None or not _rest_is_empty(text[m.end():]):
                raise Unsupported
            value = m.group(1).replace("''", "'")
        elif first == "[" or first == "{":
            value, end = _Flow(text).value(0)
            if not _rest_is_empty(text[end:]):
                raise Unsupported
        elif first == "|" or first == ">":
            return self.block_scalar(text, indent)
        else:
            if first in _BAD_START and not (first == "-" and len(text) > 1 and text[1] != " "):
                raise Unsupported
            cut = text.find(" #")
            if cut >= 0:
                text = text[:cut].rstrip(" ")
            if ": " in text or text.endswith(":"):
                raise Unsupported
            value = _plain(text)
        # The value must not continue on the next lines (a multi-line scalar).
        self.i += 1
        if self.next_line() and self.indent > indent:
            raise Unsupported
        return value

    def block_scalar(self, header: str, indent: int) -> str:
        m = _BLOCK_HEADER.match(header)
        if m is None:
            raise Unsupported  # explicit indentation indicators and the like
        style, chomp = m.group(1), m.group(2)
        lines, n = self.lines, self.n
        i = self.i + 1
        body: list[str] = []
        content_indent = -1
        while i < n:
            line = lines[i]
            stripped = line.lstrip(" ")
            if not stripped:
                if content_indent >= 0 and len(line) > content_indent:
                    raise Unsupported  # whitespace-only line that belongs to the content
                body.append("")
                i += 1
                continue
            line_indent = len(line) - len(stripped)
            if content_indent < 0:
                if line_indent <= indent:
                    break
                if any(len(lines[j]) > line_indent for j in range(self.i + 1, i)):
                    raise Unsupported
                content_indent = line_indent
            elif line_indent < content_indent:
                break
            body.append(line[content_indent:])
            i += 1
        trailing = 0
        while body and body[-1] == "":
            body.pop()
            trailing += 1
        if style == ">":
            text = self._fold(body)
        else:
            text = "\n".join(body)
        if not body:
            text = "\n" * trailing if chomp == "+" else ""
        elif chomp == "-":
            pass
        elif chomp == "+":
            text += "\n" * (trailing + 1)
        else:
            text += "\n"
        self.i = i
        self.next_line()
        return text

    @staticmethod
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


class _Flow:
    """Flow collections on one line: ``[a, "b"]`` and ``{key: value, ...}``."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def skip(self, i: int) -> int:
        text = self.text
        while i < len(text) and text[i] == " ":
            i += 1
        return i

    def value(self, i: int) -> tuple[Any, int]:
        text = self.text
        i = self.skip(i)
        if i >= len(text):
            raise Unsupported
        c = text[i]
        if c == "[":
            return self.collection(i + 1, "]")
        if c == "{":
            return self.collection(i + 1, "}")
        if c == '"':
            m = _DQ.match(text, i)
            if m is None:
                raise Unsupported
            body = m.group(1)
            return (_unescape(body) if "\\" in body else body), m.end()
        if c == "'":
            m = _SQ.match(text, i)
            if m is None:
                raise Unsupported
            return m.group(1).replace("''", "'"), m.end()
        if c in _BAD_START and not (c == "-" and i + 1 < len(text) and text[i + 1] not in " ,]}"):
            raise Unsupported
        j = i
        n = len(text)
        while j < n:
            ch = text[j]
            if ch in ",[]{}":
                break
            if ch == ":" and (j + 1 == n or text[j + 1] in " ,[]{}"):
                break
            if ch == "#" and text[j - 1] == " ":
                raise Unsupported
            j += 1
        raw = text[i:j].rstrip(" ")
        if not raw:
            raise Unsupported
        return _plain(raw), j

    def collection(self, i: int, close: str) -> tuple[Any, int]:
        text = self.text
        is_map = close == "}"
        items: Any = {} if is_map else []
        i = self.skip(i)
        if i < len(text) and text[i] == close:
            return items, i + 1
        while True:
            if is_map:
                j = i
                while j < len(text) and (text[j].isalnum() or text[j] in "_.-"):
                    j += 1
                key = text[i:j]
                if not key or not (key[0].isalpha() or key[0] == "_") or key in _NOT_STR_KEYS:
                    raise Unsupported
                if j >= len(text) or text[j] != ":" or j + 1 >= len(text) or text[j + 1] != " ":
                    raise Unsupported
                if key in items:
                    raise Unsupported
                value, i = self.value(j + 1)
                items[key] = value
            else:
                value, i = self.value(i)
                items.append(value)
                i = self.skip(i)
                if i < len(text) and text[i] == ":":
                    raise Unsupported  # a single-pair mapping inside a sequence
            i = self.skip(i)
            if i >= len(text):
                raise Unsupported
            if text[i] == close:
                return items, i + 1
            if text[i] != ",":
                raise Unsupported
            i = self.skip(i + 1)
            if i < len(text) and text[i] == close:
                raise Unsupported  # trailing comma: rare, leave it to the full parser


def parse(text: str) -> Any:
    """Parse a YAML document in the fast subset, or raise :class:`Unsupported`.

    The document must be a block mapping at the top (an argument map always is).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = _Reader(text)
    if not reader.next_line():
        raise Unsupported
    if reader.content.startswith(("---", "...", "%")):
        if reader.content != "---":
            raise Unsupported
        reader.i += 1
        if not reader.next_line():
            raise Unsupported
    if reader.indent != 0:
        raise Unsupported
    result = reader.mapping(0)
    if reader.i < reader.n:
        raise Unsupported  # something after the top-level mapping
    return result
