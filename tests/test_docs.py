"""The README's and docs' examples work as written: their maps validate, their Python runs,
and every ``argmap`` command in them runs.

Commands are read from the ```sh / ```console blocks of README.md and docs/*.md (in a
console block, the lines after ``$ ``) and run in order, one document at a time, with bash
(so globs work) in a temporary copy of the repository. Files a command reads that the
repository does not have are made from small fixtures (``fixture_for``); ``critique``
talks to the local fake server of tests/critique_server.py. So a doc page may gain, lose
or change commands freely: only a new input file name, or a command that truly cannot run
here, needs a line in the tables below.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

import argmap

from .conftest import CORPUS, HAS_EMBEDDED, ROOT
from .critique_server import FakeLLM, Reply, Request, answer

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Commands that cannot run unattended, matched against the command line; each says why and
# where else it is tested.
NOT_RUN: dict[str, str] = {
    # The interactive review waits for keys at a terminal; tests/test_review.py drives it
    # through a pseudo-terminal.
    r"^argmap review \S+$": "needs a terminal",
    # The source documents the maps quote are not redistributed; tests/test_maps.py checks
    # every quote when they are present.
    r"^argmap sources check .*--sources path/": "needs the source documents",
    # docs/agents.md reviews what an assistant proposed through `argmap mcp` in the session it
    # shows; tests/test_mcp.py runs the same propose-then-review round over stdio.
    r"^argmap review debates/": "reviews the proposals of the assistant's session",
}

# Commands whose documented outcome is a failure, with the exit status the docs promise.
EXPECTED_EXIT: dict[str, int] = {
    r"^argmap critique .*--model anthropic/": 2,  # shows the one-line "no API key" error
    r"^argmap diff ": 1,  # exit 1 means "the maps differ"
}

# Lines that install argmap are not run here (.ci/run runs the README's install line).
# Lines that start with git (argmap as git's difftool and merge driver) are not argmap
# commands; tests/test_diff.py runs `argmap diff`, and tests/test_robust_merge.py runs the
# merge driver through git.
SETUP = re.compile(r"\bpip install\b")

# What the fake LLM proposes against every target, so that the ids the docs decide on exist.
PROPOSALS = ("Benchmarks reward what is easy to count.", "Evidence from unusual cases.")


def _fake_answer(request: Request) -> Reply:
    return Reply(answer(*PROPOSALS))


def _synthetic(path: Path) -> None:
    from benchmarks.synth import synthetic_data

    data = synthetic_data(300)
    data["id"] = path.stem
    path.write_text(json.dumps(data, default=str), encoding="utf-8")  # JSON is YAML


def _free_buses(path: Path, objection: bool = False) -> None:
    # docs/evaluation.md's worked example, before and (with objection) after a change.
    (block,) = [
        b
        for b in blocks("yaml", (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8"))
        if re.search(r"^id: free-buses\s*$", b, re.M)
    ]
    if objection:
        block = block.replace(
            "        text: Fares cover only a small share of what the buses cost to run.\n",
            "        text: Fares cover only a small share of what the buses cost to run.\n"
            "        objections:\n          - id: q\n            text: Q answers it.\n",
        )
        assert "Q answers it." in block
    path.write_text(block, encoding="utf-8")


# The even cycle of docs/evaluation.md: A and B attack each other and the claim C.
EVEN = (
    "argmap: 1\nid: even\nclaim: C.\nobjections:\n  - id: a\n    text: A.\n    attacks: [b]\n"
    "  - id: b\n    text: B.\n    attacks: [a]\n"
)


# Input files the docs name that the repository does not have, by file name. A map named
# NAME.yaml is first looked for as a ```yaml block with "id: NAME" in the same document.
FIXTURES: dict[str, Callable[[Path], None]] = {
    "debate.yaml": lambda path: shutil.copy(ROOT / "tests" / "fixtures" / "docs" / "debate.yaml", path),
    "reviewed.yaml": lambda path: shutil.copy(ROOT / "tests" / "fixtures" / "docs" / "reviewed.yaml", path),
    "big.yaml": _synthetic,
    "even.yaml": lambda path: path.write_text(EVEN, encoding="utf-8"),
    "free-buses-v1.yaml": _free_buses,
    "free-buses-v2.yaml": lambda path: _free_buses(path, objection=True),
    # The Kialo debate docs/interchange.md imports (from the corpus when it is here).
    "the-existence-of-god-2629.txt": lambda path: shutil.copy(
        CORPUS / "kialo" / "existence_of_god.txt"
        if (CORPUS / "kialo" / "existence_of_god.txt").is_file()
        else ROOT / "tests" / "fixtures" / "formats" / "kialo_v1.txt",
        path,
    ),
}


@dataclass(frozen=True)
class Command:
    doc: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}: {self.text}"


def blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def _strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a # inside quotes is kept)."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def doc_commands(doc: Path) -> list[Command]:
    """Every argmap command in the shell blocks of ``doc``, in order."""
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```(sh|console|bash|shell)\n(.*?)^```", text, re.S | re.M):
        first_line = text.count("\n", 0, match.start(2)) + 1
        lines = match.group(2).splitlines()
        offset = 0
        while offset < len(lines):
            start, raw = offset, lines[offset]
            offset += 1
            if match.group(1) == "console":
                if not raw.startswith("$ "):
                    continue  # output, not a command
                raw = raw[2:]
            # A command continued over several lines with a trailing backslash is one command.
            while raw.rstrip().endswith("\\") and offset < len(lines):
                raw = raw.rstrip()[:-1] + " " + lines[offset].strip()
                offset += 1
            line = _strip_comment(raw.strip())
            if re.match(r"argmap\b", line) and not SETUP.search(line):
                found.append(Command(doc, first_line + start, line))
    return found


def fixture_for(name: str, doc: Path, target: Path) -> bool:
    """Make the input file ``name`` at ``target``; False when no fixture is known."""
    stem = Path(name).stem
    for block in blocks("yaml", doc.read_text(encoding="utf-8")):
        if re.search(rf"^id: {re.escape(stem)}\s*$", block, re.M) and name.endswith((".yaml", ".yml")):
            target.write_text(block, encoding="utf-8")
            return True
    maker = FIXTURES.get(Path(name).name)
    if maker is None:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    maker(target)
    return True


def _inputs(words: list[str]) -> list[str]:
    """The words of a command that name input files (not options, not what -o writes)."""
    names = []
    skip = False
    for word in words[2:]:
        if skip:
            skip = False
            continue
        if word in ("-o", "--output"):
            skip = True
            continue
        if not word.startswith("-") and re.search(r"\.(ya?ml|txt|json|argdown)$", word) and "*" not in word:
            names.append(word)
    return names


def _copy_repo(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git",
        ".venv",
        "node_modules",
        "__pycache__",
        ".hypothesis",
        ".pytest_cache",
        "*.egg-info",
        "build",
        "dist",
        "out",
        ".*cache",
    )
    for name in ("maps", "docs", "tests", "benchmarks", "prompts", "schema"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


def _run(command: Command, cwd: Path, env: dict[str, str], server: Optional[FakeLLM]) -> tuple[int, str]:
    line = command.text
    if (
        server is not None
        and line.startswith("argmap critique")
        and "--dry-run" not in line
        and not re.search(r"--model (?!openai/)", line)
    ):
        line += f" --api-base {server.base}"  # the local fake server instead of the provider
    if line.startswith("argmap critique ") and not SHELL_SYNTAX.search(line):
        return _run_in_process(shlex.split(line)[1:], cwd, env)
    done = subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


#: Characters that make a command line more than a program and its words.
SHELL_SYNTAX = re.compile(r"[|&;<>()$`*?~]")


def _run_in_process(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """``argmap ARGS`` in this process, with ``env`` as the whole environment and ``cwd`` as the
    working folder. Used for critique: a process of its own imports LiteLLM anew (about 5 s of
    CPU each time); running it as a program is tested in test_robust_secrets and
    test_critique_interrupt."""
    import traceback

    from typer.testing import CliRunner

    from argmap.cli import app

    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += "".join(traceback.format_exception(result.exception))
    return result.exit_code, output


DOCS_WITH_COMMANDS = [doc for doc in DOCS if doc_commands(doc)]
#: Command lines that already ran as documented on the repository's own files: several pages
#: repeat the same example (drawing every map as PNG takes seconds), and once is proof enough.
_PASSED: set[str] = set()


@pytest.fixture(scope="session")
def compiled_graphviz() -> Optional[Path]:
    """The embedded Graphviz as compiled into argmap's cache (compiled first if need be), or None."""
    if not HAS_EMBEDDED:
        return None
    from argmap.render import engines

    return engines._embedded().cache_path


