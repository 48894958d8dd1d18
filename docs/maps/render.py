"""Render every map in maps/ to docs/maps/MAP-ID.svg, and remove pictures of maps that are gone.

    python docs/maps/render.py

Run it after changing a map. It uses the Graphviz that is installed with argmap (the
embedded WebAssembly build) rather than any system Graphviz, so that the pictures come
out the same on every machine and a re-run changes only the maps that changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def main() -> int:
    maps = sorted((ROOT / "maps").glob("*.yaml"))
    if not maps:
        print("no maps found in maps/", file=sys.stderr)
        return 1
    command = [
        sys.executable,
        "-m",
        "argmap",
        "render",
        *map(str, maps),
        "--engine",
        "embedded",
        "--output",
        f"{HERE}/",
    ]
    code = subprocess.call(command)
    if code:
        return code
    wanted = {path.stem for path in maps}
    for picture in HERE.glob("*.svg"):
        if picture.stem not in wanted:
            picture.unlink()
            print(f"removed {picture.relative_to(ROOT)} (its map is gone)", file=sys.stderr)
    print(f"rendered {len(maps)} maps into {HERE.relative_to(ROOT)}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
