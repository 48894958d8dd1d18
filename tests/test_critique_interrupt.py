"""Ctrl-C in the middle of a critique: what finished is saved, the rest is not, no traceback."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import argmap

from .critique_server import FakeLLM, Reply, default_reply

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("litellm") is None, reason="LiteLLM (the llm extra) is not installed"),
    pytest.mark.skipif(os.name == "nt", reason="sends SIGINT"),
]

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-interrupt-0123456789"

MAP = """\
# Pets, argued.
argmap: 1
id: pets
claim: Cats make better pets than dogs.
premises:
  - id: quiet
    text: Cats are quiet.  # mostly
  - id: time
    text: Cats need less time.
  - id: clean
    text: Cats keep themselves clean.
"""


def wait_for(condition, what: str, limit: float = 60.0) -> None:
    """Poll until ``condition()`` holds; fail (not a timing assertion: a hang guard) after ``limit`` s."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_ctrl_c_keeps_the_proposals_of_finished_nodes(tmp_path):
    path = tmp_path / "pets.yaml"
    path.write_text(MAP)
    release = threading.Event()

    def respond(request):
        if request.target_text == "Cats are quiet.":
            return default_reply(request)
        return Reply(default_reply(request).content, wait=release)  # hangs until the test is done

    env = dict(os.environ, OPENAI_API_KEY=KEY, ARGMAP_CACHE_DIR=str(tmp_path / "cache"), ARGMAP_BACKOFF="0.01")
    env.pop("ARGMAP_MODEL", None)
    with FakeLLM(respond) as server:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "argmap",
                "critique",
                str(path),
                "--leaves",
                "--concurrency",
                "3",
                "--model",
                "openai/test-model",
                "--api-base",
                server.base,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(lambda: "cats are quiet holds" in path.read_text(), "the first node to be saved")
            wait_for(lambda: len(server.requests) == 3, "all three requests to be in flight")
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
        finally:
            release.set()
            if process.poll() is None:
                process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Traceback" not in out
    assert "interrupted: the proposals of finished nodes are saved" in err
    assert "not run: time, clean" in out
    assert "added 2 proposals under 1 node" in out
    m = argmap.load(path)
    assert [n.status for n in m["quiet"].objections] == ["proposed", "proposed"]
    assert m["time"].objections == [] and m["clean"].objections == []
    assert path.read_text().startswith(MAP.split("premises:")[0])
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no half-written files
    assert KEY not in out + err
