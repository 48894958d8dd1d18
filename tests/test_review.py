"""argmap review: list, accept, edit and reject proposals; each decision saved as it is made."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.critique.review import ReviewError, decide, edit_text, pending, review

from . import helpers

ROOT = Path(__file__).resolve().parent.parent

MAP = """\
# Pets, argued.
argmap: 1
id: pets
claim: Cats make better pets than dogs.  # the claim
premises:
  - id: quiet
    text: Cats are quiet.  # mostly
objections:
  - id: loyal
    text: Dogs are loyal.
    rebuttals:
      - text: Cats show loyalty in quieter ways.
        status: proposed
        proposal:
          model: openai/test-model
          created: '2025-05-01T10:00:00Z'
          rationale: Loyalty is not only following someone around.
          scheme: sign
          critical_question: Could other events explain the sign just as well?
  - text: Cats ignore their owners.
    status: proposed
    proposal:
      model: openai/test-model
      created: '2025-05-01T10:00:00Z'
      rationale: Pets are valued for companionship.
      scheme: example to generalisation
      critical_question: Are the examples typical?
  - text: Cat litter smells.
    status: proposed
    proposal:
      model: openai/test-model
      created: '2025-05-01T10:00:00Z'
"""

IDS = ["cats-show-loyalty-in-quieter-ways", "cats-ignore-their-owners", "cat-litter-smells"]


@pytest.fixture
def map_file(tmp_path) -> Path:
    path = tmp_path / "pets.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def run(*args: str, input: Optional[str] = None):
    return CliRunner().invoke(app, list(args), input=input)


def statuses(path: Path) -> dict[str, Optional[str]]:
    m = argmap.load(path)
    return {node_id: m[node_id].status for node_id in IDS if node_id in m}


# -- non-interactive ---------------------------------------------------------------------------------


def test_list_shows_pending_proposals(map_file):
    result = CliRunner().invoke(app, ["review", str(map_file), "--list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for node_id in IDS:
        assert node_id in result.stdout
    assert "loyal" in result.stdout and "example to generalisation" in result.stdout


def test_list_gives_the_text_the_width_of_a_narrow_terminal(map_file):
    result = CliRunner().invoke(app, ["review", str(map_file), "--list"], env={"COLUMNS": "80"})
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "Cats show loyalty in quieter ways." in lines  # whole, on one line, not folded into a column


def test_list_lines_carry_no_trailing_spaces_and_wrapped_text_stays_indented(map_file):
    long = "Cats show loyalty in quieter ways, such as following their owners from room to room all day."
    map_file.write_text(map_file.read_text().replace("Cats show loyalty in quieter ways.", long))
    for columns in ("40", "80", "200"):
        result = CliRunner().invoke(app, ["review", str(map_file), "--list"], env={"COLUMNS": columns})
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert [line for line in lines if line != line.rstrip()] == []
        assert "" in lines  # the blank line between blocks is kept, empty
    body = [line for line in lines if "quieter ways" in line]
    assert body == ["    " + long]
    narrow = CliRunner().invoke(app, ["review", str(map_file), "--list"], env={"COLUMNS": "40"}).stdout.splitlines()
    start = next(i for i, line in enumerate(narrow) if line.startswith("    Cats show loyalty"))
    wrapped = narrow[start : narrow.index("", start)]
    assert len(wrapped) > 1 and all(line.startswith("    ") for line in wrapped)
    assert " ".join(line.strip() for line in wrapped) == long


def test_list_as_json(map_file):
    result = run("review", str(map_file), "--list", "--json")
    data = json.loads(result.stdout)
    assert [item["id"] for item in data] == IDS
    first = data[0]
    assert first["kind"] == "rebuttal" and first["target"] == "loyal" and first["target_kind"] == "objection"
    assert first["scheme"] == "sign" and first["model"] == "openai/test-model"
    assert first["created"] == "2025-05-01T10:00:00Z"


def test_accept_by_id(map_file):
    result = run("review", str(map_file), "--accept", "cats-ignore-their-owners")
    assert result.exit_code == 0, result.output
    assert "accepted cats-ignore-their-owners" in result.stdout
    assert "1 accepted, 0 rejected, 2 still pending" in result.stderr
    node = argmap.load(map_file)["cats-ignore-their-owners"]
    assert node.status is None and node.proposal.rationale == "Pets are valued for companionship."
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", node.proposal.decided)
    text = map_file.read_text()
    assert "# Pets, argued." in text and "Cats are quiet.  # mostly" in text and "# the claim" in text
    assert text.count("status: proposed") == 2


def test_reject_by_id_with_a_reason(map_file):
    result = run("review", str(map_file), "--reject", "cat-litter-smells", "--reason", "not-a-claim")
    assert result.exit_code == 0, result.output
    node = argmap.load(map_file)["cat-litter-smells"]
    assert node.status == "rejected" and node.proposal.reason == "not a claim"
    assert "rejected cat-litter-smells (not a claim)" in result.stdout


def test_accept_and_reject_all(map_file):
    assert run("review", str(map_file), "--reject", "cat-litter-smells", "--reason", "duplicate").exit_code == 0
    result = run("review", str(map_file), "--accept", "all")
    assert result.exit_code == 0
    assert statuses(map_file) == {IDS[0]: None, IDS[1]: None, IDS[2]: "rejected"}  # rejected stays rejected
    assert run("review", str(map_file), "--reject", "all").exit_code == 0  # nothing pending: nothing to do
    assert "no pending proposals" in run("review", str(map_file), "--list").stderr


def test_reject_all_with_other_and_an_explanation(map_file):
    result = run("review", str(map_file), "--reject", "all", "--reason", "other: off topic for this map")
    assert result.exit_code == 0
    m = argmap.load(map_file)
    assert {m[i].proposal.reason for i in IDS if m[i].proposal} == {"other: off topic for this map"}
    assert [n for n in m.nodes({"accepted", "proposed"}) if n.id in IDS] == []


def test_unknown_ids_and_reasons_change_nothing(map_file):
    result = run("review", str(map_file), "--accept", "cats-ignore-their-owners", "--accept", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"argmap review: {map_file}: no node with id 'nope'"
    assert map_file.read_text() == MAP
    result = run("review", str(map_file), "--reject", "cat-litter-smells", "--reason", "boring")
    assert result.exit_code == 2 and "unknown reason 'boring'" in result.stderr
    result = run("review", str(map_file), "--accept", "quiet")
    assert result.exit_code == 2 and "'quiet' is not a pending proposal" in result.stderr
    result = run("review", str(map_file), "--accept", "cat-litter-smells", "--reject", "cat-litter-smells")
    assert result.exit_code == 2
    assert map_file.read_text() == MAP


def test_interactive_review_needs_a_terminal(map_file):
    result = run("review", str(map_file))
    assert result.exit_code == 2
    assert "needs a terminal; use --list, --accept ID|all or --reject ID|all" in result.stderr


def test_rejected_and_proposed_nodes_do_not_count(map_file):
    run("review", str(map_file), "--reject", IDS[1], "--reason", "unsupported")
    run("review", str(map_file), "--accept", IDS[0])
    m = argmap.load(map_file)
    counted = {n.id for n in m.nodes({"accepted"})}
    assert IDS[0] in counted and IDS[1] not in counted and IDS[2] not in counted


# -- decide(): the library call behind it --------------------------------------------------------------


def test_decide_refuses_a_node_that_changed_meanwhile(map_file):
    with pytest.raises(ReviewError, match="changed in the file meanwhile"):
        decide(map_file, IDS[1], "accept", expect_text="Cats ignore their owners completely.")
    assert map_file.read_text() == MAP


def test_decide_keeps_a_change_made_since_the_reviewer_looked(map_file):
    seen = argmap.load(map_file)
    # A critique adds a proposal after the reviewer loaded the map...
    other = argmap.load(map_file)
    other.add(
        "quiet",
        "Cats yowl at night.",
        kind="objection",
        status="proposed",
        proposal=argmap.Proposal(model="openai/test-model", created="2025-05-02T00:00:00Z"),
    )
    argmap.save(other)
    # ...and the decision, made on what the reviewer saw, keeps it.
    decide(map_file, pending(seen)[1].id, "reject", reason="unclear")
    m = argmap.load(map_file)
    assert m["cats-ignore-their-owners"].status == "rejected"
    assert m["cats-yowl-at-night"].status == "proposed"


# -- interactive, scripted ------------------------------------------------------------------------------


class Script(helpers.Script):
    """A terminal that answers from a script and notes what the file said at each prompt."""

    def __init__(self, path: Path, keys: str, lines=(), edits=()):
        super().__init__(keys, lines, edits, width=120)
        self.path = path
        self.snapshots: list[dict] = []

    def key(self, prompt: str, keys: str) -> str:
        self.snapshots.append(statuses(self.path))
        return super().key(prompt, keys)

    def edit(self, text: str) -> Optional[str]:
        self.edited.append(text)
        return self.edits.pop(0)


def test_interactive_accept_reject_skip_each_saved_at_once(map_file):
    script = Script(map_file, "a" + "r3" + "s")
    summary = review(map_file, script)
    assert (summary.accepted, summary.rejected, summary.skipped, summary.left, summary.quit) == (1, 1, 1, 1, False)
    # The accept was on disk before the next question was asked, and the reject before the next.
    assert script.snapshots[1][IDS[0]] is None
    assert script.snapshots[3][IDS[1]] == "rejected"
    m = argmap.load(map_file)
    assert m[IDS[1]].proposal.reason == "unclear"
    assert m[IDS[2]].status == "proposed"
    out = script.output
    assert "proposal 1 of 3: rebuttal against the objection" in out
    assert "central claim: Cats make better pets than dogs." in out
    assert "objection: Dogs are loyal." in out
    assert "Rationale: Loyalty is not only following someone around." in out
    assert "Scheme: sign" in out and "Critical question: Could other events explain" in out
    assert "Proposed by openai/test-model" in out


def test_interactive_edit_then_accept(map_file):
    script = Script(map_file, "se" + "q", edits=["Cats ignore their owners\nfor most of the day."])
    summary = review(map_file, script)
    assert summary.accepted == 1 and summary.edited == 1 and summary.quit and summary.left == 2
    assert (
        str(summary)
        == f"1 accepted (1 edited), {summary.rejected} rejected, {summary.skipped} skipped; 2 still pending"
    )
    assert script.edited == ["Cats ignore their owners."]
    m = argmap.load(map_file)
    node = next(n for n in m.objections if n.text.startswith("Cats ignore"))
    assert node.status is None and node.text == "Cats ignore their owners for most of the day."
    assert node.proposal.original_text == "Cats ignore their owners."


def test_an_abandoned_edit_goes_back_to_the_choices(map_file):
    script = Script(map_file, "e" + "e" + "a" + "q", edits=[None, "Cats show loyalty in quieter ways."])
    review(map_file, script)
    assert "edit abandoned" in script.output
    assert statuses(map_file)[IDS[0]] is None  # accepted unchanged after two abandoned edits


def test_reject_with_other_asks_why_and_cancel_goes_back(map_file):
    script = Script(map_file, "rc" + "r6" + "q", lines=["  too vague\nto use "])
    review(map_file, script)
    assert argmap.load(map_file)[IDS[0]].proposal.reason == "other: too vague to use"


def test_proposals_added_during_the_review_are_reviewed_too(map_file):
    class Busy(Script):
        def key(self, prompt, keys):
            if len(self.snapshots) == 0:
                other = argmap.load(self.path)
                other.add(
                    "quiet",
                    "Cats yowl at night.",
                    kind="objection",
                    status="proposed",
                    proposal=argmap.Proposal(model="openai/test-model", created="2025-05-02T00:00:00Z"),
                )
                argmap.save(other)
            return super().key(prompt, keys)

    script = Busy(map_file, "aaaa")
    summary = review(map_file, script)
    assert summary.accepted == 4 and summary.left == 0
    assert argmap.load(map_file)["cats-yowl-at-night"].status is None


# -- the editor -------------------------------------------------------------------------------------------


def fake_editor(tmp_path: Path, new_text: str, exit_code: int = 0) -> str:
    """An $EDITOR that replaces the file's text, keeping the comment lines (as a person would)."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "lines = open(path, encoding='utf-8').read().splitlines()\n"
        "comments = [line for line in lines if line.startswith('#')]\n"
        f"open(path, 'w', encoding='utf-8').write({new_text!r} + '\\n' + '\\n'.join(comments) + '\\n')\n"
        f"sys.exit({exit_code})\n"
    )
    return f"{sys.executable} {script}"


