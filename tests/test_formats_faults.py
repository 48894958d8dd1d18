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


# -- 2. '#' inside a URL is not a tag ------------------------------------------------------------------


JAIN = """\
argmap: 1
id: truth
claim: Lying is wrong.
premises:
  - text: Many traditions ask us to [tell the truth](https://en.wikipedia.org/wiki/Jainism#Jain_ethics_and_five_vows).
  - text: See https://example.org/report_2019 for the survey.
"""


def test_hash_in_a_link_url_does_not_become_a_tag() -> None:
    import argmap
    from argmap.formats import export_map, import_text

    m = argmap.loads(JAIN)
    text = export_map(m, "argdown").text
    # Written as Argdown's users write links: unescaped, bare addresses as [url](url).
    assert "[tell the truth](https://en.wikipedia.org/wiki/Jainism#Jain_ethics_and_five_vows)" in text
    assert "[https://example.org/report_2019](https://example.org/report_2019)" in text
    back = import_text(text, "argdown").map
    assert [n.tags for n in back.nodes()] == [[], [], []]
    assert [n.text for n in back.nodes()] == [n.text for n in m.nodes()]


# -- 3. Argdown that Argdown rejects --------------------------------------------------------------------

REJECTED = "[A]: Claim A.\n  - [B]: Claim B.\n[C]: Claim C.\n  + [A]\n"


def test_argdown_rejected_by_argdown_is_an_error_at_its_place() -> None:
    from argmap.errors import MapError
    from argmap.formats import import_text

    with pytest.raises(MapError) as caught:
        import_text(REJECTED, "argdown", file="r.argdown")
    assert str(caught.value).startswith("r.argdown:3:1: '[C]' must start a new paragraph")


def test_argdown_lenient_warns_and_reads_the_rest() -> None:
    from argmap.formats import import_text

    imported = import_text(REJECTED, "argdown", file="r.argdown", lenient=True)
    m = imported.map
    by_text = texts(m)
    assert by_text["Claim B."].text == "Claim B."  # no longer 'Claim B. [C]: Claim C.'
    assert m.claim == "Claim C." and m.parent(by_text["Claim A."].id) is m  # '+ [A]' under C
    assert imported.report.warnings == [
        "r.argdown:3:1: '[C]' must start a new paragraph (put a blank line before it); read as a new paragraph"
    ]


@pytest.mark.parametrize(
    "text, place",
    [
        ("[A]: a\n+ [B]: b\n", "2:1"),  # a relation must be indented
        ("[A]: a\n  + [B]: b\n\n  + [C]: c\n", "4:3"),  # a paragraph cannot open with a relation
        ("[A]: a [C]: c\n", "1:8"),  # a definition in the middle of a text
        ("[A]: a\n  + [B]: b\n# Heading\n", "3:1"),  # a heading inside a paragraph
        ("Some prose.\n<A>: a\n", "2:1"),
    ],
)
def test_argdown_grammar_faults_are_located(text: str, place: str) -> None:
    from argmap.errors import MapError
    from argmap.formats import import_text

    with pytest.raises(MapError) as caught:
        import_text(text, "argdown", file="x.argdown")
    assert str(caught.value).startswith(f"x.argdown:{place}: ")
    assert import_text(text, "argdown", file="x.argdown", lenient=True).report.warnings


def test_argdown_what_argdown_accepts_still_reads() -> None:
    from argmap.formats import import_text

    text = "[A]: Claim A\ncontinued here.\n  - [B]: Claim B\n[the report](https://x.org) says more.\n"
    m = import_text(text, "argdown").map
    assert m.claim == "Claim A continued here."
    assert m.objections[0].text == "Claim B [the report](https://x.org) says more."


def test_argdown_argument_relation_its_conclusion_repeats_is_kept_once() -> None:
    from argmap import evaluate
    from argmap.formats import import_text

    text = "[T]: t\n  - <A>\n\n<A>: a\n\n(1) p\n----\n(2) [C]: c\n  -> [T]\n"
    imported = import_text(text, "argdown")
    m = imported.map
    assert evaluate(m).nodes[m.id].attackers == ("c",)  # attacked once, by the conclusion, not also by <A>
    assert any("its conclusion also has" in d.what for d in imported.report.dropped)


def test_import_lenient_on_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "r.argdown"
    source.write_text(REJECTED, encoding="utf-8")
    out = tmp_path / "r.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(source), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip().splitlines() == [
        f"{source}:3:1: '[C]' must start a new paragraph (put a blank line "
        "before it); Argdown's parser rejects this (--lenient reads past it)"
    ]
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(source), "-o", str(out), "--lenient"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and out.exists()
    assert f"warning: {source}:3:1:" in done.stderr


