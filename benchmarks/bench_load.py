"""How long loading and validating a map takes, next to PyYAML's C loader parsing the same file.

    python benchmarks/bench_load.py                      # every shape at 10,000 nodes, best of 3
    python benchmarks/bench_load.py --shape quoted deep  # some shapes
    python benchmarks/bench_load.py --nodes 1000 10000 --runs 5 --parts

Maps come from benchmarks/synth.py in each of its shapes (short and long quoted texts,
deep chains, one node with thousands of children, with and without comments, cites and
tags). For each map, written to a file, it reports the best of several runs of:
  - argmap.load(path): read + parse + validate + build the model (what `argmap validate` does per file)
  - yaml.load(text, Loader=yaml.CSafeLoader): parsing only, no validation
and the ratio argmap / CSafeLoader; the target is 0.25 or less on every shape. With
--parts it also times the fast reader alone, pydantic alone building the model from the data
read (ids already known), and CSafeLoader with the garbage collector off; "floor" is the
ratio the reader and pydantic would give if everything else (the walk, id derivation, the
link and citation checks) took no time at all.
Times are the process's CPU time (both sides run on one thread), which other busy
processes on the machine disturb far less than wall-clock time; --wall measures that instead.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

import argmap  # noqa: E402
from argmap.gcpause import gc_paused  # noqa: E402
from argmap.model import ArgumentMap, QuestionMap, is_question_map  # noqa: E402
from argmap.store import fast  # noqa: E402
from benchmarks.synth import SHAPES, synthetic_yaml  # noqa: E402

TARGET = 0.25


clock = time.process_time


def best_of(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        # Each run starts from the same state of the collector: what one side's objects did to
        # its generations and thresholds must not speed up or slow down the other side's run.
        gc.collect()
        start = clock()
        result = fn()
        times.append(clock() - start)
        del result  # freeing what was loaded is not part of loading it
    return min(times)


def pydantic_alone(text: str, runs: int) -> float:
    """The best time pydantic-core takes to build the model of ``text``'s map from the data just
    read (fresh in memory, as in a load), with the ids worked out beforehand (as loading hands
    them over) and the collector paused (as loading pauses it)."""
    loaded = argmap.loads(text)
    ids = [node.id for node in loaded.nodes()][1:]
    root = QuestionMap if is_question_map(loaded) else ArgumentMap
    del loaded
    times = []
    for _ in range(runs):
        gc.collect()
        with gc_paused():
            data = fast.parse(text)
            start = clock()
            model = root.model_validate(data, context={"ids": ids})
            times.append(clock() - start)
        del model, data
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shape", nargs="+", choices=list(SHAPES), default=list(SHAPES), help="map shapes to measure (default: all)"
    )
    parser.add_argument("--nodes", nargs="+", type=int, default=[10_000], help="map sizes in nodes")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument(
        "--parts",
        action="store_true",
        help="also time the fast reader alone and CSafeLoader without the garbage collector",
    )
    parser.add_argument("--wall", action="store_true", help="measure wall-clock time instead of CPU time")
    args = parser.parse_args(argv)
    global clock
    if args.wall:
        clock = time.perf_counter
    if not getattr(yaml, "__with_libyaml__", False):
        sys.exit("PyYAML was built without libyaml; CSafeLoader is not available")
    print(
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml), {platform.machine()}, "
        f"{'wall-clock' if args.wall else 'CPU'} time, best of {args.runs}"
    )
    head = f"{'shape':<10} {'nodes':>7} {'MB':>6} {'argmap.load':>12} {'CSafeLoader':>12} {'ratio':>6}"
    if args.parts:
        head += f" {'fast read':>10} {'pydantic':>10} {'floor':>6} {'CSafe no GC':>12}"
    print(head)
    argmap.loads(synthetic_yaml(50))  # imports and pydantic's first-use work
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.nodes:
            for shape in args.shape:
                text = synthetic_yaml(n, seed=1, shape=shape)
                path = Path(tmp) / f"{shape}-{n}.yaml"
                path.write_text(text, encoding="utf-8")
                # Alternate the two, so that a slow spell of a shared machine falls on both sides.
                load, csafe = float("inf"), float("inf")
                for _ in range(args.runs):
                    load = min(load, best_of(lambda: argmap.load(path), 1))
                    csafe = min(csafe, best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 1))
                ratio = load / csafe
                worst = max(worst, ratio)
                row = (
                    f"{shape:<10} {n:>7} {len(text.encode()) / 1e6:>6.2f} {load * 1000:>10.1f}ms "
                    f"{csafe * 1000:>10.1f}ms {ratio:>6.3f}"
                )
                if args.parts:
                    fast_read = best_of(lambda: fast.parse(text), args.runs)
                    model = pydantic_alone(text, args.runs)
                    with gc_paused():
                        nogc = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), args.runs)
                    floor = (fast_read + model) / csafe
                    row += f" {fast_read * 1000:>8.1f}ms {model * 1000:>8.1f}ms {floor:>6.3f} {nogc * 1000:>10.1f}ms"
                print(row, flush=True)
    print(f"worst ratio {worst:.3f} (target {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
