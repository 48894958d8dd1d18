"""Helpers shared by the critique and review tests: the environment a critique runs in, the
CLI invoked in process, and a scripted terminal for interactive review."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

import pytest
from rich.console import Console
from typer.testing import CliRunner

import argmap
from argmap.cli import app

from .critique_server import FakeLLM

#: A made-up key: the tests check it never leaks.
KEY = "sk-test-0123456789abcdefSECRET"
MODEL = "openai/test-model"


@pytest.fixture
def env(monkeypatch, tmp_path) -> Path:
    """A critique environment: its own cache, the made-up key, fast backoff, no model or prompts
    from the caller's shell; returns the test's folder."""
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("ARGMAP_BACKOFF", "0.01")
    for name in ("ARGMAP_MODEL", "ANTHROPIC_API_KEY", "ARGMAP_PROMPTS_DIR", "OPENAI_API_BASE", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(*args: str):
    """``argmap ARGS`` run in process."""
    return CliRunner().invoke(app, list(args))


def critique_cli(server: FakeLLM, path: Path, *args: str):
    """``argmap critique PATH`` against the fake server."""
    return run("critique", str(path), "--model", MODEL, "--api-base", server.base, *args)


def proposed(path: Path) -> list:
    """The nodes of the map in ``path`` still awaiting review."""
    return [n for n in argmap.load(path).nodes() if n.status == "proposed"]


class Script:
    """A review terminal that answers from a script: keys, typed lines, edited texts."""

    def __init__(self, keys: str, lines=(), edits=(), width: int = 140):
        self.console = Console(file=io.StringIO(), width=width, color_system=None)
        self.keys = list(keys)
        self.lines = list(lines)
        self.edits = list(edits)
        self.edited: list[str] = []

    def key(self, prompt: str, keys: str) -> str:
        key = self.keys.pop(0)
        assert key in keys, (key, keys)
        return key

    def line(self, prompt: str) -> str:
        return self.lines.pop(0)

    def edit(self, text: str) -> Optional[str]:
        self.edited.append(text)
        return self.edits.pop(0) if self.edits else None

    @property
    def output(self) -> str:
        return self.console.file.getvalue()
