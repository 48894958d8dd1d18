"""Debates rooted in a question: the format, validation, evaluation, drawing, ``argmap new
--question``, and a question-rooted map through every interchange format and back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.errors import MapError
from argmap.formats import export_map, import_file, import_text

QUESTION = """\
argmap: 1
id: office
title: Office attendance
question: Should companies require office attendance?
positions:
  - id: office-days
    text: Yes, three days a week.
    by: A manager
    premises:
      - text: Juniors learn faster near colleagues.
        weight: 0.7
    objections:
      - text: Commutes cost hours.
        rebuttals:
          - text: Hybrid schedules cut the commute in half.
  - id: team-choice
    text: No, let each team decide.
    attacks: [office-days]
    premises:
      - text: Teams know their own work best.
  - text: Only for onboarding.
"""


def structure(m: argmap.ArgumentMap) -> set[tuple[Any, ...]]:
    """Every node as (kind, text, parent text) and every cross-link as texts: what every format keeps."""
    text = {n.id: n.text for n in m.nodes()}
    out: set[tuple[Any, ...]] = {(e.node.kind, e.node.text, e.parent.text if e.parent else None) for e in m.walk()}
    out |= {(text[s], link, text[t]) for s, link, t in m.cross_links()}
    return out


@pytest.mark.parametrize(
    "fmt, variant",
    [("json", None), ("argdown", None), ("aif", None), ("sadface", None), ("kialo", "v2"), ("kialo", "v1")],
)
def test_question_map_round_trips_through_every_format(fmt: str, variant: str) -> None:
    m = argmap.loads(QUESTION)
    exported = export_map(m, fmt, kialo_variant=variant or "v2")
    back = import_text(exported.text, fmt, f"office.{fmt}").map
    assert back.kind == "question" and back.question == m.question
    assert [p.text for p in back.positions] == [p.text for p in m.positions]
    assert structure(back) == structure(m)
    if fmt in ("json", "argdown", "sadface"):  # these keep ids, by and weights too
        assert back.to_data() == m.to_data() or fmt == "argdown" and back.id == m.id
        assert back["office-days"].by == "A manager"


def test_markdown_shows_the_question_and_positions() -> None:
    text = export_map(argmap.loads(QUESTION), "markdown").text
    assert "- **Question:** Should companies require office attendance?" in text
    assert "  - **Position:** Yes, three days a week." in text


def test_kialo_multi_thesis_corpus_file_is_a_question(corpus: Path) -> None:
    m = import_file(corpus / "kialo" / "best_scifi_movie_multithesis.txt").map
    assert m.kind == "question" and len(m.positions) == 131 and "added-on-import" not in m.tags
    evaluation = argmap.evaluate_map(m)
    assert evaluation.claim is None and m.id not in evaluation.nodes
    ranking = argmap.rank_positions(m, evaluation)
    assert len(ranking) == 131
    assert [r.strength for r in ranking] == sorted((r.strength for r in ranking), reverse=True)


def test_argdown_question_statement_written_by_hand() -> None:
    text = (
        "[Q]: Which city should host the fair? #question\n\n"
        "[Lyon]: Lyon should host it.\n  + <Rail>: It has the best rail links.\n\n"
        "[Turin]: Turin should host it.\n  - [Lyon]\n"
    )
    imported = import_text(text, "argdown")
    m = imported.map
    assert (m.kind, m.question, m.tags) == ("question", "Which city should host the fair?", [])
    assert [p.id for p in m.positions] == ["lyon", "turin"]
    assert m["lyon"].attacks == ["turin"]  # '- [Lyon]' under Turin: Lyon attacks Turin, a cross-link


# -- the format -----------------------------------------------------------------------------------------


def test_claim_maps_are_unchanged() -> None:
    m = argmap.loads("argmap: 1\nid: c\nclaim: A claim.\npremises:\n  - text: A reason.\n")
    assert (m.kind, m.claim, m.text, m.relations) == ("claim", "A claim.", "A claim.", ("premises", "objections"))
    assert type(m) is argmap.ArgumentMap and "question" not in m.to_data()


def test_question_map_model() -> None:
    m = argmap.loads(QUESTION)
    assert isinstance(m, argmap.ArgumentMap) and m.kind == "question"
    assert m.text == m.claim == m.question  # code that shows "the central claim" shows the question
    assert [e.node.kind for e in m.walk()][:2] == ["question", "position"]
    assert m.relation("office-days") == "positions" and m.depth("office-days") == 1
    assert list(m.to_data())[:4] == ["argmap", "id", "title", "question"]
    added = m.add("office", "Four days a week.", kind="position")
    assert added.kind == "position" and m.parent(added.id) is m
    with pytest.raises(ValueError, match="only positions answer the question"):
        m.add("office", "A premise of a question.", kind="premise")
    with pytest.raises(ValueError, match="positions sit only under the question"):
        m.add("office-days", "A position under a position.", kind="position")


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "argmap: 1\nid: x\nquestion: Q?\npremises:\n  - text: a\n",
            "x.yaml:4:1: a question-rooted map has no 'premises' of its own: put them under one of its 'positions'",
        ),
        (
            "argmap: 1\nid: x\nclaim: C\nquestion: Q?\n",
            "x.yaml:4:1: a map has either 'claim' (a central claim) or 'question' (with 'positions'), not both",
        ),
        (
            "argmap: 1\nid: x\nclaim: C\npositions:\n  - text: a\n",
            "x.yaml:4:1: 'positions' answer a question: write the root as 'question:' instead of 'claim:'",
        ),
        (
            "argmap: 1\nid: x\nquestion: Q?\npositions:\n  - text: b\n    supports: [x]\n",
            "x.yaml:6:16: 'supports' names the question 'x': a question is answered, not supported or attacked; "
            "link to one of its positions",
        ),
        (
            "argmap: 1\nid: x\nquestion: Q?\npositions:\n  - text: b\n    rebuttals:\n      - text: r\n",
            "x.yaml:6:5: 'rebuttals' can only sit under an objection (a rebuttal answers an objection); under a "
            "position use 'objections'",
        ),
        ("argmap: 1\nid: x\nquestion: ''\n", "x.yaml:3:11: 'question' must not be empty"),
    ],
)
def test_question_map_validation(text: str, message: str) -> None:
    with pytest.raises(MapError) as caught:
        argmap.loads(text, "x.yaml")
    assert str(caught.value.problems[0]) == message


def test_schema_has_both_roots() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = argmap.schema()
    data = json.loads(export_map(argmap.loads(QUESTION), "json").text)
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "claim": "also a claim"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "premises": [{"text": "a"}]}, schema)


# -- evaluation, drawing and the command line ----------------------------------------------------------------


def test_evaluation_ranks_positions_and_gives_the_question_no_verdict() -> None:
    m = argmap.loads(QUESTION)
    evaluation = argmap.evaluate_map(m)
    assert evaluation.claim is None and "office" not in evaluation.nodes
    with pytest.raises(ValueError):
        _ = evaluation.verdict
    ranking = argmap.rank_positions(m, evaluation)
    assert [r.id for r in ranking][0] == "team-choice"
    assert ranking[0].strength == pytest.approx(evaluation.nodes["team-choice"].strength)
    # Each position is evaluated as a central claim would be: the question above changes nothing.
    alone = argmap.loads(
        "argmap: 1\nid: yes\nclaim: Yes, three days a week.\npremises:\n"
        "  - text: Juniors learn faster near colleagues.\n    weight: 0.7\nobjections:\n"
        "  - text: Commutes cost hours.\n    rebuttals:\n"
        "      - text: Hybrid schedules cut the commute in half.\n"
    )
    attacked = argmap.evaluate(m).nodes["office-days"]
    assert attacked.strength < argmap.evaluate(alone).verdict.strength  # team-choice also attacks it


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, cwd=cwd)


def test_new_question_and_evaluate_on_the_command_line(tmp_path: Path) -> None:
    done = run(
        "new",
        "--question",
        "Which option is best?",
        "--position",
        "Option A.",
        "--position",
        "Option B.",
        "--title",
        "Options",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    m = argmap.load(tmp_path / "options.yaml")
    assert m.kind == "question" and [p.text for p in m.positions] == ["Option A.", "Option B."]
    done = run("new", "--claim", "C", "--question", "Q?", "other.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "either --claim or --question" in done.stderr
    (tmp_path / "office.yaml").write_text(QUESTION, encoding="utf-8")
    done = run("evaluate", "office.yaml", cwd=tmp_path)
    assert done.returncode == 0 and "Verdict" not in done.stdout
    assert "Positions on the question (no verdict on a question), strongest first" in " ".join(done.stdout.split())
    data = json.loads(run("evaluate", "office.yaml", "--json", cwd=tmp_path).stdout)
    assert [row["id"] for row in data["ranking"]][0] == "team-choice" and "office" not in data["nodes"]


def test_drawing_puts_the_question_on_top_with_positions_as_peers() -> None:
    from argmap.render import to_dot

    m = argmap.loads(QUESTION)
    dot = to_dot(m)
    assert "QUESTION" in dot and dot.count("POSITION") == 3
    # A position answers the question: its edge is neither support nor attack.
    assert dot.count('class="answer"') == 3
    assert "the question, and each position" in dot and "the central claim" not in dot


def test_critique_of_a_question_map_targets_its_positions() -> None:
    from argmap.critique.errors import CritiqueError
    from argmap.critique.run import prompts_for, select_targets

    m = argmap.loads(QUESTION)
    assert select_targets(m) == [p.id for p in m.positions]
    assert m.id not in select_targets(m, [m.id], "all")
    with pytest.raises(CritiqueError, match="is the question"):
        select_targets(m, [m.id])
    prompt = prompts_for(m, ["office-days"])[0]
    assert "position (one answer to the question)" in str(prompt)


# -- graphs with several top claims ------------------------------------------------------------------------

FORMATS = Path(__file__).parent / "fixtures" / "formats"
#: Fixtures whose graph has several top claims and no question: (file, question asked, positions).
MULTI_TOP = {
    "multi_top.argdown": (
        "Which claims of “School uniforms” hold?",
        ["Schools should require uniforms.", "Pupils should choose what to wear."],
    ),
    "small_aif.json": (
        "Which claims of small_aif.json hold?",
        ["Taxes on sugar cut consumption.", "A claim nobody links to."],
    ),
    "sadface_multi_top.json": (
        "Which claims of “Night trains” hold?",
        ["Night trains should be subsidised.", "Money is better spent on day trains."],
    ),
}


@pytest.mark.parametrize("name", sorted(MULTI_TOP))
def test_several_top_claims_import_as_a_question(name: str) -> None:
    imported = import_file(FORMATS / name)
    m = imported.map
    question, positions = MULTI_TOP[name]
    assert (m.kind, m.question, m.tags) == ("question", question, [])
    assert [p.text for p in m.positions] == positions
    assert m.note.startswith("Written on import:")
    assert not any("thesis" in n.tags or "added-on-import" in n.tags for n in m.nodes())
    assert any(
        line.startswith("2 top claims became the positions of a question written on import") and line.endswith(question)
        for line in imported.report.converted
    )
    evaluation = argmap.evaluate_map(m)
    assert evaluation.claim is None and m.id not in evaluation.nodes
    ranking = argmap.rank_positions(m, evaluation)
    assert sorted(r.text for r in ranking) == sorted(positions)


def test_several_top_claims_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "uniforms.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(FORMATS / "multi_top.argdown"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "2 top claims became the positions of a question written on import" in done.stderr
    assert out.read_text().splitlines()[3] == "question: Which claims of “School uniforms” hold?"
    done = subprocess.run([sys.executable, "-m", "argmap", "evaluate", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "no verdict on a question" in done.stdout and "central claim" not in done.stdout


@pytest.mark.parametrize("name", ["small.argdown", "sadface_small.json", "ova_wrapper.json"])
def test_one_top_claim_still_gives_a_claim_map(name: str) -> None:
    m = import_file(FORMATS / name).map
    assert m.kind == "claim" and "question" not in m.to_data() and not m.note


def test_a_file_with_no_name_or_title_asks_about_the_document() -> None:
    m = import_text("[A]: One.\n\n[B]: Two.\n", "argdown").map
    assert m.question == "Which claims of this Argdown document hold?"


def test_a_first_level_one_heading_names_the_question_and_the_title() -> None:
    imported = import_text(
        "# School uniforms\n\n[A]: Uniforms help.\n\n## Costs\n\n[B]: Uniforms cost less.\n", "argdown"
    )
    m = imported.map
    assert m.question == "Which claims of “School uniforms” hold?" and m.title == "School uniforms"
    assert "the first heading, “School uniforms”, names the question" in str(imported.report)
    # A heading after the first statement is a section, not the document's name.
    later = import_text("[A]: Uniforms help.\n\n# Costs\n\n[B]: Uniforms cost less.\n", "argdown").map
    assert later.question == "Which claims of this Argdown document hold?"


@pytest.mark.parametrize(
    "fmt, variant",
    [("json", None), ("argdown", None), ("aif", None), ("sadface", None), ("kialo", "v2"), ("kialo", "v1")],
)
@pytest.mark.parametrize("name", sorted(MULTI_TOP))
def test_several_top_claims_round_trip_through_every_format(name: str, fmt: str, variant: str) -> None:
    m = import_file(FORMATS / name).map
    assert any(True for _ in m.cross_links()) or name == "small_aif.json"  # cross-links to keep
    back = import_text(export_map(m, fmt, kialo_variant=variant or "v2").text, fmt, f"again.{fmt}").map
    assert back.kind == "question" and back.question == m.question
    assert [p.text for p in back.positions] == [p.text for p in m.positions]
    assert structure(back) == structure(m)


# -- maps written by earlier versions -----------------------------------------------------------------------

LEGACY = """\
argmap: 1
id: school-uniforms
title: School uniforms
claim: The claims of School uniforms
tags: [added-on-import]
note: 'Added on import: the Argdown document has no single claim that everything else supports or attacks.'
premises:
  - id: uniforms
    text: Schools should require uniforms.
    tags: [thesis, policy]
    premises:
      - text: Uniforms cost families less.
        attacks: [free-dress]
  - id: free-dress
    text: Pupils should choose what to wear.
    tags: [thesis]
    objections:
      - text: Brands invite bullying.
        supports: [school-uniforms]
