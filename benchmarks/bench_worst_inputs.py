"""How the importers' time grows on generated worst-case inputs: it should grow like the input.

    python benchmarks/bench_worst_inputs.py            # 32 KB, 128 KB and 512 KB of each pattern

Each pattern once made a regular expression try every position and scan to the end of the
text (time growing with the square of the input). For each pattern the table gives the
best of three imports at each size and the ratio of the largest to the smallest: about 16
means linear (16 times the input), about 256 would mean quadratic.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.errors import MapError  # noqa: E402
from argmap.formats import import_text  # noqa: E402

PATTERNS: dict[str, tuple[str, Callable[[int], str]]] = {
    "Argdown **a": ("argdown", lambda n: "[A]: " + "**a " * (n // 4)),
    "Argdown _a": ("argdown", lambda n: "[A]: " + "_a " * (n // 3)),
    "Argdown [": ("argdown", lambda n: "[A]: x " + "[" * n),
    "Argdown [x](": ("argdown", lambda n: "[A]: x " + "[x](" * (n // 4)),
    "Argdown /*": ("argdown", lambda n: "[A]: x " + "/* " * (n // 3)),
    "Argdown <!--": ("argdown", lambda n: "[A]: x " + "<!-- " * (n // 5)),
    "Argdown #(": ("argdown", lambda n: "[A]: x " + "#(" * (n // 2)),
    "Argdown #a ... y": ("argdown", lambda n: "[A]: x " + "#a " * (n // 3) + "y"),
    "Argdown [a]: mid-text": ("argdown", lambda n: "[A]: x " + "[a]: " * (n // 5)),
    "Kialo [1] markers": (
        "kialo",
        lambda n: "Discussion Name:\nT\n\n1. Thesis:\nx " + "[1] " * (n // 4) + "y\n\nSources:\n[1] https://a.org\n",
    ),
    "Kialo mis-numbered lines": (
        "kialo",
        lambda n: "Discussion Title: T\n\n1. x\n" + "".join(f"1.1.{i}. Pro: a\n" for i in range(1, n // 14)),
    ),
}
SIZES = (32 * 1024, 128 * 1024, 512 * 1024)


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run(fmt: str, text: str) -> None:
    try:
        import_text(text, fmt, lenient=True)
    except MapError:
        pass  # beyond the map's limits (a text over 100,000 characters): refused, which is the point


def main() -> None:
    print("| input | " + " | ".join(f"{size // 1024} KB" for size in SIZES) + " | largest / smallest |")
    print("| --- | " + " | ".join("---:" for _ in SIZES) + " | ---: |")
    for name, (fmt, make) in PATTERNS.items():
        texts = [make(size) for size in SIZES]  # made before the clock starts
        times = [best_of(lambda text=text: run(fmt, text)) for text in texts]
        print(f"| {name} | " + " | ".join(f"{t:.3f} s" for t in times) + f" | {times[-1] / times[0]:.0f} |", flush=True)


if __name__ == "__main__":
    main()
