"""Rich renderables for the terminal: a map as a tree, stats as a table; and a safe console."""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from rich.console import Console
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .model import ArgumentMap, AnyNode
from .summary import Stats

#: Colour and marker of each kind of node (markers keep kinds apart without colour).
STYLES = {
    "claim": ("bold", "◆"),
    "premise": ("green", "+"),
    "objection": ("red", "−"),
    "rebuttal": ("blue", "↺"),
    "question": ("bold", "?"),
    "position": ("bold magenta", "▸"),
}


def _label(node: AnyNode, relation: Optional[str], show_ids: bool) -> Text:
    style, marker = STYLES[node.kind]
    label = Text()
    label.append(f"{marker} ", style=style)
    if node.kind not in ("claim", "question"):
        label.append(f"{node.kind} ", style=f"{style} dim")
    label.append(node.text, style="bold" if node.kind in ("claim", "question", "position") else "")
    if node.by:
        label.append(f" — {node.by}", style="italic dim")
    if node.status == "proposed":
        label.append(" [proposed]", style="yellow")
    elif node.status == "rejected":
        label.append(" [rejected]", style="dim strike")
    if show_ids and node.id:
        label.append(f"  #{node.id}", style="cyan dim")
    for link in ("supports", "attacks"):
        targets = getattr(node, link, None)
        if targets:
            label.append(f"  {link} " + ", ".join(targets), style="magenta dim")
    return label


def map_tree(argmap: ArgumentMap, depth: Optional[int] = None, show_ids: bool = True,
             statuses: Optional[set[str]] = None) -> Tree:
    """The map as a rich Tree: kinds coloured and marked, ids and cross-links shown."""
    trees: dict[int, Tree] = {}
    root: Optional[Tree] = None
    for entry in argmap.walk(statuses):
        if depth is not None and entry.depth > depth:
            continue
        label = _label(entry.node, entry.relation, show_ids)
        if entry.parent is None:
            root = Tree(label)
            trees[id(entry.node)] = root
        else:
            trees[id(entry.node)] = trees[id(entry.parent)].add(label)
    assert root is not None
    return root


_STAT_COLUMNS = ("nodes", "premises", "objections", "rebuttals", "proposed", "rejected",
                 "cross-links", "depth", "cited", "attributed")


def _stat_values(s: Stats) -> list[str]:
    return [str(s.nodes), str(s.kinds["premise"]), str(s.kinds["objection"]), str(s.kinds["rebuttal"]),
            str(s.proposed), str(s.rejected), str(s.cross_links), str(s.depth),
            f"{s.sourced_share:.0%}", f"{s.attributed_share:.0%}"]


def stats_table(rows: list[Stats]) -> Table:
    """Stats as a table: one column per map when there are few, one row per map otherwise.

    "cited" is the share of nodes with a source, "attributed" the share that say who argues them;
    rejected proposals are not counted as nodes.
    """
    from rich import box

    if len(rows) <= 3:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("")
        for s in rows:
            table.add_column(escape(s.id), justify="right", overflow="fold")
        columns = [_stat_values(s) for s in rows]
        for i, name in enumerate(_STAT_COLUMNS):
            table.add_row(name, *(values[i] for values in columns))
        return table
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("map", no_wrap=True)
    for name in _STAT_COLUMNS:
        table.add_column(name, justify="right", no_wrap=True)
    for s in rows:
        table.add_row(escape(s.id), *_stat_values(s))
    return table


# Control characters in map text (or in an LLM's answer) would reach the terminal as escape
# sequences that clear the screen, retitle the window or fake hyperlinks; they are shown as
# visible escapes instead. Tab and newline stay.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters written as visible escapes (``\\x1b``), safe to print."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeConsole(Console):
    """A rich console that never sends control characters from the text it prints (its own
    styling still reaches the terminal)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control or not _CONTROL.search(segment.text)
            else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer)


def console(stderr: bool = False, **options: Any) -> Console:
    """The console every command prints through."""
    return SafeConsole(stderr=stderr, highlight=False, **options)
