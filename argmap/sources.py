"""Checking that the quotations in a map are found, verbatim, in the sources they cite.

A map declares its sources (``sources:``), each optionally with ``file:``, a plain-text
copy of the document. Every ``cite`` with a ``quote`` is looked up in that text. The
comparison forgives what typing a quotation by hand changes without changing the words:
runs of whitespace, the case of the first letter, straight versus curly quotes, the
various dashes, and ``...`` versus ``…``. Anything else, a changed word or a dropped
comma, is reported with the place of the cite in the map.
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from .errors import MapError, Problem
from .model import AnyNode, ArgumentMap, Cite

PathLike = Union[str, "os.PathLike[str]"]

# Characters that typing, copying or typesetting swap for one another.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Swaps that keep the length are done by str.translate; the rest by one regular expression,
# whose matches are the only places where offsets in the two texts drift apart.
_SAME_LENGTH = str.maketrans(
    {**dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"'), **dict.fromkeys(_DASHES, "-")}
)
# A single plain space, by far the commonest case, needs no change and is not matched.
_SHIFTING = re.compile(rf"[\s{_INVISIBLE}]{{2,}}|[^\S ]|[{_INVISIBLE}]|-{{2,}}|\u2026")
_REPLACEMENT = {"\u2026": "..."}

#: A near miss is described only when at least this many characters of the quote match.
_MIN_PARTIAL = 12


def normalize(text: str) -> str:
    """The form in which quotes and sources are compared (see the module docstring).

    The case of the first letter is handled when matching, not here.
    """
    return _Normalized(text).text.strip(" ")


class _Normalized:
    """Normalised text, and how to find the offset in the original of each of its characters."""

    def __init__(self, text: str):
        text = unicodedata.normalize("NFC", text)
        same = text.translate(_SAME_LENGTH)
        pieces: list[str] = []
        # Offsets where a stretch of the normalised text begins, and where it came from.
        self._starts: list[int] = [0]
        self._origins: list[int] = [0]
        length = done = 0
        for match in _SHIFTING.finditer(same):
            pieces.append(same[done : match.start()])
            length += match.start() - done
            found = match.group()
            if any(c.isspace() for c in found):
                replacement = " "  # whitespace other than one space (perhaps with invisible characters)
            elif found[0] in _INVISIBLE:
                replacement = ""
            else:
                replacement = _REPLACEMENT.get(found, "-")  # the ellipsis, or "--" typed for a dash
            pieces.append(replacement)
            self._starts.append(length)
            self._origins.append(match.start())
            length += len(replacement)
            done = match.end()
            self._starts.append(length)
            self._origins.append(done)
        pieces.append(same[done:])
        self.original = text
        self.text = "".join(pieces)

    def origin(self, index: int) -> int:
        """Offset in the original text of the character at ``index`` of the normalised text."""
        k = bisect.bisect_right(self._starts, index) - 1
        return self._origins[k] + (index - self._starts[k])


@dataclass(frozen=True)
class Found:
    """Where a quote was found in a source text (1-based line and column)."""

    line: int
    col: int


class SourceText:
    """The text of one source document, ready to have quotes looked up in it."""

    def __init__(self, text: str, name: str = "<source>"):
        self.name = name
        self._norm = _Normalized(text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._norm.original)]

    @classmethod
    def read(cls, path: PathLike) -> SourceText:
        """Read a UTF-8 text file; raises ``OSError`` or ``UnicodeDecodeError`` as reading does."""
        with open(path, encoding="utf-8") as handle:
            return cls(handle.read(), str(path))

    def find(self, quote: str) -> Optional[Found]:
        """Where ``quote`` first occurs in the text, or None when it does not occur."""
        index = self._index(normalize(quote))
        return None if index is None else self._position(index)

    def explain_miss(self, quote: str) -> str:
        """Why ``quote`` was not found: how much of it matches, and where the text then differs."""
        wanted = normalize(quote)
        head = self._longest(wanted, prefix=True)
        tail = self._longest(wanted, prefix=False)
        if max(head, tail) < _MIN_PARTIAL:
            return "not found"
        if head >= tail:
            start = self._index(wanted[:head])
            assert start is not None
            where = self._position(start)
            theirs = self._norm.text[start + head : start + head + 20]
            ours = wanted[head : head + 20]
            return (
                f"the first {head} characters match at line {where.line}, then the source reads "
                f"{_snippet(theirs)} where the quote has {_snippet(ours)}"
            )
        start = self._index(wanted[-tail:])
        assert start is not None
        where = self._position(start)
        theirs = self._norm.text[max(0, start - 20) : start]
        ours = wanted[max(0, len(wanted) - tail - 20) : len(wanted) - tail]
        return (
            f"the last {tail} characters match at line {where.line}, but before them the source reads "
            f"{_snippet(theirs, left=True)} where the quote has {_snippet(ours, left=True)}"
        )

    def _index(self, wanted: str) -> Optional[int]:
        if not wanted:
            return None
        text = self._norm.text
        at = next((i for i, c in enumerate(wanted) if c.isalpha()), None)
        letter = wanted[at] if at is not None else ""
        if at is None or letter.swapcase() == letter or len(letter.swapcase()) != 1 or at + 1 == len(wanted):
            index = text.find(wanted)
            return index if index >= 0 else None
        # The first letter's case may differ (a quote that starts mid-sentence, or starts one):
        # scan once for what follows it, then check it and what precedes it.
        head, rest, cases = wanted[:at], wanted[at + 1 :], (letter, letter.swapcase())
        index = text.find(rest, at + 1)
        while index >= 0:
            start = index - 1 - at
            if text[index - 1] in cases and text.startswith(head, start):
                return start
            index = text.find(rest, index + 1)
        return None

    def _longest(self, wanted: str, prefix: bool) -> int:
        # Whether a prefix (or suffix) occurs is monotonic in its length: bisect on it.
        low, high = 0, len(wanted)
        while low < high:
            mid = (low + high + 1) // 2
            part = wanted[:mid] if prefix else wanted[-mid:]
            if self._index(part) is not None:
                low = mid
            else:
                high = mid - 1
        return low

    def _position(self, index: int) -> Found:
        offset = self._norm.origin(index)
        line = bisect.bisect_right(self._line_starts, offset)
        return Found(line, offset - self._line_starts[line - 1] + 1)


def _snippet(text: str, left: bool = False) -> str:
    if not text:
        return "(the end)" if not left else "(the start)"
    return repr(text)


# -- checking maps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteCheck:
    """One quotation in a map and what became of looking it up."""

    file: str
    line: Optional[int]
    """Line of the quote in the map file; worked out only for quotes that were not found or not checked."""
    col: Optional[int]
    node: str
    source: str
    quote: str
    found: Optional[Found]
    """Where the quote is in the source text; None when it is not there or was not looked up."""
    checked: bool
    """False when the source declares no ``file`` (or the file is missing), so the quote could not be looked up."""


@dataclass(frozen=True)
class MissingFile:
    """A source's text file that is not in the folder it was looked for in."""

    folder: str
    file: str
    source: str
    url: Optional[str]
    problem: Problem
    """The located problem reported for it (at the ``file:`` of the source in the map)."""


