"""Concurrent writers, with real processes: no update is ever lost; a true conflict is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import argmap

from .conftest import ROOT

WORKER = str(ROOT / "tests" / "robust_worker.py")

MAP = """\
# Two processes write this map at once.
argmap: 1
id: contested
claim: The claim.
premises:
- id: p1
  text: The premise both edit.
objections:
- text: An objection that was there first.
"""


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, WORKER, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def run_adders(path: Path, workers: int, count: int, *extra: str) -> None:
    go = path.parent / "go"
    processes = [start("add", str(path), f"writer {w}", str(count), str(go), *extra) for w in range(workers)]
    go.touch()
    for process in processes:
        code, _, err = finish(process)
        assert code == 0, err
        assert "Traceback" not in err
    go.unlink()


def test_concurrent_additions_from_long_lived_maps_are_all_kept(tmp_path: Path) -> None:
    # Each writer loads once and saves after every addition: most saves find the file
    # changed by another writer and must merge rather than overwrite.
    path = tmp_path / "contested.yaml"
    path.write_text(MAP)
    run_adders(path, 4, 12)
    saved = argmap.load(path)
    texts = [o.text for o in saved.objections]
    expected = {f"Objection {i} from writer {w}." for w in range(4) for i in range(12)}
    assert set(texts) == expected | {"An objection that was there first."}
    assert len(texts) == len(expected) + 1  # nothing lost, nothing doubled
    for w in range(4):  # each writer's own additions stay in the order it made them
        own = [t for t in texts if t.endswith(f"from writer {w}.")]
        assert own == [f"Objection {i} from writer {w}." for i in range(12)]
    assert path.read_text().startswith("# Two processes write this map at once.\n")
    assert sorted(os.listdir(tmp_path)) == ["contested.yaml"]


def test_concurrent_load_change_save_cycles_are_all_kept(tmp_path: Path) -> None:
    # The CLI pattern: load, change, save, exit; the file may change between load and save.
    path = tmp_path / "contested.yaml"
    path.write_text(MAP)
    run_adders(path, 3, 10, "--reload")
    texts = [o.text for o in argmap.load(path).objections]
    assert len(texts) == 31 and len(set(texts)) == 31
    assert sorted(os.listdir(tmp_path)) == ["contested.yaml"]


def test_conflicting_edits_one_wins_and_the_other_is_told(tmp_path: Path) -> None:
    path = tmp_path / "contested.yaml"
    for _ in range(4):
        path.write_text(MAP)
        go = tmp_path / "go"
        editors = [start("edit", str(path), "p1", f"Premise as editor {e} has it.", str(go)) for e in range(2)]
        for editor in editors:
            assert editor.stdout is not None and editor.stdout.readline() == "ready\n"
        go.touch()
        results = [finish(editor) for editor in editors]
        go.unlink()
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 10], results
        winner = next(e for e, (code, _, _) in enumerate(results) if code == 0)
        loser_err = next(err for code, _, err in results if code == 10)
        assert argmap.load(path)["p1"].text == f"Premise as editor {winner} has it."
        assert loser_err.splitlines() == [
            f"{path}: changed on disk since it was loaded, and some of the same things were changed in this "
            "save; nothing was written: load it again and redo the change",
            f"{path}:7:9: conflict: 'text' of node 'p1' was changed by both this save and the other change on "
            "disk, differently",
        ]
        assert sorted(os.listdir(tmp_path)) == ["contested.yaml"]


def test_a_writer_that_cannot_get_the_lock_in_time_says_so(tmp_path: Path) -> None:
    import pytest

    from argmap.store.lock import locked

    path = tmp_path / "contested.yaml"
    path.write_text(MAP)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from argmap.store.lock import locked\n"
                f"with locked({str(path)!r}):\n"
                "    print('locked', flush=True); time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(argmap.MapError) as info, locked(path, timeout=0.2):
            pass
        assert str(info.value) == (
            f"{path}: another process has been writing this file for over 0.2 s; try again when it has finished"
        )
    finally:
        holder.kill()
        holder.wait()
    with locked(path, timeout=5):  # the kernel released the dead holder's lock
        pass
    assert sorted(os.listdir(tmp_path)) == ["contested.yaml"]
