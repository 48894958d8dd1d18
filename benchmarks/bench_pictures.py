"""Static pictures: time and peak memory of PNG and PDF, and of big maps cut to a readable part.

    python benchmarks/bench_pictures.py            # prints a Markdown table

Each row is one fresh ``argmap render`` process, as a user would start it, timed on the
wall clock, with the peak resident memory of that process (``ru_maxrss``). The maps are
``maps/age-of-research.yaml`` (24 nodes) and a synthetic 2,000-node map from
``benchmarks/synth.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import synthetic_yaml  # noqa: E402


def measure(args: list[str]) -> tuple[float, float, int, str]:
    """Seconds, peak MB and exit status of one ``argmap render`` run, and its last line on stderr.

    A small Python parent starts the run and reads RUSAGE_CHILDREN, which then covers that one process."""
    code = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "p.returncode); print((p.stderr.strip().splitlines() or [''])[-1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "argmap", "render", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    first, last = done.stdout.splitlines()[:2]
    seconds, kilobytes, status = first.split()
    return float(seconds), int(kilobytes) / 1024, int(status), last


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="argmap-bench-pictures-"))
    big = folder / "synthetic-2000.yaml"
    big.write_text(synthetic_yaml(2000, seed=1))
    small = ROOT / "maps" / "age-of-research.yaml"
    runs = [
        ("24 nodes, PNG", [str(small), "-o", str(folder / "a.png")]),
        ("24 nodes, PDF", [str(small), "-o", str(folder / "a.pdf")]),
        ("2,000 nodes, PNG (readable cut)", [str(big), "-o", str(folder / "b.png")]),
        ("2,000 nodes, PDF (readable cut)", [str(big), "-o", str(folder / "b.pdf")]),
        (
            "2,000 nodes, PNG of everything (`--max-nodes 0`: refused)",
            [str(big), "-o", str(folder / "c.png"), "--max-nodes", "0"],
        ),
    ]
    print("| picture | time | peak memory | result |")
    print("| --- | ---: | ---: | --- |")
    for name, args in runs:
        seconds, megabytes, status, last = measure(args)
        result = "written" if status == 0 else "refused: " + last.split(": ", 1)[-1][:60] + "…"
        print(f"| {name} | {seconds:.1f} s | {megabytes:,.0f} MB | {result} |")
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
