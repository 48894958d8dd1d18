"""Run the loader fuzz target for a fixed time, from the project's maps and fixtures as seeds.

    pip install atheris
    python fuzz/run.py --time 600 [--jobs 1]

The corpus grows in fuzz/out/corpus (kept between runs); crashing inputs are saved in
fuzz/out/ and libFuzzer prints how many inputs it ran ("stat::number_of_executed_units").
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def seed(corpus: Path) -> int:
    """Copy the maps, the test fixtures and a few synthetic maps into the corpus (once each)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synth import synthetic_yaml

    corpus.mkdir(parents=True, exist_ok=True)
    texts = [p.read_bytes() for folder in ("maps", "tests/fixtures") for p in (ROOT / folder).rglob("*.yaml")]
    texts += [synthetic_yaml(n, seed=n).encode() for n in (2, 5, 20)]
    for text in texts:
        (corpus / hashlib.sha1(text).hexdigest()).write_bytes(text)
    return len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--time", type=int, default=600, help="seconds to fuzz (default 600)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel fuzzing processes (default 1)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds after which one input counts as a hang")
    args = parser.parse_args()
    out = HERE / "out"
    corpus = out / "corpus"
    seeds = seed(corpus)
    print(f"{seeds} seed files; fuzzing for {args.time} s", flush=True)
    command = [
        sys.executable,
        str(HERE / "fuzz_load.py"),
        str(corpus),
        f"-max_total_time={args.time}",
        f"-timeout={args.timeout}",
        "-rss_limit_mb=4096",
        "-max_len=65536",
        "-print_final_stats=1",
        f"-dict={HERE / 'yaml.dict'}",
        f"-artifact_prefix={out}/",
    ]
    if args.jobs > 1:
        command += [f"-jobs={args.jobs}", f"-workers={args.jobs}"]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
