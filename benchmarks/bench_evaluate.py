"""How long evaluation takes next to loading, on synthetic maps.

    python benchmarks/bench_evaluate.py            # 1,000 and 10,000 nodes
    python benchmarks/bench_evaluate.py 50000      # other sizes

For each size it times loading the YAML text (``argmap.loads``) and evaluating the
loaded map (``argmap.evaluate``), on the usual synthetic map (whose cross-links all
point back to earlier nodes, so it has no cycles) and on a variant where 2% of the
nodes also attack a node below them, which ties parts of the map into cycles that
must be iterated. Prints a Markdown table; each time is the best of several runs, as in
bench_load.py, since other work on the machine only ever adds time.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argmap  # noqa: E402
from benchmarks.synth import synthetic_data, to_yaml  # noqa: E402


def _with_descendants(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[str]]]:
    """Every node with an id written, and the ids written under it, deepest nodes first."""
    found: list[tuple[dict[str, Any], list[str]]] = []
    below: dict[int, list[str]] = {}
    order, stack = [], [data]
    while stack:
        node = stack.pop()
        order.append(node)
        for relation in ("premises", "objections", "rebuttals"):
            stack.extend(node.get(relation, []))
    for node in reversed(order):  # children before parents
        ids: list[str] = []
        for relation in ("premises", "objections", "rebuttals"):
            for child in node.get(relation, []):
                ids.extend(below[id(child)])
                if "id" in child:
                    ids.append(child["id"])
        below[id(node)] = ids
        if "id" in node and node is not data:
            found.append((node, ids))
    return found


def cyclic_data(n: int, share: float = 0.02, seed: int = 1) -> dict[str, Any]:
    """A synthetic map where ``share`` of the nodes with ids also attack a node below them.

    Each such link closes a cycle (the attacked node leads back up to the attacker
    through the tree), and cycles that share nodes merge into larger knots.
    """
    data = synthetic_data(n)
    rng = random.Random(seed)
    candidates = [(node, below) for node, below in _with_descendants(data) if below]
    for node, below in rng.sample(candidates, min(len(candidates), int(n * share))):
        target = rng.choice(below)
        if target not in node.get("attacks", []):
            node.setdefault("attacks", []).append(target)
    return data


def best_seconds(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    print("| map | nodes | load | evaluate | evaluate / load | cycles | iterations |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        runs = 15 if n <= 20_000 else 5
        for name, data in (("synthetic", synthetic_data(n)), ("synthetic + cycles", cyclic_data(n))):
            text = to_yaml(data)
            the_map = argmap.loads(text)
            load = best_seconds(lambda: argmap.loads(text), runs)
            evaluate = best_seconds(lambda: argmap.evaluate(the_map), runs)
            result = argmap.evaluate(the_map)
            undecided = result.counts()["undec"]
            print(f"| {name} | {n:,} | {load * 1000:.0f} ms | {evaluate * 1000:.1f} ms | "
                  f"{evaluate / load:.1%} | {'none' if result.acyclic else f'{undecided:,} nodes undec'} | "
                  f"{result.iterations}{'' if result.converged else ' (not converged)'} |")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
