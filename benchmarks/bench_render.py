"""Rendering time, end to end, for each engine and layout, beside Argdown's command line.

    python benchmarks/bench_render.py                # 100, 1,000, 5,000 and 10,000 nodes
    python benchmarks/bench_render.py --sizes 100,1000 --write

Each run is a fresh process, as a user would start it (``argmap render MAP -o OUT.svg``),
timed on the wall clock; small maps take the best of three runs. The same debate is
written as Argdown by ``benchmarks/argdown.py`` and rendered with ``argdown map
--format svg``; the script installs ``@argdown/cli`` with npm into ``benchmarks/out/``
(git-ignored) the first time. ``--write`` puts the tables into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.argdown import to_argdown  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "render"
ARGDOWN_DIR = ROOT / "benchmarks" / "out" / "argdown"
ARGDOWN_VERSION = "1.7.5"
ARGDOWN = ARGDOWN_DIR / "node_modules" / ".bin" / "argdown"
TIMEOUT = 900.0


def ensure_argdown() -> Path | None:
    """Argdown's CLI, installed with npm on first use; None when npm is missing or the install fails."""
    if ARGDOWN.exists():
        return ARGDOWN
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: skipping Argdown", file=sys.stderr)
        return None
    ARGDOWN_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing @argdown/cli@{ARGDOWN_VERSION} into {ARGDOWN_DIR.relative_to(ROOT)} ...", file=sys.stderr)
    proc = subprocess.run(
        [npm, "install", "--prefix", str(ARGDOWN_DIR), "--no-audit", "--no-fund", f"@argdown/cli@{ARGDOWN_VERSION}"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or not ARGDOWN.exists():
        print(f"npm install failed: skipping Argdown\n{proc.stderr[-2000:]}", file=sys.stderr)
        return None
    return ARGDOWN


def timed(command: list[str], env: dict[str, str] | None = None, runs: int = 1) -> float | None:
    """Best wall-clock time of ``runs`` runs of a command, or None when it fails or times out."""
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        try:
            proc = subprocess.run(command, capture_output=True, env=env, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            print(f"failed: {' '.join(command)}\n{proc.stderr.decode()[-1000:]}", file=sys.stderr)
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000,10000")
    parser.add_argument("--no-argdown", action="store_true", help="skip Argdown")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import argmap
    from argmap.render import RenderOptions, engines, render_map
    from argmap.render.dot import to_dot
    from argmap.render.options import TREE_LAYOUT_FROM

    OUT.mkdir(parents=True, exist_ok=True)
    argdown = None if args.no_argdown else ensure_argdown()
    cache = Path(tempfile.mkdtemp(prefix="argmap-bench-cache-"))
    env = dict(os.environ, ARGMAP_CACHE_DIR=str(cache))
    # --max-nodes 0: the whole map, as before static pictures of big maps were cut to their first levels.
    cli = [sys.executable, "-m", "argmap", "render", "--max-nodes", "0"]
    has_dot = engines.native_dot() is not None

    # The embedded engine's first run compiles the WebAssembly module; later runs load it from the cache.
    small = OUT / "synthetic-100.yaml"
    small.write_text(synthetic_yaml(100))
    cold = timed(cli + [str(small), "-o", str(OUT / "cold.svg"), "--engine", "embedded", "--layout", "dot"], env)
    warm = timed(cli + [str(small), "-o", str(OUT / "warm.svg"), "--engine", "embedded", "--layout", "dot"], env, 3)
    startup = timed([sys.executable, "-m", "argmap", "--help"], env, 3)

    rows = []
    for n in sizes:
        yaml_path = OUT / f"synthetic-{n}.yaml"
        yaml_path.write_text(synthetic_yaml(n))
        loaded = argmap.load(yaml_path)
        argdown_path = OUT / f"synthetic-{n}.argdown"
        argdown_path.write_text(to_argdown(loaded))
        runs = 3 if n <= 1000 else 1
        out = str(OUT / f"synthetic-{n}.svg")
        row = {"n": n}
        row["auto"] = timed(cli + [str(yaml_path), "-o", out], env, runs)
        row["tree"] = timed(cli + [str(yaml_path), "-o", out, "--layout", "tree"], env, runs)
        row["embedded"] = timed(cli + [str(yaml_path), "-o", out, "--layout", "dot", "--engine", "embedded"], env, runs)
        row["native"] = (
            timed(cli + [str(yaml_path), "-o", out, "--layout", "dot", "--engine", "native"], env, runs)
            if has_dot
            else None
        )
        row["argdown"] = (
            timed([str(argdown), "map", str(argdown_path), str(OUT / "argdown"), "--format", "svg"], runs=runs)
            if argdown
            else None
        )
        # In-process parts: building the DOT text, and the whole tree-layout rendering.
        start = time.perf_counter()
        to_dot(loaded)
        row["dot_text"] = time.perf_counter() - start
        start = time.perf_counter()
        render_map(loaded, "svg", RenderOptions(layout="tree", max_nodes=None))
        row["tree_inproc"] = time.perf_counter() - start
        row["auto_layout"] = "tree" if n > TREE_LAYOUT_FROM else "dot"
        rows.append(row)
        print(row, file=sys.stderr)
    shutil.rmtree(cache, ignore_errors=True)

    native = engines.native_version() if has_dot else None
    lines = [
        "## Rendering",
        "",
        "`python benchmarks/bench_render.py` — wall-clock time of a fresh `argmap render MAP -o OUT.svg` "
        "process (Python start-up, loading and validating the map, layout, writing the file), best of three "
        "runs up to 1,000 nodes, one run above. Argdown is `argdown map MAP.argdown DIR --format svg` "
        f"(`@argdown/cli` {ARGDOWN_VERSION}, which lays out with Graphviz compiled to JavaScript) on the same "
        "debate written as Argdown by `benchmarks/argdown.py`.",
        "",
        "| nodes | argmap (auto) | tidy tree | `dot`, embedded Graphviz 16.1 | "
        f"`dot`, system Graphviz {native or '(not installed)'} | Argdown | Argdown / argmap |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = f"{row['argdown'] / row['auto']:.1f}×" if row["argdown"] and row["auto"] else "—"
        lines.append(
            f"| {row['n']:,} | {seconds(row['auto'])} ({row['auto_layout']}) | {seconds(row['tree'])} | "
            f"{seconds(row['embedded'])} | {seconds(row['native'])} | {seconds(row['argdown'])} | {ratio} |"
        )
    lines += [
        "",
        "In-process parts (no start-up, map already loaded):",
        "",
        "| nodes | DOT text (`to_dot`) | tidy-tree rendering (select, measure, lay out, write SVG) |",
        "| ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(f"| {row['n']:,} | {seconds(row['dot_text'])} | {seconds(row['tree_inproc'])} |")
    lines += [
        "",
        "The rendering issue's targets are an end-to-end time at least 3× better than Argdown's at 1,000 "
        "nodes and 5× at 10,000 (last column). Notes:",
        "",
        "- Up to 1,000 nodes most of argmap's time is starting Python and loading the map; the layout "
        "itself takes a tenth of a second or two.",
        "- Graphviz's `dot` grows much faster than the map: several seconds at 5,000 nodes with either "
        f"engine. `--layout auto` therefore uses the tidy tree above {TREE_LAYOUT_FROM:,} drawn nodes, "
        "which stays linear.",
        "- Graphviz lays out empty boxes of the sizes argmap measured, and argmap draws the SVG itself. "
        "Laying out fully labelled nodes instead (HTML-like labels, tooltips, links) made the embedded "
        "engine take about 80 s on the 10,000-node map.",
        "- `newrank=true` makes Debian's `dot` 2.43 about 25% faster with identical output, and the "
        "embedded 16.1 about 15% slower; argmap passes it to the system `dot` only.",
        "- The machine is shared: figures vary by a factor of two or more between runs (Argdown took "
        "between 40 s and 130 s on the 10,000-node map).",
    ]
    lines += [
        "",
        f"Start-up: `argmap --help` takes {seconds(startup)}. The embedded Graphviz compiles its WebAssembly "
        f"module on first use: the first render of a 100-node map took {seconds(cold)}, later ones "
        f"{seconds(warm)}, with the compiled module loaded from the cache folder.",
        "",
        f"Measured on {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        docs = ROOT / "docs" / "benchmarks.md"
        current = docs.read_text()
        pattern = re.compile(r"^## Rendering\n.*?(?=^## |\Z)", re.S | re.M)
        updated = (
            pattern.sub(lambda _: text + "\n", current)
            if pattern.search(current)
            else current.rstrip("\n") + "\n\n" + text
        )
        from argmap.store.yamlio import atomic_write

        atomic_write(docs, updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
