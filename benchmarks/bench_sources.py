"""How long `argmap sources check` takes: the real maps, and synthetic maps of any size.

    python benchmarks/bench_sources.py                 # 1,000 and 10,000 nodes
    python benchmarks/bench_sources.py 50000           # other sizes
    ARGMAP_SEEDS=path/to/seeds python benchmarks/bench_sources.py

For each synthetic size it builds the map (about a third of its nodes quote a source)
and, for each of its two sources, a text file holding every quote of that source among
filler sentences, so the source grows with the map. It reports the best of several runs of:
  - load: argmap.load(path) alone
  - check, all found: argmap.check_quotes(path, folder) when every quote is in its source
  - check, 10% misquoted: the same when one quote in ten has a word changed, so the
    checker also works out how much of each miss matched (for its message)
The real maps in maps/ are checked against the source documents when they are available.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from argmap.store.yamlio import dump_data  # noqa: E402
from benchmarks.bench_load import best_of  # noqa: E402
from benchmarks.synth import _sentence, synthetic_data  # noqa: E402

SEEDS = Path(os.environ.get("ARGMAP_SEEDS", ROOT.parent / "shared" / "seeds"))


def _cites(data: dict[str, Any]):
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node.get("cite"), dict):
            yield node["cite"]
        for relation in ("premises", "objections", "rebuttals"):
            stack.extend(node.get(relation, []))


def build(n: int, folder: Path, misquote: float) -> tuple[Path, int, int]:
    """Write a synthetic map and its sources' texts; return the map's path, quotes and text bytes."""
    rng = random.Random(n)
    data = synthetic_data(n, seed=1)
    quoted = [c for c in _cites(data) if "quote" in c]
    texts: dict[str, list[str]] = {"interview": [], "analysis": []}
    for cite in quoted:
        texts[cite["source"]].append(cite["quote"] + ".")
        texts[cite["source"]].append(_sentence(rng))
    for key, sentences in texts.items():
        rng.shuffle(sentences)
        (folder / f"{key}.txt").write_text(
            "\n".join(" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)), encoding="utf-8"
        )
        data["sources"][key]["file"] = f"{key}.txt"
    for cite in quoted:
        if rng.random() < misquote:
            words = cite["quote"].split()
            words[len(words) // 2] = "misquoted"
            cite["quote"] = " ".join(words)
    path = folder / "map.yaml"
    path.write_text(dump_data(data), encoding="utf-8")
    size = sum((folder / f"{key}.txt").stat().st_size for key in texts)
    return path, len(quoted), size


def main(sizes: list[int]) -> None:
    print(f"Python {platform.python_version()}, {platform.machine()}")
    if SEEDS.is_dir():
        maps = sorted((ROOT / "maps").glob("*.yaml"))
        quotes = sum(len(argmap.check_quotes(p, SEEDS).quotes) for p in maps)
        seconds = best_of(lambda: [argmap.check_quotes(p, SEEDS) for p in maps], 7)
        print(f"maps/: {len(maps)} maps, {quotes} quotes checked in {seconds * 1000:.1f} ms")
    print(f"{'nodes':>7} {'quotes':>7} {'source MB':>10} {'load':>9} {'all found':>10} {'10% misquoted':>14}")
    for n in sizes:
        runs = 5 if n <= 10_000 else 2
        with tempfile.TemporaryDirectory() as tmp:
            path, quotes, size = build(n, Path(tmp), 0.0)
            load = best_of(lambda: argmap.load(path), runs)
            ok = best_of(lambda: argmap.check_quotes(path, tmp), runs)
            assert argmap.check_quotes(path, tmp).ok
        with tempfile.TemporaryDirectory() as tmp:
            path, _, _ = build(n, Path(tmp), 0.1)
            missed = best_of(lambda: argmap.check_quotes(path, tmp), runs)
            assert not argmap.check_quotes(path, tmp).ok
        print(
            f"{n:>7} {quotes:>7} {size / 1e6:>10.2f} {load * 1000:>7.0f}ms {ok * 1000:>8.0f}ms {missed * 1000:>12.0f}ms"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000])
