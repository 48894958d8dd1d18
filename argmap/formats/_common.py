"""Steps every importer and exporter shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .report import Exported, Imported, ImportReport

if TYPE_CHECKING:
    from ..model import ArgumentMap


def finish(data: dict[str, Any], report: ImportReport, file: str) -> Imported:
    """Validate imported map data like a map file, and count what was made."""
    from ..validate import build

    argmap, issues = build(data)
    if argmap is None:
        # The importers only build valid maps; reaching this is a bug in them, not bad input.
        first = issues[0] if issues else None
        where = "/".join(str(p) for p in first.path) if first else "?"
        raise RuntimeError(f"the map imported from {file} is not valid at {where}: "
                           f"{first.message if first else 'unknown problem'}")
    report.count_nodes(argmap)
    return Imported(argmap, report)


def count_left_out(argmap: "ArgumentMap", statuses: set[str], result: Exported) -> None:
    """Record on an export how many nodes its status filter leaves out."""
    everything = sum(1 for _ in argmap.walk())
    kept = sum(1 for _ in argmap.walk(statuses))
    result.drop(everything - kept, "proposed or rejected nodes (and what sits under them)",
                "only accepted nodes are exported unless asked (--include-proposed)")
