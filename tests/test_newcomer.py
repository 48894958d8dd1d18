"""What trips up a newcomer in the first hour: YAML mistakes, ids, the Python API's errors,
narrow terminals, merge conflicts, overwritten files and unwritable folders."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import argmap
from argmap.cli import app

from .conftest import ROOT

MAP = """\
argmap: 1
id: remote
claim: Remote work is good for most office jobs.
premises:
  - id: no-commute
    text: No commute saves two hours a day.
objections:
  - id: isolation
    text: People feel isolated.
    rebuttals:
      - id: chat
        text: Chat and video calls keep teams in touch.
"""


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def problems(text: str) -> list[str]:
    with pytest.raises(argmap.MapError) as caught:
        argmap.loads(text, "m.yaml")
    return [str(p) for p in caught.value.problems]


# -- YAML syntax errors say what to do -------------------------------------------------------------


def test_an_unquoted_colon_in_text_says_to_quote_it() -> None:
    (message,) = problems("argmap: 1\nid: remote\nclaim: Remote work: good\n")
    assert message.startswith("m.yaml:3:")
    assert "quote text that contains ': ' (write claim: 'Remote work: good')" in message


def test_a_one_space_misindent_names_the_sibling_line() -> None:
    text = MAP.replace("    rebuttals:\n", "    by: someone\n     rebuttals:\n")  # one space too many
    (message,) = problems(text)
    assert "this line is indented differently from its siblings at line 10" in message


def test_a_tab_says_yaml_does_not_allow_tabs() -> None:
    (message,) = problems(MAP.replace("  - id: no-commute", "\t- id: no-commute"))
    assert "YAML does not allow tabs for indentation" in message and message.startswith("m.yaml:5:")


def test_a_missing_version_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MAP.replace("argmap: 1\n", "").replace("id: chat", "id: chat\n        wieght: 0.3"))
    done = cli("validate", str(path))
    assert done.returncode == 1
    assert "missing required key 'argmap'" in done.stdout and "unknown key 'wieght'" in done.stdout


# -- ids -------------------------------------------------------------------------------------------


def test_an_id_written_another_way_gets_did_you_mean() -> None:
    (message,) = problems(MAP.replace("text: Chat and video", "attacks: [No_Commute]\n        text: Chat and video"))
    assert "'attacks' names unknown id 'No_Commute' (did you mean 'no-commute'?)" in message


def test_a_rebuttal_listing_its_own_parent_is_an_error() -> None:
    (message,) = problems(MAP.replace("text: Chat and video", "attacks: [isolation]\n        text: Chat and video"))
    assert "a rebuttal already attacks the node it sits under ('isolation')" in message


def test_critique_node_and_review_ids_suggest_the_id_meant(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MAP)
    done = cli("critique", str(path), "--node", "no_commute", "--dry-run")
    assert done.returncode == 2 and "(did you mean 'no-commute'?)" in done.stderr
    with_proposal = MAP + (
        "  - text: Offices build trust.\n    status: proposed\n"
        "    proposal: {model: test, created: 2026-01-01T00:00:00Z}\n"
    )
    path.write_text(with_proposal)
    done = cli("review", str(path), "--accept", "offices-build-trus")
    assert done.returncode == 2 and "(did you mean 'offices-build-trust'?)" in done.stderr


def test_review_checks_every_id_before_deciding_any(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        MAP + "  - text: Offices build trust.\n    status: proposed\n"
        "    proposal: {model: test, created: 2026-01-01T00:00:00Z}\n"
    )
    before = path.read_text()
    done = cli("review", str(path), "--accept", "offices-build-trust", "--reject", "typo")
    assert done.returncode == 2 and "no node with id 'typo'" in done.stderr
    assert path.read_text() == before  # nothing decided, not even the valid accept
    done = cli("review", str(path), "--accept", "offices-build-trust", "--reject", "all")
    assert done.returncode == 0, done.stderr
    assert argmap.load(path)["offices-build-trust"].status is None


# -- the Python API raises argmap's own errors ----------------------------------------------------------


def test_python_api_errors_speak_of_the_map() -> None:
    m = argmap.loads(MAP)
    with pytest.raises(KeyError) as caught:
        m.add("nope", "x", kind="premise")
    assert isinstance(caught.value, argmap.UnknownIdError)
    assert str(caught.value) == "no node with id 'nope' in map 'remote'"
    with pytest.raises(argmap.UnknownIdError, match=r"did you mean 'no-commute'"):
        m["no_commute"]
    cases = {"": {}, "x": {"weight": 3}, "y": {"id": "Bad Id"}, "z": {"wieght": 0.3}}
    messages = []
    for text, fields in cases.items():
        with pytest.raises(ValueError) as error:
            m.add("remote", text, kind="premise", **fields)
        assert isinstance(error.value, argmap.NodeError)
        messages.append(str(error.value))
    assert messages == [
        "the text of a premise must not be empty",
        "'weight' must be a number between 0 and 1, not 3",
        "id 'Bad Id' is not a valid id: use lowercase letters, digits and '-' (for example 'bad-id')",
        "a premise has no field 'wieght' (did you mean 'weight'?)",
    ]
    assert not any("pydantic" in message for message in messages)
    with pytest.raises(argmap.NodeError, match="a rebuttal already attacks the node it sits under"):
        m.add("isolation", "Not for everyone.", kind="rebuttal", attacks=["isolation"])


# -- stats -------------------------------------------------------------------------------------------


def test_stats_fit_an_80_column_terminal() -> None:
    from argmap.terminal import stats_view

    rows = [argmap.stats(argmap.load(path)) for path in sorted((ROOT / "maps").glob("*.yaml"))]
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=False, color_system=None)
    console.print(stats_view(rows, console))
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in out.getvalue()  # nothing squeezed
    assert any("premises" in line and "objections" in line for line in lines)
    assert sum("from LLM" in line for line in lines) == len(rows)  # every column of the table is there
    wide = io.StringIO()
    Console(file=wide, width=200, color_system=None).print(stats_view(rows, Console(width=200)))
    assert "cross-links" in wide.getvalue().splitlines()[1]  # the table when there is room


def test_stats_skips_yaml_that_is_not_a_map(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MAP)
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    done = cli("stats", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    assert "docker-compose.yml: skipped, not a map" in done.stderr
    assert '"id": "remote"' in done.stdout


# -- merge conflicts are left as git leaves them -----------------------------------------------------


def test_a_conflicting_merge_keeps_every_clean_change_between_markers(tmp_path: Path) -> None:
    base, ours, theirs, out = (tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs", "out"))
    base.write_text(MAP)
    ours.write_text(
        MAP.replace("People feel isolated.", "People feel lonely.").replace(
            "Remote work is good", "Remote work is fine"
        )
    )
    theirs.write_text(MAP.replace("People feel isolated.", "People miss colleagues.").replace("two hours", "an hour"))
    done = cli("merge", str(base), str(ours), str(theirs), "-o", str(ours))
    assert done.returncode == 1
    text = ours.read_text()
    assert "Remote work is fine" in text and "an hour a day" in text  # both clean changes
    assert (
        "<<<<<<< ours\n    text: People feel lonely.\n=======\n    text: People miss colleagues.\n>>>>>>> theirs\n"
    ) in text
    assert "conflict: 'text' of node 'isolation'" in done.stderr
    done = cli("validate", str(ours))
    marker_line = text.splitlines().index("<<<<<<< ours") + 1
    assert done.returncode == 1
    assert f"{ours}:{marker_line}:1: unresolved merge conflict (lines {marker_line}-{marker_line + 4})" in done.stdout
    out.write_text("keep me")
    done = cli("merge", str(base), str(ours), str(theirs), "-o", str(out))
    assert done.returncode == 2 and "already exists (use --force" in done.stderr and out.read_text() == "keep me"


# -- outputs: never over an input, never over a file without --force; write errors in one line -------


def test_no_command_writes_over_its_input(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MAP)
    for args in (
        ["render", str(path), "-o", str(path), "--format", "svg"],
        ["render", str(path), "-o", str(path), "--format", "svg", "--force"],
        ["import", str(path), "-o", str(path), "--force"],
        ["export", str(path), "--to", "markdown", "-o", str(path)],
        ["export", str(path), "--to", "markdown", "-o", str(path), "--force"],
    ):
        done = cli(*args)
        assert done.returncode == 2, args
        assert "is also an input of this command; refusing to write over it" in done.stderr
        assert path.read_text() == MAP


def test_overwriting_needs_force_for_every_command(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(MAP)
    for args, target in (
        (["schema", "-o", "out.json"], "out.json"),
        (["render", "m.yaml", "-o", "out.svg"], "out.svg"),
        (["new", "new.yaml", "--claim", "A claim."], "new.yaml"),
    ):
        (tmp_path / target).write_text("keep me")
        done = cli(*args, cwd=tmp_path)
        assert done.returncode == 2 and "already exists (use --force to overwrite)" in done.stderr, args
        assert (tmp_path / target).read_text() == "keep me"
        assert cli(*args, "--force", cwd=tmp_path).returncode == 0, args
        assert (tmp_path / target).read_text() != "keep me"
    # A picture named after its map is the map's own output: drawn again without --force.
    assert cli("render", "m.yaml", cwd=tmp_path).returncode == 0
    assert cli("render", "m.yaml", cwd=tmp_path).returncode == 0


def test_an_unwritable_place_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    for args in (
        ["new", str(tmp_path / "a-file" / "m.yaml"), "--claim", "A claim."],
        ["schema", "-o", str(tmp_path / "a-file" / "s.json")],
    ):
        done = cli(*args)
        assert done.returncode == 1, args
        assert done.stderr.strip().count("\n") == 0 and "cannot write" in done.stderr
        assert "internal error" not in done.stderr


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs a folder its user cannot write")
def test_a_read_only_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        done = cli("new", str(folder / "m.yaml"), "--claim", "A claim.")
        assert done.returncode == 1 and "Permission denied" in done.stderr and "internal error" not in done.stderr
    finally:
        folder.chmod(0o755)


# -- smaller things ------------------------------------------------------------------------------------


def test_new_writes_the_schema_line_for_editors(tmp_path: Path) -> None:
    done = cli("new", "--title", "Remote work", "--claim", "Remote work is good.", cwd=tmp_path)
    assert done.returncode == 0
    text = (tmp_path / "remote-work.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=argmap.schema.json\n")
    assert "argmap schema -o" in done.stderr  # and how to write that file
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "argmap.schema.json", tmp_path / "schema")
    (tmp_path / "maps").mkdir()
    assert cli("new", "maps/m.yaml", "--claim", "C.", cwd=tmp_path).returncode == 0
    assert (
        (tmp_path / "maps" / "m.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schema/argmap.schema.json\n")
    )
    argmap.load(tmp_path / "maps" / "m.yaml")


def test_one_node_is_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text("argmap: 1\nid: one\nclaim: Alone.\n")
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert "1 node evaluated" in result.output and "1 nodes" not in result.output


def test_review_wraps_long_text_under_itself() -> None:
    from argmap.critique.review import pending, proposal_view

    long = " ".join(["Offices build the kind of trust that video calls never quite manage."] * 3)
    m = argmap.loads(
        MAP + f"  - text: {long}\n    status: proposed\n"
        f"    proposal: {{model: test, created: 2026-01-01T00:00:00Z, rationale: {long}}}\n"
    )
    (item,) = pending(m)
    out = io.StringIO()
    Console(file=out, width=60, color_system=None).print(proposal_view(item, 1, 1))
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "proposed objection:" in line)
    body_column = lines[start].index("proposed objection:")
    continuation = lines[start + 1]
    assert continuation[:body_column].strip() == "" and continuation[body_column:].strip()
    rationale = next(i for i, line in enumerate(lines) if line.startswith("Rationale:"))
    assert lines[rationale + 1].startswith(" " * len("Rationale: "))


def test_the_gitignore_covers_what_the_docs_commands_write() -> None:
    from .test_docs import DOCS, doc_commands

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("git is not installed")
    written = set()
    for doc in DOCS:
        for command in doc_commands(doc):
            words = command.text.split()
            for flag in ("-o", "--output"):
                if flag in words and words.index(flag) + 1 < len(words):
                    target = words[words.index(flag) + 1]
                    if target != "-" and not target.startswith("%"):
                        written.add(target.rstrip("/") + ("/x.png" if target.endswith("/") else ""))
    written.add("age-of-research.svg")  # the README's install line draws it here
    assert written
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *sorted(written)], cwd=ROOT, capture_output=True, text=True
    )
    ignored = set(done.stdout.split())
    assert sorted(written - ignored) == []


# -- CI: a skip not explained in tests/skips.txt fails the run ------------------------------------------------


def test_an_unexplained_skip_fails_the_strict_run(tmp_path: Path) -> None:
    from .conftest import allowed_skips

    assert "the system Graphviz (dot) is not installed" in allowed_skips()
    for line in (ROOT / "tests" / "skips.txt").read_text().splitlines():
        assert line.startswith("#") or " # " in line, f"no reason given: {line}"
    test = tmp_path / "test_skips.py"
    test.write_text(
        "import pytest\n\n"
        "def test_allowed():\n    pytest.skip('the system Graphviz (dot) is not installed')\n\n"
        "def test_not_allowed():\n    pytest.skip('Chromium is missing')\n"
    )
    env = dict(os.environ, ARGMAP_STRICT_SKIPS="1")
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "tests.conftest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(tmp_path),
        str(test),
    ]
    # Once with pytest running the tests itself, once with them in a pytest-xdist worker, as
    # python -m pytest runs them.
    for mode in ([], ["-n", "1"]):
        done = subprocess.run(args + mode, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, (mode, done.stdout)
        assert "test_not_allowed: Chromium is missing" in done.stdout and "test_allowed:" not in done.stdout, mode
    test.write_text(
        "import pytest\n\ndef test_allowed():\n    pytest.skip('the system Graphviz (dot) is not installed')\n"
    )
    assert subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120).returncode == 0
