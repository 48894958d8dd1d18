"""The full, position-aware YAML reader: any YAML document, with a place for every key and value.

It runs when the fast reader gives up, and when a problem needs a line and column.
Events come from PyYAML's libyaml binding (C, fast); this module builds plain data
from them, resolving plain scalars by the YAML 1.2 core schema (the same rules the
round-trip writer, ruamel.yaml, applies), and notes what a map may not contain:
duplicate keys, explicit tags, merge keys, complex keys, recursive aliases and alias
bombs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from ..errors import MapError, Problem, clip
from ..errors import Path as DataPath

#: A document may hold at most this many values (keys, scalars, lists and mappings), aliases expanded.
MAX_EXPANDED_NODES = 2_000_000
#: Lists and mappings may nest at most this deep (a map whose nodes sit MAX_DEPTH levels
#: deep needs about twice as many). Deeper documents would cost time quadratic in depth.
MAX_NESTING = 1000

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
# First characters of plain scalars that may be something other than a string in YAML 1.2.
_MAYBE_TYPED = frozenset("-+.0123456789tTfFnN~<=")


@dataclass
class Positions:
    """Where each key and value of a parsed document sits in its text (1-based)."""

    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: DataPath, what: str = "value") -> tuple[int, int]:
        """Position of the key or value at ``path``, or of the nearest enclosing one that exists."""
        table = self.keys if what == "key" else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Parsed:
    """A parsed document: its data, and, after the full reader ran, positions and YAML-level problems."""

    data: Any
    positions: Optional[Positions] = None
    problems: tuple[Problem, ...] = ()
    #: No string in ``data`` is longer than this, when the reader knows such a bound.
    longest: Optional[int] = None


@lru_cache(maxsize=4096)
def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.2, exactly as ruamel.yaml reads it."""
    if not text or text[0] not in _MAYBE_TYPED:
        return text if text else None
    from ruamel.yaml.nodes import ScalarNode

    tag = _resolver().resolve(ScalarNode, text, (True, False))
    if str(tag) in (_CORE + "merge", _CORE + "value"):
        return text  # "<<" and "=" as values are just text
    return _constructor().construct_object(ScalarNode(tag, text))


def _construct(tag: str, text: str) -> Any:
    """A scalar with an explicit standard tag (``!!int "3"``)."""
    from ruamel.yaml.nodes import ScalarNode

    if tag == _CORE + "str":
        return text
    return _constructor().construct_object(ScalarNode(tag, text))


@lru_cache(maxsize=1)
def _resolver() -> Any:
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 2))


@lru_cache(maxsize=1)
def _constructor() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).constructor


def _unreadable(text: str, exc: Exception) -> str:
    digits = text.lstrip("+-")
    if len(digits) > 4000 and digits.isdigit():  # past Python's limit on converting integers
        return f"a number of {len(digits):,} digits is too long to read (write it in quotes if it is text)"
    return f"cannot read value {clip(text)!r}: {str(exc).splitlines()[0]}"


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Frame:
    __slots__ = ("value", "path", "is_map", "key", "key_ok", "seen", "size", "anchor", "index")

    def __init__(self, value: Any, path: DataPath, anchor: Optional[str]):
        self.value = value
        self.path = path
        self.is_map = isinstance(value, dict)
        self.key: Any = None  # the key whose value comes next (mappings)
        self.key_ok = True  # False when that value must be read but dropped (duplicate/bad key)
        self.seen: dict[Any, int] = {}
        self.size = 1
        self.anchor = anchor
        self.index = 0  # next index (sequences) / whether a key is pending (mappings: 0 or 1)


