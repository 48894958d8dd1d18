"""The one folder an assistant may work in: paths are resolved inside it or refused."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from ..errors import ArgmapError


class AgentError(ArgmapError, ValueError):
    """A request an assistant made that cannot be carried out; the message is one line, for it to read."""


class Workspace:
    """A root folder; every path a tool is given must lead to a file below it."""

    def __init__(self, root: Union[str, os.PathLike[str]]):
        self.root = Path(os.path.realpath(root))
        if not self.root.is_dir():
            raise AgentError(f"{root}: not a folder")

    def resolve(self, path: str) -> Path:
        """The real path of ``path`` (relative to the root, or absolute), which must lie below the root.

        Symbolic links are followed before the check, so a link cannot lead outside.
        Raises :class:`AgentError` for a path outside the root.
        """
        if not isinstance(path, str) or not path.strip() or "\x00" in path:
            raise AgentError("give the path of a file in the workspace, such as 'maps/debate.yaml'")
        candidate = Path(path.strip())
        if not candidate.is_absolute():
            candidate = self.root / candidate
        real = Path(os.path.realpath(candidate))
        if real == self.root or self.root not in real.parents:
            raise AgentError(
                f"{path}: outside the workspace; only files below the folder the server was started with can be used"
            )
        return real

    def display(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes: how tools name files to an assistant."""
        return path.relative_to(self.root).as_posix()