@dataclass
class SourcesReport:
    """The outcome of checking the quotations of one or more maps."""

    quotes: list[QuoteCheck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Quotes not found, source files that are missing or unreadable, maps that do not load."""
    missing: list[MissingFile] = field(default_factory=list)
    """The source files that were not found (each is also in ``problems``)."""

    @property
    def ok(self) -> bool:
        """True when every checked quote was found and nothing else went wrong."""
        return not self.problems

    @property
    def found(self) -> int:
        """How many quotes were found in their source."""
        return sum(1 for q in self.quotes if q.found is not None)

    @property
    def unchecked(self) -> int:
        """How many quotes could not be looked up because their source has no text file."""
        return sum(1 for q in self.quotes if not q.checked)

    def extend(self, other: SourcesReport) -> None:
        """Add another report's quotes and problems to this one."""
        self.quotes.extend(other.quotes)
        self.problems.extend(other.problems)
        self.missing.extend(other.missing)

    def lines(self) -> list[str]:
        """The problems as lines to print, in order.

        A folder that lacks the source files of several maps gets one line that names
        the files and says where the originals are, instead of one line per map and
        source: someone who has not fetched the sources needs to be told that once.
        A folder missing files for one map only keeps its located lines.
        """
        groups: dict[str, list[MissingFile]] = {}
        for missing in self.missing:
            groups.setdefault(missing.folder, []).append(missing)
        folded = {folder for folder, group in groups.items() if len({m.problem.file for m in group}) > 1}
        by_problem = {id(m.problem): m.folder for m in self.missing}
        lines: list[str] = []
        done: set[str] = set()
        for problem in self.problems:
            folder = by_problem.get(id(problem))
            if folder not in folded:
                lines.append(str(problem))
            elif folder not in done:
                done.add(folder)
                lines.append(_missing_line(folder, groups[folder]))
        return lines


def check_quotes(argmap: Union[ArgumentMap, PathLike], sources_dir: Optional[PathLike] = None) -> SourcesReport:
    """Look up every quoted cite of a map in the text files of the sources it cites.

    ``argmap`` is a loaded map or the path of a map file. Each source's ``file`` is
    read relative to ``sources_dir`` (by default the folder of the map file). A map
    that does not load is reported as its problems rather than raised.
    """
    from .store import load
    from .store.full import parse_full
    from .store.origin import origin_of

    if not isinstance(argmap, ArgumentMap):
        try:
            argmap = load(argmap)
        except MapError as exc:
            return SourcesReport(problems=list(exc.problems))
    origin = origin_of(argmap)
    map_file = origin.path if origin is not None and origin.path else "<string>"
    if sources_dir is None:
        sources_dir = Path(map_file).parent if origin is not None and origin.path else Path(".")
    folder = Path(sources_dir)

    positions = None

    def place(path: tuple) -> tuple[int, int]:
        nonlocal positions
        if origin is None:
            return 1, 1
        if positions is None:
            positions = parse_full(origin.text, map_file).positions
            assert positions is not None  # the full reader always records them
        return positions.of(path)

    report = SourcesReport()
    texts: dict[str, Optional[SourceText]] = {}
    line: Optional[int]
    col: Optional[int]
    for key, source in argmap.sources.items():
        if source.file is None:
            texts[key] = None
            continue
        target = folder / source.file
        try:
            texts[key] = SourceText.read(target)
        except FileNotFoundError:
            texts[key] = None
            line, col = place(("sources", key, "file"))
            problem = Problem(
                f"source {key!r}: file {source.file!r} not found in {folder}", file=map_file, line=line, col=col
            )
            report.problems.append(problem)
            report.missing.append(MissingFile(str(folder), source.file, key, source.url, problem))
        except IsADirectoryError:
            texts[key] = None
            line, col = place(("sources", key, "file"))
            report.problems.append(
                Problem(
                    f"source {key!r}: {source.file!r} is a directory, not a text file",
                    file=map_file,
                    line=line,
                    col=col,
                )
            )
        except UnicodeDecodeError:
            texts[key] = None
            line, col = place(("sources", key, "file"))
            report.problems.append(
                Problem(f"source {key!r}: {source.file!r} is not UTF-8 text", file=map_file, line=line, col=col)
            )
        except OSError as exc:
            texts[key] = None
            line, col = place(("sources", key, "file"))
            report.problems.append(
                Problem(
                    f"source {key!r}: cannot read {source.file!r}: {exc.strerror or exc}",
                    file=map_file,
                    line=line,
                    col=col,
                )
            )

    for path, node_id, cite in _quoted_cites(argmap):
        assert cite.quote is not None
        text = texts.get(cite.source)
        line = col = None
        if text is None:
            line, col = place(path + ("quote",))
            report.quotes.append(QuoteCheck(map_file, line, col, node_id, cite.source, cite.quote, None, False))
            continue
        found = text.find(cite.quote)
        if found is None:
            line, col = place(path + ("quote",))
            why = text.explain_miss(cite.quote)
            report.problems.append(
                Problem(
                    f"quote {_short(cite.quote)} not found in source {cite.source!r} ({Path(text.name).name}): {why}",
                    file=map_file,
                    line=line,
                    col=col,
                    path=path + ("quote",),
                )
            )
        report.quotes.append(QuoteCheck(map_file, line, col, node_id, cite.source, cite.quote, found, True))
    return report


def _missing_line(folder: str, group: list[MissingFile]) -> str:
    files = sorted({m.file for m in group})
    maps = len({m.problem.file for m in group})
    urls = list(dict.fromkeys(m.url for m in group if m.url))
    where = f" (originals: {', '.join(urls)})" if urls else ""
    several = len(files) != 1
    message = (
        f"{maps} maps quote source file{'s' if several else ''} that {'are' if several else 'is'} "
        f"not here ({', '.join(files)}); put plain-text copies of the sources{where} in one folder "
        "and pass it with --sources DIR"
    )
    return str(Problem(message, file=folder))


def _quoted_cites(argmap: ArgumentMap) -> Iterator[tuple[tuple, str, Cite]]:
    """``(data path of the cite, node id, cite)`` for every cite with a quote, in document order."""
    stack: list[tuple[AnyNode, tuple]] = [(argmap, ())]
    while stack:
        node, path = stack.pop()
        cite = node.cite
        if cite is not None and cite.quote is not None:
            yield path + ("cite",), node.id, cite
        for i, extra in enumerate(node.cites):
            if extra.quote is not None:
                yield path + ("cites", i), node.id, extra
        children = []
        for relation in node.relations:
            for i, child in enumerate(getattr(node, relation)):
                children.append((child, path + (relation, i)))
        stack.extend(reversed(children))


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")
