"""What argmap critique costs on top of the model's own time, against a local server.

    python benchmarks/bench_critique.py

A local OpenAI-compatible server (the one the tests use) answers every request with two
objections, instantly or after a fixed delay, so what is measured is argmap and LiteLLM,
not a model. Reported:
  - importing LiteLLM (paid once per run, only when something is sent);
  - critique_file on synthetic maps: every node of a 100-node map, and 20 leaves of
    larger ones (prompts, requests, checking, saving as answers arrive), with how many
    saves the run made and how long they took;
  - the same runs again, answered from the cache;
  - concurrency: 16 nodes whose answers each take 0.5 s, at several --concurrency values.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from argmap.critique import CritiqueOptions, critique_file, select_targets  # noqa: E402
from argmap.store import saving  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402
from tests.critique_server import FakeLLM, Reply, default_reply  # noqa: E402

MODEL = "openai/bench-model"


def import_time() -> float:
    code = (
        "import time; t = time.perf_counter(); from argmap.critique.llm import load_litellm; "
        "load_litellm(); print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout)
        for _ in range(3)
    ]
    return min(runs)


SAVES: list[float] = []


def _counting_save(real):
    def save(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            SAVES.append(time.perf_counter() - start)

    return save


def timed_run(path: Path, server: FakeLLM, node_ids=None, scope=None, **settings) -> tuple[float, object]:
    SAVES.clear()
    options = CritiqueOptions(model=MODEL, api_base=server.base, **settings)
    start = time.perf_counter()
    report = critique_file(path, node_ids, scope=scope, options=options)
    return time.perf_counter() - start, report


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="argmap-bench-critique-"))
    os.environ["ARGMAP_CACHE_DIR"] = str(work / "cache")
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-real-key")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print(f"importing LiteLLM: {import_time():.2f} s (best of 3, fresh processes)")

    saving.save = _counting_save(saving.save)
    print(
        f"\n{'map':>12} {'targets':>8} {'first run':>10} {'per node':>9} {'proposals':>10} "
        f"{'saves':>6} {'in saves':>9} {'cached run':>11} {'file':>8}"
    )
    with FakeLLM() as server:
        timed_run(_map(work, 20, "warm"), server)  # LiteLLM's first request sets up clients
        for nodes, limit in ((100, None), (1_000, 20), (10_000, 20)):
            path = _map(work, nodes, f"{nodes}-{limit}")
            m = argmap.load(path)
            leaves = select_targets(m, scope="leaves")
            ids = None if limit is None else leaves[:limit]
            scope = "all" if limit is None else None
            first, report = timed_run(path, server, node_ids=ids, scope=scope, concurrency=8)
            saves, in_saves = len(SAVES), sum(SAVES)
            again, cached = timed_run(path, server, node_ids=ids, scope=scope, concurrency=8)
            assert cached.requests == 0  # type: ignore[attr-defined]
            targets = len(report.targets)  # type: ignore[attr-defined]
            size = path.stat().st_size / 1e6
            print(
                f"{nodes:>12,} {targets:>8} {first:>9.2f}s {1000 * first / targets:>7.0f}ms "
                f"{len(report):>10} {saves:>6} {in_saves:>8.2f}s {again:>10.2f}s {size:>6.1f}MB"
            )  # type: ignore[arg-type]

    print("\n16 nodes, each answer taking 0.5 s:")
    print(f"{'concurrency':>12} {'wall time':>10}")
    slow = lambda request: Reply(default_reply(request).content, delay=0.5)  # noqa: E731
    with FakeLLM(slow) as server:
        for concurrency in (1, 4, 8, 16):
            path = _map(work, 17, f"slow-{concurrency}")
            seconds, report = timed_run(path, server, scope="leaves", concurrency=concurrency, cache=False)
            print(f"{concurrency:>12} {seconds:>9.2f}s   ({len(report.targets)} nodes)")  # type: ignore[attr-defined]


def _map(work: Path, nodes: int, name: str) -> Path:
    path = work / f"{name}.yaml"
    if nodes == 17:  # a claim with sixteen premises: sixteen leaves
        lines = ["argmap: 1", f"id: slow-{name}", "claim: A central claim for the benchmark.", "premises:"]
        lines += [f"  - text: Premise number {i} about a separate matter {i * 7919}." for i in range(16)]
        path.write_text("\n".join(lines) + "\n")
    else:
        path.write_text(synthetic_yaml(nodes, seed=nodes))
    return path


if __name__ == "__main__":
    main()
