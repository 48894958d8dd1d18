"""Diagnostics: the problems ``argmap validate`` reports, placed on the text an editor shows.

Nothing is checked here: the text goes through the loader (:func:`argmap.loads`) and each
:class:`~argmap.Problem` it reports keeps its message; only its start (a line and a column)
is widened to the token written there, so the editor underlines a word rather than a point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MapError, Problem
from .index import Span, split_lines, token_span

#: A map has an ``argmap:`` key at the top level: other YAML files are left alone.
_MAP_KEY = re.compile(r"""^(?:argmap|'argmap'|"argmap")[ \t]*:""", re.M)


def is_map(text: str) -> bool:
    """True when ``text`` looks like an argmap map: an ``argmap:`` key at the top level."""
    return _MAP_KEY.search(text) is not None


@dataclass(frozen=True)
class Diagnostic:
    """A problem to show in the editor: where, and the message ``argmap validate`` gives."""

    span: Span
    message: str


def check(text: str, file: str = "<string>") -> list[Diagnostic]:
    """Every problem in a map's text, as ``argmap validate`` finds them, each with its span."""
    from ..store import loads

    try:
        loads(text, file)
    except MapError as exc:
        lines = split_lines(text)
        return [Diagnostic(problem_span(lines, problem), problem.message) for problem in exc.problems]
    return []


def problem_span(lines: list[str], problem: Problem) -> Span:
    """The span to underline for a problem: the token at its place, or the first line when it has none."""
    if problem.line is None:
        return Span(0, 0, 0, len(lines[0]) if lines else 0)
    line = min(problem.line - 1, max(len(lines) - 1, 0))
    return token_span(lines, line, (problem.col or 1) - 1)