# -- 4. SADFace ------------------------------------------------------------------------------------------


def test_sadface_is_recognised_by_its_own_keys_and_imported() -> None:
    from argmap.formats import guess_format

    path = FORMATS / "sadface_small.json"
    assert guess_format(path.read_text(encoding="utf-8")) == "sadface"
    imported = import_file(path)
    m = imported.map
    assert (m.title, m.claim) == ("Library opening hours", "The library should open until 9 pm.")
    by_text = texts(m)
    assert by_text["The head librarian recommends it."].tags == ["scheme:Expert Opinion"]
    assert by_text["Late opening costs more than the budget allows."].kind == "objection"
    exams = by_text["The trial ran during exams, when visits are always high."]
    assert exams.tags == ["undercut"] and m.parent(exams.id).text == "Evening visits doubled in the trial."
    cite = by_text["Evening visits doubled in the trial."].cite
    assert cite.quote == "evening visits doubled" and m.sources[cite.source].url == "https://example.org/minutes"
    assert {d.what.split(" (")[0] for d in imported.report.dropped} == {"resource texts", "document details"}


def test_sadface_export_round_trips_every_field() -> None:
    import argmap
    from argmap.formats import export_map, import_text

    m = argmap.loads(CITED)
    back = import_text(export_map(m, "sadface").text, "sadface").map
    assert back.to_data() == m.to_data()


def test_json_of_an_unknown_shape_is_an_error(tmp_path: Path) -> None:
    from argmap.errors import MapError

    path = tmp_path / "x.json"
    path.write_text('{"nodes": [{"name": "a"}], "edges": []}', encoding="utf-8")
    with pytest.raises(MapError) as caught:
        import_file(path)
    assert "cannot tell the format" in str(caught.value) and "SADFace" in str(caught.value)


# -- 5. every cite goes to Argdown ------------------------------------------------------------------------

CITED = """\
argmap: 1
id: cited
title: Cited
claim: A claim with several sources.
sources:
  a: {title: Source A}
  b: {title: Source B, url: https://example.org/b}
cite: {source: a, at: p. 1}
premises:
  - id: reason
    text: A reason, cited three times.
    by: Someone
    tags: [x, two words]
    weight: 0.8
    cite: {source: a, quote: "a {braced} quote"}
    cites:
      - {source: b, at: "12:30"}
      - {source: a, at: p. 9, url: https://example.org/a#p9}
    objections:
      - text: An undercut of the claim's only support.
        tags: [undercut]
"""


def test_argdown_export_keeps_every_cite() -> None:
    import argmap
    from argmap.formats import export_map, import_text

    m = argmap.loads(CITED)
    exported = export_map(m, "argdown")
    back = import_text(exported.text, "argdown").map
    assert back["reason"].cite == m["reason"].cite and back["reason"].cites == m["reason"].cites
    assert not exported.dropped


# -- 6. AIF says what it cannot keep ------------------------------------------------------------------------


def test_aif_reports_an_undercut_of_the_central_claim_and_the_title_and_id() -> None:
    import argmap
    from argmap.formats import export_map

    m = argmap.loads(
        CITED.replace("    objections:\n      - text: An undercut", "objections:\n  - text: An undercut").replace(
            "        tags: [undercut]", "    tags: [undercut]"
        )
    )
    dropped = {d.what: d.count for d in export_map(m, "aif").dropped}
    assert dropped["'undercut' tags on attacks on the central claim (or a position)"] == 1
    assert dropped["map title"] == 1 and dropped["map id"] == 1


