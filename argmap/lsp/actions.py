"""Code actions: decide on a proposal, quote a value that holds ': ', add the schema line.

Each action is a set of text edits to the editor's buffer (the person saves the file);
accepting or rejecting goes through the model's own ``accept``/``reject`` and the
loader's patching writer, so comments and layout survive exactly as with ``argmap review``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import MapError
from ..model import REJECT_REASONS
from ..vocabulary import ROOT_KINDS
from .index import MapIndex, Span, split_lines
from .navigation import TextEdit

#: The comment that tells the YAML language server which JSON Schema a file follows.
SCHEMA_COMMENT = "# yaml-language-server: $schema="
SCHEMA_FILE = "argmap.schema.json"
#: The command the editor runs for "write the schema beside this map" (it writes a file).
WRITE_SCHEMA_COMMAND = "argmap.writeSchema"
_HAS_SCHEMA = re.compile(r"^#\s*yaml-language-server\s*:\s*\$schema=", re.M)


@dataclass
class Action:
    """A code action: a title, its LSP kind, and the edits (or the command) that carry it out."""

    title: str
    kind: str
    edits: list[TextEdit] = field(default_factory=list)
    command: Optional[tuple[str, list[str]]] = None
    preferred: bool = False


def proposal_actions(text: str, index: MapIndex, line: int) -> list[Action]:
    """Accept, or reject with a reason, the proposal the cursor is in (none when it is in no proposal)."""
    node = index.node_at(line, len(index.lines[line]) if line < len(index.lines) else 0)
    if node is None or node.kind in ROOT_KINDS or node.data.get("status") not in ("proposed", "rejected"):
        return []
    from ..store import dumps, loads

    try:
        first = loads(text)
    except MapError:
        return []  # the model's accept needs a valid map; the diagnostics say what to fix
    actions = []
    decisions: list[tuple[str, Optional[str]]] = [("accept", None)]
    if node.data.get("status") == "proposed" and isinstance(node.data.get("proposal"), dict):
        decisions += [("reject", reason) for reason in REJECT_REASONS]
    for number, (decision, reason) in enumerate(decisions):
        argmap = first if number == 0 else loads(text)  # each decision starts from the text as it is
        if decision == "accept":
            argmap.accept(node.id)
            title = f"Accept proposal '{node.id}'"
        else:
            argmap.reject(node.id, reason or "other")
            title = f"Reject proposal '{node.id}' ({reason})"
        edit = minimal_edit(text, dumps(argmap))
        if edit is not None:
            actions.append(Action(title, "quickfix", [edit], preferred=decision == "accept"))
    return actions


_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)*[^\s#'\"\[{&*!|>%@`-][^:#]*?:[ \t]+)(\S.*?)\s*$")


def quote_action(lines: list[str], line: int) -> Optional[Action]:
    """Put a plain value that holds ``': '`` (which YAML reads as another key) in double quotes."""
    if not 0 <= line < len(lines):
        return None
    match = _KEY_VALUE.match(lines[line])
    if match is None:
        return None
    value = match.group(2)
    if ": " not in value or value[0] in "\"'[{|>&*!" or " #" in value:
        return None
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    start = len(match.group(1))
    edit = TextEdit(Span(line, start, line, start + len(value)), quoted)
    return Action("Put the value in quotes (it holds ': ')", "quickfix", [edit], preferred=True)


def schema_actions(text: str, map_path: Optional[Path], root: Optional[Path] = None) -> list[Action]:
    """Add the ``# yaml-language-server: $schema=`` line, for completion from the JSON Schema.

    When an ``argmap.schema.json`` (or ``schema/argmap.schema.json``) is found in the map's
    folder or above it, the line points there; otherwise the action writes the schema beside
    the map first (a command, since it creates a file).
    """
    if _HAS_SCHEMA.search(text):
        return []
    found = find_schema(map_path.parent, root) if map_path is not None else None
    if found is not None and map_path is not None:
        relative = os.path.relpath(found, map_path.parent).replace(os.sep, "/")
        edit = TextEdit(Span(0, 0, 0, 0), f"{SCHEMA_COMMENT}{relative}\n")
        return [Action(f"Add the schema line ({relative})", "source", [edit])]
    if map_path is None:
        return []
    return [
        Action(
            f"Write {SCHEMA_FILE} beside this map and add the schema line",
            "source",
            command=(WRITE_SCHEMA_COMMAND, [str(map_path)]),
        )
    ]


def find_schema(folder: Path, root: Optional[Path] = None, levels: int = 8) -> Optional[Path]:
    """The nearest ``argmap.schema.json`` or ``schema/argmap.schema.json`` at or above ``folder``,
    not above ``root`` (when given)."""
    current = folder.resolve()
    stop = root.resolve() if root is not None else None
    for _ in range(levels):
        for candidate in (current / SCHEMA_FILE, current / "schema" / SCHEMA_FILE):
            if candidate.is_file():
                return candidate
        if current == stop or current.parent == current:
            return None
        current = current.parent
    return None


def schema_line_edit(map_path: Path, schema_path: Path) -> TextEdit:
    """The edit that adds the schema line pointing at ``schema_path``."""
    relative = os.path.relpath(schema_path, map_path.parent).replace(os.sep, "/")
    return TextEdit(Span(0, 0, 0, 0), f"{SCHEMA_COMMENT}{relative}\n")


def minimal_edit(old: str, new: str) -> Optional[TextEdit]:
    """One edit that turns ``old`` into ``new``, replacing only the lines between their common
    start and end (so the editor keeps the cursor and folds elsewhere). None when equal."""
    if old == new:
        return None
    a, b = split_lines(old), split_lines(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    newline = "\r\n" if "\r\n" in old else "\n"
    replaced = b[head : len(b) - tail]
    if head + tail == len(a):  # lines inserted before line `head`
        if head < len(a):
            return TextEdit(Span(head, 0, head, 0), "".join(line + newline for line in replaced))
        return TextEdit(Span(head - 1, len(a[-1]), head - 1, len(a[-1])), "".join(newline + line for line in replaced))
    end_line = len(a) - tail - 1
    if not replaced:  # lines deleted: their line breaks go too
        if end_line + 1 < len(a):
            return TextEdit(Span(head, 0, end_line + 1, 0), "")
        return TextEdit(Span(head - 1, len(a[head - 1]), end_line, len(a[end_line])), "")
    return TextEdit(Span(head, 0, end_line, len(a[end_line])), newline.join(replaced))
