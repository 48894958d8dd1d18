"""A map as JSON: the model itself, the same data as the YAML file, matching ``argmap schema``."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Optional

from ..model import ArgumentMap
from ..vocabulary import CHILD_LISTS, LINKS
from ._common import count_left_out, parse_json
from .report import Exported, Imported, ImportReport


def write_json(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> Exported:
    """The map as JSON, with the same keys as its YAML file.

    Like every export, it holds only accepted nodes unless ``statuses`` says otherwise
    (e.g. ``{"accepted", "proposed"}``); cross-links to nodes left out are left out too.
    """
    statuses = statuses or {"accepted"}
    result = Exported("", "JSON")
    count_left_out(argmap, statuses, result)
    kept = {node.id for node in argmap.nodes(statuses)}
    data = _prune(argmap.to_data(), statuses, kept)
    result.text = json.dumps(data, indent=2, ensure_ascii=False, default=_plain) + "\n"
    result.nodes = len(kept)
    return result


def _prune(data: dict[str, Any], statuses: set[str], kept: set[str]) -> dict[str, Any]:
    """Drop nodes whose status is not wanted, and cross-links to them (data is fresh: edited in place)."""
    stack = [data]
    while stack:
        node = stack.pop()
        for key in CHILD_LISTS:
            if key in node:
                node[key] = [child for child in node[key] if (child.get("status") or "accepted") in statuses]
                if not node[key]:
                    del node[key]
                else:
                    stack.extend(node[key])
        for key in LINKS:
            if key in node:
                node[key] = [target for target in node[key] if target in kept]
                if not node[key]:
                    del node[key]
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def read_json(text: str, file: str = "<string>") -> Imported:
    """Read a map written as JSON; problems are reported like those of a YAML map, with lines."""
    from ..store import loads
    from ..store.origin import forget_origin

    parse_json(text, file)  # the JSON's own errors first, each on its line
    # JSON is YAML (1.2), so the map loader reads it and places problems on their lines.
    argmap = loads(text, file)
    forget_origin(argmap)  # it is new: saving it must write YAML, not patch the JSON text
    report = ImportReport(file=file, format="JSON", variant="argmap map", unit="nodes")
    report.count_nodes(argmap)
    report.read = report.created
    return Imported(argmap, report)
