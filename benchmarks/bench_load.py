"""How long loading and validating a map takes, next to PyYAML's C loader parsing the same file.

    python benchmarks/bench_load.py            # 100 / 1,000 / 10,000 nodes
    python benchmarks/bench_load.py 50000      # other sizes

For each size it reports the best of several runs of:
  - argmap.loads(text): parse + validate + build the model (what `argmap validate` does per file)
  - the fast reader alone, and the full position-aware parser (used when there is a problem to locate)
  - yaml.load(text, Loader=yaml.CSafeLoader): parsing only, no validation
and the ratio argmap / CSafeLoader (the target is 0.25 or less at 10,000 nodes).
"""

from __future__ import annotations

import gc
import platform
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

import argmap  # noqa: E402
from argmap.store import fast as fastyaml, yamlio  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402


def best_of(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    if not getattr(yaml, "__with_libyaml__", False):
        sys.exit("PyYAML was built without libyaml; CSafeLoader is not available")
    print(f"Python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml), {platform.machine()}")
    print(f"{'nodes':>7} {'MB':>6} {'argmap.loads':>13} {'fast read':>10} {'full parse':>11} "
          f"{'CSafeLoader':>12} {'no GC':>8} {'ratio':>6}")
    for n in sizes:
        text = synthetic_yaml(n, seed=1)
        runs = 7 if n <= 10_000 else 3
        load = best_of(lambda: argmap.loads(text), runs)
        fast = best_of(lambda: fastyaml.parse(text), runs)
        full = best_of(lambda: yamlio.parse_full(text), max(1, runs // 2))
        csafe = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), max(2, runs // 2))
        gc.disable()
        try:
            csafe_nogc = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), max(2, runs // 2))
        finally:
            gc.enable()
        print(f"{n:>7} {len(text) / 1e6:>6.2f} {load * 1000:>11.1f}ms {fast * 1000:>8.1f}ms "
              f"{full * 1000:>9.1f}ms {csafe * 1000:>10.1f}ms {csafe_nogc * 1000:>6.1f}ms {load / csafe:>6.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1_000, 10_000])
