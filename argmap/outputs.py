"""The one rule for where a command may write: never over its own input, never over an
existing file unless asked to (``--force``).

Every command that takes ``-o`` (and ``argmap new``) asks :func:`check_output` before it
writes, so a slip such as ``argmap export m.yaml --to markdown -o m.yaml`` cannot destroy
the map being read, and the same flag means the same thing everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Optional, Union

from .errors import MapError

PathLike = Union[str, "os.PathLike[str]"]


class OutputError(MapError):
    """A command was asked to write where it must not (a usage error: exit 2 on the command line)."""


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether two paths name the same file (through links and relative paths), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_output(
    target: PathLike,
    inputs: Iterable[Optional[PathLike]] = (),
    force: bool = False,
    replaces: Optional[PathLike] = None,
) -> None:
    """Raise :class:`OutputError` unless ``target`` may be written.

    Writing over one of ``inputs`` is always refused (``--force`` does not change that: the
    command would destroy what it is reading). Writing over any other existing file needs
    ``force``, except over ``replaces``, a file the command exists to replace (a git merge
    driver writes its result over "ours").
    """
    name = str(target)
    for source in inputs:
        if source is not None and str(source) != "-" and same_file(target, source):
            raise OutputError(
                "is also an input of this command; refusing to write over it (choose another output file)", file=name
            )
    if replaces is not None and same_file(target, replaces):
        return
    if os.path.lexists(target):
        if os.path.isdir(target):
            raise OutputError("is a folder, not a file", file=name)
        if not force:
            raise OutputError("already exists (use --force to overwrite)", file=name)