"""


def test_maps_from_earlier_versions_still_load_as_they_are() -> None:
    m = argmap.loads(LEGACY)
    assert m.kind == "claim" and m.tags == ["added-on-import"]
    assert argmap.evaluate_map(m).claim is not None  # the library evaluates what the file holds


def test_evaluate_gives_no_verdict_on_a_claim_an_earlier_import_added(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(LEGACY, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "argmap", "evaluate", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        f"note: {path}: its central claim was added on import by an earlier version; "
        "evaluated as the question “Which claims of School uniforms hold?”"
    )
    assert "no verdict on a question" in done.stdout and "central claim" not in done.stdout
    assert path.read_text(encoding="utf-8") == LEGACY  # the file is not changed


@pytest.mark.parametrize("fmt", ["json", "argdown", "aif", "sadface", "kialo", "markdown"])
def test_maps_from_earlier_versions_export_as_questions(fmt: str) -> None:
    exported = export_map(argmap.loads(LEGACY), fmt)
    assert exported.converted[0] == (
        "the central claim an earlier version added on import (tagged "
        "'added-on-import') written as the question “Which claims of School uniforms "
        "hold?”, its theses as positions"
    )
    assert [(d.count, d.what) for d in exported.dropped if "added claim" in d.what] == [
        (1, "cross-links to that added claim")
    ]
    assert (
        "  dropped 1 cross-link to that added claim: a question is answered, not supported or attacked"
        in exported.lines()
    )
    assert "added-on-import" not in exported.text and "The claims of" not in exported.text
    if fmt == "markdown":
        assert "- **Question:** Which claims of School uniforms hold?" in exported.text
        assert "  - **Position:** Schools should require uniforms." in exported.text
        return
    back = import_text(exported.text, fmt, f"uniforms.{fmt}").map
    assert back.kind == "question" and back.question == "Which claims of School uniforms hold?"
    assert [p.text for p in back.positions] == [
        "Schools should require uniforms.",
        "Pupils should choose what to wear.",
    ]
    assert not any("thesis" in n.tags for n in back.nodes())
    assert any(link[1] == "attacks" for link in back.cross_links())


def test_argdown_written_by_earlier_versions_reads_as_a_question() -> None:
    # What an earlier export wrote for LEGACY: the added claim left out, its theses tagged.
    text = (
        "===\ntitle: School uniforms\nargmap:\n  id: school-uniforms\n===\n\n"
        "[uniforms]: Schools should require uniforms. #(thesis) #(policy)\n"
        "  + <Uniforms cost families less>: Uniforms cost families less.\n\n"
        "[free-dress]: Pupils should choose what to wear. #(thesis)\n"
        "  - <Brands invite bullying>: Brands invite bullying.\n"
    )
    imported = import_text(text, "argdown", "old.argdown")
    m = imported.map
    assert m.kind == "question" and [p.id for p in m.positions] == ["uniforms", "free-dress"]
    assert m["uniforms"].tags == ["policy"] and m["free-dress"].tags == []
    assert (
        "the tag 'thesis' that earlier argmap exports put on top claims was dropped from 2 positions"
        in imported.report.converted
    )


def test_a_real_argdown_file_with_two_top_claims() -> None:
    # Argdown's own editor tests (MIT; see fixtures/formats/SOURCES.md).
    imported = import_file(FORMATS / "argdown_vscode_test.argdown")
    m = imported.map
    assert m.question == "Which claims of “Test Argdown Document” hold?"  # its first heading names it
    assert [p.id for p in m.positions] == ["argument-1", "classical-syllogism"]
    assert m["statement-2"].text == "Another statement."  # the last definition, as in Argdown
    assert any("defined more than once with different texts" in line for line in imported.report.converted)
    back = import_text(export_map(m, "argdown").text, "argdown", "again.argdown").map
    assert structure(back) == structure(m)
