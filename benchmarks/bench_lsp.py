"""How quickly the language server re-checks a map after a change, and answers a hover.

    python benchmarks/bench_lsp.py            # 100 / 1,000 / 10,000 nodes
    python benchmarks/bench_lsp.py 1000       # other sizes

For each size:
  - the check alone (argmap.lsp.diagnostics.check), on the valid map and on the map with
    one unknown id (whose problem must then be located with the full reader), in CPU time;
  - end to end, through `argmap lsp` over stdio as an editor talks to it: the time from
    sending a didChange (alternately breaking and fixing one cross-link) to receiving the
    publishDiagnostics for that version, for changes that leave the map valid and for
    changes that give it a problem. This includes the server's debounce (20 ms). The CPU
    time the server spent on each change is given too: on a busy machine the wall-clock
    times grow with the load, the CPU times do not;
  - the first hover after a change, which builds the document's index and evaluates the map.
The target: a 1,000-node map re-checked within 150 ms of a change.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argmap.lsp.diagnostics import check  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402
from tests.protocol_clients import LspClient  # noqa: E402

CHANGES = 10


def _link(text: str) -> tuple[int, int, str]:
    """(line, col, id) of the first cross-link target in the text."""
    for number, line in enumerate(text.split("\n")):
        match = re.search(r"(?:attacks|supports): \[(n\d+)\]", line)
        if match:
            return number, match.start(1), match.group(1)
    raise SystemExit("the synthetic map has no cross-link")


def cpu_best_of(fn: Callable[[], object], runs: int) -> float:
    """The least CPU time of several runs of ``fn`` in this process."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (Linux), which other programs on a busy machine do not inflate."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def end_to_end(text: str) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Seconds from each didChange to its diagnostics (changes that fix the map, then changes that
    break it), and from each change to its first hover."""
    line, col, target = _link(text)
    uri = (ROOT / "benchmarks" / "synthetic.yaml").as_uri()  # never written: the text lives in the editor
    client = LspClient([sys.executable, "-m", "argmap", "lsp"])
    client.initialize()
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )
    client.wait_for("textDocument/publishDiagnostics", timeout=120)
    fixed, broke, hovers, fixed_cpu, broke_cpu = [], [], [], [], []
    pid = client.process.pid
    current = target
    for version in range(2, CHANGES + 2):
        replacement = "nowhere" if current == target else target
        change = {
            "range": {
                "start": {"line": line, "character": col},
                "end": {"line": line, "character": col + len(current)},
            },
            "text": replacement,
        }
        started, cpu = time.perf_counter(), cpu_seconds(pid)
        client.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        published = client.wait_for(
            "textDocument/publishDiagnostics", lambda m, v=version: m["params"].get("version") == v, timeout=120
        )
        (broke if replacement == "nowhere" else fixed).append(time.perf_counter() - started)
        (broke_cpu if replacement == "nowhere" else fixed_cpu).append(cpu_seconds(pid) - cpu)
        assert bool(published["params"]["diagnostics"]) == (replacement == "nowhere")
        current = replacement
        started = time.perf_counter()
        client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}},
            timeout=120,
        )
        hovers.append(time.perf_counter() - started)
    client.shutdown()
    return fixed, broke, hovers, fixed_cpu, broke_cpu


def main(sizes: list[int]) -> None:
    print(f"Python {platform.python_version()}, {platform.machine()}; {CHANGES} changes per size")
    print(
        f"{'nodes':>7} {'check valid':>12} {'check 1 problem':>16} {'change->diagnostics, valid':>27} "
        f"{'with 1 problem':>15} {'first hover':>12}   (end to end: median / max)"
    )
    for n in sizes:
        text = synthetic_yaml(n, seed=1)
        line, col, target = _link(text)
        lines = text.split("\n")
        lines[line] = lines[line][:col] + "nowhere" + lines[line][col + len(target) :]
        broken = "\n".join(lines)
        runs = 7 if n <= 1000 else 3
        valid = cpu_best_of(lambda: check(text), runs)
        one = cpu_best_of(lambda: check(broken), runs)
        assert check(text) == [] and len(check(broken)) == 1
        fixed, broke, hovers, fixed_cpu, broke_cpu = end_to_end(text)

        def ms(values: list[float]) -> str:
            return f"{statistics.median(values) * 1000:.0f} / {max(values) * 1000:.0f} ms"

        print(f"{n:>7} {valid * 1000:>10.1f}ms {one * 1000:>14.1f}ms {ms(fixed):>27} {ms(broke):>15} {ms(hovers):>12}")
        print(
            f"{'':>7} server CPU per change (median): valid {statistics.median(fixed_cpu) * 1000:.0f} ms, "
            f"with 1 problem {statistics.median(broke_cpu) * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1_000, 10_000])
