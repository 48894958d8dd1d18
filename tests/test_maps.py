"""The maps in maps/: valid, fully attributed and sourced, quoting their sources verbatim,
covering every critique, opposing view and fact check of the primary source, and following
the modelling rules of docs/maps.md (no invented replies, motive is not refutation,
self-contained texts), with the verdicts that docs/maps.md records."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import ArgumentMap, evaluate, load
from argmap.cli import app
from argmap.model import Node
from argmap.sources import check_quotes, normalize

from .conftest import ROOT, SEEDS

MAP_FILES = sorted((ROOT / "maps").glob("*.yaml"))
MAPS = {path.stem: load(path) for path in MAP_FILES}
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/argmap.schema.json"

#: Everyone a node may be attributed to: the guest, the host, the write-ups, and the
#: people the editorial quotes. A typo or an invented name fails the test.
SPEAKERS = {
    "Ilya Sutskever",
    "Dwarkesh Patel",
    "the editorial",
    "the video analysis",
    "the podcast notes",
    "Geoffrey Hinton",
    "Dario Amodei",
    "Demis Hassabis",
    "Yann LeCun",
    "Zvi Mowshowitz",
    "Yarrow Bouchard (EA Forum)",
}


def nodes(argmap: ArgumentMap):
    return list(argmap.nodes())


def all_nodes():
    return [(map_id, node) for map_id, argmap in MAPS.items() for node in argmap.nodes()]


def cited(tag: str, at: str):
    """(map id, node, normalised quotes at ``at``) for every node tagged ``tag``."""
    for map_id, node in all_nodes():
        if tag in node.tags:
            quotes = [normalize(c.quote) for c in node.all_cites if c.at == at and c.quote]
            yield map_id, node, quotes


def test_there_are_at_least_eight_maps_one_per_central_claim() -> None:
    assert len(MAPS) >= 8
    claims = [argmap.claim for argmap in MAPS.values()]
    assert len(set(claims)) == len(claims)
    for path in MAP_FILES:
        assert MAPS[path.stem].id == path.stem, "a map's file is named after its id"


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.stem)
def test_map_starts_with_the_schema_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_node_has_an_id_an_author_and_a_located_cite(map_id: str) -> None:
    argmap = MAPS[map_id]
    assert argmap.by == "Ilya Sutskever", "each central claim is Ilya's, as he puts it"
    for node in nodes(argmap):
        if isinstance(node, Node):
            assert not node.derived_id, f"{node.id}: give every node an explicit id"
        assert node.by in SPEAKERS, f"{node.id}: unknown speaker {node.by!r}"
        assert node.all_cites, f"{node.id}: no cite"
        for cite in node.all_cites:
            assert cite.at, f"{node.id}: a cite needs a locator (chapter, section or timestamp)"
        assert any(c.quote for c in node.all_cites), f"{node.id}: no quotation"


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_every_map_gives_the_reasons_for_its_claim(map_id: str) -> None:
    # No depth and no objections are required: a map goes only as far as the sources do,
    # and a claim nobody in the sources attacks has no objections.
    assert any(node.kind == "premise" for node in MAPS[map_id].premises)


# -- the modelling rules of docs/maps.md --------------------------------------------------------------

#: Weight of a criticism of motive or bias (docs/maps.md, "Motive is not refutation").
MOTIVE_WEIGHT = 0.3
MOTIVE = {"narrative-serves-ssi", "fundraising-narrative", "former-employer", "commercial-pressure"}


def test_criticisms_of_motive_are_marked_as_such() -> None:
    motive = {node.id for _, node in all_nodes() if "motive" in node.tags}
    assert motive >= MOTIVE
    # The editorial's Guest's Position is all about motive: each of its objections is one.
    for _, node in all_nodes():
        if "guest-position" in node.tags and node.kind == "objection":
            assert "motive" in node.tags, node.id


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_a_motive_attacks_the_arguers_judgment_not_a_fact(map_id: str) -> None:
    argmap = MAPS[map_id]
    for node in argmap.nodes():
        if "motive" not in node.tags:
            continue
        assert node.kind == "objection" and not node.attacks, f"{node.id}: attacks only the node it sits under"
        assert node.weight == MOTIVE_WEIGHT, f"{node.id}: a motive weighs {MOTIVE_WEIGHT}"
        target = argmap.parent(node.id)
        assert target is not None and target.by == "Ilya Sutskever", f"{node.id}: must attack Ilya's own judgment"
        assert "fact-check" not in target.tags and target.kind != "objection"


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_facts_the_editorial_checked_stand(map_id: str) -> None:
    result = evaluate(MAPS[map_id])
    for node in MAPS[map_id].nodes():
        if "fact-check" in node.tags:
            assert result.nodes[node.id].label == "in", f"{node.id}: a checked fact is knocked out"


def test_every_cross_link_says_why_in_a_note() -> None:
    # A link the sources do not draw is the map's own reading; the note says whose it is.
    for argmap in MAPS.values():
        for source, _, _ in argmap.cross_links():
            assert argmap[source].note, f"{source}: a cross-link needs a note"


#: Words that make a text lean on the node above it ("It is...", "This rests on...").
LEANING = {
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "they",
    "their",
    "he",
    "his",
    "she",
    "her",
    "such",
    "either",
    "both",
    "the",
}
LEANING_PHRASES = (
    "the claim",
    "the analogy",
    "the two ",
    "the case ",
    "the shift ",
    "the lag ",
    "the race ",
    "the sameness",
    "the secrecy ",
)


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_node_texts_read_alone(map_id: str) -> None:
    # Texts are shown alone by --focus, in exports and in critique prompts.
    for node in MAPS[map_id].nodes():
        if not isinstance(node, Node):
            continue
        text = node.text.strip("\"' ").lower()
        leans = text.split()[0] in LEANING - {"the", "that"} or text.startswith(LEANING_PHRASES)
        assert not leans, f"{node.id}: {node.text!r} leans on its parent"
        assert "this map" not in text, node.id


def test_sources_are_declared_fully_and_the_same_way_everywhere() -> None:
    seen: dict[str, object] = {}
    for map_id, argmap in MAPS.items():
        used = {c.source for node in argmap.nodes() for c in node.all_cites}
        assert set(argmap.sources) == used, f"{map_id}: declare exactly the sources it cites"
        for key, source in argmap.sources.items():
            assert source.title and source.url and source.date and source.file, f"{map_id}: {key}"
            assert source.url.startswith("https://")
            assert seen.setdefault(key, source) == source, f"{map_id}: source {key!r} differs from other maps"
    assert set(seen) == {"editorial", "analysis", "notes", "summary"}


#: Hyphenated words in notes that are ordinary words, not the id of a map or node.
ORDINARY_WORDS = {
    "pre-training",
    "post-training",
    "souped-up",
    "self-improvement",
    "deployment-led",
    "human-like",
    "brain-damage",
    "follow-up",
    "non-overlapping",
    "high-level",
    "straight-shot",
}


def test_notes_that_point_elsewhere_name_real_maps_or_nodes() -> None:
    slug = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w-])")
    pointers = 0
    for map_id, argmap in MAPS.items():
        for node in argmap.nodes():
            for target in slug.findall(node.note or ""):
                if target not in ORDINARY_WORDS:
                    pointers += 1
                    assert target in MAPS or target in argmap, f"{map_id}/{node.id}: note names {target!r}"
    assert pointers >= 10


def test_cross_links_stay_within_their_map_and_are_used() -> None:
    linked = [link for argmap in MAPS.values() for link in argmap.cross_links()]
    assert len(linked) >= 2
    for argmap in MAPS.values():
        for _source, _, target in argmap.cross_links():
            assert target in argmap


def test_ids_are_unique_across_maps() -> None:
    ids = [node.id for _, node in all_nodes()]
    assert len(ids) == len(set(ids)), "unique ids let reviews and critiques refer to a node without its map"


# -- coverage of the primary source ----------------------------------------------------------------

SELECTIVITY = [
    "dichotomy is overly clean",
    "survivorship bias",
    "is an unfalsifiable claim",
    "overlooks cognitive biases",
]
OPPOSING_VIEWS = ["Geoffrey Hinton", "Dario Amodei", "Yann LeCun", "Zvi Mowshowitz", "Yarrow Bouchard (EA Forum)"]
FACT_CHECK = [
    "SSI raised approximately $3 billion",
    "Daniel Gross left SSI due to Meta acquisition offer",
    "Eval performance disconnected from real-world utility",
    "Loss of emotions causes decision paralysis",
    "From Age of Scaling to Age of Research",
    "Superintelligence arriving in 5-25 years",
]
GUEST_POSITION = [
    "directly serves SSI's commercial positioning",
    "also a fundraising narrative",
    "complex emotions toward his former employer",
]


@pytest.mark.parametrize("phrase", SELECTIVITY)
def test_every_selectivity_critique_is_on_a_map(phrase: str) -> None:
    hits = [
        (m, n)
        for m, n, quotes in cited("selectivity", "Selectivity in Arguments")
        if any(normalize(phrase) in q for q in quotes)
    ]
    assert hits, phrase
    assert all(n.by == "the editorial" and n.kind == "objection" for _, n in hits)


@pytest.mark.parametrize("person", OPPOSING_VIEWS)
def test_every_opposing_view_is_on_a_map_attributed_to_its_author(person: str) -> None:
    hits = [n for _, n, quotes in cited("opposing-views", "Opposing Views") if quotes and n.by == person]
    assert hits, person


def test_opposing_views_that_disagree_attack_and_lecun_partly_agrees() -> None:
    for map_id, node, _ in cited("opposing-views", "Opposing Views"):
        argmap = MAPS[map_id]
        polarity = [p.kind for p in argmap.path(node.id)[1:]].count("objection") % 2
        if node.by == "Yann LeCun" and map_id != "care-for-sentient-life":
            assert polarity == 0, f"{node.id}: LeCun partly agrees with Ilya here"
        else:
            assert polarity == 1 or node.supports, f"{node.id} should argue against the central claim"


@pytest.mark.parametrize("row", FACT_CHECK)
def test_every_fact_check_verdict_is_on_a_map(row: str) -> None:
    hits = [n for _, n, quotes in cited("fact-check", "Fact Check") if normalize(row) in quotes]
    assert len(hits) == 1, row
    verdicts = [c.quote for c in hits[0].all_cites if c.at == "Fact Check" and c.quote != row]
    assert any(v.split()[0] in {"Accurate", "Partially", "Range"} for v in verdicts), "quote the verdict too"


@pytest.mark.parametrize("phrase", GUEST_POSITION)
def test_every_point_of_guests_position_is_on_a_map(phrase: str) -> None:
    assert any(
        normalize(phrase) in q for _, _, quotes in cited("guest-position", "Guest's Position") for q in quotes
    ), phrase


@pytest.mark.parametrize("number", [1, 2, 3])
def test_every_key_takeaway_is_on_a_map(number: int) -> None:
    assert list(cited("key-takeaways", f"Key Takeaways {number}")), number


def test_every_seed_is_cited() -> None:
    used = {c.source for _, node in all_nodes() for c in node.all_cites}
    assert used == {"editorial", "analysis", "notes", "summary"}


# -- quotations ---------------------------------------------------------------------------------------


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the source documents of the maps are not available here")
    return SEEDS


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.stem)
def test_every_quote_is_verbatim_in_its_source(path: Path, seeds: Path) -> None:
    report = check_quotes(path, seeds)
    assert [str(p) for p in report.problems] == []
    assert report.unchecked == 0
    assert report.found == len(report.quotes) > 0


def test_sources_check_command_passes_on_all_maps(seeds: Path) -> None:
    result = CliRunner().invoke(app, ["sources", "check", str(ROOT / "maps"), "--sources", str(seeds)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_every_map_has_its_picture() -> None:
    pictures = {path.stem: path for path in (ROOT / "docs" / "maps").glob("*.svg")}
    assert set(pictures) == set(MAPS), "run: python docs/maps/render.py"
    for map_id, picture in pictures.items():
        title = html.escape(MAPS[map_id].display_title, quote=False)
        assert f"<title>{title}</title>" in picture.read_text(encoding="utf-8"), f"{map_id}: re-render"


def test_validate_command_passes_on_all_maps() -> None:
    result = CliRunner().invoke(app, ["validate", str(ROOT / "maps")])
    assert result.exit_code == 0, result.output


def test_docs_record_the_verdict_of_every_map() -> None:
    from argmap.explain import explain

    # docs/maps.md says, per map, what evaluate concludes; it must stay true.
    text = (ROOT / "docs" / "maps.md").read_text(encoding="utf-8")
    rows = {
        m: (label, strength, flips)
        for m, label, strength, flips in re.findall(
            r"^\| `([a-z0-9-]+)` \| (in|out|undec) \| ([0-9.]+) \| ([^|]*) \|", text, re.M
        )
    }
    assert set(rows) == set(MAPS)
    for map_id, argmap in MAPS.items():
        result = evaluate(argmap)
        verdict = result.verdict
        flips = [sorted(re.findall(r"`([a-z0-9-]+)`", group)) for group in rows[map_id][2].split(";")]
        expected = [sorted(found) for found in explain(result, flip_size=4).flips]
        assert rows[map_id][:2] == (verdict.label, f"{verdict.strength:.2f}"), f"{map_id}: update docs/maps.md"
        assert sorted(f for f in flips if f) == sorted(expected), f"{map_id}: update the flip sets in docs/maps.md"
