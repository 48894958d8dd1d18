"""Argdown (argdown.org): read the common subset, write maps Argdown's own parser reads in full.

Reading follows the structure of Argdown's parser: blocks separated by blank lines; a
block is a statement (``[Title]: text``), an argument (``<Title>: text``), a heading, a
list, or a premise-conclusion structure (``(1) ...``, ``----``); relation lines under an
element (``+``, ``-``, ``<+``, ``<-``, ``+>``, ``->``, ``<_``, ``_>``, ``><``) nest by
indentation. Statements with the same title are one statement. Comments, front matter,
``{data}``, ``#tags``, escapes, bold and italic are handled as Argdown does.

Mapping to argmap: statements and arguments become nodes (titles become ids); support
gives a premise, attack an objection (a rebuttal under an objection), undercut an
objection tagged ``undercut``, contradiction an attack both ways. In a premise-conclusion
structure the argument supports its conclusion and each premise supports the argument.
The relations are arranged as a tree by :func:`argmap.formats.graph.graph_to_tree`.
Headings, inference rules and untitled statements that nothing relates to (prose
between the arguments) are dropped, and reported.

Writing: the central claim is a statement, every other node an argument titled with its
id; tags become ``#(tags)``; by, weight, note, status and the cite go into ``{data}``;
the map's id, description and sources into the front matter under ``argmap:``.
Cross-links follow the tree as ``+>`` / ``->`` relations.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Optional

from ..errors import MapError, Problem
from ..ids import is_slug, slugify
from ..model import ArgumentMap
from ._argdown_text import blank_comments, link_spans, next_index, strip_trailing_tags, unwrap
from ._argdown_text import tags as find_tags
from ._common import count_left_out, finish
from .graph import UNDERCUT_TAG, Relation, TreeNode, graph_to_tree, made_question, tree_to_data
from .report import Exported, Imported, ImportReport, counted

# -- lexing ------------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\s*(===+)[ \t]*\n(.*?)\n[ \t]*===+[ \t]*(?:\n|$)", re.S)
# Escapes, links and ".x." / ":x:" shortcodes first, as Argdown's lexer takes them: a "//"
# inside them does not start a comment.
_RELATION = re.compile(r"(\+>|->|<\+|\+|<-|-|><|_>|<_|_(?=\s))[ \t]*(.*)$", re.S)
_PCS_NUMBER = re.compile(r"\((\d+)\)[ \t]*(.*)$", re.S)
_LIST_ITEM = re.compile(r"(?:\*|\d+\.)(?=\s)[ \t]*(.*)$", re.S)
_HEADING = re.compile(r"#+ ")
_STATEMENT_DEF = re.compile(r"\[(.+?)\]:[ \t]*(.*)$", re.S)
_STATEMENT_REF = re.compile(r"\[([^-].*?)\][ \t]*(.*)$", re.S)
_ARGUMENT_DEF = re.compile(r"<(.+?)>:[ \t]*(.*)$", re.S)
_ARGUMENT_REF = re.compile(r"<([^-].*?)>[ \t]*(.*)$", re.S)
# Placeholders for escaped characters while the text is being read (Unicode private use).
_HOLD = 0xF0000
_HELD = re.compile("[\U000f0000-\U000ffffd]")
_ESCAPE_OR_HELD = re.compile("\\\\(.)|[\U000f0000-\U000ffffd]", re.S)

RELATION_KINDS = {
    # symbol: (who relates to whom, kind); "child" means the element on the relation line.
    "+": ("child", "support"),
    "<+": ("child", "support"),
    "-": ("child", "attack"),
    "<-": ("child", "attack"),
    "+>": ("parent", "support"),
    "->": ("parent", "attack"),
    "<_": ("child", "undercut"),
    "_": ("child", "undercut"),
    "_>": ("parent", "undercut"),
    "><": ("both", "contradiction"),
}


@dataclass
class _Member:
    text: Optional[str]
    tags: list[str]
    data: dict[str, Any]
    line: int


@dataclass
class _Element:
    """A statement (equivalence class) or an argument, with every place it is written."""

    kind: str  # "statement" or "argument"
    title: Optional[str]
    members: list[_Member] = field(default_factory=list)
    pcs: bool = False

    @property
    def text(self) -> Optional[str]:
        for member in reversed(self.members):  # the last definition wins, as in Argdown
            if member.text:
                return member.text
        return None

    @property
    def tags(self) -> list[str]:
        tags: list[str] = []
        for member in self.members:
            tags.extend(t for t in member.tags if t not in tags)
        return tags

    @property
    def data(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for member in self.members:
            merged.update(member.data)
        return merged


@dataclass
class _Line:
    number: int
    indent: int
    text: str  # without the indentation


# A line (after the first of a paragraph) that Argdown only accepts at the start of a paragraph.
_PARAGRAPH_START = re.compile(r"(\[[^\]\n]+\](?!\()|<[^>\n]+>|#+ |\(\d+\))")
_RELATION_START = re.compile(r"(\+>|->|<\+|\+|<-|-|><|_>|<_|_)(?=[ \t]|$)")
# A definition inside a text: the opening may not repeat inside, which keeps the search linear.
_DEFINITION = re.compile(r"[\[<][^\]>\[<\n]+[\]>]:")


class _Reader:
    def __init__(self, text: str, file: str, lenient: bool = False):
        self.file = file
        self.lenient = lenient
        #: (line, column, message) for what Argdown's parser rejects, read past with ``lenient``.
        self.problems: list[tuple[int, int, str]] = []
        self.elements: dict[Any, _Element] = {}
        self.relations: list[tuple[Any, Any, str]] = []  # (from, to, kind)
        self.untitled = 0
        self.front: dict[str, Any] = {}
        self.headings = 0
        # A level-1 heading before any statement names the document, as a title would.
        self.top_heading: Optional[str] = None
        self.inferences = 0
        self.bad_data = 0
        self.last_argument: Any = None  # the argument a following premise-conclusion structure belongs to
        self.conclusion: dict[Any, Any] = {}  # argument -> the conclusion of its premise-conclusion structure
        self.defined_at_top: list[Any] = []  # statements defined at the head of a paragraph
        self._read(text)

    # -- structure ------------------------------------------------------------------------------

    def _read(self, text: str) -> None:
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = self._front_matter(text)
        lines = self._strip_comments(text)
        block: list[_Line] = []
        for line in lines + [None]:
            if line is None or not line.text.strip():
                if block:
                    for part in self._paragraphs(block):
                        self._block(part)
                block = []
            else:
                block.append(line)

    def _problem(self, line: int, col: int, message: str, action: str) -> None:
        """Something Argdown's parser rejects: an error, or with ``lenient`` a warning saying how it was read."""
        if not self.lenient:
            raise MapError(
                Problem(
                    f"{message}; Argdown's parser rejects this (--lenient reads past it)",
                    file=self.file,
                    line=line,
                    col=col,
                )
            )
        self.problems.append((line, col, f"{message}; {action}"))

    def _paragraphs(self, block: list[_Line]) -> list[list[_Line]]:
        """A block as Argdown's grammar reads it: what Argdown rejects is a problem (an error, or
        with ``lenient`` a warning), and an element that starts a line without a blank line before
        it starts a paragraph of its own instead of running into the text above."""
        first = block[0]
        m = _RELATION_START.match(first.text)
        if m:
            self._problem(
                first.number,
                first.indent + 1,
                f"a paragraph cannot start with a relation "
                f"('{m.group(1)}'): put the element it belongs to on the line above, with no blank "
                "line between",
                "read as an element of its own",
            )
            first.text = first.text[m.end() :].lstrip()
        pcs = _PCS_NUMBER.match(first.text) is not None
        listing = _LIST_ITEM.match(first.text) is not None
        parts: list[list[_Line]] = [[first]]
        inference = False
        for n, line in enumerate(block):
            text = line.text
            if n:
                if pcs and text.startswith("--"):
                    inference = not inference and not re.search(r"-{2,}", text[2:].strip())
                elif inference:
                    if "--" in text:
                        inference = False
                else:
                    relation = _RELATION_START.match(text)
                    start = _PARAGRAPH_START.match(text)
                    if relation and line.indent == 0 and not text.startswith("--"):
                        self._problem(
                            line.number,
                            1,
                            f"a relation ('{relation.group(1)}') must be indented under the element it belongs to",
                            "read as if it were",
                        )
                        line.indent = 1
                    elif (start and not relation and not (pcs and start.group(1).startswith("("))) or (
                        not listing and _LIST_ITEM.match(text)
                    ):
                        what = (
                            "a list item"
                            if not start
                            else "a heading"
                            if start.group(1).startswith("#")
                            else "a numbered premise"
                            if start.group(1).startswith("(")
                            else f"'{start.group(1)}'"
                        )
                        self._problem(
                            line.number,
                            line.indent + 1,
                            f"{what} must start a new paragraph (put a blank line before it)",
                            "read as a new paragraph",
                        )
                        parts.append([line])
                        continue
                parts[-1].append(line)
            self._check_definitions(line)
        return parts

    def _check_definitions(self, line: _Line) -> None:
        """A ``[Title]:`` or ``<Title>:`` anywhere but at the start of an element is an error in Argdown."""
        text = line.text
        if "]:" not in text and ">:" not in text:
            return
        start = 0
        m = _RELATION_START.match(text) or _PCS_NUMBER.match(text) or _LIST_ITEM.match(text)
        if m is not None:
            start = len(text) - len(text[m.end() if m.re is _RELATION_START else m.start(m.lastindex or 0) :].lstrip())
        for found in _DEFINITION.finditer(_outside_markup(text)):
            if found.start() != start:
                self._problem(
                    line.number,
                    line.indent + found.start() + 1,
                    f"'{found.group()}' defines an element in the middle of a text",
                    "read as text",
                )
                return

    def _front_matter(self, text: str) -> str:
        m = _FRONT_MATTER.match(text)
        if not m:
            return text
        from ..store.full import parse_full

        # argmap's own reader: it bounds what aliases expand to (a bomb here once made a 44 MB
        # string out of a 1 kB file) and how deep the front matter nests.
        try:
            data = parse_full(m.group(2), self.file).data
        except MapError as exc:
            problem = exc.problems[0]
            first = text[: m.start(2)].count("\n") + 1
            line = first + (problem.line - 1 if problem.line else 0)
            reason = problem.message.removeprefix("YAML syntax error: ")
            raise MapError(
                Problem(f"front matter is not valid YAML: {reason}", file=self.file, line=line, col=problem.col or 1)
            ) from None
        self.front = data if isinstance(data, dict) else {}
        # Keep the line count so that later problems name the right line.
        return "\n" * text[: m.end()].count("\n") + text[m.end() :]

    def _strip_comments(self, text: str) -> list[_Line]:
        text = blank_comments(text)
        out: list[_Line] = []
        for number, raw in enumerate(text.split("\n"), start=1):
            if "\x00" in raw:
                raw = raw.replace("\x00", "")
                if not raw.strip():
                    continue  # a line that only held a comment is not a blank line
            stripped = raw.lstrip(" \t")
            out.append(_Line(number, len(raw) - len(stripped), stripped.rstrip()))
        return out

    def _block(self, lines: list[_Line]) -> None:
        first = lines[0]
        if first.indent == 0 and _HEADING.match(first.text):
            self.headings += 1
            if first.text.startswith("# ") and self.headings == 1 and not self.defined_at_top:
                self.top_heading = " ".join(first.text[2:].split()) or None
            self.last_argument = None
            return
        if _PCS_NUMBER.match(first.text):
            self._pcs(lines)
            self.last_argument = None
            return
        items = self._items(lines)
        if _LIST_ITEM.match(first.text):
            heads = [i for i, item in enumerate(items) if item[0] == "item"]
            for n, start in enumerate(heads):
                end = heads[n + 1] if n + 1 < len(heads) else len(items)
                _, _, content, line = items[start]
                key = self._element(content, line)
                self._relations(key, items[start + 1 : end], base=items[start][1])
            self.last_argument = None
            return
        _, _, content, line = items[0]
        key = self._element(content, line)
        if self.elements[key].kind == "statement" and self.elements[key].members[-1].text:
            self.defined_at_top.append(key)
        self._relations(key, items[1:], base=0)
        self.last_argument = key if self.elements[key].kind == "argument" else None

    def _items(self, lines: list[_Line], pcs: bool = False) -> list[tuple[str, int, str, int]]:
        """Group lines into (what, indent, content, line number): what is "head", "item", a relation
        symbol, "number" or "inference"; continuation lines are joined to the item above. In a
        premise-conclusion structure (``pcs``), an inference rule opened with "--" must be closed."""
        items: list[list[Any]] = []
        in_inference = False
        opened = 0
        for line in lines:
            text = line.text
            if in_inference:
                if "--" in text:
                    in_inference = False
                    continue
                if not (pcs and _PCS_NUMBER.match(text)):
                    continue
                self._problem(
                    opened,
                    1,
                    "the inference rule opened with '--' here is not closed with '--' before "
                    f"the numbered statement on line {line.number}",
                    "read as closed before it",
                )
                in_inference = False
            if text.startswith("--"):
                rest = text[2:].strip()
                in_inference = not re.search(r"-{2,}", rest)
                opened = line.number
                items.append(["inference", line.indent, rest, line.number])
                continue
            if items:
                m = _RELATION.match(text)
                if m:
                    items.append([m.group(1), line.indent, m.group(2), line.number])
                    continue
            m = _PCS_NUMBER.match(text)
            if m:
                items.append(["number", line.indent, m.group(2), line.number])
                continue
            m = _LIST_ITEM.match(text)
            if m:
                items.append(["item", line.indent + 1, m.group(1), line.number])
                continue
            if not items:
                items.append(["head", 0, text, line.number])
            elif items[-1][0] == "inference":
                continue
            else:
                items[-1][2] += "\n" + text
        if in_inference and pcs:
            self._problem(
                opened,
                1,
                "the inference rule opened with '--' here is not closed with '--'",
                "read as closed at the end of the structure",
            )
        return [tuple(item) for item in items]

    def _relations(self, head: Any, items: list[tuple[str, int, str, int]], base: int) -> None:
        """Relation lines under an element, nested by indentation as Argdown's lexer nests them."""
        stack: list[tuple[int, Any]] = [(base, head)]
        for what, indent, content, line in items:
            if what not in RELATION_KINDS:
                continue
            if len(stack) > 1 and indent < stack[1][0]:
                # Argdown's lexer has no level to return to between the element and its first relation.
                self._problem(
                    line,
                    indent + 1,
                    f"a relation ('{what}') indented less than the first relation "
                    f"under its element (column {indent + 1}, the first at column {stack[1][0] + 1})",
                    "read as a relation of that element",
                )
                indent = stack[1][0]
            if indent > stack[-1][0] or len(stack) == 1:
                parent = stack[-1][1]
                child = self._element(content, line)
                stack.append((indent, child))
            else:
                while len(stack) > 2 and indent < stack[-1][0]:
                    stack.pop()
                parent = stack[-2][1]
                child = self._element(content, line)
                stack[-1] = (stack[-1][0], child)
            self._relate(parent, child, what)

    def _relate(self, parent: Any, child: Any, symbol: str) -> None:
        who, kind = RELATION_KINDS[symbol]
        if who == "child":
            self.relations.append((child, parent, kind))
        else:
            self.relations.append((parent, child, kind))

    def _pcs(self, lines: list[_Line]) -> None:
        """A premise-conclusion structure: premises, inference lines, conclusions; relations under them."""
        argument = self.last_argument
        if argument is None:
            self.untitled += 1
            argument = ("argument", None, self.untitled)
            self.elements[argument] = _Element("argument", None, [_Member(None, [], {}, lines[0].number)])
        self.elements[argument].pcs = True
        items = self._items(lines, pcs=True)
        self._check_pcs(items)
        # Intermediary conclusions are kept as premises of the argument: argmap has no inner structure.
        statements: list[Any] = []
        i = 0
        while i < len(items):
            what, indent, content, line = items[i]
            if what == "inference":
                self.inferences += 1
                i += 1
                continue
            if what != "number":
                i += 1
                continue
            key = self._element(content, line, statement_only=True)
            statements.append(key)
            end = i + 1
            while end < len(items) and items[end][0] in RELATION_KINDS:
                end += 1
            self._relations(key, list(items[i + 1 : end]), base=0)
            i = end
        if not statements:
            return
        self.relations.append((argument, statements[-1], "support"))
        self.conclusion[argument] = statements[-1]
        for key in statements[:-1]:
            self.relations.append((key, argument, "support"))

    def _check_pcs(self, items: list[tuple[str, int, str, int]]) -> None:
        """Argdown's grammar ends a premise-conclusion structure with an inference and one conclusion."""
        numbers = [(n, item) for n, item in enumerate(items) if item[0] == "number"]
        inferences = [n for n, item in enumerate(items) if item[0] == "inference"]
        if not numbers:
            return
        last = inferences[-1] if inferences else -1
        after = [item for n, item in numbers if n > last]
        if not after:
            self._problem(
                items[last][3],
                items[last][1] + 1,
                "an inference ('----') must be followed by its conclusion, a numbered statement",
                "the last numbered statement read as the conclusion",
            )
        elif last < 0:
            self._problem(
                after[-1][3],
                after[-1][1] + 1,
                "a premise-conclusion structure with no inference ('----'): "
                "it needs premises, an inference and a conclusion after it",
                "the last numbered statement read as the conclusion",
            )
        elif len(after) > 1:
            self._problem(
                after[-1][3],
                after[-1][1] + 1,
                "a numbered statement after the conclusion with no inference "
                "('----') above it: a premise-conclusion structure ends with an inference and one conclusion",
                "read as the conclusion",
            )

    # -- elements -------------------------------------------------------------------------------

    def _element(self, content: str, line: int, statement_only: bool = False) -> Any:
        content = content.strip()
        kind, title, rest, reference = "statement", None, content, False
        for pattern, k, ref in (
            (_STATEMENT_DEF, "statement", False),
            (_ARGUMENT_DEF, "argument", False),
            (_STATEMENT_REF, "statement", True),
            (_ARGUMENT_REF, "argument", True),
        ):
            m = pattern.match(content)
            if m and not (statement_only and k == "argument"):
                kind, title, rest, reference = k, m.group(1).strip(), m.group(2), ref
                break
        text, tags, data = self._content(rest)
        if reference and text:
            # "[Title] more words" is not a reference followed by tags: read it as plain text.
            kind, title, (text, tags, data) = "statement", None, self._content(content)
        if title is None:
            self.untitled += 1
            key: Any = (kind, None, self.untitled)
        else:
            key = (kind, title)
        element = self.elements.get(key)
        if element is None:
            element = self.elements[key] = _Element(kind, title)
        element.members.append(_Member(text or None, tags, data, line))
        return key

    def _content(self, raw: str) -> tuple[str, list[str], dict[str, Any]]:
        """Text, tags and {data} of an element, with escapes, emphasis and trailing tags undone."""
        held: list[tuple[str, bool]] = []  # (character, whether it was escaped)

        def hold(m: re.Match[str]) -> str:
            escaped = m.group(1) is not None
            held.append((m.group(1) if escaped else m.group(), escaped))
            return chr(_HOLD + len(held) - 1)

        # Text may itself hold the characters used as placeholders: those are held too.
        text = _ESCAPE_OR_HELD.sub(hold, raw)
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
        data: dict[str, Any] = {}
        if text.endswith("}"):
            start = _matching_open(text)
            if start >= 0:
                data = self._data(_unhold(text[start:], held, keep_backslash=True))
                text = text[:start].rstrip()
        links = link_spans(text)
        tags = find_tags(text, links)
        text = strip_trailing_tags(text, links)
        if links:
            # A link is one token in Argdown: nothing in it is emphasis. "[url](url)" is how the
            # export writes a bare address (a bare "//" would start a comment): it reads back bare.
            parts, last = [], 0
            for start, end in links:
                if end > len(text):
                    break
                link = _unhold(text[start:end], held)
                label, _, target = link[1:-1].partition("](")
                held.append((target if label == target else link, False))
                parts.extend([text[last:start], chr(_HOLD + len(held) - 1)])
                last = end
            text = "".join(parts) + text[last:]
        for _ in range(3):  # nested emphasis, **_like this_**
            text = unwrap(text, ("**", "__"), check_before=False)
            text = unwrap(text, ("*", "_"), check_before=True)
        text = _unhold(text, held)
        tags = [_unhold(t, held).strip() for t in tags]
        return text.strip(), [t for t in dict.fromkeys(tags) if t], data

    def _data(self, text: str) -> dict[str, Any]:
        from ..store.full import parse_full

        try:
            value = parse_full(text, self.file).data  # bounded, like the front matter
        except MapError:
            self.bad_data += 1
            return {}
        return value if isinstance(value, dict) else {}


