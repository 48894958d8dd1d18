"""The README's examples work as written: its map validates and its Python runs."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import argmap

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_the_readme_map_is_valid() -> None:
    (text,) = blocks("yaml")
    m = argmap.loads(text)
    assert m.id == "age-of-research"
    assert [n.kind for n in m.nodes()] == ["claim", "premise", "objection", "rebuttal"]
    assert list(m.cross_links())  # the rebuttal's supports: link


def test_the_readme_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = blocks("python")
    shutil.copytree(ROOT / "maps", tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    saved = argmap.load("maps/age-of-research.yaml")
    assert "Synthetic data can stand in for it." in [n.text for n in saved.nodes()]
    assert (tmp_path / "map.svg").read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))
    assert namespace["result"].verdict.label in ("in", "out", "undec")


def test_the_readme_commands_exist() -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    commands = set(re.findall(r"^\$? ?argmap ([a-z]+)", "\n".join(blocks("console") + blocks("sh")), re.M))
    assert {"render", "validate", "evaluate", "critique", "review", "import", "export"} <= commands
    for name in sorted(commands):
        result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "100", **os.environ})
        assert result.exit_code == 0, name
