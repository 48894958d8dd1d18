"""Rich renderables for the terminal: a map as a tree, stats as a table; and a safe console."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Optional

from rich.console import Console, Group
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .invisible import INVISIBLE, mark_invisible
from .model import AnyNode, ArgumentMap
from .summary import Stats
from .vocabulary import CLAIM_LIKE, LINKS

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
    label.append(node.text, style="bold" if node.kind in CLAIM_LIKE else "")
    if node.by:
        label.append(f" — {node.by}", style="italic dim")
    if node.status == "proposed":
        label.append(" [proposed]", style="yellow")
    elif node.status == "rejected":
        label.append(" [rejected]", style="dim strike")
    if show_ids and node.id:
        label.append(f"  #{node.id}", style="cyan dim")
    for link in LINKS:
        targets = getattr(node, link, None)
        if targets:
            label.append(f"  {link} " + ", ".join(targets), style="magenta dim")
    return label


def map_tree(
    argmap: ArgumentMap, depth: Optional[int] = None, show_ids: bool = True, statuses: Optional[set[str]] = None
) -> Tree:
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


_STAT_COLUMNS = (
    "nodes",
    "premises",
    "objections",
    "rebuttals",
    "proposed",
    "rejected",
    "cross-links",
    "depth",
    "cited",
    "attributed",
    "from LLM",
)


def _stat_values(s: Stats) -> list[str]:
    return [
        str(s.nodes),
        str(s.kinds["premise"]),
        str(s.kinds["objection"]),
        str(s.kinds["rebuttal"]),
        str(s.proposed),
        str(s.rejected),
        str(s.cross_links),
        str(s.depth),
        f"{s.sourced_share:.0%}",
        f"{s.attributed_share:.0%}",
        f"{s.llm_share:.0%}",
    ]


def stats_table(rows: list[Stats]) -> Table:
    """Stats as a table: one column per map when there are few, one row per map otherwise.

    "cited" is the share of nodes with a source, "attributed" the share that say who argues them,
    "from LLM" the share of accepted nodes that an LLM proposed; rejected proposals are not counted as nodes.
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


def stats_view(rows: list[Stats], console: Console) -> Any:
    """The table when it fits the console's width unfolded, else one block per map (an
    80-column terminal would squeeze the table's headers to 'pr…  obje…')."""
    table = stats_table(rows)
    width = console.measure(table, options=console.options.update_width(10_000)).maximum
    return table if width <= console.width else stats_blocks(rows)


def stats_blocks(rows: list[Stats]) -> Group:
    """Stats as one short block per map, for terminals too narrow for :func:`stats_table`."""
    blocks: list[Text] = []
    for s in rows:
        kinds = ", ".join(_count(s.kinds[k], k) for k in ("premise", "objection", "rebuttal"))
        block = Text()
        block.append(visible(s.id), style="bold")
        block.append(f"\n  {_count(s.nodes, 'node')}: {kinds}")
        block.append(
            f"\n  {s.proposed} proposed, {s.rejected} rejected; {_count(s.cross_links, 'cross-link')}; depth {s.depth}"
        )
        block.append(
            f"\n  {s.sourced_share:.0%} cited, {s.attributed_share:.0%} attributed, {s.llm_share:.0%} from LLM"
        )
        blocks.append(block)
    return Group(*blocks)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# Control characters in map text (or in an LLM's answer) would reach the terminal as escape
# sequences that clear the screen, retitle the window or fake hyperlinks; they are shown as
# visible escapes instead. Tab and newline stay.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters written as visible escapes (``\\x1b``), and bidi controls and
    zero-width characters marked (``<U+202E>``), safe to print: what is shown is what is stored."""
    return mark_invisible(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


class SafeConsole(Console):
    """A rich console that never sends control characters from the text it prints (its own
    styling still reaches the terminal)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment
            if segment.control or not (_CONTROL.search(segment.text) or INVISIBLE.search(segment.text))
            else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer
        )


class Trimmed:
    """A renderable drawn without the spaces rich pads its lines with up to the console's width.

    Padding, tables and groups fill every line to the full width; on a terminal that is
    invisible, but it is copied with the text and left at the end of every line of a
    redirected listing.
    """

    def __init__(self, renderable: Any):
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: Any) -> Iterable[Segment]:
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from _rstrip(line)
            yield Segment.line()


def _rstrip(line: list[Segment]) -> list[Segment]:
    """``line`` without its trailing blanks (control segments are kept)."""
    end = len(line)
    while end and not line[end - 1].control and not line[end - 1].text.strip():
        end -= 1
    kept = line[:end]
    if kept and not kept[-1].control:
        kept[-1] = Segment(kept[-1].text.rstrip(), kept[-1].style)
    return kept + [segment for segment in line[end:] if segment.control]


def console(stderr: bool = False, **options: Any) -> Console:
    """The console every command prints through."""
    return SafeConsole(stderr=stderr, highlight=False, **options)


@contextlib.contextmanager
def progress_bar(label: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for the block, shown only on a terminal and gone when it ends.

    Yields ``update(done, total)``, the callback shape that long library calls take
    (``critique_file(progress=...)``), so that the library itself never draws anything.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = console(stderr=True)
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=None)
    bar.start()
    try:
        yield lambda done, total: bar.update(task, completed=done, total=total)
    finally:
        bar.stop()
