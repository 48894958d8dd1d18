"""Loading a map: read, parse, validate, and remember the text it came from.

A map that does not validate is reported with every problem located: positions are only
worked out then, by a second, position-aware pass of the full reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Optional

from ..errors import MapError, Problem
from ..gcpause import gc_paused
from ..validate import build
from .files import PathLike, read_text
from .full import parse_full
from .origin import set_origin
from .parsing import parse

if TYPE_CHECKING:
    from ..model import ArgumentMap


def loads(text: str, file: str = "<string>") -> ArgumentMap:
    """Parse and validate a map from YAML text; raises :class:`MapError` listing every problem."""
    with gc_paused() as paused:
        try:
            parsed = parse(text, file)
        except MapError:
            _raise_on_conflict_markers(text, file)
            raise
        argmap, issues = build(parsed.data, len(text) if parsed.longest is None else parsed.longest)
        if argmap is not None:
            paused.promote_young()  # the map lives on: spare the collector two passes over it
    problems = list(parsed.problems)
    if issues or problems:
        _raise_on_conflict_markers(text, file)
        positions = parsed.positions
        if positions is None:
            positions = parse_full(text, file).positions
        assert positions is not None
        # Where the reader reported a problem, the data holds a stand-in (the text of a value
        # it could not read, a tagged value as plain data): validation's faults there are the
        # stand-in's, and the reader's message already says what is wrong with the file.
        reported = {(p.line, p.col) for p in problems}
        for issue in issues:
            line, col = positions.of(issue.path, issue.where)
            if (line, col) in reported:
                continue
            message = issue.message
            if issue.see is not None:
                see_line, _ = positions.of(issue.see, "value")
                message = message.format(see=see_line)
            problems.append(Problem(message, file=file, line=line, col=col, path=issue.path))
        problems.sort(key=lambda p: (p.line or 0, p.col or 0))
        raise MapError(problems)
    assert argmap is not None
    set_origin(argmap, None if file == "<string>" else file, text, parsed.data)
    return argmap


_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)


def _raise_on_conflict_markers(text: str, file: str) -> None:
    """A file that a merge left with conflict markers: say so at each conflict, not what YAML makes of them."""
    problems = []
    start: Optional[int] = None
    for match in _MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1)[0] == "<":
            start = line
        elif match.group(1)[0] == ">" or start is None:
            first = start if start is not None else line
            problems.append(
                Problem(
                    f"unresolved merge conflict (lines {first}-{line}): keep one side, then delete "
                    "the <<<<<<<, ======= and >>>>>>> lines",
                    file=file,
                    line=first,
                    col=1,
                )
            )
            start = None
    if start is not None:
        problems.append(
            Problem("unresolved merge conflict (a <<<<<<< line without its >>>>>>>)", file=file, line=start, col=1)
        )
    if problems:
        raise MapError(problems)


def load(path: PathLike) -> ArgumentMap:
    """Load and validate a map file; raises :class:`MapError` listing every located problem."""
    return loads(read_text(path), str(path))


def load_many(paths: Iterable[PathLike]) -> Iterable[tuple[str, ArgumentMap | MapError]]:
    """Load each file in turn, yielding ``(path, map)`` or ``(path, MapError)``."""
    for path in paths:
        try:
            yield str(path), load(path)
        except MapError as exc:
            yield str(path), exc