def parse_full(text: str, file: str = "<string>") -> Parsed:
    """Parse any YAML document, recording positions and the problems a map must not have.

    Raises :class:`MapError` for a syntax error, a recursive alias or an alias bomb.
    """
    import yaml

    positions = Positions()
    problems: list[Problem] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded size)
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    root: Any = None
    have_root = False
    total = 0

    def problem(mark: Any, message: str) -> None:
        problems.append(Problem(message, file=file, line=mark.line + 1, col=mark.column + 1))

    def place(value: Any, size: int, mark: Any, anchor: Optional[str] = None) -> None:
        """Put a finished value into the innermost open collection (or make it the root)."""
        nonlocal root, have_root
        if anchor:
            anchors[anchor] = (value, size)
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        frame.size += size
        if not frame.is_map:
            frame.value.append(value)
            frame.index += 1
            return
        if frame.index == 0:  # this value is a key
            frame.index = 1
            frame.key_ok = True
            frame.key = value
            if isinstance(value, (dict, list)):
                problem(mark, "a key must be a plain value, not a mapping or list")
                frame.key_ok = False
            elif not _hashable(value):
                frame.key_ok = False
            elif value in frame.seen:
                problem(mark, f"duplicate key {value!r} (first defined on line {frame.seen[value]})")
                frame.key_ok = False
            else:
                frame.seen[value] = mark.line + 1
                positions.keys[frame.path + (value,)] = (mark.line + 1, mark.column + 1)
            return
        frame.index = 0
        if frame.key_ok:
            frame.value[frame.key] = value

    def child_path() -> DataPath:
        if not stack:
            return ()
        frame = stack[-1]
        if frame.is_map:
            return frame.path + (frame.key,) if frame.index == 1 and frame.key_ok else frame.path + ("<key>",)
        return frame.path + (frame.index,)

    event: Any  # told apart by its class name below, which is quicker than isinstance and opaque to mypy
    try:
        for event in yaml.parse(text, Loader=_loader()):
            kind = type(event).__name__
            if kind == "ScalarEvent":
                mark = event.start_mark
                path = child_path()
                positions.values.setdefault(path, (mark.line + 1, mark.column + 1))
                tag = event.tag
                if tag is None or tag == "!":
                    try:
                        value: Any = resolve_plain(event.value) if event.implicit[0] and tag is None else event.value
                    except Exception as exc:  # looks like a date or time but is none (2025-13-01)
                        problem(mark, _unreadable(event.value, exc))
                        value = event.value
                elif tag in _ALLOWED_TAGS:
                    try:
                        value = _construct(tag, event.value)
                    except Exception as exc:  # a malformed explicit number or timestamp
                        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                        problem(mark, f"cannot read value {event.value!r}: {reason}")
                        value = event.value
                else:
                    problem(mark, f"YAML tag {tag!r} is not allowed in a map (only plain values)")
                    value = event.value
                merge_key = stack and stack[-1].is_map and stack[-1].index == 0 and value == "<<" and event.implicit[0]
                total += 1
                if total > MAX_EXPANDED_NODES:
                    _too_many(problem, mark)
                    raise MapError(problems)
                place(value, 1, mark, event.anchor)
                if merge_key:
                    problem(mark, "YAML merge keys (<<) are not supported in maps")
                    stack[-1].key_ok = False
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                mark = event.start_mark
                path = child_path()
                positions.values.setdefault(path, (mark.line + 1, mark.column + 1))
                tag = event.tag
                if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                    problem(mark, f"YAML tag {tag!r} is not allowed in a map (only plain values)")
                if event.anchor:
                    open_anchors.add(event.anchor)
                total += 1
                if total > MAX_EXPANDED_NODES:
                    _too_many(problem, mark)
                    raise MapError(problems)
                if len(stack) >= MAX_NESTING:
                    problem(mark, f"lists and mappings are nested more than {MAX_NESTING:,} levels deep here")
                    raise MapError(problems)
                stack.append(_Frame({} if kind == "MappingStartEvent" else [], path, event.anchor))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                frame = stack.pop()
                if frame.anchor:
                    open_anchors.discard(frame.anchor)
                place(frame.value, frame.size, event.start_mark, frame.anchor)
            elif kind == "AliasEvent":
                mark = event.start_mark
                if event.anchor in open_anchors:
                    problem(mark, "an alias refers to a node that contains it (a recursive alias)")
                    raise MapError(problems)
                if event.anchor not in anchors:
                    problem(mark, f"alias *{event.anchor} refers to no anchor (&{event.anchor}) defined before it")
                    raise MapError(problems)
                value, size = anchors[event.anchor]
                total += size
                if total > MAX_EXPANDED_NODES:
                    problem(
                        mark, f"aliases expand this document past {MAX_EXPANDED_NODES:,} values: is it an alias bomb?"
                    )
                    raise MapError(problems)
                positions.values.setdefault(child_path(), (mark.line + 1, mark.column + 1))
                place(value, size, mark)
            elif kind == "DocumentStartEvent" and have_root:
                problem(event.start_mark, "a map file holds one YAML document; this is a second one")
                break
    except yaml.MarkedYAMLError as exc:
        raise MapError(_syntax_problem(exc, file, text)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where it is
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise MapError(
            Problem(
                f"character U+{code:04X} is not allowed in YAML (write it as an escape "
                "in double quotes if it is meant)",
                file=file,
                line=line,
                col=col,
            )
        ) from None
    except UnicodeEncodeError as exc:  # only str passed in by a program can hold a lone surrogate
        line = text.count("\n", 0, exc.start) + 1
        col = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
        raise MapError(
            Problem("the text holds a lone surrogate, which is not a character", file=file, line=line, col=col)
        ) from None
    except yaml.YAMLError as exc:
        raise MapError(Problem(f"YAML error: {str(exc).splitlines()[0]}", file=file, line=1, col=1)) from None
    except RecursionError:
        raise MapError(Problem("the document is nested too deeply to read", file=file, line=1, col=1)) from None
    positions.values.setdefault((), (1, 1))
    return Parsed(root, positions, tuple(problems))


def _too_many(problem: Any, mark: Any) -> None:
    # Counted as the document is read, so that memory stays bounded however it is written.
    problem(mark, f"the document has more than {MAX_EXPANDED_NODES:,} values; that is far more than any map needs")


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _syntax_problem(exc: Any, file: str, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # where the unterminated thing began, not the end of the file
    message = exc.problem or exc.context or "invalid YAML"
    if "nesting depth" in message and mark is not None:
        # Newer libyaml releases stop deep nesting themselves, before argmap's own count does:
        # the limit a user sees must not depend on which release is installed.
        return Problem(
            f"lists and mappings are nested more than {MAX_NESTING:,} levels deep here",
            file=file,
            line=mark.line + 1,
            col=mark.column + 1,
        )
    if exc.context and exc.problem:
        message = f"{exc.problem} ({exc.context})"
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    help = _syntax_help(message, text.splitlines(), line) if line is not None else None
    if help:
        message = f"{help} (YAML: {message})"
    return Problem(f"YAML syntax error: {message}", file=file, line=line, col=col)


def _syntax_help(message: str, lines: list[str], line: int) -> Optional[str]:
    """What to do about the YAML errors people make most when writing maps by hand.

    PyYAML names the rule that broke ("mapping values are not allowed in this context");
    a person writing an argument, whose text is full of colons, needs to know what to change.
    """
    if not 1 <= line <= len(lines):
        return None
    current = lines[line - 1]
    if "\t" in current[: len(current) - len(current.lstrip())] or "tab" in message:
        return "YAML does not allow tabs for indentation: indent with spaces"
    previous = _previous_line(lines, line)
    misindented = (
        previous is not None
        and _key_column(lines[previous - 1]) != _key_column(current)
        and not lines[previous - 1].rstrip().endswith(":")
    )
    if "mapping values are not allowed" in message:
        if misindented:
            return (
                f"this line is indented differently from its siblings at line {previous} "
                "(keys of one mapping must line up)"
            )
        value = current.split(": ", 1)[1] if ": " in current else ""
        if ": " in value or value.rstrip().endswith(":"):
            key = current.split(":", 1)[0].strip().lstrip("- ")
            quoted = json.dumps(value.strip(), ensure_ascii=False) if "'" in value else f"'{value.strip()}'"
            return f"quote text that contains ': ' (write {key}: {quoted})"
        return None
    if "expected '-' indicator" in message or "expected <block end>" in message:
        if previous is not None and _key_column(lines[previous - 1]) != _key_column(current):
            return (
                f"this line is indented differently from its siblings at line {previous} "
                "(keys of one mapping must line up)"
            )
        return None
    if "could not find expected ':'" in message:
        return (
            "a line here must be 'key: value'; indent the continuation of a long text "
            "further than its key, or put the text in quotes"
        )
    if "end of stream" in message and "quoted scalar" in message:
        return "a quoted text is not closed: end it with the quote it starts with"
    return None


def _previous_line(lines: list[str], line: int) -> Optional[int]:
    """The number of the nearest line above ``line`` that holds something other than a comment."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _key_column(line: str) -> int:
    """Where a line's key starts, list dashes counted as indentation (``  - text:`` starts at 4)."""
    column = len(line) - len(line.lstrip(" "))
    while line[column : column + 2] == "- ":
        column += 2
        column += len(line[column:]) - len(line[column:].lstrip(" "))
    return column