@pytest.mark.parametrize("doc", DOCS_WITH_COMMANDS, ids=[d.name for d in DOCS_WITH_COMMANDS])
def test_every_command_in_the_docs_runs(doc: Path, tmp_path: Path, compiled_graphviz: Optional[Path]) -> None:
    work = _copy_repo(tmp_path / "repo")
    if compiled_graphviz is not None:
        # Each page gets a cache of its own, but not a compile of its own (a second or two of CPU).
        (tmp_path / "cache").mkdir()
        shutil.copy(compiled_graphviz, tmp_path / "cache" / compiled_graphviz.name)
    bin_dir = Path(sys.executable).parent
    env = {key: value for key, value in os.environ.items() if not key.endswith(("_API_KEY", "_API_BASE"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="100",
        OPENAI_API_KEY="sk-test-not-a-key",
        ARGMAP_CACHE_DIR=str(tmp_path / "cache"),
        ARGMAP_BACKOFF="0",
    )
    failures = []
    ran = 0
    with FakeLLM(_fake_answer) as server:
        for command in doc_commands(doc):
            if any(re.search(pattern, command.text) for pattern in NOT_RUN):
                continue
            words = shlex.split(command.text)
            if command.text in _PASSED:
                continue
            missing = [name for name in _inputs(words) if not (work / name).exists()]
            unknown = [name for name in missing if not fixture_for(name, doc, work / name)]
            if unknown:
                failures.append(
                    f"{command}\n  names {unknown[0]!r}, which the repository does not have: "
                    "add a fixture in tests/test_docs.py FIXTURES"
                )
                continue
            expected = next((code for pattern, code in EXPECTED_EXIT.items() if re.search(pattern, command.text)), 0)
            code, output = _run(command, work, env, server)
            ran += 1
            if code != expected or "Traceback" in output:
                failures.append(f"{command}\n  exit {code} (expected {expected}):\n  " + output.strip()[-800:])
            elif all((ROOT / name).is_file() for name in _inputs(words)) and not command.text.startswith(
                ("argmap critique", "argmap review")
            ):
                _PASSED.add(command.text)  # ran on repository files only, so it means the same anywhere
    assert not failures, f"{len(failures)} of {ran} commands failed:\n" + "\n".join(failures)


def test_the_command_reader_sees_console_and_shell_blocks() -> None:
    commands = [c.text for c in doc_commands(ROOT / "README.md")]
    assert "argmap validate maps" in commands and "argmap stats maps" in commands
    assert not any(c.startswith("next:") or "pip install" in c for c in commands)
    assert (
        _strip_comment('argmap review m.yaml --reason "other: #1 off"  # why')
        == 'argmap review m.yaml --reason "other: #1 off"'
    )
    assert _inputs(shlex.split("argmap import a.txt -o b.yaml")) == ["a.txt"]


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
    commands = {c.text.split()[1] for c in doc_commands(ROOT / "README.md")}
    assert {"render", "validate", "evaluate", "critique", "review", "import", "export"} <= commands
