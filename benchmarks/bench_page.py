"""How the interactive HTML page behaves in a real browser on big maps.

    python benchmarks/bench_page.py              # the 3,753-claim Kialo debate and 2,000 / 10,000 synthetic nodes
    python benchmarks/bench_page.py --write      # also put the table into docs/benchmarks.md

Each map is rendered with ``argmap.render(map, "page.html")`` and opened in headless
Chromium (the system ``chromium``, driven over the DevTools protocol by
``tests/browser.py``) at 1280 × 800. Measured, median of three fresh page loads:

- first paint: the browser's first-contentful-paint time, and the time the map itself is
  on screen (the frame after the page's script has laid it out), both from the start of
  navigation, so reading and parsing the file are included;
- unfold one node: the claim's reply with the most nodes below it, from the click to the
  second animation frame after it (the new nodes are laid out and painted);
- unfold all and fold back to one level, likewise;
- memory: the page's JavaScript heap and the number of DOM nodes (Chromium's
  ``Performance.getMetrics``), and the resident memory of all the browser's processes,
  after opening and after unfolding everything.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from benchmarks.synth import synthetic_yaml  # noqa: E402
from tests.browser import Browser, find_chromium  # noqa: E402

CORPUS = Path(os.environ.get("ARGMAP_CORPUS", ROOT.parent / "shared" / "corpus"))
KIALO = CORPUS / "kialo" / "existence_of_god.txt"
RUNS = 3

FRAME = "new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })"
TIMED = (
    "(async function () { var t = performance.now(); ACTION; await " + FRAME + "; return performance.now() - t; })()"
)


def maps() -> list[tuple[str, Any]]:
    """The maps to measure: (label, ArgumentMap)."""
    out = []
    if KIALO.exists():
        from argmap.formats import import_text

        out.append(
            (
                "Kialo: existence of God (3,753 claims)",
                import_text(KIALO.read_text(encoding="utf-8"), "kialo", KIALO.name).map,
            )
        )
    else:
        print(f"{KIALO} not found: skipping the Kialo debate", file=sys.stderr)
    for n in (2000, 10000):
        out.append((f"synthetic, {n:,} nodes", argmap.loads(synthetic_yaml(n))))
    return out


def rss_mb(pid: int) -> float:
    """Memory of a process and all its descendants (proportional set size), in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:  # proportional set size: memory shared between the browser's processes counted once
            with open(f"/proc/{current}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration):
            pass
    return total / 1e6


def metrics(browser: Browser) -> dict[str, float]:
    browser.send("Performance.enable")
    browser.send("HeapProfiler.collectGarbage")
    values = {m["name"]: m["value"] for m in browser.send("Performance.getMetrics")["metrics"]}
    return {
        "heap": values.get("JSHeapUsedSize", 0) / 1e6,
        "dom": values.get("Nodes", 0),
        "rss": rss_mb(browser.proc.pid),
    }


def measure(page: Path, browser: Browser) -> dict[str, float]:
    browser.open(page.as_uri())
    browser.eval(FRAME)
    browser.eval(FRAME)
    paint = browser.eval("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    ready = browser.eval("argmapPage.timing.painted")
    opened = metrics(browser)
    biggest = browser.eval("argmapPage.state().drawn") and browser.eval(
        "(function () { var best = null, most = -1; document.querySelectorAll('g.node').forEach(function (g) {"
        " var f = g.querySelector('g.fold text'); var n = f && f.textContent[0] === '+' ? +f.textContent.slice(1) : -1;"
        " if (n > most) { most = n; best = g.id.slice(2); } }); return best; })()"
    )
    one = browser.eval(TIMED.replace("ACTION", f"argmapPage.toggle({biggest!r})")) if biggest else float("nan")
    everything = browser.eval(TIMED.replace("ACTION", "argmapPage.expandAll()"))
    full = metrics(browser)
    back = browser.eval(TIMED.replace("ACTION", "argmapPage.collapseTo(1)"))
    assert browser.errors() == [], browser.errors()
    return {
        "paint": paint,
        "ready": ready,
        "one": one,
        "all": everything,
        "back": back,
        "heap": opened["heap"],
        "dom": opened["dom"],
        "heap_all": full["heap"],
        "dom_all": full["dom"],
        "rss": opened["rss"],
        "rss_all": full["rss"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 1
    rows = []
    with Browser(chromium, width=1280, height=800) as browser:
        browser.open("about:blank")
        empty = metrics(browser)["rss"]
    with tempfile.TemporaryDirectory() as folder:
        for label, m in maps():
            started = time.perf_counter()
            page = argmap.render(m, Path(folder) / "page.html")
            written = time.perf_counter() - started
            runs = []
            for _ in range(RUNS):
                with Browser(chromium, width=1280, height=800, timeout=300) as browser:
                    runs.append(measure(page, browser))
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            nodes = len(list(m.nodes()))
            rows.append((label, nodes, page.stat().st_size, written, median))
            print(label, nodes, {k: round(v, 1) for k, v in median.items()}, file=sys.stderr)

    def ms(value: float) -> str:
        return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"

    lines = [
        "## The interactive page",
        "",
        "`python benchmarks/bench_page.py` — the HTML page (`argmap render MAP -o map.html`) opened in "
        "headless Chromium at 1280 × 800, median of three fresh loads. *Write* is `argmap.render` in "
        "process; *first paint* is the browser's first-contentful-paint and *map on screen* the frame "
        "after the page's script has laid the map out, both from the start of navigation (reading and "
        "parsing the file included); the unfold times run "
        "from the call to the second animation frame after it. *Unfold one* is the reply of the claim "
        "with the most nodes below it. Memory is the page's JavaScript heap after a garbage collection, "
        "its DOM nodes, and the memory of all the browser's processes (proportional set size, so memory "
        "they share counts once; an empty page takes about EMPTY MB).",
        "",
        "| map | nodes | file | write | first paint | map on screen | unfold one | unfold all | fold to 1 level |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, nodes, size, written, r in rows:
        lines.append(
            f"| {label} | {nodes:,} | {size / 1e6:.1f} MB | {ms(written * 1000)} | {ms(r['paint'])} | "
            f"{ms(r['ready'])} | {ms(r['one'])} | {ms(r['all'])} | {ms(r['back'])} |"
        )
    lines += [
        "",
        "| map | JS heap, opened | DOM nodes, opened | browser memory, opened | JS heap, all unfolded | "
        "DOM nodes, all unfolded | browser memory, all unfolded |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, _, _, _, r in rows:
        lines.append(
            f"| {label} | {r['heap']:.0f} MB | {r['dom']:,.0f} | {r['rss']:.0f} MB | {r['heap_all']:.0f} MB | "
            f"{r['dom_all']:,.0f} | {r['rss_all']:.0f} MB |"
        )
    lines += [
        "",
        "For comparison, the page before it laid maps out in the browser (one pre-drawn SVG of every node, measured once on the same machine, from navigation to the second frame after load): 2,000 nodes, 3.5 MB, 1.7 s, 46,060 DOM nodes, 524 MB; 10,000 nodes, 17.4 MB, 10.7 s, 230,711 DOM nodes, 904 MB.",
        "",
        f"Measured with {Path(chromium).name} on {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.",
        "",
    ]
    text = "\n".join(lines).replace("EMPTY MB", f"{empty:.0f} MB")
    print(text)
    if args.write:
        docs = ROOT / "docs" / "benchmarks.md"
        current = docs.read_text()
        pattern = re.compile(r"^## The interactive page\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(current):
            updated = pattern.sub(lambda _: text + "\n", current)
        elif "\n## LLM critique" in current:
            updated = current.replace("\n## LLM critique", "\n" + text + "\n## LLM critique", 1)
        else:
            updated = current.rstrip("\n") + "\n\n" + text
        from argmap.store.yamlio import atomic_write

        atomic_write(docs, updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
