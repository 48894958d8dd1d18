"""Where argmap keeps files it can rebuild: compiled Graphviz, cached LLM answers.

The folder is ``$ARGMAP_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/argmap``, else the
platform's per-user cache folder: ``~/Library/Caches/argmap`` on macOS,
``%LOCALAPPDATA%\\argmap\\Cache`` on Windows and ``~/.cache/argmap`` elsewhere.
Each user of the folder keeps to a subfolder of its own; deleting it is always safe.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """argmap's per-user cache folder (see the module documentation)."""
    configured = os.environ.get("ARGMAP_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg).expanduser() / "argmap"
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "argmap"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / "argmap" / "Cache"
    return home / ".cache" / "argmap"