# -- the rest of the list: export's overwrite rule, titles, --from json ---------------------------------------


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "m.yaml"
    source.write_text(CITED, encoding="utf-8")
    out = tmp_path / "m.argdown"
    out.write_text("keep me", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "export", str(source), "--to", "argdown", "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and out.read_text(encoding="utf-8") == "keep me"
    assert done.stderr.strip() == f"{out}: already exists (use --force to overwrite)"
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "export", str(source), "--to", "argdown", "-o", str(out), "--force", "-q"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and out.read_text(encoding="utf-8").startswith("===")


def test_argdown_titles_are_short_and_readable() -> None:
    import argmap
    from argmap.formats import export_map

    m = argmap.loads(
        "argmap: 1\nid: cars\nclaim: Cities should price driving.\npremises:\n"
        "  - text: Cars in dense centres cause most of the noise and most of the pollution.\n"
    )
    text = export_map(m, "argdown").text
    assert "<Cars in dense centres cause>: Cars in dense centres" in text
    assert "cars-in-dense-centres" not in text


def test_from_json_says_invalid_json(tmp_path: Path) -> None:
    from argmap.errors import MapError

    path = tmp_path / "bad.json"
    path.write_text('{"argmap": 1, "id": "x",\n "claim": }\n', encoding="utf-8")
    with pytest.raises(MapError) as caught:
        import_file(path, "json")
    assert str(caught.value) == f"{path}:2:11: invalid JSON: Expecting value"


# -- 7. every reader finishes in time linear in its input ---------------------------------------------------

#: Inputs that made a regular expression try every position and scan to the end (quadratic):
#: 64 KB of the first took over 300 s, 3,000 footnote markers in a Kialo claim about 230 s.
_SIZE = 128 * 1024
WORST_CASES = {
    "argdown bold": ("argdown", "[A]: " + "**a " * (_SIZE // 4)),
    "argdown italic": ("argdown", "[A]: " + "_a " * (_SIZE // 3)),
    "argdown asterisks": ("argdown", "[A]: " + "*a " * (_SIZE // 3)),
    "argdown brackets": ("argdown", "[A]: x " + "[" * _SIZE),
    "argdown link openings": ("argdown", "[A]: x " + "[x](" * (_SIZE // 4)),
    "argdown block comments": ("argdown", "[A]: x " + "/* " * (_SIZE // 3)),
    "argdown html comments": ("argdown", "[A]: x " + "<!-- " * (_SIZE // 5)),
    "argdown tag openings": ("argdown", "[A]: x " + "#(" * (_SIZE // 2)),
    "argdown tags then text": ("argdown", "[A]: x " + "#a " * (_SIZE // 3) + "y"),
    "argdown shortcodes": ("argdown", "[A]: x " + ":a" * (_SIZE // 2)),
    "argdown data braces": ("argdown", "[A]: x " + "{" * _SIZE + "}"),
    "argdown definitions mid-text": ("argdown", "[A]: x " + "[a]: " * (_SIZE // 5)),
    "argdown front matter": ("argdown", "===\n" + "=" * _SIZE),
    "kialo footnotes": (
        "kialo",
        "Discussion Name:\nT\n\n1. Thesis:\nx " + "[1] " * (_SIZE // 4) + "y\n\nSources:\n[1] https://a.org\n",
    ),
    "kialo numbers": ("kialo", "Discussion Title: T\n\n1. x\n" + "1." * (_SIZE // 2) + "\n"),
    "kialo escapes": ("kialo", "Discussion Title: T\n\n1. x " + "\\(" * (_SIZE // 2) + "\n"),
    "kialo see links": ("kialo", "Discussion Title: T\n\n1. x\n1.1. Pro: -> See " + "1." * (_SIZE // 2) + "\n"),
    "kialo misnumbered lines": (
        "kialo",
        "Discussion Title: T\n\n1. x\n" + "".join(f"1.1.{i}. Pro: a\n" for i in range(1, _SIZE // 14)),
    ),
    "aif long locution": (
        "aif",
        '{"nodes": [{"nodeID": "1", "text": "' + "a " * (_SIZE // 2) + '", "type": "L"}, '
        '{"nodeID": "2", "text": "x", "type": "I"}, {"nodeID": "3", "text": "Asserting", '
        '"type": "YA"}], "edges": [{"fromID": "1", "toID": "3"}, '
        '{"fromID": "3", "toID": "2"}]}',
    ),
    "sadface long atom": (
        "sadface",
        '{"nodes": [{"id": "a", "type": "atom", "text": "' + "[1] " * (_SIZE // 4) + '"}], "edges": []}',
    ),
}


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_readers_finish_generated_worst_cases_in_time(name: str) -> None:
    import time

    from argmap.errors import MapError
    from argmap.formats import import_text

    fmt, text = WORST_CASES[name]
    started = time.perf_counter()
    try:
        import_text(text, fmt, lenient=True)
    except MapError:
        pass  # some are beyond the map's limits (a text over 100,000 characters): refused, in time
    seconds = time.perf_counter() - started
    # Linear readers take well under a second here on a shared machine; the quadratic ones
    # took minutes. The bound leaves room for a slow CI machine without hiding a regression.
    assert seconds < 10, f"{name}: {seconds:.1f} s for {len(text):,} characters"
