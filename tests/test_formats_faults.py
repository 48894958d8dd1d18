"""Faults found by trying the importers and exporters on other people's files, one test each
with a small fixture: Kialo labels and numbering, Argdown's grammar, SADFace, cites, undercuts,
and readers that must finish in time linear in their input."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.formats import import_file

from .conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def texts(m) -> dict:  # type: ignore[no-untyped-def]
    return {node.text: node for node in m.nodes()}


# -- 1. Kialo's newer export labels the question and its theses ----------------------------------------


def test_kialo_question_label_does_not_leak_into_the_text() -> None:
    imported = import_file(FORMATS / "kialo_question_v2.txt")
    m = imported.map
    assert m.kind == "question" and m.question == "Which option is best?"
    assert [p.text for p in m.positions] == ["Option A is best.", "Option B is best."]
    assert not any("Question:" in n.text or "Thesis:" in n.text for n in m.nodes())
    cheap = texts(m)["It is cheap."]
    assert cheap.supports == [m.positions[1].id]  # "1.2.2. Pro: -> See 1.1.1."


def test_kialo_writer_labels_question_and_theses_as_kialo_does() -> None:
    from argmap.formats.kialo import write_kialo

    m = import_file(FORMATS / "kialo_question_v2.txt").map
    text = write_kialo(m, "v2").text
    assert "\n1. Question:\nWhich option is best?\n" in text
    assert "\n  1.1. Thesis:\n  Option A is best.\n" in text and "\n  1.2. Thesis:\n" in text
    v1 = write_kialo(m, "v1").text
    assert "\n1. Which option is best?\n1.1. Option A is best.\n" in v1


# -- 8. a mis-numbered Kialo line is reported and does not swallow the rest ------------------------------


def test_kialo_misnumbered_lines_are_reported_and_read_as_claims() -> None:
    imported = import_file(FORMATS / "kialo_misnumbered.txt")
    m = imported.map
    assert {n.text for n in m.nodes()} == {"Thesis", "a", "b", "c", "d", "e", "f"}
    assert texts(m)["a"].kind == "premise" and m.parent(texts(m)["a"].id) is m
    assert texts(m)["b"].kind == "objection" and texts(m)["d"].kind == "rebuttal"
    warnings = imported.report.warnings
    assert len(warnings) == 3
    file = str(FORMATS / "kialo_misnumbered.txt")
    assert warnings[0].startswith(f"{file}:4:1: claim 1.1.1. skips a level")
    assert warnings[1].startswith(f"{file}:7:1: claim 1.2.3. leaves a gap")
    assert warnings[2].startswith(f"{file}:8:1: claim 1.2.2. goes back")
    assert "warning:" in str(imported.report)


def test_numbered_list_inside_a_kialo_claim_stays_text() -> None:
    from argmap.formats import import_text

    text = "Discussion Title: T\n\n1. Thesis\n1.1. Pro: Three steps:\n2. first\n1.1.5. then\n"
    imported = import_text(text, "kialo")
    assert texts(imported.map)["Three steps:\n2. first\n1.1.5. then"].kind == "premise"
    assert imported.report.warnings == []


