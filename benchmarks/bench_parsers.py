"""How fast compiled YAML parsers read argmap's maps, next to argmap's own fast reader.

    python benchmarks/bench_parsers.py                  # every shape at 10,000 nodes, best of 5
    python benchmarks/bench_parsers.py --shape flat wide --runs 9

It answers one question: would a compiled parser (a dependency with a C or Rust core) make
loading much faster? For each map shape of benchmarks/synth.py it reports the best CPU time
of argmap's fast reader (`argmap.store.fast.parse`), of PyYAML's C loader with the garbage
collector on and off, and of each optional parser that is installed (`yaml_rs` from the
yaml-rs package, `ryaml`), all with the collector off except the first C loader column.
A parser whose data differs from the full reader's is marked "≠" (dates read as strings,
say); one that cannot read the map shows "fails". None of these parsers is a dependency
of argmap: install them to compare.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from argmap.gcpause import gc_paused  # noqa: E402
from argmap.store import fast  # noqa: E402
from argmap.store.full import parse_full  # noqa: E402
from benchmarks.bench_load import best_of  # noqa: E402
from benchmarks.synth import SHAPES, synthetic_yaml  # noqa: E402

# Module name, and how it reads a YAML text.
OPTIONAL = {"yaml_rs": "loads", "ryaml": "loads"}


def _paused(read: Callable[[str], Any], text: str) -> Callable[[], Any]:
    """``read(text)`` with the collector paused, as argmap's loader runs its reader."""

    def run() -> Any:
        with gc_paused():
            return read(text)

    return run


def _csafe(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def _ms(seconds: float, mark: str = "") -> str:
    return f"{seconds * 1000:>8.1f}ms{mark:1}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", nargs="+", choices=list(SHAPES), default=list(SHAPES), help="map shapes")
    parser.add_argument("--nodes", type=int, default=10_000, help="map size in nodes")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the best counts")
    args = parser.parse_args(argv)
    readers: dict[str, Callable[[str], Any]] = {}
    for name, function in OPTIONAL.items():
        try:
            readers[name] = getattr(importlib.import_module(name), function)
        except ImportError:
            print(f"({name} is not installed: skipped)")
    print(f"Python {platform.python_version()}, PyYAML {yaml.__version__}, CPU time, best of {args.runs}")
    columns = ["argmap fast", "CSafe", "CSafe no GC", *readers]
    print(f"{'shape':<10} {'MB':>5} " + " ".join(f"{c:>11}" for c in columns))
    for shape in args.shape:
        text = synthetic_yaml(args.nodes, seed=1, shape=shape)
        expected = parse_full(text).data
        cells = [
            _ms(best_of(_paused(fast.parse, text), args.runs)),
            _ms(best_of(lambda: _csafe(text), args.runs)),
            _ms(best_of(_paused(_csafe, text), args.runs)),
        ]
        for read in readers.values():
            try:
                same = read(text) == expected
            except Exception:  # a parser that cannot read the map at all
                cells.append(f"{'fails':>11}")
                continue
            cells.append(_ms(best_of(_paused(read, text), args.runs), "" if same else "≠"))
        row = " ".join(cells)
        print(f"{shape:<10} {len(text.encode()) / 1e6:>5.2f} {row}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
