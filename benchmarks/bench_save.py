"""How long argmap.save() takes after a one-node edit, before and after text-level patching.

    python benchmarks/bench_save.py            # 1,000 and 10,000 nodes
    python benchmarks/bench_save.py 3000       # other sizes

For each size and each edit (append one objection under the central claim; reject one
proposal that sits deep in the tree; change the text of the deepest node) it loads the
map from a file, makes the edit and times argmap.save(): once through the whole-file
path (ruamel.yaml's round trip of the whole document, which every save took before) and
as saves now run (argmap/store/linepatch.py: only the changed lines, falling back to the
whole-file path when unsure). It also says whether the two wrote the same bytes, and how
long loading takes, for scale.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argmap  # noqa: E402
from argmap.model import Proposal  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402


def deepest(m: argmap.ArgumentMap) -> argmap.model.Node:
    return max(m.walk(), key=lambda entry: entry.depth).node  # type: ignore[return-value]


def with_proposal(text: str, folder: Path) -> str:
    """The map with one proposal under its deepest node, as a critique run leaves it."""
    path = folder / "proposal.yaml"
    path.write_text(text)
    m = argmap.load(path)
    node = deepest(m)
    m.add(
        node.id,
        "A proposed objection to review.",
        kind="rebuttal" if node.kind == "objection" else "objection",
        status="proposed",
        proposal=Proposal(
            model="openai/bench-model", created="2026-01-02T03:04:05Z", rationale="The benchmark's proposal."
        ),
    )
    argmap.save(m)
    return path.read_text()


def append_objection(m: argmap.ArgumentMap) -> None:
    m.add(m.id, "An objection added by the benchmark.", kind="objection", by="a benchmark")


def reject_proposal(m: argmap.ArgumentMap) -> None:
    m.reject(next(n for n in m.nodes() if n.status == "proposed").id, "duplicate")


def change_deep_text(m: argmap.ArgumentMap) -> None:
    deepest(m).text = "A text changed deep down by the benchmark."


def time_save(
    text: str, edit: Callable[[argmap.ArgumentMap], None], path: Path, whole: bool, runs: int
) -> tuple[float, str]:
    """Best time of argmap.save() after ``edit``, and what it wrote."""
    best = float("inf")
    for _ in range(runs):
        path.write_text(text)
        m = argmap.load(path)
        edit(m)
        start = time.perf_counter()
        if whole:
            with mock.patch("argmap.store.linepatch.patch_parsed", return_value=None):
                argmap.save(m)
        else:
            argmap.save(m)
        best = min(best, time.perf_counter() - start)
    return best, path.read_text()


def main(sizes: list[int]) -> None:
    # Both ways of saving must stamp the same decision time for their bytes to compare.
    argmap.model.utc_now = lambda: "2026-02-03T04:05:06Z"
    print(f"Python {platform.python_version()}, {platform.machine()}")
    print(
        f"{'nodes':>7} {'MB':>5} {'load':>8}  {'edit':<22} {'whole file':>11} {'changed lines':>14} "
        f"{'speed-up':>9}  same bytes"
    )
    edits = [
        ("append one objection", append_objection),
        ("reject one proposal", reject_proposal),
        ("change one text deep", change_deep_text),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "map.yaml"
        argmap.loads(synthetic_yaml(50))  # imports, caches
        for n in sizes:
            plain = synthetic_yaml(n, seed=1)
            proposed = with_proposal(plain, folder)
            start = time.perf_counter()
            argmap.loads(plain)
            load = time.perf_counter() - start
            for name, edit in edits:
                text = proposed if edit is reject_proposal else plain
                slow, slow_text = time_save(text, edit, path, whole=True, runs=1 if n >= 5000 else 2)
                fast, fast_text = time_save(text, edit, path, whole=False, runs=5)
                print(
                    f"{n:>7} {len(text) / 1e6:>5.2f} {load * 1000:>6.0f}ms  {name:<22} {slow:>10.2f}s "
                    f"{fast * 1000:>12.0f}ms {slow / fast:>8.0f}x  {'yes' if slow_text == fast_text else 'no'}"
                )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