def _outside_markup(text: str) -> str:
    """The line with escaped characters, ``#(tags)``, links and a closing ``{data}`` block blanked
    out (same length), so that a ``[Title]:`` inside them is not taken for a definition."""
    chars = list(text)
    i = text.find("\\")
    while i >= 0:
        chars[i : i + 2] = " " * len(chars[i : i + 2])
        i = text.find("\\", i + 2)
    stripped = text.rstrip()
    if stripped.endswith("}"):
        opening = _matching_open(stripped)
        if opening >= 0:
            chars[opening:] = " " * (len(chars) - opening)
    for a, b in link_spans(text):
        chars[a:b] = " " * (b - a)
    close = next_index(text, ")")
    i = text.find("#(")
    while i >= 0:
        end = close[i + 2] if i + 2 <= len(text) else len(text)
        chars[i : end + 1] = " " * len(chars[i : end + 1])
        i = text.find("#(", end + 1)
    return "".join(chars)


def _unhold(text: str, held: list[tuple[str, bool]], keep_backslash: bool = False) -> str:
    def back(m: re.Match[str]) -> str:
        char, escaped = held[ord(m.group()) - _HOLD]
        return "\\" + char if escaped and keep_backslash else char

    return _HELD.sub(back, text)


def _matching_open(text: str) -> int:
    """Index of the "{" that opens the "}" ending ``text``, or -1."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            depth -= 1
            if depth == 0:
                return i
    return -1


# -- import ---------------------------------------------------------------------------------------------


def is_argdown(text: str) -> bool:
    """A guess from content: a statement or argument defined at the start of a line, or
    titled elements with relation lines under them."""
    sample = text[:20000]
    # "[Title]: text" or "<Title>: text" (but not a Markdown link definition, "[1]: https://...").
    if re.search(r"^[ \t]*(?:\[[^\]\n]+\]|<[^>\n]+>):[ \t]+(?!\S*://)\S", sample, re.M):
        return True
    titled = len(re.findall(r"^[ \t]*[\[<][^\]>\n]+[\]>]", sample, re.M))
    relations = len(re.findall(r"^[ \t]+(?:\+>|->|<\+|<-|<_|_>|><|[+\-])[ \t]", sample, re.M))
    return titled >= 1 and relations >= 1


def read_argdown(text: str, file: str = "<string>", lenient: bool = False) -> Imported:
    """Read an Argdown document into a map.

    Raises :class:`~argmap.MapError` (one located problem) when the front matter is not YAML,
    the document holds no statement or argument, or Argdown's parser would reject it; with
    ``lenient`` the last are warnings in the report, and the rest of the document is read.
    """
    report = ImportReport(file=file, format="Argdown", unit="statements and arguments")
    reader = _Reader(text, file, lenient)
    for line, col, message in reader.problems:
        report.warn(line, col, message)
    elements = reader.elements
    report.read = len(elements)
    if not elements:
        raise MapError(Problem("no statements or arguments found: is this an Argdown file?", file=file, line=1, col=1))

    related = {key for rel in reader.relations for key in rel[:2]}
    nodes: dict[Any, TreeNode] = {}
    untitled_prose = no_text = 0
    sources = _front_sources(reader.front)
    extra_fields = 0
    # argmap's own export titles nodes whose ids are not written with readable phrases: those
    # read back with ids derived from their text again.
    ours = isinstance(reader.front.get("argmap"), dict)
    question_key = next(
        (
            key
            for key, element in elements.items()
            if element.kind == "statement" and QUESTION_TAG in element.tags and key not in related and element.text
        ),
        None,
    )
    empty_targets = 0
    for key, element in elements.items():
        if element.title is None and element.kind == "statement" and key not in related:
            untitled_prose += 1
            continue
        statement = element.text
        if element.title is None and element.kind == "statement" and not statement:
            empty_targets += 1  # "+" with nothing after it: Argdown makes an empty statement of it
            continue
        if not statement:
            statement = element.title or _conclusion_text(key, reader, elements) or "An argument"
            no_text += 1
        hint = element.title if not (ours and element.title and not is_slug(element.title)) else None
        node = TreeNode(statement, id_hint=hint)
        node.fields["tags"] = [t for t in element.tags if not (key == question_key and t == QUESTION_TAG)]
        extra_fields += _data_fields(node, element.data, sources)
        nodes[key] = node

    # Argdown's model keeps one of two equal relations when an argument is drawn with a relation
    # that its conclusion also has (both attack T, say): counting both would attack T twice.
    stated = set(reader.relations)
    implied = [
        (source, target, kind)
        for source, target, kind in reader.relations
        if source in reader.conclusion
        and target != reader.conclusion[source]
        and (reader.conclusion[source], target, kind) in stated
    ]
    if implied:
        gone = set(implied)
        reader.relations = [rel for rel in reader.relations if rel not in gone]
        report.drop(
            len(implied),
            "relations of an argument that its conclusion also has",
            "as in Argdown's model, the conclusion's relation is kept, so the target is not attacked or "
            "supported twice",
        )
    relations: list[Relation] = []
    for source, target, kind in reader.relations:
        if source not in nodes or target not in nodes:
            continue
        if kind == "support":
            relations.append(Relation(source, target, "support"))
        elif kind == "attack":
            relations.append(Relation(source, target, "attack"))
        elif kind == "undercut":
            relations.append(Relation(source, target, "attack", (UNDERCUT_TAG,)))
        else:  # contradiction: each attacks the other
            relations.append(Relation(source, target, "attack"))
            relations.append(Relation(target, source, "attack"))
    contradictions = sum(1 for rel in reader.relations if rel[2] == "contradiction")
    if contradictions:
        report.note(f"{counted(contradictions, 'contradiction')} (><) became attacks both ways")
    pcs = sum(1 for e in elements.values() if e.pcs)
    if pcs:
        report.note(
            f"{counted(pcs, 'premise-conclusion structure')}: each argument supports its conclusion, and its "
            "premises support the argument"
        )
    if no_text:
        report.note(
            f"{counted(no_text, 'statement or argument', 'statements or arguments')} with no text of "
            "its own got its title (or its conclusion) as text"
        )
    report.drop(
        empty_targets,
        "relations with nothing after the symbol",
        "Argdown reads an empty statement there, and an argmap node needs text",
    )
    redefined = [e for e in elements.values() if len({m.text for m in e.members if m.text}) > 1]
    if redefined:
        last = [next(m.line for m in reversed(e.members) if m.text) for e in redefined]
        lines = ", ".join(map(str, last[:5])) + (", ..." if len(last) > 5 else "")
        report.note(
            f"{counted(len(redefined), 'statement or argument', 'statements or arguments')} defined more "
            f"than once with different texts: the last text kept, as Argdown does (line {lines})"
        )
    report.drop(
        untitled_prose,
        "untitled statements that nothing relates to",
        "they are prose between the arguments (Argdown leaves them out of its maps too)",
    )
    report.drop(reader.headings, "headings", "argmap maps have no sections")
    report.drop(reader.inferences, "inference rules of premise-conclusion structures", "argmap has no place for them")
    report.drop(reader.bad_data, "{data} blocks that are not YAML", "they could not be read")
    report.drop(
        extra_fields,
        "{data} fields other than by, weight, note, status and the cite",
        "argmap nodes have no such fields",
    )
    front_keys = [k for k in reader.front if k not in ("title", "argmap")]
    report.drop(
        len(front_keys),
        f"front matter settings ({', '.join(map(str, front_keys))})",
        "they configure Argdown's own output",
    )

    name = PurePath(file).stem if file not in ("<string>", "<stdin>") else None
    title = reader.front.get("title") if isinstance(reader.front.get("title"), str) else None
    title = " ".join(title.split()) if title else None
    question = nodes.pop(question_key) if question_key is not None else None
    if question is not None:
        question.kind = "question"
        report.note(f"the statement tagged #{QUESTION_TAG} that nothing relates to became the question of the map")
    # The positions of a question are the statements defined at the head of a paragraph; their
    # relations to each other are cross-links.
    positions = list(dict.fromkeys(k for k in reader.defined_at_top if k in nodes)) if question else []
    made = made_question("Argdown document", title or reader.top_heading, file)
    root = graph_to_tree(nodes, relations, report, made, question=question, forced_tops=positions)
    meta = reader.front.get("argmap")
    meta = meta if isinstance(meta, dict) else {}
    extra: dict[str, Any] = {}
    if isinstance(meta.get("description"), str):
        extra["description"] = meta["description"]
    if sources:
        extra["sources"] = sources
    map_id = (
        meta.get("id") if isinstance(meta.get("id"), str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", meta["id"]) else None
    )
    if root.id_hint and map_id is None:
        map_id = slugify(root.id_hint, max_length=60)
    if root is made and not title and reader.top_heading:
        report.note(f"the first heading, “{reader.top_heading}”, names the question and is the map's title")
    data = tree_to_data(
        root, title=title or ((reader.top_heading or name) if root is made else None), map_id=map_id, extra=extra
    )
    return finish(data, report, file)


def _conclusion_text(key: Any, reader: _Reader, elements: dict[Any, _Element]) -> Optional[str]:
    for source, target, kind in reader.relations:
        if source == key and kind == "support" and elements[target].text:
            return f"An argument for: {elements[target].text}"
    return None


def _front_sources(front: dict[str, Any]) -> dict[str, Any]:
    meta = front.get("argmap")
    sources = meta.get("sources") if isinstance(meta, dict) else None
    if not isinstance(sources, dict):
        return {}
    out = {}
    for key, value in sources.items():
        if isinstance(value, dict) and isinstance(value.get("title"), str) and value["title"].strip():
            allowed = ("title", "short", "url", "date", "author", "publisher", "file", "note")
            out[str(key)] = {
                k: (v if k == "date" and not isinstance(v, (str,)) else str(v))
                for k, v in value.items()
                if k in allowed and v is not None
            }
    return out


def _data_fields(node: TreeNode, data: dict[str, Any], sources: dict[str, Any]) -> int:
    """Take argmap fields from an element's {data}; return how many other fields there were."""
    unused = 0
    for key, value in data.items():
        if key == "by" and isinstance(value, str) and value.strip():
            node.fields["by"] = value.strip()
        elif key == "weight" and isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            node.fields["weight"] = float(value)
        elif key == "note" and isinstance(value, str) and value.strip():
            node.fields["note"] = value
        elif key == "status" and value in ("proposed", "rejected"):
            node.fields["status"] = value
        elif key in ("source", "at", "quote", "url"):
            continue
        elif key == "cites" and isinstance(value, list):
            cites = [c for c in (_cite(item, sources) for item in value) if c is not None]
            if cites:
                node.fields["cites"] = cites
            unused += len(value) - len(cites)
        else:
            unused += 1
    cite = _cite(data, sources)
    if cite is not None:
        node.fields["cite"] = cite
    return unused


