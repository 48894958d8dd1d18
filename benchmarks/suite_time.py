"""Where the test suite's time goes: CPU seconds per test, this process's and its children's.

Wall time on a busy machine says little about a test's cost, so this plugin records, around
each test (set-up, call and tear-down), the CPU time of the process running it and of the
processes it started and waited for (``argmap`` commands, Chromium, servers)::

    SUITE_TIME_OUT=/tmp/suite python -m pytest -p benchmarks.suite_time --durations=25
    python -m benchmarks.suite_time /tmp/suite          # totals, the slowest tests, by file

Under pytest-xdist each worker writes its own file (``/tmp/suite.gw0.json``, ...); without it
the file is ``/tmp/suite.main.json``. The report reads them all.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any, Optional

import pytest

_rows: dict[str, tuple[float, float, float]] = {}


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: Optional[pytest.Item]) -> Generator[None, Any, None]:
    """Time one test: CPU of this process, CPU of its reaped children, and wall seconds."""
    own, children = _cpu()
    start = time.perf_counter()
    yield
    own_after, children_after = _cpu()
    _rows[item.nodeid] = (own_after - own, children_after - children, time.perf_counter() - start)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write this process's measurements to ``$SUITE_TIME_OUT.<worker>.json``."""
    out = os.environ.get("SUITE_TIME_OUT")
    if out and _rows:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(f"{out}.{worker}.json").write_text(json.dumps(_rows), encoding="utf-8")


def report(prefix: str, top: int = 25) -> str:
    """Totals, the ``top`` most expensive tests and the most expensive files, from the files at ``prefix``."""
    rows: dict[str, tuple[float, float, float]] = {}
    for path in sorted(Path(prefix).parent.glob(Path(prefix).name + ".*.json")):
        rows.update({k: tuple(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()})
    if not rows:
        return f"no measurements at {prefix}.*.json"
    total = sum(own + children for own, children, _ in rows.values())
    ranked = sorted(rows.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    share = sum(own + children for _, (own, children, _) in ranked[:10]) / total if total else 0.0
    lines = [
        f"{len(rows)} tests, {total:.0f} s of CPU (tests' own processes and their children); "
        f"the ten most expensive take {share:.0%}",
        "",
        "   cpu    own  child    wall  test",
    ]
    for name, (own, children, wall) in ranked[:top]:
        lines.append(f"{own + children:6.1f} {own:6.1f} {children:6.1f} {wall:7.1f}  {name}")
    by_file: dict[str, float] = defaultdict(float)
    for name, (own, children, _) in rows.items():
        by_file[name.split("::")[0]] += own + children
    lines += ["", "   cpu  file"]
    lines += [f"{cpu:6.1f}  {name}" for name, cpu in sorted(by_file.items(), key=lambda kv: -kv[1])[:top]]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    """Print the report of a run made with ``-p benchmarks.suite_time``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix", help="the SUITE_TIME_OUT the run was given")
    parser.add_argument("--top", type=int, default=25, help="how many tests and files to list")
    args = parser.parse_args(argv)
    print(report(args.prefix, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
