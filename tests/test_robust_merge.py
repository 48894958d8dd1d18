"""Three-way merge: two writers' changes combine, or a true conflict is refused with its place."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import argmap
from argmap import ConflictError, MapError
from argmap.store.merge import MISSING, merge_data, merge_texts

BASE = """\
# A shared map: comments survive merges.
argmap: 1
id: shared
title: Shared map
claim: The claim.
tags: [a, b]
sources:
  s: {title: A source}
premises:
- id: p1
  text: First premise.   # keep me
  cite: {source: s, at: "1:00"}
- text: Second premise.
objections:
- id: o1
  text: An objection.
  rebuttals:
  - text: A rebuttal.
"""


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.yaml"
    path.write_text(BASE)
    return path


def names(m: argmap.ArgumentMap) -> list[str]:
    return [n.id for n in m.nodes()]


# -- merge_data on plain data -------------------------------------------------------------------


def test_one_sided_changes_are_taken() -> None:
    base = {"a": 1, "b": [1, 2], "c": {"x": 1}}
    assert merge_data(base, {**base, "a": 2}, base) == ({"a": 2, "b": [1, 2], "c": {"x": 1}}, [])
    assert merge_data(base, base, {**base, "c": {"x": 2}}) == ({"a": 1, "b": [1, 2], "c": {"x": 2}}, [])


def test_both_sides_changing_different_keys_merge() -> None:
    base = {"a": 1, "b": 1}
    merged, conflicts = merge_data(base, {"a": 2, "b": 1}, {"a": 1, "b": 3, "c": 4})
    assert merged == {"a": 2, "b": 3, "c": 4} and conflicts == []


def test_same_change_on_both_sides_is_no_conflict() -> None:
    assert merge_data({"a": 1}, {"a": 2}, {"a": 2}) == ({"a": 2}, [])


def test_different_changes_to_one_value_conflict() -> None:
    merged, conflicts = merge_data({"title": "T"}, {"title": "Ours"}, {"title": "Theirs"})
    assert [c.path for c in conflicts] == [("title",)]
    assert conflicts[0].describe("this save", "the file on disk") == (
        "the map's 'title' was changed by both this save and the file on disk, differently"
    )


def test_removed_on_one_side_changed_on_the_other_conflicts() -> None:
    base = {"premises": [{"id": "p", "text": "P."}]}
    _, conflicts = merge_data(base, {"premises": []}, {"premises": [{"id": "p", "text": "P!"}]})
    assert [c.describe() for c in conflicts] == ["node 'p' was removed by ours but changed by theirs"]


def test_removal_on_one_side_of_an_unchanged_node_merges() -> None:
    base = {"premises": [{"id": "p", "text": "P."}, {"id": "q", "text": "Q."}]}
    ours = {"premises": [{"id": "q", "text": "Q."}]}
    theirs = {"premises": [{"id": "p", "text": "P."}, {"id": "q", "text": "Q."}, {"id": "r", "text": "R."}]}
    merged, conflicts = merge_data(base, ours, theirs)
    assert conflicts == [] and merged == {"premises": [{"id": "q", "text": "Q."}, {"id": "r", "text": "R."}]}


def test_additions_on_both_sides_are_all_kept_theirs_first() -> None:
    base = {"objections": [{"text": "A."}]}
    ours = {"objections": [{"text": "A."}, {"text": "Ours."}]}
    theirs = {"objections": [{"text": "A."}, {"text": "Theirs."}]}
    merged, conflicts = merge_data(base, ours, theirs)
    assert conflicts == []
    assert [o["text"] for o in merged["objections"]] == ["A.", "Theirs.", "Ours."]


def test_addition_keeps_its_place_between_neighbours() -> None:
    base = {"tags": ["a", "c", "e"]}
    merged, _ = merge_data(base, {"tags": ["a", "b", "c", "e"]}, {"tags": ["a", "c", "d", "e"]})
    assert merged == {"tags": ["a", "b", "c", "d", "e"]}


def test_edited_text_of_a_node_without_id_matches_by_place() -> None:
    base = {"premises": [{"text": "Old."}, {"text": "Other."}]}
    ours = {"premises": [{"text": "New."}, {"text": "Other."}]}  # edits the text (its derived id changes)
    theirs = {"premises": [{"text": "Old.", "weight": 0.9}, {"text": "Other."}]}  # reweighs the same node
    merged, conflicts = merge_data(base, ours, theirs)
    assert conflicts == []
    assert merged == {"premises": [{"text": "New.", "weight": 0.9}, {"text": "Other."}]}


def test_same_id_added_on_both_sides_merges_or_conflicts() -> None:
    base: dict = {"premises": []}
    ours = {"premises": [{"id": "n", "text": "N.", "by": "x"}]}
    theirs = {"premises": [{"id": "n", "text": "N.", "weight": 0.2}]}
    merged, conflicts = merge_data(base, ours, theirs)
    assert conflicts == [] and merged == {"premises": [{"id": "n", "text": "N.", "weight": 0.2, "by": "x"}]}
    _, conflicts = merge_data(base, ours, {"premises": [{"id": "n", "text": "Other."}]})
    assert [c.describe() for c in conflicts] == ["'text' of node 'n' was added by both ours and theirs, differently"]


def test_identical_additions_are_kept_once_lookalikes_twice() -> None:
    base: dict = {"objections": []}
    same = {"objections": [{"text": "X.", "status": "proposed"}]}
    assert merge_data(base, same, same) == (same, [])
    ours = {"objections": [{"text": "X.", "proposal": {"model": "m", "created": "1"}}]}
    theirs = {"objections": [{"text": "X.", "proposal": {"model": "m", "created": "2"}}]}
    merged, conflicts = merge_data(base, ours, theirs)
    assert conflicts == [] and len(merged["objections"]) == 2


def test_reordering_on_one_side_is_kept() -> None:
    base = {"tags": ["a", "b", "c"]}
    merged, conflicts = merge_data(base, {"tags": ["c", "b", "a"]}, {"tags": ["a", "b", "c", "d"]})
    assert conflicts == [] and merged == {"tags": ["c", "d", "b", "a"]}  # d still follows c
    _, conflicts = merge_data(base, {"tags": ["c", "b", "a"]}, {"tags": ["b", "a", "c"]})
    assert [c.describe() for c in conflicts] == [
        "the order of the map's 'tags' was changed by both ours and theirs, differently"
    ]


def test_types_are_told_apart() -> None:
    # 1 and True, a date and its text: a change from one to the other is a change.
    import datetime

    assert merge_data({"a": 1}, {"a": True}, {"a": 1}) == ({"a": True}, [])
    day = datetime.date(2025, 1, 2)
    assert merge_data({"d": day}, {"d": day}, {"d": "2025-01-02"}) == ({"d": "2025-01-02"}, [])


def test_missing_is_not_none() -> None:
    merged, conflicts = merge_data({"a": None}, {}, {"a": None})
    assert merged == {} and conflicts == [] and repr(MISSING) == "MISSING"


# -- save(): the second writer merges ----------------------------------------------------------------


def test_second_writer_merges_and_keeps_comments(shared: Path) -> None:
    first, second = argmap.load(shared), argmap.load(shared)
    first.add("shared", "Added by the first writer.", kind="objection")
    first["p1"].weight = 0.7
    second.add("o1", "Added by the second writer.", kind="rebuttal")
    second["second-premise"].text = "Second premise, reworded."
    argmap.save(first)
    argmap.save(second)

    text = shared.read_text()
    assert "# A shared map: comments survive merges." in text and "# keep me" in text
    saved = argmap.load(shared)
    assert saved["p1"].weight == 0.7
    assert [n.text for n in saved.objections] == ["An objection.", "Added by the first writer."]
    assert [n.text for n in saved["o1"].rebuttals] == ["A rebuttal.", "Added by the second writer."]
    assert saved.premises[1].text == "Second premise, reworded."
    # The second writer's map now holds the merged content, so a third save loses nothing.
    assert names(second) == names(saved)
    second.add("shared", "A third change.", kind="premise")
    argmap.save(second)
    assert "Added by the first writer." in shared.read_text() and "A third change." in shared.read_text()
    assert sorted(os.listdir(shared.parent)) == ["shared.yaml"]


def test_true_conflict_is_refused_and_nothing_is_written(shared: Path) -> None:
    first, second = argmap.load(shared), argmap.load(shared)
    first["p1"].text = "First premise, as the first writer has it."
    second["p1"].text = "First premise, as the second writer has it."
    second.add("shared", "An unrelated addition.", kind="objection")
    argmap.save(first)
    on_disk = shared.read_text()
    with pytest.raises(ConflictError) as info:
        argmap.save(second)
    assert shared.read_text() == on_disk
    lines = str(info.value).splitlines()
    assert lines == [
        f"{shared}: changed on disk since it was loaded, and some of the same things were changed in this "
        "save; nothing was written: load it again and redo the change",
        f"{shared}:11:9: conflict: 'text' of node 'p1' was changed by both this save and the other change "
        "on disk, differently",
    ]
    assert sorted(os.listdir(shared.parent)) == ["shared.yaml"]


def test_merge_that_would_break_the_map_is_refused(shared: Path) -> None:
    first, second = argmap.load(shared), argmap.load(shared)
    first.remove("o1")
    second.add("p1", "Attacks the objection.", kind="objection", attacks=["o1"])
    argmap.save(first)
    with pytest.raises(ConflictError) as info:
        argmap.save(second)
    message = str(info.value)
    assert "would give an invalid map; nothing was written" in message
    assert "'attacks' names unknown id 'o1'" in message
    assert "o1" not in shared.read_text()


def test_unchanged_map_saves_nothing_and_takes_the_disk_version(shared: Path) -> None:
    stale = argmap.load(shared)
    other = argmap.load(shared)
    other.title = "Retitled"
    argmap.save(other)
    written = shared.read_text()
    argmap.save(stale)  # nothing changed here: the other writer's title must stay
    assert shared.read_text() == written and stale.title == "Retitled"


def test_file_replaced_by_invalid_yaml_is_a_conflict(shared: Path) -> None:
    m = argmap.load(shared)
    m.title = "New title"
    shared.write_text("argmap: 1\nclaim: [unclosed\n")
    with pytest.raises(ConflictError) as info:
        argmap.save(m)
    assert str(info.value).startswith(f"{shared}: changed on disk since it was loaded and is no longer valid YAML")
    assert shared.read_text() == "argmap: 1\nclaim: [unclosed\n"


def test_file_removed_since_loading_is_written_again(shared: Path) -> None:
    m = argmap.load(shared)
    m.title = "Back"
    shared.unlink()
    argmap.save(m)
    assert argmap.load(shared).title == "Back"


def test_unchanged_map_is_still_byte_identical(shared: Path) -> None:
    before = shared.stat().st_mtime_ns
    argmap.save(argmap.load(shared))
    assert shared.read_text() == BASE and shared.stat().st_mtime_ns == before


def test_symlinked_map_stays_a_symlink(tmp_path: Path, shared: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(shared)
    m = argmap.load(link)
    m.title = "Through the link"
    argmap.save(m)
    assert link.is_symlink() and argmap.load(shared).title == "Through the link"


def test_write_errors_are_map_errors(tmp_path: Path) -> None:
    m = argmap.loads(BASE)
    with pytest.raises(MapError) as info:
        argmap.save(m, tmp_path / "missing-folder" / "m.yaml")
    assert str(info.value) == f"{tmp_path / 'missing-folder' / 'm.yaml'}: cannot write: the folder does not exist"


# -- merge_texts: the git merge driver ---------------------------------------------------------------


def test_merge_texts_keeps_our_layout_and_adds_their_changes() -> None:
    ours = BASE.replace("title: Shared map", "title: Shared map  # our comment")
    theirs = BASE.replace("  - text: A rebuttal.\n", "  - text: A rebuttal.\n  - text: Their rebuttal.\n")
    merged = merge_texts(BASE, ours, theirs, "shared.yaml")
    assert "# our comment" in merged and "Their rebuttal." in merged
    assert argmap.loads(merged)["o1"].rebuttals[1].text == "Their rebuttal."


def test_merge_texts_locates_conflicts_in_ours() -> None:
    ours = BASE.replace("claim: The claim.", "claim: Our claim.")
    theirs = BASE.replace("claim: The claim.", "claim: Their claim.")
    with pytest.raises(ConflictError) as info:
        merge_texts(BASE, ours, theirs, "shared.yaml")
    assert str(info.value) == (
        "shared.yaml:5:8: conflict: the map's 'claim' was changed by both theirs and ours, differently"
    )


# -- argmap merge as a git merge driver ----------------------------------------------------------------


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=tester@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    driver = f"{shlex.quote(sys.executable)} -m argmap merge %O %A %B -o %A --name %P"
    git(repo, "config", "merge.argmap.driver", driver)
    (repo / ".gitattributes").write_text("*.yaml merge=argmap\n")
    (repo / "shared.yaml").write_text(BASE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def edit(repo: Path, branch: str, change: Callable[[argmap.ArgumentMap], None], new: bool = True) -> None:
    assert git(repo, "checkout", "-q", *(["-b"] if new else []), branch).returncode == 0
    m = argmap.load(repo / "shared.yaml")
    change(m)
    argmap.save(m)
    assert git(repo, "commit", "-q", "-am", f"edit on {branch}").returncode == 0


def test_git_merges_maps_changed_on_two_branches(repo: Path) -> None:
    edit(repo, "critique", lambda m: m.add("o1", "A rebuttal from the critique.", kind="rebuttal"))
    edit(repo, "main", lambda m: m.add("shared", "An objection from main.", kind="objection"), new=False)
    done = git(repo, "merge", "--no-edit", "critique")
    assert done.returncode == 0, done.stdout + done.stderr
    merged = argmap.load(repo / "shared.yaml")
    assert [o.text for o in merged.objections] == ["An objection.", "An objection from main."]
    assert [r.text for r in merged["o1"].rebuttals] == ["A rebuttal.", "A rebuttal from the critique."]
    assert "# A shared map: comments survive merges." in (repo / "shared.yaml").read_text()


def test_git_reports_a_true_conflict_where_it_is(repo: Path) -> None:
    def retitle(title: str) -> Callable[[argmap.ArgumentMap], None]:
        def change(m: argmap.ArgumentMap) -> None:
            m.title = title

        return change

    edit(repo, "other", retitle("Their title"))
    edit(repo, "main", retitle("Our title"), new=False)
    ours = (repo / "shared.yaml").read_text()
    done = git(repo, "merge", "--no-edit", "other")
    assert done.returncode != 0
    assert (
        "shared.yaml:4:1: conflict: the map's 'title' was changed by both theirs and ours, differently"
        in done.stdout + done.stderr
    )
    # Left as git leaves any conflicted file: both values between markers, for the person to resolve.
    left = (repo / "shared.yaml").read_text()
    assert left == ours.replace(
        "title: Our title\n", "<<<<<<< ours\ntitle: Our title\n=======\ntitle: Their title\n>>>>>>> theirs\n"
    )
    assert "UU shared.yaml" in git(repo, "status", "--short").stdout


def test_merge_command_prints_to_stdout_and_refuses_invalid_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    base, ours, theirs = (tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs"))
    base.write_text(BASE)
    ours.write_text(BASE.replace("title: Shared map", "title: Ours"))
    theirs.write_text(BASE.replace("claim: The claim.", "claim: Their claim."))
    result = CliRunner().invoke(app, ["merge", str(base), str(ours), str(theirs)])
    assert result.exit_code == 0
    merged = argmap.loads(result.stdout)
    assert (merged.title, merged.claim) == ("Ours", "Their claim.")
    theirs.write_text("argmap: 1\nclaim: [broken\n")
    result = CliRunner().invoke(app, ["merge", str(base), str(ours), str(theirs)])
    assert result.exit_code == 1 and result.output.startswith(f"{ours} (theirs):")


def test_both_sides_adding_the_same_file_merge_from_an_empty_ancestor() -> None:
    ours = BASE.replace("title: Shared map", "title: Shared map\ndescription: Ours.")
    theirs = BASE.replace("  - text: A rebuttal.\n", "  - text: A rebuttal.\n  - text: Theirs.\n")
    merged = argmap.loads(merge_texts("", ours, theirs))
    assert merged.description == "Ours." and [r.text for r in merged["o1"].rebuttals] == ["A rebuttal.", "Theirs."]