def _cite(data: Any, sources: dict[str, Any]) -> Optional[dict[str, Any]]:
    """A cite from ``{source, at, quote, url}`` (the source declared when it is new), or None."""
    source = data.get("source") if isinstance(data, dict) else None
    if not isinstance(source, str) or not source.strip():
        return None
    if source not in sources:
        sources[source] = {"title": source}
    cite: dict[str, Any] = {"source": source}
    for key in ("at", "quote", "url"):
        if isinstance(data.get(key), (str, int, float)) and not isinstance(data.get(key), bool):
            cite[key] = data[key]
    return cite


# -- export -------------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"\.[^\s]+?\.|:[^\s]+?:")
_MUST_ESCAPE = set("\\#[]<>{}*_")
#: Characters Argdown reads as tokens of their own ("unused control characters").
_CONTROL = set("@#*_[],.:;</>-(){}")


def write_argdown(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> Exported:
    """Write a map as Argdown that Argdown's parser reads without errors, every node and relation kept.

    Only accepted nodes are written unless ``statuses`` says otherwise. A node whose id is
    written in the map is titled with its id; the others get a short title from their first
    words (see :func:`titles`). A question-rooted map is written as a statement tagged
    ``#question`` followed by its positions, each a statement of its own.
    """
    from ..store.writer import dump as dump_yaml

    statuses = statuses or {"accepted"}
    result = Exported("", "Argdown")
    count_left_out(argmap, statuses, result)
    question = argmap.kind == "question"
    title_of = titles(argmap, statuses)
    out: list[str] = []
    meta: dict[str, Any] = {"id": argmap.id}
    if argmap.description:
        meta["description"] = argmap.description
    if argmap.sources:
        meta["sources"] = {key: source.to_data() for key, source in argmap.sources.items()}
    front: dict[str, Any] = {}
    if argmap.title:
        front["title"] = argmap.title
    front["argmap"] = meta
    out.append("===")
    out.append(dump_yaml(front).rstrip("\n"))
    out.append("===")
    out.append("")
    multiline = 0
    written = 0

    def element(node: Any, is_statement: bool) -> str:
        nonlocal multiline, written
        written += 1
        if "\n" in node.text.strip():
            multiline += 1
        text = _escape(one_paragraph(node.text))
        title = title_of[node.id]
        head = f"[{title}]: {text}" if is_statement else f"<{title}>: {text}"
        tags = list(node.tags)
        if node is argmap and question:
            tags = [QUESTION_TAG] + [t for t in tags if t != QUESTION_TAG]
        for tag in tags:
            tag = one_paragraph(tag)  # a line break in a tag would start a new Argdown element
            head += f" #({tag.replace(')', ']')})" if ")" in tag else f" #({tag})"
        data = _node_data(node)
        if data:
            head += " " + _data_text(data)
        return head

    entries = list(argmap.walk(statuses))
    out.append(element(argmap, True))
    # Statements: the central claim (or the question), and the positions standing beside it.
    # The rest are arguments, each on a relation line under its parent, depth first.
    statements = {argmap.id} | {e.node.id for e in entries[1:] if question and e.parent is argmap}
    depth_of = {argmap.id: 0}
    for entry in entries[1:]:
        node = entry.node
        assert entry.parent is not None  # only the central claim, entries[0], has none
        if question and entry.parent is argmap:
            if out and out[-1] != "":
                out.append("")
            out.append(element(node, True))
            depth_of[node.id] = 0
            continue
        depth = depth_of[entry.parent.id] + 1
        depth_of[node.id] = depth
        if entry.relation == "premises":
            symbol = "+"
        elif UNDERCUT_TAG in node.tags and entry.parent.id not in statements:
            symbol = "<_"
        else:
            symbol = "-"
        out.append("  " * depth + f"{symbol} {element(node, False)}")

    kept = {e.node.id for e in entries}
    links: dict[str, list[tuple[str, str]]] = {}
    dropped_links = 0
    for source_id, link, target_id in argmap.cross_links():
        if source_id in kept and target_id in kept:
            links.setdefault(source_id, []).append((link, target_id))
        else:
            dropped_links += 1

    def ref(node_id: str) -> str:
        return f"[{title_of[node_id]}]" if node_id in statements else f"<{title_of[node_id]}>"

    for source_id, targets in links.items():
        out.append("")
        out.append(ref(source_id))
        for link, target_id in targets:
            out.append(f"  {'+>' if link == 'supports' else '->'} {ref(target_id)}")
    if links:
        result.converted.append(
            f"{counted(sum(len(t) for t in links.values()), 'cross-link')} written as +> / -> relations"
        )
    result.drop(dropped_links, "cross-links to or from nodes left out", "their other end is not written")
    if multiline:
        result.converted.append(
            f"line breaks inside {counted(multiline, 'text')} became spaces (an Argdown statement is one paragraph)"
        )
    if question:
        result.converted.append(
            f"the question is a statement tagged #{QUESTION_TAG}; its positions are statements "
            "beside it (Argdown has no questions of its own)"
        )
    result.text = "\n".join(out).rstrip("\n") + "\n"
    result.nodes = written
    return result


#: Tag of the statement that holds the question of a question-rooted map.
QUESTION_TAG = "question"
_TITLE_WORDS = 5
_TITLE_CHARS = 36
_TITLE_UNSAFE = re.compile(r"[^\w\s,'-]")


def titles(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> dict[str, str]:
    """The Argdown title of every node: its id when the id is written in the map (or is the
    map's), else a short readable title from its first words, unique in the document.

    Reading the document back, a title that is not a slug gives a node whose id is derived
    from its text again (the map's front matter says argmap wrote it), so ids survive.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    nodes = list(argmap.nodes(statuses))
    for node in nodes:
        if node is argmap or not getattr(node, "derived_id", False):
            out[node.id] = node.id
            used.add(node.id.lower())
    for node in nodes:
        if node.id in out:
            continue
        # A link's label, not its address; no bare addresses either.
        plain = _BARE_URL.sub(" ", re.sub(r"\[([^\]\n]*)\]\([^)\n]*\)", r"\1", one_paragraph(node.text)))
        words = _TITLE_UNSAFE.sub(" ", plain).split()
        title = ""
        for word in words[:_TITLE_WORDS]:
            if title and len(title) + 1 + len(word) > _TITLE_CHARS:
                break
            title = f"{title} {word}" if title else word[:_TITLE_CHARS]
        title = title.strip(",'- ") or "Untitled"
        title = title[0].upper() + title[1:]
        if is_slug(title):  # "42": a slug would read back as a written id
            title = f"Point {title}"
        candidate, n = title, 2
        while candidate.lower() in used:
            candidate, n = f"{title} {n}", n + 1
        used.add(candidate.lower())
        out[node.id] = candidate
    return out


def one_paragraph(text: str) -> str:
    """The text as Argdown reads it back: its lines joined by single spaces (spaces within lines kept)."""
    return " ".join(line.strip() for line in text.strip().split("\n") if line.strip())


def _node_data(node: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if node.by:
        data["by"] = node.by
    if getattr(node, "weight", 0.5) != 0.5:
        data["weight"] = node.weight
    if node.note:
        data["note"] = node.note
    if getattr(node, "status", None):
        data["status"] = node.status
    if node.cite is not None:
        data.update(_cite_data(node.cite))
    if node.cites:
        data["cites"] = [_cite_data(cite) for cite in node.cites]
    return data


def _cite_data(cite: Any) -> dict[str, Any]:
    return {key: getattr(cite, key) for key in ("source", "at", "quote", "url") if getattr(cite, key) is not None}


def _data_text(data: dict[str, Any]) -> str:
    # JSON is YAML; braces inside strings are escaped because Argdown finds the end of a
    # {data} block with a pattern that would stop at them.
    # A nested mapping (a cite in "cites") keeps its own braces: Argdown's pattern allows a "}"
    # followed by "," or "]".
    return _json_flow(data)


def _json_flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_flow(str(k))}: {_json_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_flow(v) for v in value) + "]"
    text = json.dumps(value, ensure_ascii=False, default=str)
    # "\/" (JSON's and YAML's escape for "/") so that no "//" in a URL starts a comment.
    return text.replace("{", "\\u007b").replace("}", "\\u007d").replace("/", "\\/")


_BARE_URL = re.compile(r"https?://[^\s\[\](){}<>\\\"']+")
_SAFE_LABEL = re.compile(r"[^\[\]{}\\\n]+")
_SAFE_TARGET = re.compile(r"[^\s\[\](){}<>\\]+")


def _escape(text: str) -> str:
    """Text as Argdown reads it back: links written as Argdown's users write them
    (``[label](url)``, a bare address as ``[url](url)``, nothing in them escaped), the rest
    escaped where Argdown would read markup."""
    out: list[str] = []
    last = 0
    spans = [(a, b, text[a:b]) for a, b in link_spans(text)]
    for m in _BARE_URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        if not any(a <= m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.start() + len(url), f"[{url}]({url})"))
    for start, end, link in sorted(spans):
        label, _, target = link[1:-1].partition("](")
        if (
            start < last
            or not _SAFE_LABEL.fullmatch(label)
            or not _SAFE_TARGET.fullmatch(target)
            or (start > 0 and not text[start - 1].isspace())
            or text[end : end + 2].isspace()
        ):
            # Escaped with the rest: Argdown reads it back as it is, if less readably. (A link
            # glued to the word before it might be read as part of a ".x." shortcode; Argdown's
            # link takes one space after it, so a run of spaces after one would shrink.)
            continue
        out.append(_escape_plain(text[last:start]))
        out.append(link)
        last = end
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    """Escape what Argdown would read as markup, so that its parser gives back this text."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _MUST_ESCAPE:
            out.append("\\" + ch)
            i += 1
            continue
        if ch == "/" and i + 1 < n and text[i + 1] in "/*":
            out.append("\\/")
            i += 1
            continue
        # After punctuation Argdown keeps one space and drops the rest of a run; after an
        # escaped character it keeps them all.
        spaced = text.startswith(("  ", " \t", "\t ", "\t\t"), i + 1)
        if ch in ".:":
            m = _SPECIAL.match(text, i)
            if m:
                if _shortcode_like(m.group()[1:-1]) or text.startswith(("  ", " \t", "\t ", "\t\t"), m.end()):
                    out.append("\\" + ch)
                    i += 1
                    continue
                # Argdown reads an unknown ".x." whole and keeps it as it is: nothing in it is markup.
                out.append(m.group())
                i = m.end()
                continue
        if spaced and ch in _CONTROL:
            out.append("\\" + ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _shortcode_like(inner: str) -> bool:
    """Whether ``.inner.`` or ``:inner:`` might be one of Argdown's shortcodes (``:heart:``, ``.A.``)."""
    if inner.isdigit() or len(inner) > 14:
        return False
    return not (len(inner) == 1 and inner.islower() and inner != "v")
