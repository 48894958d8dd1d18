"""Map files as bytes and text: size limits, UTF-8 decoding, and atomic writes.

Nothing here knows YAML; the rest of the storage package reads and writes files through it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional, Union

from ..errors import MapError, Problem
from .lock import locked, remove_stale_temps

#: Map files larger than this are refused before parsing (bytes).
MAX_FILE_SIZE = 64 * 1024 * 1024
PathLike = Union[str, "os.PathLike[str]"]


def read_text(path: PathLike) -> str:
    """Read a map file as UTF-8 text, refusing files that are too large or not text."""
    return decode_utf8(read_bytes(path, MAX_FILE_SIZE, "a map file"), str(path))


def read_bytes(path: PathLike, limit: int = MAX_FILE_SIZE, kind: str = "a map file") -> bytes:
    """The bytes of ``path``, or a one-line :class:`MapError` when it is missing, a folder,
    unreadable or larger than ``limit`` bytes (checked before anything is read)."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise MapError(f"file is too large ({size:,} bytes; the limit is {limit:,})", file=name)
        with open(path, "rb") as handle:
            return handle.read()
    except MapError:
        raise
    except FileNotFoundError:
        raise MapError("no such file", file=name) from None
    except IsADirectoryError:
        raise MapError(f"is a directory, not {kind}", file=name) from None
    except OSError as exc:
        raise MapError(f"cannot read: {exc.strerror or exc}", file=name) from None


def decode_utf8(raw: bytes, name: str, encoding: str = "utf-8") -> str:
    """``raw`` as text, or a :class:`MapError` located at the first byte that is not UTF-8.

    ``encoding="utf-8-sig"`` also drops a leading byte order mark.
    """
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MapError(Problem("file is not valid UTF-8 text", file=name, line=line, col=col)) from None


def read_text_or_empty(path: PathLike) -> str:
    """The file's text, or "" when it cannot be read as a map file."""
    try:
        return read_text(path)
    except MapError:
        return ""


def read_current(target: Path) -> Optional[str]:
    """What is on disk at ``target`` now (undecodable bytes kept as surrogates), or None when
    there is no file."""
    try:
        with open(target, "rb") as handle:
            return handle.read().decode("utf-8", errors="surrogateescape")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError as exc:
        raise MapError(f"cannot read: {exc.strerror or exc}", file=str(target)) from None


def atomic_write(path: PathLike, text: Union[str, bytes], *, force: bool = False) -> None:
    """Write ``text`` (or bytes) to ``path`` so that readers see either the old or the new file, never a mix.

    Concurrent writers of the same path take turns, and temporary files that a killed
    writer left behind are removed. A symbolic link is followed, not replaced. Raises
    :class:`MapError` when the file cannot be written, or when it is write-protected
    (no write permission bit) and ``force`` is not set, as editors refuse it.
    """
    target = resolve_link(path)
    with locked(target):
        remove_stale_temps(target)
        write_locked(target, text, force=force)


def resolve_link(path: PathLike) -> Path:
    """The file a write to ``path`` should replace: the target of a symbolic link, not the link."""
    # Replacing a symlink by a regular file would cut it off from the file it points to.
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def write_locked(target: Path, text: Union[str, bytes], *, force: bool = False) -> None:
    """Temporary file, fsync, rename, fsync the folder; the caller holds ``target``'s lock."""
    directory = target.parent if str(target.parent) else Path(".")
    if not force:
        _refuse_write_protected(target)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise MapError(f"cannot write: {exc.strerror or exc}", file=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise MapError(f"cannot write: {exc.strerror or exc}", file=str(target)) from None
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _refuse_write_protected(target: Path) -> None:
    # The rename would replace a file its owner marked read-only (even as root, where
    # permission checks pass), so look at the permission bits themselves.
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if not mode & 0o222:
        raise MapError(
            "the file is write-protected: make it writable (chmod u+w) to let argmap change it", file=str(target)
        )


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether two paths name the same file (by identity when both exist, else by absolute path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
