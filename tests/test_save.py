"""Saving keeps the user's file: unchanged maps byte for byte, changed ones patched in place."""

from __future__ import annotations

from pathlib import Path

import argmap
from argmap.store.yamlio import atomic_write, dump_data
from benchmarks.synth import synthetic_yaml

HAND_WRITTEN = """\
# yaml-language-server: $schema=../schema/argmap.schema.json
# A map kept in git: these comments must survive every save.
argmap: 1
id: hand-written
title: "Hand written"   # quoted on purpose
claim: >-
  A claim folded
  over two lines.
sources:
  interview: {title: 'The interview', url: "https://example.org/i", date: 2025-11-25}

objections:
# objections first, then premises: the order is the author's
- text: Scaling still works.   # a trailing comment
  cite: {source: interview, at: "21:16"}
  rebuttals:
  - text: Not for economic impact.

premises:
- id: p1
  text: 'Data is finite.'
  tags: [data, limits]
"""


def test_unchanged_map_saves_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HAND_WRITTEN)
    argmap.save(argmap.load(path))
    assert path.read_text() == HAND_WRITTEN


def test_synthetic_map_round_trips(tmp_path: Path) -> None:
    text = synthetic_yaml(500, seed=3)
    path = tmp_path / "big.yaml"
    path.write_text(text)
    loaded = argmap.load(path)
    argmap.save(loaded)
    assert path.read_text() == text
    assert argmap.load(path).to_data() == loaded.to_data()


def test_change_is_patched_in_and_the_rest_survives(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HAND_WRITTEN)
    m = argmap.load(path)
    m.add("scaling-still-works", "Benchmarks overstate it.", kind="rebuttal", by="a critic")
    m["p1"].weight = 0.8
    argmap.save(m)
    text = path.read_text()
    for kept in (
        "# yaml-language-server: $schema=../schema/argmap.schema.json",
        "# A map kept in git: these comments must survive every save.",
        'title: "Hand written"   # quoted on purpose',
        "# objections first, then premises: the order is the author's",
        "- text: Scaling still works.   # a trailing comment",
        "text: 'Data is finite.'",
        "tags: [data, limits]",
    ):
        assert kept in text, kept
    assert text.index("objections:") < text.index("premises:")
    assert "Benchmarks overstate it." in text and "weight: 0.8" in text
    again = argmap.load(path)
    assert again["benchmarks-overstate-it"].by == "a critic"
    assert again["p1"].weight == 0.8
    assert again.claim == "A claim folded over two lines."


def test_status_change_touches_only_that_node(tmp_path: Path) -> None:
    text = HAND_WRITTEN.replace(
        "  - text: Not for economic impact.\n",
        "  - text: Not for economic impact.\n    status: proposed\n"
        "    proposal: {model: m, created: '2026-01-01T00:00:00Z'}\n",
    )
    path = tmp_path / "m.yaml"
    path.write_text(text)
    m = argmap.load(path)
    node = m["not-for-economic-impact"]
    from argmap.model import unset

    unset(node, "status")
    argmap.save(m)
    saved = path.read_text()
    assert "status: proposed" not in saved
    assert saved.replace("", "") == text.replace("    status: proposed\n", "")


def test_removing_a_node(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HAND_WRITTEN)
    m = argmap.load(path)
    m.remove("not-for-economic-impact")
    argmap.save(m)
    saved = path.read_text()
    assert "Not for economic impact." not in saved
    assert "# A map kept in git" in saved and argmap.load(path).find("p1") is not None


def test_save_to_a_new_path_and_fresh_maps(tmp_path: Path) -> None:
    m = argmap.ArgumentMap(argmap=1, id="fresh", claim="Fresh.", tags=["a", "b"])
    m.add("fresh", "Why.", kind="premise", cite=argmap.Cite(source="s", at="1:00"))
    m.sources["s"] = argmap.Source(title="S")
    m.model_fields_set.add("sources")
    target = argmap.save(m, tmp_path / "fresh.yaml")
    text = target.read_text()
    assert text.startswith("argmap: 1\nid: fresh\nclaim: Fresh.\n")
    assert "tags: [a, b]" in text and 'cite: {source: s, at: "1:00"}' in text
    assert argmap.load(target).to_data() == m.to_data()


def test_dump_data_quotes_what_would_change_type() -> None:
    data = {
        "argmap": 1,
        "id": "q",
        "claim": "yes",
        "note": "21:16",
        "by": "null",
        "description": "line one\nline two\n",
    }
    loaded = argmap.loads(dump_data(data))
    assert loaded.claim == "yes" and loaded.note == "21:16" and loaded.by == "null"
    assert loaded.description == "line one\nline two\n"


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write(path, "new")
    assert path.read_text() == "new"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_a_map_with_tabs_next_to_plain_values_can_be_saved(tmp_path: Path) -> None:
    # libyaml reads these tabs, so the map validates; the save must not then refuse it.
    path = tmp_path / "tabs.yaml"
    path.write_text(
        "argmap: 1\nid: t\nclaim: The claim.\t# note\npremises:\n"
        '  - text: A premise\there.\t\n    by:\tBob\n    note: "in\\tquotes"  # a\tcomment\n'
    )
    before = argmap.load(path)
    m = argmap.load(path)
    m.add("t", "Another premise.", kind="premise")
    argmap.save(m)
    after = argmap.load(path)
    assert after["a-premise-here"].text == before["a-premise-here"].text == "A premise\there."
    assert after["a-premise-here"].note == "in\tquotes"
    assert after["another-premise"].text == "Another premise."
    text = path.read_text()
    assert "# note" in text and "# a\tcomment" in text


def test_a_write_protected_map_is_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("argmap: 1\nid: m\nclaim: C.\n")
    path.chmod(0o444)
    m = argmap.load(path)
    m.add("m", "A premise.", kind="premise")
    try:
        argmap.save(m)
    except argmap.MapError as exc:
        assert "write-protected" in str(exc) and str(exc).startswith(str(path))
    else:
        raise AssertionError("a write-protected map was replaced")
    assert "A premise." not in path.read_text()
    argmap.save(m, force=True)
    assert "A premise." in path.read_text()
    assert path.stat().st_mode & 0o777 == 0o444, "forcing a save keeps the file's permissions"
    try:
        atomic_write(path, "x")
    except argmap.MapError:
        pass
    else:
        raise AssertionError("atomic_write replaced a write-protected file")
