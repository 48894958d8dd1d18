"""Answers kept on disk, so asking the same question again sends nothing.

An entry is keyed by a SHA-256 of the model, the API base, the exact messages and the
options that change the answer (count, temperature). Entries hold the checked answer
and its token counts, never an API key, and are written atomically. They live in the
``critique/`` subfolder of argmap's cache folder (:func:`argmap.cachedir.cache_dir`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Optional

from ..cachedir import cache_dir
from ..errors import MapError
from ..store import atomic_write

#: Bump when the stored format or the meaning of a key changes, so old entries are ignored.
FORMAT = 2


def cache_key(**material: Any) -> str:
    """A stable hex key for a request: the hash of its canonical JSON."""
    blob = json.dumps({"format": FORMAT, **material}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """Critique answers on disk; ``enabled=False`` reads and writes nothing."""

    def __init__(self, root: Optional[Path] = None, enabled: bool = True):
        self.root = (root if root is not None else cache_dir()) / "critique"
        self.enabled = enabled
        self.write_error: Optional[str] = None

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` is kept."""
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Optional[dict[str, Any]]:
        """The stored entry, or None when there is none (or it cannot be read)."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a missing or damaged entry is a miss; it is rewritten after the request
        return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store an entry; a cache that cannot be written is noted in ``write_error`` and otherwise ignored."""
        if not self.enabled:
            return
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps({"format": FORMAT, **entry}, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            self.write_error = f"warning: {path.parent}: cannot write the cache: {exc.strerror or exc}"
        except MapError as exc:  # atomic_write's own account of a full disk or a read-only folder
            self.write_error = f"warning: {path.parent}: cannot write the cache: {exc}"
