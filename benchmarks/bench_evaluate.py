"""How long evaluation takes next to loading, on synthetic maps; and what explaining it costs.

    python benchmarks/bench_evaluate.py            # 1,000 and 10,000 nodes
    python benchmarks/bench_evaluate.py 50000      # other sizes

For each size it times loading the YAML text (``argmap.loads``) and evaluating the
loaded map (``argmap.evaluate``), on the usual synthetic map (whose cross-links all
point back to earlier nodes, so it has no cycles) and on a variant where 2% of the
nodes also attack a node below them, which ties parts of the map into cycles that
must be iterated. Prints a Markdown table; each time is the best of several runs, as in
bench_load.py, since other work on the machine only ever adds time.

A second table times ``--explain`` on the same maps: the impact of every node (one
incremental recomputation per node), the flips up to two nodes, the same impact by a
full re-evaluation per node for comparison (at 1,000 nodes only: it grows with the
square of the size), and listing preferred extensions. A third times the flips on wide
maps, a claim with hundreds of objections, where every pair of them must be tried.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
            print(
                f"| {name} | {n:,} | {load * 1000:.0f} ms | {evaluate * 1000:.1f} ms | "
                f"{evaluate / load:.1%} | {'none' if result.acyclic else f'{undecided:,} nodes undec'} | "
                f"{result.iterations}{'' if result.converged else ' (not converged)'} |"
            )


def full_impact(evaluation: Any) -> float:
    """Impact the slow way, for comparison: evaluate the graph afresh without each node's subtree."""
    from argmap.explain import subtree_sizes

    graph = evaluation.graph
    sizes = subtree_sizes(graph.parents)
    ids = graph.ids
    total = 0.0
    for x in range(1, len(ids)):
        gone = set(range(x, x + sizes[x]))
        keep = [i for i in range(len(ids)) if i not in gone]
        weights = {ids[i]: graph.base[i] for i in keep}
        attacks = [(ids[j], ids[i]) for i in keep for j in graph.attackers[i] if j not in gone]
        supports = [(ids[j], ids[i]) for i in keep for j in graph.supporters[i] if j not in gone]
        total += argmap.evaluate_graph(weights, attacks, supports, claim=ids[0]).verdict.strength
    return total


def wide_map(count: int, answered: bool) -> str:
    """A claim with ``count`` objections, each answered by a rebuttal or not: flips must try every pair."""
    lines = ["argmap: 1", "id: c", "claim: C.", "objections:"]
    for i in range(count):
        lines += [f"  - id: o{i}", f"    text: Objection {i}."]
        if answered:
            lines += ["    rebuttals:", f"      - id: r{i}", f"        text: Rebuttal {i}."]
    return "\n".join(lines) + "\n"


def wide_table() -> None:
    from argmap.explain import flips

    print()
    print("| map | nodes | pairs tried | flips (up to 2) | flip sets |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for count, answered in ((500, True), (1_000, False)):
        evaluation = argmap.evaluate(argmap.loads(wide_map(count, answered)))
        took = best_seconds(lambda: flips(evaluation, 2), 3)
        name = f"{count:,} objections, {'each answered' if answered else 'none answered'}"
        print(
            f"| {name} | {len(evaluation.nodes):,} | {count * (count - 1) // 2:,} | {took * 1000:,.0f} ms | "
            f"{len(flips(evaluation, 2)[0])} |"
        )


def explain_table(sizes: list[int]) -> None:
    from argmap.explain import flips, impact

    print()
    print(
        "| map | nodes | impact, every node | impact by full re-evaluation | flips (up to 2) | flip sets "
        "| preferred extensions |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        runs = 3
        for name, data in (("synthetic", synthetic_data(n)), ("synthetic + cycles", cyclic_data(n))):
            the_map = argmap.loads(to_yaml(data))
            evaluation = argmap.evaluate(the_map)
            took_impact = best_seconds(lambda: impact(evaluation), runs)
            took_flips = best_seconds(lambda: flips(evaluation, 2), runs)
            found = flips(evaluation, 2)[0]
            full = f"{best_seconds(lambda: full_impact(evaluation), 1):.1f} s" if n <= 1_000 else "-"
            took_ext = best_seconds(lambda: argmap.evaluate(the_map, semantics="preferred"), runs)
            count = argmap.evaluate(the_map, semantics="preferred").extension_count
            print(
                f"| {name} | {n:,} | {took_impact * 1000:,.0f} ms | {full} | {took_flips * 1000:,.0f} ms | "
                f"{len(found)} | {took_ext * 1000:,.0f} ms ({count:,}) |"
            )


if __name__ == "__main__":
    chosen = [int(arg) for arg in sys.argv[1:]] or [1_000, 10_000]
    main(chosen)
    explain_table(chosen)
    wide_table()
