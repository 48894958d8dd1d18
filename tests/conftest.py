"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Third-party argument data kept beside the project (not copied into it); tests skip without it.
CORPUS = Path(os.environ.get("ARGMAP_CORPUS", ROOT.parent / "shared" / "corpus"))
#: The source documents of the maps in maps/.
SEEDS = Path(os.environ.get("ARGMAP_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder, or skip the test when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("the shared argument corpus is not available here")
    return CORPUS
