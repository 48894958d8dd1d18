"""A map as JSON: the model itself, the same data as the YAML file, matching ``argmap schema``."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from ..model import ArgumentMap
from .report import Exported, Imported, ImportReport


def write_json(argmap: ArgumentMap) -> Exported:
    """The map as JSON: every node, proposed and rejected ones included (it is the model itself)."""
    text = json.dumps(argmap.to_data(), indent=2, ensure_ascii=False, default=_plain) + "\n"
    return Exported(text, "JSON", nodes=sum(1 for _ in argmap.walk()))


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def read_json(text: str, file: str = "<string>") -> Imported:
    """Read a map written as JSON; problems are reported like those of a YAML map, with lines."""
    from ..yamlio import loads

    # JSON is YAML (1.2), so the map loader reads it and places problems on their lines.
    argmap = loads(text, file)
    argmap._origin = None  # it is new: saving it must write YAML, not patch the JSON text
    report = ImportReport(file=file, format="JSON", variant="argmap map", unit="nodes")
    report.count_nodes(argmap)
    report.read = report.created
    return Imported(argmap, report)
