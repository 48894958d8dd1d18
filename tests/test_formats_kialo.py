"""Kialo plain-text exports: both variants in, both variants out, on small fixtures and real discussions."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.errors import MapError
from argmap.formats import export_map, import_file, import_text
from argmap.formats.kialo import read_kialo, write_kialo

from .conftest import FIXTURES

FORMATS = FIXTURES / "formats"

#: Claims in each discussion of the shared corpus (thesis, every Pro/Con and sub-thesis, '-> See'
#: entries included), as counted in its SOURCES.md.
CORPUS_CLAIMS = {
    "hate_speech_illegal.txt": 106,
    "hate_speech_protected.txt": 545,
    "deny_service_supremacists.txt": 965,
    "exodus.txt": 98,
    "faith_and_science.txt": 780,
    "existence_of_god.txt": 3753,
    "confederate_memorials.txt": 1916,
    "best_scifi_movie_multithesis.txt": 856,
    "p_vs_np.txt": 181,
    "greek_pilots_el.txt": 48,
    "children_need_father_v2.txt": 61,
    "license_to_procreate_v2.txt": 658,
}


def texts(m: argmap.ArgumentMap) -> dict[str, argmap.Node]:
    return {node.text: node for node in m.nodes() if node is not m}


# -- the older export --------------------------------------------------------------------------------


def test_v1_kinds_follow_pro_and_con_and_the_parent() -> None:
    m = import_file(FORMATS / "kialo_v1.txt").map
    assert m.title == "Should cities ban cars from their centres?"
    assert m.claim == "Cities should ban cars from their centres."
    by_text = texts(m)
    pollution = by_text["Cars in dense centres cause most of the local air pollution (NO2)."]
    electric = by_text["Electric cars do not emit NO2 at the tailpipe."]
    assert m.parent(pollution.id) is m and pollution.kind == "premise"
    assert m.parent(electric.id) is pollution and electric.kind == "objection"
    # Con under a Con is a rebuttal; Pro under a Con supports the objection.
    assert by_text["Brakes and tyres still shed particles."].kind == "rebuttal"
    sales = by_text["Electric cars are a growing share of new sales."]
    assert sales.kind == "premise" and m.parent(sales.id) is electric
    shops = by_text["Shops in the centre depend on customers who drive."]
    assert shops.kind == "objection" and m.parent(shops.id) is m


def test_v1_claim_text_runs_over_lines_and_keeps_its_numbered_list() -> None:
    m = import_file(FORMATS / "kialo_v1.txt").map
    footfall = next(n for n in m.nodes() if n.text.startswith("Studies of pedestrianised"))
    assert footfall.text == (
        "Studies of pedestrianised streets found footfall rose:\n1. footfall counts went up;\n"
        "2. vacancy rates fell.\nSee the [report](https://example.org/report_(2019)) for details."
    )
    assert footfall.kind == "rebuttal"  # Con under a Con


def test_v1_markdown_escapes_are_undone() -> None:
    m = import_file(FORMATS / "kialo_v1.txt").map
    assert "Cars in dense centres cause most of the local air pollution (NO2)." in texts(m)


def test_see_links_become_cross_links_and_other_discussions_notes() -> None:
    imported = import_file(FORMATS / "kialo_v1.txt")
    m = imported.map
    by_text = texts(m)
    vans = by_text["Delivery vans need access in the morning."]
    pollution = by_text["Cars in dense centres cause most of the local air pollution (NO2)."]
    brakes = by_text["Brakes and tyres still shed particles."]
    # "1.1.2. Pro: -> See 1.2.1." under 1.1: claim 1.2.1 also supports 1.1 (even though it comes later).
    assert vans.supports == [pollution.id]
    # "1.3. Con: -> See 1.1.1.1." under the thesis: 1.1.1.1 also attacks the central claim.
    assert brakes.attacks == [m.id]
    shops = by_text["Shops in the centre depend on customers who drive."]
    assert shops.note == "Con: -> See discussion #123: Cities should build more cycle lanes."
    report = imported.report
    assert (report.read, report.created) == (11, 8)
    assert report.kinds == {"claim": 1, "premise": 3, "objection": 2, "rebuttal": 2}
    assert not report.dropped
    assert any("2 '-> See' links became cross-links" in line for line in report.lines())


def test_multi_thesis_discussion_is_a_question_with_positions_and_a_colon_is_not_a_label() -> None:
    m = import_file(FORMATS / "kialo_multithesis.txt").map
    assert m.kind == "question" and m.question == "Which film is the best science fiction film?"
    theses = list(m.positions)
    assert [t.text for t in theses] == ["Solaris", "2001: A Space Odyssey"]
    assert all(t.kind == "position" and t.tags == [] for t in theses)
    assert "premises" not in m.to_data() and "claim" not in m.to_data()
    slow = texts(m)["It is very slow."]
    assert slow.kind == "objection" and slow.attacks == [texts(m)["Its effects still hold up."].id]


# -- the newer export ---------------------------------------------------------------------------------


def test_v2_labels_on_their_own_lines_footnotes_and_sources() -> None:
    m = import_file(FORMATS / "kialo_v2.txt").map
    assert m.title == "Should homework be abolished?" and m.claim == "Homework should be abolished."
    by_text = texts(m)
    gaps = by_text["Homework widens gaps between pupils [1] whose homes differ."]
    assert gaps.cite is not None and gaps.cite.source == "ref-1"
    # Markers at the very end only say where the point comes from: they become cites.
    clubs = by_text["Schools can run homework clubs"]
    assert [c.source for c in clubs.all_cites] == ["ref-2", "ref-3"]
    practice = by_text["Practice at home improves results [3].\n\nIt is also cheap."]
    assert practice.kind == "objection"
    assert m.sources["ref-2"].url == "https://example.org/clubs_(2020)"
    assert clubs.supports == [practice.id]
    assert by_text["Clubs reach few pupils."].kind == "rebuttal"


def test_crlf_line_endings_read_the_same() -> None:
    for name in ("kialo_v1.txt", "kialo_v2.txt", "kialo_multithesis.txt"):
        text = (FORMATS / name).read_text(encoding="utf-8")
        assert read_kialo(text.replace("\n", "\r\n")).map.to_data() == read_kialo(text).map.to_data()


@pytest.mark.parametrize("name", ["kialo_v1.txt", "kialo_v2.txt", "kialo_multithesis.txt"])
@pytest.mark.parametrize("variant", ["v1", "v2"])
def test_fixtures_round_trip_through_both_variants(name: str, variant: str) -> None:
    m = import_file(FORMATS / name).map
    exported = write_kialo(m, variant)
    again = read_kialo(exported.text).map
    expected = m.to_data()
    if variant == "v1" and m.sources:
        # The older variant has no sources: everything else comes back.
        assert {d.what for d in exported.dropped} == {"sources", "cites"}
        expected = without_sources(expected)
    assert again.to_data() == expected


def without_sources(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k not in ("sources", "cite", "cites")}
    for key in ("premises", "objections", "rebuttals"):
        if key in data:
            data[key] = [without_sources(child) for child in data[key]]
    return data


# -- writing a map of our own ------------------------------------------------------------------------

NATIVE = """\
argmap: 1
id: native
title: A native map
claim: Remote work is good for firms.
sources:
  survey: {title: A survey, url: https://example.org/survey}
  ref-7: {title: Footnote seven, url: https://example.org/seven}
premises:
  - id: hires
    text: Firms can hire from anywhere.
    by: A manager
    tags: [hiring]
    cite: {source: survey, at: p. 4}
    objections:
      - text: Time zones make meetings hard.
        rebuttals:
          - text: Asynchronous work needs fewer meetings [7].
            cite: {source: ref-7}
            attacks: [native]
objections:
  - text: Mentoring juniors is harder at a distance.
    supports: [hires]
  - text: A proposal to check.
    status: proposed
"""


def test_writing_labels_numbers_links_and_footnotes() -> None:
    m = argmap.loads(NATIVE)
    exported = write_kialo(m, "v2")
    text = exported.text
    assert text.startswith("Discussion Name:\nA native map\n\n1. Thesis:\nRemote work is good for firms.\n")
    assert "  1.1. Pro:\n  Firms can hire from anywhere. [1]\n" in text
    assert "    1.1.1. Con:\n    Time zones make meetings hard.\n" in text
    assert "      1.1.1.1. Con:\n      Asynchronous work needs fewer meetings [7].\n" in text
    # Cross-links become '-> See' entries under their target, after its own children.
    assert "  1.2. Con:\n  Mentoring juniors is harder at a distance.\n" in text
    assert "    1.1.2. Pro:\n    -> See 1.2.\n" in text
    assert "  1.3. Con:\n  -> See 1.1.1.1.\n" in text
    # A source keyed ref-N keeps its number; the others take the next free ones.
    assert text.endswith("Sources:\n[1] https://example.org/survey\n[7] https://example.org/seven\n")
    assert "A proposal to check." not in text
    assert {d.what for d in exported.dropped} >= {
        "'by' attributions",
        "tags",
        "proposed or rejected nodes, and what sits under each",
    }


def test_native_map_keeps_texts_and_relations_through_both_variants() -> None:
    m = argmap.loads(NATIVE)
    for variant in ("v1", "v2"):
        back = read_kialo(write_kialo(m, variant).text).map
        assert relations(back) == relations(m, accepted_only=True)


def relations(m: argmap.ArgumentMap, accepted_only: bool = False) -> set[tuple[str, str, str]]:
    statuses = {"accepted"} if accepted_only else None
    kept = {n.id for n in m.nodes(statuses)}
    text = {n.id: n.text for n in m.nodes()}
    out = {
        (e.node.text, "support" if e.relation == "premises" else "attack", e.parent.text)
        for e in m.walk(statuses)
        if e.parent is not None
    }
    out |= {
        (text[s], "support" if link == "supports" else "attack", text[t])
        for s, link, t in m.cross_links()
        if s in kept and t in kept
    }
    return out


def test_include_proposed() -> None:
    m = argmap.loads(NATIVE)
    assert "A proposal to check." in export_map(m, "kialo", include_proposed=True).text


def test_v1_writing_escapes_what_reading_unescapes() -> None:
    m = argmap.loads("argmap: 1\nid: m\nclaim: C\n")
    tricky = [
        "Brackets [x] and (y) and <z> and a back\\slash.",
        "A [link](https://example.org/a_(b)) stays a link.",
        "-> See 1.1. is text here, not a link",
        "Two lines\n1.2. that look like a claim number",
    ]
    for t in tricky:
        m.add("m", t, kind="premise")
    back = read_kialo(write_kialo(m, "v1").text).map
    assert [n.text for n in back.premises] == tricky


# -- errors ---------------------------------------------------------------------------------------------


def test_not_a_kialo_export_is_one_located_error() -> None:
    with pytest.raises(MapError) as info:
        read_kialo("Hello\n1. Thesis\n", "x.txt")
    assert str(info.value) == (
        "x.txt:1:1: not a Kialo export: the first line should start with 'Discussion Title:' or 'Discussion Name:'"
    )


def test_no_thesis_is_an_error() -> None:
    with pytest.raises(MapError) as info:
        read_kialo("Discussion Title: T\n\nJust prose.\n", "x.txt")
    assert "x.txt:2:1: no thesis found" in str(info.value)


def test_empty_file_is_an_error() -> None:
    with pytest.raises(MapError, match="empty"):
        import_text("", "kialo", "empty.txt")


# -- the shared corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS_CLAIMS))
def test_corpus_discussions_import_every_claim(corpus: Path, name: str) -> None:
    imported = import_file(corpus / "kialo" / name)
    report = imported.report
    assert report.read == CORPUS_CLAIMS[name]
    assert report.format == "Kialo"
    m = imported.map
    # Every claim is a node, a cross-link, a note, or reported as dropped.
    links = sum(1 for _ in m.cross_links())
    notes = sum(len((n.note or "").splitlines()) for n in m.nodes())
    dropped = sum(d.count for d in report.dropped)
    assert report.created + links + notes + dropped == report.read
    # What is written is a valid map that reads back the same.
    assert argmap.loads(imported.yaml()).to_data() == m.to_data()


@pytest.mark.parametrize("name", sorted(CORPUS_CLAIMS))
def test_corpus_discussions_round_trip(corpus: Path, name: str) -> None:
    m = import_file(corpus / "kialo" / name).map
    for variant in ("v1", "v2"):
        expected = without_sources(m.to_data()) if variant == "v1" else m.to_data()
        assert read_kialo(write_kialo(m, variant).text).map.to_data() == expected


def test_corpus_multi_thesis_discussion(corpus: Path) -> None:
    m = import_file(corpus / "kialo" / "best_scifi_movie_multithesis.txt").map
    theses = list(m.positions)
    assert m.kind == "question" and len(theses) == 131 and not m.premises
    assert {"2001: A Space Odyssey", "Tron: Legacy"} <= {t.text for t in theses}
