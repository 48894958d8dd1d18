"""Problems found in a map, and the exception that carries them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

#: A place in the parsed YAML document: mapping keys and sequence indexes from the top.
Path = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map, located as precisely as the input allows.

    ``line`` and ``col`` are 1-based and refer to the offending key or value;
    they are ``None`` when a problem has no place in the text (an empty file,
    an unreadable path). ``path`` is where the problem sits in the YAML data.
    """

    message: str
    file: str = "<string>"
    line: int | None = None
    col: int | None = None
    path: Path = field(default=(), compare=False)

    def __str__(self) -> str:
        # Messages quote the map (keys, values, file names): no control character may reach a terminal.
        if self.line is None:
            return _visible(f"{self.file}: {self.message}")
        return _visible(f"{self.file}:{self.line}:{self.col or 1}: {self.message}")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL.search(text) else text


def clip(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message, so that a huge value cannot flood it."""
    return text if len(text) <= limit else f"{text[:limit]}\u2026 ({len(text):,} characters)"


class ArgmapError(Exception):
    """The base of every error argmap raises for something a user can fix; its message is for people."""


class MapError(ArgmapError):
    """A map could not be loaded or saved; ``problems`` lists every located problem."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str = "<string>"):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConflictError(MapError):
    """Two sets of changes to a map clash (a save that met another writer's change, or a merge).

    ``text``, when not None, is the merged text with git-style conflict markers around each
    clash (``argmap merge`` writes it, as git's own merge does).
    """

    text: str | None = None


class UnknownIdError(ArgmapError, KeyError):
    """No node of the map has this id. A :class:`KeyError`, as ``map[id]`` promises, whose
    message says so in the map's terms (and suggests the id that was probably meant)."""

    def __init__(self, node_id: object, message: str):
        super().__init__(node_id)
        self.id = node_id
        self.message = message

    def __str__(self) -> str:
        return self.message


class NodeError(ArgmapError, ValueError):
    """A node or an edit that would make the map invalid: an empty text, an id that is not a
    slug or is taken, a weight outside 0 to 1, a node where its kind cannot sit."""
