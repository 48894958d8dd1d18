"""Crash safety: a writer killed with SIGKILL at a random moment leaves the old or the new
file, never a mix, and the next save removes whatever the killed one left behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import argmap
from argmap.store.yamlio import atomic_write
from benchmarks.synth import synthetic_yaml

from .conftest import ROOT

WORKER = str(ROOT / "tests" / "robust_worker.py")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start(*args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, WORKER, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n", process.stderr.read()
    return process


def kill_after(process: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


def leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p for p in os.listdir(folder) if p != name)


def test_sigkill_during_saves_of_a_large_map(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    original = synthetic_yaml(1000, seed=5)
    path.write_text(original)
    m = argmap.load(path)
    target = next(n for n in m.nodes() if n is not m and not n.derived_id)
    text_a, text_b = "Version A of this premise.", "Version B of this premise, somewhat longer."

    # Every version the worker can write: the same edits made here, in the same order.
    versions = {original}
    probe = tmp_path / "probe" / "big.yaml"
    probe.parent.mkdir()
    probe.write_text(original)
    twin = argmap.load(probe)
    for _ in range(4):
        node = twin[target.id]
        node.text = text_b if node.text == text_a else text_a
        argmap.save(twin)
        versions.add(probe.read_text())
    assert len(versions) == 3

    # A save takes about 50 ms: half a second spans several, so each kill lands at a random
    # moment of one (a longer wait would only repeat the same saves).
    rng = random.Random(8)
    for _ in range(12):
        kill_after(start("save-loop", str(path), target.id, text_a, text_b), rng.uniform(0, 0.5))
        assert path.read_text() in versions
        argmap.load(path)  # and it is a valid map
    # The next save cleans up after the killed writer.
    m = argmap.load(path)
    m[target.id].text = "After the crashes."
    argmap.save(m)
    assert leftovers(tmp_path, "big.yaml") == ["probe"]


def test_sigkill_during_writes_leaves_old_or_new_and_no_temporary_files(tmp_path: Path) -> None:
    # A large text so that most kills land while the temporary file is being written.
    path = tmp_path / "big.yaml"
    text_a = synthetic_yaml(20_000, seed=1)
    text_b = synthetic_yaml(20_000, seed=2)
    (tmp_path / "a.txt").write_text(text_a)
    (tmp_path / "b.txt").write_text(text_b)
    atomic_write(path, text_a)
    rng = random.Random(9)
    left_behind = 0
    for _ in range(30):
        kill_after(
            start("write-loop", str(path), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")), rng.uniform(0, 0.5)
        )
        content = path.read_text()
        assert content in (text_a, text_b)
        stale = [p for p in leftovers(tmp_path, "big.yaml") if p not in ("a.txt", "b.txt")]
        assert all(p.startswith(".big.yaml.") and p.endswith((".tmp", ".lock")) for p in stale), stale
        left_behind += any(p.endswith(".tmp") for p in stale)
        atomic_write(path, content)  # the next run
        assert leftovers(tmp_path, "big.yaml") == ["a.txt", "b.txt"]
    assert left_behind > 0  # some kills did land mid-write, so the clean-up was exercised


def test_stale_temporary_files_of_other_maps_are_left_alone(tmp_path: Path) -> None:
    for name in (".big.yaml.abcd1234.tmp", ".other.yaml.abcd1234.tmp", ".big.yaml.x.abcd1234.tmp", "big.yaml.bak"):
        (tmp_path / name).write_text("x")
    atomic_write(tmp_path / "big.yaml", "argmap: 1\n")
    assert leftovers(tmp_path, "big.yaml") == [".big.yaml.x.abcd1234.tmp", ".other.yaml.abcd1234.tmp", "big.yaml.bak"]


def test_rendering_also_cleans_up_after_a_killed_writer(tmp_path: Path) -> None:
    m = argmap.loads(synthetic_yaml(20, seed=3))
    (tmp_path / ".out.svg.abcd1234.tmp").write_text("half a picture")
    target = argmap.render(m, tmp_path / "out.svg", layout="tree")
    assert target == tmp_path / "out.svg" and target.read_text().startswith("<svg")
    assert leftovers(tmp_path, "out.svg") == []
