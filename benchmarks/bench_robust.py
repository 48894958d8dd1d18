"""Robustness numbers: what the limits cost at their worst, what locking and merging cost,
and a crash stress run.

    python benchmarks/bench_robust.py                # everything (several minutes)
    python benchmarks/bench_robust.py limits         # one part: limits, writes, merge, crash
    python benchmarks/bench_robust.py crash --runs 500

Each worst case runs in a fresh process so that its peak memory (ru_maxrss) is its own.
Results go to docs/benchmarks.md (section "Robustness") by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each case: a description and the code that builds the text (in the child process, so its
# memory counts). MB = 64 MiB minus a little: the largest file the size limit lets through.
LIMIT_CASES = {
    "64 MB file, 16 million one-letter list items (value limit)": "HEAD + 'tags:\\n' + '- a\\n' * ((MB - len(HEAD)) // 4)",
    "64 MB file, one flow list of 33 million items (value limit)": "HEAD + 'tags: [' + 'a,' * ((MB - len(HEAD)) // 2 - 8) + 'a]\\n'",
    "64 MB file, one 64-million-character text (text length limit)": "HEAD + 'note: ' + 'a' * (MB - len(HEAD) - 8) + '\\n'",
    "flow lists nested 50,000 deep (nesting limit)": "HEAD + 'note: ' + '[' * 50000 + ']' * 50000 + '\\n'",
    "100,001 nodes of one short line each (node limit)": "HEAD + 'premises:\\n' + '- text: A premise.\\n' * 100000",
    "billion laughs: 9 levels of 9 aliases (alias limit)": "HEAD + 'a0: &a0 [lol]\\n' + ''.join(f'a{i}: &a{i} [' + ', '.join([f'*a{i-1}'] * 9) + ']\\n' "
    "for i in range(1, 10))",
    "a valid 100,000-node map, 41 MB (within every limit)": "synthetic_yaml(100000)",
}

CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from benchmarks.synth import synthetic_yaml
import argmap
HEAD = "argmap: 1\\nid: limits\\nclaim: A claim.\\n"
MB = 64 * 1024 * 1024 - 64
text = {expr}
start = time.perf_counter()
try:
    argmap.loads(text, "case.yaml")
    outcome = "loaded"
except argmap.MapError as exc:
    outcome = str(exc.problems[0])[:110]
seconds = time.perf_counter() - start
print(repr((len(text), seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, outcome)))
"""


def limits() -> None:
    print("| case | file | load time | peak memory | outcome |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, expr in LIMIT_CASES.items():
        code = CHILD.format(root=str(ROOT), expr=expr)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"| {name} | | | | CRASHED: {done.stderr.strip().splitlines()[-1]} |")
            continue
        size, seconds, rss, outcome = eval(done.stdout.strip())
        print(f"| {name} | {size / 1e6:.1f} MB | {seconds:.1f} s | {rss:,} MB | `{outcome}` |", flush=True)


def writes(count: int = 300) -> None:
    """atomic_write (lock, clean-up, temp file, fsync, rename) against a bare write."""
    from argmap.store.files import atomic_write, write_locked

    folder = Path(tempfile.mkdtemp())
    target = folder / "m.yaml"
    text = "argmap: 1\nid: w\nclaim: A claim.\n" * 30
    for label, write in (
        ("bare temp+fsync+rename", lambda: write_locked(target, text)),
        ("atomic_write (adds lock and clean-up)", lambda: atomic_write(target, text)),
    ):
        start = time.perf_counter()
        for _ in range(count):
            write()
        print(f"| {label} | {(time.perf_counter() - start) / count * 1000:.2f} ms per write |")


def merge(sizes: tuple[int, ...] = (1000, 10000)) -> None:
    """A save that finds the file changed: merge_data alone, and the whole save."""
    import argmap
    from argmap.store.merge import merge_data
    from argmap.store.origin import loaded_data
    from benchmarks.synth import synthetic_yaml

    print("| nodes | merge_data | save, file unchanged on disk | save that merges |")
    print("| ---: | ---: | ---: | ---: |")
    for n in sizes:
        folder = Path(tempfile.mkdtemp())
        path = folder / "m.yaml"
        path.write_text(synthetic_yaml(n))
        mine, other = argmap.load(path), argmap.load(path)
        mine.add(mine.id, "Mine.", kind="objection")
        other.add(other.id, "The other writer's.", kind="objection")
        start = time.perf_counter()
        merge_data(loaded_data(mine), mine.to_data(), other.to_data())
        data_seconds = time.perf_counter() - start
        start = time.perf_counter()
        argmap.save(other)
        plain_seconds = time.perf_counter() - start
        start = time.perf_counter()
        argmap.save(mine)
        merge_seconds = time.perf_counter() - start
        assert {"Mine.", "The other writer's."} <= {o.text for o in argmap.load(path).objections}
        print(f"| {n:,} | {data_seconds:.2f} s | {plain_seconds:.1f} s | {merge_seconds:.1f} s |", flush=True)


def crash(runs: int = 200, nodes: int = 20000) -> None:
    """Kill writers with SIGKILL at random moments; count what the file and the folder looked like."""
    from argmap.store import atomic_write
    from benchmarks.synth import synthetic_yaml

    folder = Path(tempfile.mkdtemp())
    path = folder / "big.yaml"
    versions = [synthetic_yaml(nodes, seed=1), synthetic_yaml(nodes, seed=2)]
    (folder / "a.txt").write_text(versions[0])
    (folder / "b.txt").write_text(versions[1])
    atomic_write(path, versions[0])
    worker = str(ROOT / "tests" / "robust_worker.py")
    rng = random.Random(1)
    torn = mid_write = 0
    start = time.perf_counter()
    for _ in range(runs):
        process = subprocess.Popen(
            [sys.executable, worker, "write-loop", str(path), str(folder / "a.txt"), str(folder / "b.txt")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        content = path.read_text()
        torn += content not in versions
        mid_write += any(name.endswith(".tmp") for name in os.listdir(folder))
        atomic_write(path, content)
        left = sorted(set(os.listdir(folder)) - {"big.yaml", "a.txt", "b.txt"})
        assert not left, left
    print(
        json.dumps(
            {
                "runs": runs,
                "file_bytes": len(versions[0].encode()),
                "killed_mid_write": mid_write,
                "torn_files": torn,
                "left_after_next_write": 0,
                "seconds": round(time.perf_counter() - start, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", default=["limits", "writes", "merge", "crash"])
    parser.add_argument("--runs", type=int, default=200, help="crash runs (default 200)")
    args = parser.parse_args()
    for part in args.parts:
        print(f"\n## {part}\n", flush=True)
        if part == "crash":
            crash(args.runs)
        else:
            globals()[part]()


if __name__ == "__main__":
    main()
