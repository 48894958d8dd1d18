"""argmap diff: what changed between two versions of a map, node by node."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import argmap
from argmap.diff import diff, word_diff

BASE = """\
argmap: 1
id: pets
title: Cats or dogs
claim: Cats are better pets than dogs.
premises:
  - id: quiet
    text: Cats are quieter.
    premises:
      - text: They do not bark.
  - text: Cats need no walks.
objections:
  - id: loyal
    text: Dogs are more loyal.
    rebuttals:
      - id: quiet-loyalty
        text: Cats show loyalty in quieter ways.
"""


def changes(old: str, new: str) -> list[str]:
    return [str(change) for change in diff(argmap.loads(old), argmap.loads(new))]


def test_the_same_map_has_no_changes() -> None:
    assert changes(BASE, BASE) == []
    reformatted = BASE.replace("title: Cats or dogs", "title: 'Cats or dogs'  # quoted now")
    assert changes(BASE, reformatted) == []


def test_added_removed_changed_and_moved_nodes() -> None:
    new = argmap.loads(BASE)
    new.add("loyal", "Loyalty is not the point of a pet.", kind="rebuttal")
    new.remove("quiet-loyalty")
    new.find("quiet").weight = 0.8
    new.title = "Cats or dogs?"
    found = diff(argmap.loads(BASE), new)
    assert [(c.change, c.id) for c in found] == [
        ("changed", "pets"),
        ("changed", "quiet"),
        ("added", "loyalty-is-not-the-point-of-a-pet"),
        ("removed", "quiet-loyalty"),
    ]
    assert found[0].fields == (("title", "Cats or dogs", "Cats or dogs?"),)
    assert str(found[1]) == "~ premise quiet: weight 0.5 (default) -> 0.8"
    assert str(found[2]).startswith("+ rebuttal loyalty-is-not-the-point-of-a-pet under loyal: ")
    assert str(found[3]) == "- rebuttal quiet-loyalty (was under loyal): Cats show loyalty in quieter ways."


def test_a_node_moved_under_another() -> None:
    moved = BASE.replace("  - text: Cats need no walks.\n", "").replace(
        "      - text: They do not bark.\n", "      - text: They do not bark.\n      - text: Cats need no walks.\n"
    )
    found = diff(argmap.loads(BASE), argmap.loads(moved))
    assert [(c.change, c.id, c.old_parent, c.parent) for c in found] == [
        ("moved", "cats-need-no-walks", "pets", "quiet")
    ]
    assert str(found[0]) == "> premise cats-need-no-walks: moved from under pets to under quiet"


def test_a_reworded_node_without_a_written_id_is_changed_not_replaced() -> None:
    reworded = BASE.replace("They do not bark.", "They never bark.")
    (change,) = diff(argmap.loads(BASE), argmap.loads(reworded))
    assert (change.change, change.old_id, change.id) == ("changed", "they-do-not-bark", "they-never-bark")
    assert change.fields == (("text", "They do not bark.", "They never bark."),)


def test_a_different_written_id_is_another_node() -> None:
    renamed = BASE.replace("id: quiet-loyalty", "id: quiet-love")
    found = changes(BASE, renamed)
    assert [line[:1] for line in found] == ["+", "-"]


def test_word_diff_shows_what_changed_with_a_little_context() -> None:
    old = "Scaling was a known recipe that labs loved and that investors could fund without risk at all."
    new = "Scaling was a recipe labs loved and that investors could fund without risk at all."
    assert word_diff(old, new) == "Scaling was a [-known-] recipe [-that-] labs loved and that \u2026"
    assert word_diff("a b c", "a x c") == "a [-b-] {+x+} c"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True)


def test_cli_exit_status_lines_and_json(tmp_path: Path) -> None:
    old, new, same = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "same.yaml"
    old.write_text(BASE)
    same.write_text(BASE)
    new.write_text(BASE.replace("text: Dogs are more loyal.", 'text: "Dogs are more loyal than cats.\\e[2J"'))
    result = run("diff", str(old), str(same))
    assert result.returncode == 0 and result.stdout == "" and "no changes to the argument" in result.stderr
    result = run("diff", str(old), str(new))
    assert result.returncode == 1
    assert result.stdout.startswith("~ objection loyal: text 'Dogs are more loyal.' -> 'Dogs are more loyal than cats.")
    assert "\x1b" not in result.stdout  # map text never drives the terminal
    assert result.stderr.strip() == f"{old} -> {new}: 1 changed"
    data = json.loads(run("diff", str(old), str(new), "--json").stdout)
    assert data[0]["fields"]["text"]["old"] == "Dogs are more loyal."


def test_cli_bad_input(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(BASE)
    missing = run("diff", str(old), str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(BASE.replace("claim:", "clam:"))
    result = run("diff", str(old), str(broken))
    assert result.returncode == 1 and f"{broken}:4:1:" in result.stderr and "Traceback" not in result.stderr
