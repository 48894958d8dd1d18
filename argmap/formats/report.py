"""What an import or export kept, converted and dropped, for the user to read on stderr."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from ..vocabulary import KINDS

if TYPE_CHECKING:
    from ..model import ArgumentMap


@dataclass
class Dropped:
    """Something the source held that the result does not, and why."""

    count: int
    what: str
    why: str

    def __str__(self) -> str:
        what = self.what if self.count != 1 else _SINGULAR.sub(r"\1", self.what, count=1)
        return f"dropped {self.count:,} {what}: {self.why}"


def add_dropped(dropped: list[Dropped], count: int, what: str, why: str) -> None:
    """Add ``count`` to the entry for the same ``what`` and ``why``, or start one (not for 0)."""
    if count <= 0:
        return
    for item in dropped:
        if item.what == what and item.why == why:
            item.count += count
            return
    dropped.append(Dropped(count, what, why))


# The first plural noun of a description ("edges from a node to itself" -> "edge ..."), for a count of one.
_SINGULAR = re.compile(r"\b([A-Za-z][A-Za-z-]{2,}?)s\b(?!-)")


def counted(n: int, noun: str, plural: Optional[str] = None) -> str:
    """``"1 claim"``, ``"2 claims"``, ``"1,000 claims"``."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


@dataclass
class ImportReport:
    """The account of one import: how much was read, what was made of it, what was left out."""

    file: str
    format: str
    #: Which variant of the format the file turned out to be (e.g. "AIFdb JSON").
    variant: str = ""
    #: How many items of the source were read, and what an item is ("claims", "nodes").
    read: int = 0
    unit: str = "items"
    #: Nodes in the map, the central claim included.
    created: int = 0
    #: Counts of created nodes by kind.
    kinds: dict[str, int] = field(default_factory=dict)
    #: Things kept in another form (links that became cross-links, ...).
    converted: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    #: Faults in the source read past anyway, each ``FILE:LINE:COL: what and what was done``.
    warnings: list[str] = field(default_factory=list)

    def drop(self, count: int, what: str, why: str) -> None:
        """Record that ``count`` items were left out (adds up repeated calls for the same thing)."""
        add_dropped(self.dropped, count, what, why)

    def warn(self, line: int, col: int, message: str) -> None:
        """Record a fault in the source at ``line``/``col`` that the import read past."""
        self.warnings.append(f"{self.file}:{line}:{col}: {message}")

    def note(self, text: str) -> None:
        """Record something that was kept in another form."""
        self.converted.append(text)

    def count_nodes(self, argmap: ArgumentMap) -> None:
        """Fill ``created`` and ``kinds`` from the finished map."""
        kinds: dict[str, int] = {}
        for node in argmap.nodes():
            kinds[node.kind] = kinds.get(node.kind, 0) + 1
        self.kinds = kinds
        self.created = sum(kinds.values())

    def lines(self) -> list[str]:
        """The report as lines of text, the first naming the file and format."""
        head = f"{self.file}: {self.format}"
        if self.variant:
            head += f" ({self.variant})"
        parts = [f"{self.kinds[k]:,} {k}{'' if self.kinds[k] == 1 else 's'}" for k in KINDS if self.kinds.get(k)]
        created = f"created {self.created:,} node{'' if self.created == 1 else 's'}"
        if parts:
            created += f" ({', '.join(parts)})"
        out = [head, f"  read {self.read:,} {self.unit}; {created}"]
        out.extend(f"  {text}" for text in self.converted)
        out.extend(f"  {item}" for item in self.dropped)
        if not self.dropped:
            out.append("  nothing dropped")
        out.extend(f"  warning: {text}" for text in self.warnings)
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass
class Imported:
    """A map read from another format, with the report of what happened on the way."""

    map: ArgumentMap
    report: ImportReport

    def yaml(self) -> str:
        """The map as the text of a new map file."""
        from ..store.writer import dump

        return dump(self.map.to_data())


@dataclass
class Exported:
    """A map written in another format; ``str()`` of it is the text."""

    text: str
    format: str
    #: Nodes written (the central claim included).
    nodes: int = 0
    dropped: list[Dropped] = field(default_factory=list)
    converted: list[str] = field(default_factory=list)

    def drop(self, count: int, what: str, why: str) -> None:
        """Record that ``count`` items of the map could not be written."""
        add_dropped(self.dropped, count, what, why)

    def lines(self, target: Optional[str] = None) -> list[str]:
        """A short account of the export, for stderr."""
        out = [f"{target or '<stdout>'}: {self.format}, {self.nodes:,} node{'' if self.nodes == 1 else 's'} written"]
        out.extend(f"  {text}" for text in self.converted)
        out.extend(f"  {item}" for item in self.dropped)
        return out

    def __str__(self) -> str:
        return self.text
