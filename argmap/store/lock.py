"""One writer at a time per file: an advisory lock held while a file is checked and replaced.

Writing a map is read, compare, write a temporary file, rename. Two processes doing
that at once could each check the old file and then replace each other's work, so the
whole sequence runs under an exclusive lock on a small ``.NAME.lock`` file beside the
map. The operating system drops the lock when its holder dies, so a killed process
never blocks the next one; the lock file is removed by whoever releases it.

While the lock is held no other argmap process can be writing the file, so any
``.NAME.XXXXXXXX.tmp`` left beside it was abandoned by a process that was killed
mid-save; :func:`remove_stale_temps` deletes those.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Union

from ..errors import MapError

#: How long a writer waits for another process to finish writing the same file (seconds);
#: generous, because merging into a map of 10,000 nodes takes tens of seconds.
LOCK_TIMEOUT = 300.0

PathLike = Union[str, "os.PathLike[str]"]

_POLL = 0.005
_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


def lock_path(path: PathLike) -> Path:
    """The lock file that guards ``path``."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


def temp_pattern(path: PathLike) -> re.Pattern[str]:
    """Names of the temporary files that writes of ``path`` create (see :func:`argmap.store.atomic_write`)."""
    return re.compile(rf"\.{re.escape(Path(path).name)}\.[A-Za-z0-9_]{{8}}\.tmp")


@contextlib.contextmanager
def locked(path: PathLike, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive write lock of ``path`` for the duration of the block.

    Raises :class:`MapError` when another process keeps the lock longer than
    ``timeout`` seconds (default :data:`LOCK_TIMEOUT`), or the lock file cannot be created.
    """
    name = str(path)
    lock = lock_path(path)
    limit = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + limit
    delay = _POLL
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            raise MapError("cannot write: the folder does not exist", file=name) from None
        except OSError as exc:
            raise MapError(f"cannot write: {exc.strerror or exc}", file=name) from None
        try:
            if _try_lock(fd) and _still_linked(fd, lock):
                break
        except OSError as exc:
            os.close(fd)
            raise MapError(f"cannot lock for writing: {exc.strerror or exc}", file=name) from None
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() >= deadline:
            raise MapError(
                f"another process has been writing this file for over {limit:g} s; try again when it has finished",
                file=name,
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    try:
        yield
    finally:
        # Unlink before unlocking: a process that opened this lock file meanwhile notices
        # (its file is no longer linked) and starts over with a fresh one.
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.unlink(lock)
        _unlock(fd)
        os.close(fd)


def remove_stale_temps(path: PathLike) -> list[Path]:
    """Delete temporary files that a killed writer left beside ``path``; call it holding the lock.

    Returns the files removed.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    pattern = temp_pattern(target)
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for entry in names:
        if pattern.fullmatch(entry):
            stale = directory / entry
            with contextlib.suppress(OSError):
                if stale.is_file() and not stale.is_symlink():
                    stale.unlink()
                    removed.append(stale)
    return removed


def _still_linked(fd: int, lock: Path) -> bool:
    # The holder before us unlinks the file it locked; then our lock is on a dead inode.
    if os.name != "posix":
        return True
    try:
        here = os.stat(lock)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    if (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
        return True
    _unlock(fd)
    return False


if sys.platform != "win32":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError as exc:
            if exc.errno in _UNSUPPORTED:
                return True  # a file system without locks: write as before, unguarded
            raise
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
