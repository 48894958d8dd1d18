"""Steps every importer and exporter shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import MapError, Problem
from .report import Exported, Imported, ImportReport

if TYPE_CHECKING:
    from ..model import ArgumentMap


def finish(data: dict[str, Any], report: ImportReport, file: str) -> Imported:
    """Validate imported map data like a map file, and count what was made."""
    from ..validate import build

    argmap, issues = build(data)
    if argmap is None:
        # The importers build valid maps; what is left is a source beyond argmap's limits
        # (nesting, number of nodes, length of a text).
        first = issues[0].message if issues else "unknown problem"
        raise MapError(Problem(f"cannot import this as an argmap map: {first}", file=file))
    report.count_nodes(argmap)
    return Imported(argmap, report)


def count_left_out(argmap: ArgumentMap, statuses: set[str], result: Exported) -> None:
    """Record on an export how many nodes its status filter leaves out."""
    everything = sum(1 for _ in argmap.walk())
    kept = sum(1 for _ in argmap.walk(statuses))
    result.drop(
        everything - kept,
        "proposed or rejected nodes, and what sits under each",
        "only accepted nodes are exported unless asked (--include-proposed)",
    )


def parse_json(text: str, file: str) -> Any:
    """The JSON value in ``text``; JSON that cannot be read is one located :class:`MapError`."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapError(Problem(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno, col=exc.colno)) from None
    except ValueError:  # a number of more digits than Python converts
        raise MapError(Problem("invalid JSON: a number is too long to read", file=file, line=1, col=1)) from None
    except RecursionError:  # Python's JSON reader recurses once per level of nesting
        raise MapError(Problem("the JSON is nested too deeply to read", file=file, line=1, col=1)) from None


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line of the ``nth`` occurrence of ``needle`` in ``text`` (1 when there is none)."""
    at = -1
    for _ in range(nth):
        at = text.find(needle, at + 1)
        if at < 0:
            return 1
    return text.count("\n", 0, at) + 1
