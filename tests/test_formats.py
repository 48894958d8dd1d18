"""Interchange as a whole: format guessing, the import and export commands, Markdown and JSON,
the YAML writer, and round trips of whole maps through every format."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import argmap
from argmap.errors import MapError
from argmap.formats import EXPORT_FORMATS, export_map, guess_format, import_file, import_text
from argmap.formats.argdown import one_paragraph
from argmap.jsonschema import map_schema
from argmap.store import fast as fastyaml
from argmap.store.writer import dump
from argmap.store.yamlio import dump_data, parse_full
from benchmarks.synth import synthetic_data

from .conftest import FIXTURES

FORMATS = FIXTURES / "formats"

MAP = """\
argmap: 1
id: trees
title: Street trees
claim: Cities should plant more street trees.
by: A planner
sources:
  study: {title: A cooling study, url: https://example.org/study, author: A. Researcher}
premises:
  - id: cool
    text: Trees cool streets in summer.
    by: A researcher
    tags: [climate]
    cite: {source: study, at: p. 12, quote: up to 3 degrees}
    objections:
      - text: Only where the canopy is dense.
        rebuttals:
          - text: |-
              Dense canopy is what
              planting programmes aim for.
objections:
  - text: Roots lift pavements.
    attacks: [cool]
  - text: A proposed objection.
    status: proposed
  - text: A rejected objection.
    status: rejected
"""


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args], capture_output=True, text=True, input=stdin, cwd=cwd, timeout=300
    )


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "trees.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


# -- guessing the format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("kialo_v1.txt", "kialo"),
        ("kialo_v2.txt", "kialo"),
        ("kialo_multithesis.txt", "kialo"),
        ("small.argdown", "argdown"),
        ("small_aif.json", "aif"),
        ("ova_wrapper.json", "aif"),
    ],
)
def test_guess_from_content(name: str, fmt: str) -> None:
    text = (FORMATS / name).read_text(encoding="utf-8")
    assert guess_format(text) == fmt  # without the file name


def test_guess_json_map_and_unknown_text() -> None:
    data = argmap.loads(MAP).to_data()
    assert guess_format(json.dumps(data)) == "json"
    assert guess_format("Just some prose.\nNothing else.\n") is None
    assert guess_format('{"something": "else"}') is None
    assert guess_format("[Title]: text\n", "notes.argdown") == "argdown"
    with pytest.raises(MapError) as info:
        import_text(MAP, file="trees.yaml")
    assert str(info.value) == (
        "trees.yaml: cannot tell the format from the content (it looks like an argmap "
        "map already): give it with --from (kialo, argdown, aif, sadface, json)"
    )


def test_guess_every_corpus_file(corpus: Path) -> None:
    expected = {"kialo": "kialo", "aif": "aif", "argdown": "argdown"}
    for folder, fmt in expected.items():
        for path in (corpus / folder).iterdir():
            assert guess_format(path.read_text(encoding="utf-8")) == fmt, path.name


# -- the import command ---------------------------------------------------------------------------------


def test_import_command_writes_a_valid_map_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "cars.yaml"
    done = run("import", str(FORMATS / "kialo_v1.txt"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    report = done.stderr.splitlines()
    assert report[0].endswith("kialo_v1.txt: Kialo (older export, 'Discussion Title:')")
    assert report[1] == "  read 11 claims; created 8 nodes (1 claim, 3 premises, 2 objections, 2 rebuttals)"
    assert report[-1] == f"  wrote {out}"
    assert argmap.load(out).claim == "Cities should ban cars from their centres."
    assert run("validate", str(out)).returncode == 0


def test_import_to_stdout_from_stdin_with_from() -> None:
    text = (FORMATS / "small.argdown").read_text(encoding="utf-8")
    done = run("import", "-", "--from", "argdown", "-q", stdin=text)
    assert done.returncode == 0 and done.stderr == ""
    assert argmap.loads(done.stdout).id == "four-days"


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    out.write_text("keep me", encoding="utf-8")
    done = run("import", str(FORMATS / "kialo_v2.txt"), "-o", str(out))
    assert done.returncode == 2 and "already exists (use --force to overwrite)" in done.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("import", str(FORMATS / "kialo_v2.txt"), "-o", str(out), "--force", "-q").returncode == 0
    assert argmap.load(out).claim == "Homework should be abolished."


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "Discussion Title: T\n\nno claims\n",
            "x.txt:2:1: no thesis found: expected a line '1. <thesis>' (or '1. Thesis:')",
        ),
        ('{"nodes": [1, 2,', "x.txt:1:17: invalid JSON: Expecting value"),
        (
            "Some notes without any structure.\n",
            "x.txt: cannot tell the format from the content: give it with --from (kialo, argdown, aif, sadface, json)",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "x.txt"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    done = run("import", "x.txt", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == message
    assert "Traceback" not in done.stderr and not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind either


def test_import_usage_errors(tmp_path: Path) -> None:
    done = run("import", str(FORMATS / "kialo_v1.txt"), "--from", "csv")
    assert done.returncode == 2
    assert done.stderr.strip() == "--from: unknown format 'csv'; choose one of: kialo, argdown, aif, sadface, json"
    missing = run("import", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and missing.stderr.strip() == f"{tmp_path / 'nope.txt'}: no such file"
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"Discussion Title: T\n\n1. \xff\n")
    done = run("import", str(binary))
    assert done.returncode == 1 and done.stderr.strip() == f"{binary}:3:4: file is not valid UTF-8 text"


def test_unwritable_output_is_one_line(tmp_path: Path, map_file: Path) -> None:
    out = tmp_path / "no-such-folder" / "m.yaml"
    done = run("import", str(FORMATS / "kialo_v1.txt"), "-o", str(out))
    assert done.returncode == 1 and done.stderr.strip() == f"{out}: cannot write: the folder does not exist"
    done = run("export", str(map_file), "--to", "aif", "-o", str(out))
    assert done.returncode == 1 and done.stderr.strip() == f"{out}: cannot write: the folder does not exist"


def test_import_with_the_wrong_from_names_the_problem() -> None:
    done = run("import", str(FORMATS / "small.argdown"), "--from", "kialo")
    assert done.returncode == 1
    assert done.stderr.strip().endswith(
        "small.argdown:1:1: not a Kialo export: the first line should start "
        "with 'Discussion Title:' or 'Discussion Name:'"
    )


# -- the export command ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_command_writes_each_format(map_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"trees.{fmt}"
    done = run("export", str(map_file), "--to", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0].startswith(f"{out}: ")
    text = out.read_text(encoding="utf-8")
    assert "Trees cool streets in summer." in text
    assert "A proposed objection." not in text and "A rejected objection." not in text
    stdout = run("export", str(map_file), "--to", fmt, "-q")
    assert stdout.returncode == 0 and stdout.stdout == text and stdout.stderr == ""


def test_export_reports_what_the_format_cannot_hold(map_file: Path) -> None:
    done = run("export", str(map_file), "--to", "aif")
    lines = done.stderr.splitlines()
    assert lines[0] == "<stdout>: AIF, 5 nodes written"
    assert (
        "  dropped 2 proposed or rejected nodes, and what sits under each: only accepted nodes are "
        "exported unless asked (--include-proposed)" in lines
    )
    assert "  dropped 1 tag: AIF has no place for them" in lines
    assert "  dropped 1 cite: AIF has no place for them" in lines


def test_export_include_proposed_and_kialo_variant(map_file: Path) -> None:
    done = run("export", str(map_file), "--to", "kialo", "--include-proposed", "--kialo-variant", "v1", "-q")
    assert done.returncode == 0
    assert done.stdout.startswith("Discussion Title: Street trees\n\n1. Cities should plant more street trees.\n")
    assert "A proposed objection." in done.stdout and "A rejected objection." not in done.stdout


def test_export_usage_errors(map_file: Path, tmp_path: Path) -> None:
    done = run("export", str(map_file), "--to", "pdf")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "--to: unknown format 'pdf'; choose one of: argdown, aif, sadface, kialo, markdown, json"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\nid: Bad Id\nclaim: x\n", encoding="utf-8")
    done = run("export", str(bad), "--to", "json")
    assert done.returncode == 1 and done.stderr.startswith(f"{bad}:2:5: ")


def test_commands_have_help() -> None:
    for command in ("import", "export"):
        done = run(command, "--help")
        assert done.returncode == 0 and "Usage:" in done.stdout


def test_cli_help_does_not_load_the_formats() -> None:
    code = (
        "import sys; from argmap.cli import app; import argmap; "
        "print(any(m.startswith(('argmap.formats', 'ruamel')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# -- Markdown ------------------------------------------------------------------------------------------


def test_markdown_outline() -> None:
    text = export_map(argmap.loads(MAP), "markdown").text
    assert text.splitlines()[:2] == ["# Street trees", ""]
    assert "- **Claim:** Cities should plant more street trees. — *A planner*" in text
    assert (
        "  - **Premise:** Trees cool streets in summer. — *A researcher* · source: "
        "[A cooling study](https://example.org/study), at p. 12: “up to 3 degrees” · `#climate`"
    ) in text
    assert "    - **Objection:** Only where the canopy is dense." in text
    assert "      - **Rebuttal:** Dense canopy is what\n        planting programmes aim for." in text
    assert "    - *Also attacks:* Trees cool streets in summer. (`cool`)" in text
    assert text.endswith("## Sources\n\n- **study**: [A cooling study](https://example.org/study), A. Researcher\n")
    assert "A proposed objection." not in text
    proposed = export_map(argmap.loads(MAP), "markdown", include_proposed=True).text
    assert "  - **Objection:** A proposed objection. — (proposed)" in proposed


def test_markdown_marks_theses(corpus: Path) -> None:
    text = export_map(import_file(corpus / "kialo" / "best_scifi_movie_multithesis.txt").map, "markdown").text
    assert text.startswith("# The best Science Fiction movie is?\n")
    assert "- **Question:** The best Science Fiction movie is?" in text
    assert "  - **Position:** Idiocracy" in text


# -- JSON ------------------------------------------------------------------------------------------------


def test_json_is_the_model_and_matches_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    m = argmap.loads(MAP)
    data = json.loads(export_map(m, "json", include_proposed=True).text)
    expected = json.loads(json.dumps(m.to_data(), default=str))
    expected["objections"].pop()  # the rejected objection: never exported
    assert data == expected
    jsonschema.validate(data, map_schema())
    big = argmap.loads(json.dumps(synthetic_data(300), default=str))
    jsonschema.validate(json.loads(export_map(big, "json").text), map_schema())


def test_json_import_reads_maps_and_places_problems() -> None:
    m = argmap.loads(MAP)
    m.remove(m.objections[-1].id)  # rejected: not exported
    again = import_text(export_map(m, "json", include_proposed=True).text, file="trees.json")
    assert again.map.to_data() == m.to_data()
    assert argmap.loads(again.yaml()).to_data() == m.to_data()
    with pytest.raises(MapError) as info:
        import_text(
            '{\n  "argmap": 1,\n  "id": "x",\n  "claim": "c",\n  "premises": [{"txt": "a"}]\n}', file="bad.json"
        )
    assert str(info.value.problems[0]).startswith("bad.json:5:")


# -- the YAML writer -----------------------------------------------------------------------------------

TRICKY = [
    "yes",
    "No",
    "1:20",
    "12:30:00",
    "0x1F",
    "1e3",
    "-",
    "- a",
    "a: b",
    "a #b",
    "#x",
    "'q'",
    '"dq"',
    "tab\there",
    " lead",
    "trail ",
    "multi\nline",
    "multi\nline\n",
    "m\n\n\nx\n\n",
    "\u2028x",
    "x\x85y",
    "ctrl\x01",
    "ü日本",
    "@at",
    "`bt",
    "%p",
    "!t",
    "&a",
    "*s",
    "a,b",
    "[x]",
    "{y}",
    "null",
    "~",
    "true",
    "3",
    "3.5",
    ".inf",
    "2020-01-01",
    "--- x",
    "...",
    "x\r\ny",
    "line\n  indented\n",
    "\n lead",
    "ends\\",
    "it's",
    "both ' and \"",
    "=",
    "<<",
    "?q",
    "a:b",
    "http://x.org/a#b",
    "a:",
    "x :y",
]


@pytest.mark.parametrize("value", TRICKY)
def test_yaml_writer_round_trips_tricky_strings(value: str) -> None:
    data = {
        "argmap": 1,
        "id": "x",
        "claim": "c",
        "tags": [value, "b"],
        "sources": {value: {"title": value}},
        "premises": [{"text": value, "note": value, "cite": {"source": value, "at": value}}],
    }
    text = dump(data)
    assert parse_full(text).data == data
    # The fast reader takes plain keys only; every value it must read.
    data["sources"] = {"key": {"title": value}}
    data["premises"][0]["cite"]["source"] = "key"
    assert fastyaml.parse(dump(data)) == data


def test_yaml_writer_matches_the_house_style() -> None:
    for seed in range(3):
        data = synthetic_data(300, seed)
        assert dump(data) == dump_data(data)


def test_imported_maps_take_the_fast_reading_path(corpus: Path) -> None:
    for folder in ("kialo", "aif", "argdown"):
        for path in sorted((corpus / folder).iterdir()):
            imported = import_file(path)
            text = imported.yaml()
            assert fastyaml.parse(text) == parse_full(text).data, path.name


# -- whole maps through every format ----------------------------------------------------------------------


def relations(m: argmap.ArgumentMap, normalise: bool = False) -> Counter[tuple[str, str, str]]:
    """Every relation as (child text, support or attack, parent text), tree and cross-links alike,
    each once (a map may state the same relation twice: in its tree and as a cross-link)."""

    def t(text: str) -> str:
        return one_paragraph(text) if normalise else text

    text = {n.id: n.text for n in m.nodes()}
    out: Counter[tuple[str, str, str]] = Counter()
    for e in m.walk({"accepted"}):
        if e.parent is not None:
            how = {"premises": "support", "positions": "answer"}.get(e.relation or "", "attack")
            out[(t(e.node.text), how, t(e.parent.text))] = 1
    kept = {n.id for n in m.nodes({"accepted"})}
    for s, link, target in m.cross_links():
        if s in kept and target in kept:
            out[(t(text[s]), "support" if link == "supports" else "attack", t(text[target]))] = 1
    return out


def texts(m: argmap.ArgumentMap, normalise: bool = False) -> Counter[str]:
    return Counter(one_paragraph(n.text) if normalise else n.text for n in m.nodes({"accepted"}))


@pytest.mark.parametrize("fmt", ["argdown", "aif", "kialo"])
@pytest.mark.parametrize("seed", [0, 1])
def test_native_maps_keep_every_text_and_relation(fmt: str, seed: int) -> None:
    m = argmap.loads(json.dumps(synthetic_data(400, seed), default=str))
    back = import_text(export_map(m, fmt).text, fmt, f"synthetic.{fmt}").map
    normalise = fmt == "argdown"
    assert back.claim == m.claim
    assert texts(back, normalise) == texts(m, normalise)
    assert relations(back, normalise) == relations(m, normalise)
    if fmt == "argdown":  # titles, by and tags travel too
        assert {n.id: (n.by, n.tags) for n in back.nodes()} == {n.id: (n.by, n.tags) for n in m.nodes()}


@pytest.mark.parametrize("fmt", ["argdown", "aif", "kialo"])
def test_corpus_maps_keep_texts_and_relations_through_other_formats(corpus: Path, fmt: str) -> None:
    for folder in ("kialo", "aif", "argdown"):
        for path in sorted((corpus / folder).iterdir()):
            m = import_file(path).map
            back = import_text(export_map(m, fmt).text, fmt, path.name).map
            normalise = fmt == "argdown"
            # A question written on import (the source had several top claims) is written out and
            # read back like any other: every format keeps it, and its positions.
            assert back.kind == m.kind, (path.name, fmt)
            assert +texts(back, normalise) == +texts(m, normalise), (path.name, fmt)
            assert relations(back, normalise) == relations(m, normalise), (path.name, fmt)