def test_edit_text_runs_the_editor(tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "New wording."))
    assert edit_text("Old wording.") == "New wording."
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "Ignored.", exit_code=1))
    assert edit_text("Old wording.") is None  # the editor failed: no edit
    monkeypatch.setenv("VISUAL", "no-such-editor-anywhere")
    assert edit_text("Old wording.") is None


def read_until(fd: int, needle: str, buffer: list[str], limit: float = 60.0) -> str:
    """Read the terminal until ``needle`` has appeared (a hang guard fails the test after ``limit`` s)."""
    deadline = time.monotonic() + limit
    while needle not in "".join(buffer):
        if time.monotonic() > deadline:
            pytest.fail(f"no {needle!r} on the terminal; it shows:\n{''.join(buffer)[-2000:]}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buffer.append(chunk.decode("utf-8", "replace"))
    text = "".join(buffer)
    buffer.clear()
    return text


def press(fd: int, key: bytes, limit: float = 60.0) -> None:
    """Type a key once the program is waiting for one (its terminal in raw mode): a key typed
    before that would be flushed when it switches modes."""
    import termios

    deadline = time.monotonic() + limit
    while termios.tcgetattr(fd)[3] & termios.ICANON:
        if time.monotonic() > deadline:
            pytest.fail("the program never waited for a key")
        time.sleep(0.02)
    os.write(fd, key)


@pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")
def test_review_on_a_real_terminal_with_an_editor(map_file, tmp_path):
    import pty

    env = dict(
        os.environ,
        EDITOR=fake_editor(tmp_path, "Cats show their loyalty in quieter, subtler ways."),
        TERM="xterm",
        COLUMNS="120",
        LINES="40",
    )
    env.pop("VISUAL", None)
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "argmap", "review", str(map_file)],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    buffer: list[str] = []
    try:
        screen = read_until(master, "[q]uit", buffer)
        assert "proposal 1 of 3" in screen and "Cats show loyalty in quieter ways." in screen
        press(master, b"e")  # edit in $EDITOR, then accept
        screen = read_until(master, "[q]uit", buffer)
        assert "accepted as edited" in screen and "proposal 2 of 3" in screen
        assert argmap.load(map_file)["loyal"].rebuttals[0].text == "Cats show their loyalty in quieter, subtler ways."
        press(master, b"r")
        read_until(master, "[c]ancel", buffer)
        press(master, b"1")  # duplicate
        screen = read_until(master, "[q]uit", buffer)
        assert "rejected" in screen and "proposal 3 of 3" in screen
        assert argmap.load(map_file)["cats-ignore-their-owners"].proposal.reason == "duplicate"
        press(master, b"q")
        screen = read_until(master, "still pending", buffer)
        assert "1 accepted (1 edited), 1 rejected, 0 skipped; 1 still pending" in screen
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert "Traceback" not in screen


def test_a_file_broken_during_the_review_stops_it_with_the_decisions_kept(map_file):
    class Breaks(Script):
        def key(self, prompt, keys):
            if len(self.snapshots) == 1:
                self.path.write_text(self.path.read_text() + "claim: twice\n")
            return super().key(prompt, keys)

    with pytest.raises(argmap.MapError, match="duplicate key 'claim'"):
        review(map_file, Breaks(map_file, "aa"))
    assert "status: proposed" in map_file.read_text()
    assert map_file.read_text().count("status: proposed") == 2  # the first decision was saved
