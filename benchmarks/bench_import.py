"""How fast argmap imports and exports other formats, and what each corpus file turns into.

    python benchmarks/bench_import.py                  # speed tables (the corpus must be there)
    python benchmarks/bench_import.py --fidelity       # per corpus file: nodes in, nodes out, dropped

The corpus is the shared folder of third-party debates beside the project
(``../shared/corpus``, or ``$ARGMAP_CORPUS``). Times are the best of several runs, since
other work on the machine only ever adds time; the command-line figure is one whole
``argmap import`` process (Python start-up included), best of five.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.formats import EXPORT_FORMATS, export_map, import_text  # noqa: E402
from argmap.formats.report import counted  # noqa: E402
from argmap.store.wholefile import emit, round_trip_yaml, to_yaml_value  # noqa: E402
from argmap.store.writer import dump  # noqa: E402

CORPUS = Path(os.environ.get("ARGMAP_CORPUS", ROOT.parent / "shared" / "corpus"))
LARGEST = CORPUS / "kialo" / "existence_of_god.txt"


def best(fn: Callable[[], Any], runs: int = 7) -> float:
    """Best wall-clock time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def corpus_files() -> list[Path]:
    return [p for folder in ("kialo", "aif", "argdown") for p in sorted((CORPUS / folder).iterdir())]


def speed() -> None:
    print("| file | format | read | nodes | import (parse + build + validate) | write the YAML |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for path in sorted(corpus_files(), key=lambda p: -p.stat().st_size)[:6]:
        text = path.read_text(encoding="utf-8")
        imported = import_text(text, None, path.name)
        report = imported.report
        t_import = best(lambda: import_text(text, None, path.name))
        t_yaml = best(imported.yaml)
        print(
            f"| {path.parent.name}/{path.name} | {report.format} | {report.read:,} {report.unit} | "
            f"{report.created:,} | {ms(t_import)} | {ms(t_yaml)} |"
        )

    m = import_text(LARGEST.read_text(encoding="utf-8"), "kialo", LARGEST.name).map
    data = m.to_data()
    print()

    def ruamel_dump() -> str:
        document = to_yaml_value(data)
        document.fa.set_block_style()
        return str(emit(round_trip_yaml(), document))

    assert dump(data) == ruamel_dump()
    print(
        f"Writing the {sum(1 for _ in m.nodes()):,}-node map's data as YAML: argmap's writer for new maps "
        f"(`argmap/store/writer.py`) {ms(best(lambda: dump(data), 5))}, ruamel.yaml's round-trip emitter "
        f"given the same styles {ms(best(ruamel_dump, 3))}; the text is the same."
    )
    print()
    print("| export of the same map | time | size |")
    print("| --- | ---: | ---: |")
    for fmt in EXPORT_FORMATS:
        out = export_map(m, fmt).text
        print(f"| {fmt} | {ms(best(lambda: export_map(m, fmt)))} | {len(out.encode()) / 1e6:.2f} MB |")

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "god.yaml"
        command = [sys.executable, "-m", "argmap", "import", str(LARGEST), "-o", str(target), "--force", "-q"]
        wall = best(lambda: subprocess.run(command, check=True), 5)
        startup = best(lambda: subprocess.run([sys.executable, "-c", "import argmap.cli"], check=True), 5)
    print()
    print(
        f"`argmap import {LARGEST.parent.name}/{LARGEST.name} -o god.yaml`, the whole process: {ms(wall)} "
        f"(of which starting Python and the CLI: {ms(startup)})."
    )


def fidelity() -> None:
    print("| file | read | nodes out | cross-links | root | dropped |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for path in corpus_files():
        imported = import_text(path.read_text(encoding="utf-8"), None, path.name)
        report, m = imported.report, imported.map
        links = sum(1 for _ in m.cross_links())
        # A question the import wrote (several top claims, no question in the source) or the source's own.
        made = m.kind == "question" and (m.note or "").startswith("Written on import")
        positions = counted(sum(1 for _ in m.children()), "position")
        claim = (
            f"question written on import, {positions}"
            if made
            else f"the source's question, {positions}"
            if m.kind == "question"
            else "claim"
        )
        dropped = "; ".join(str(d).split(": ")[0].removeprefix("dropped ") for d in report.dropped) or "nothing"
        print(
            f"| {path.parent.name}/{path.name} | {report.read:,} {report.unit} | {report.created:,} | "
            f"{links:,} | {claim} | {dropped} |"
        )


if __name__ == "__main__":
    if not CORPUS.is_dir():
        sys.exit(f"the corpus is not at {CORPUS} (set ARGMAP_CORPUS)")
    fidelity() if "--fidelity" in sys.argv[1:] else speed()
