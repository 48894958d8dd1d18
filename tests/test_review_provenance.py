"""Review that tells the truth: weight, author and source on accept, who decided and when,
duplicates that become links, undo, and stats, evaluate and pictures that say how much of a
verdict rests on accepted LLM proposals. Proposals come from the local fake server over HTTP."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import argmap
from argmap.critique.review import review
from argmap.provenance import verdict_basis

from .conftest import ROOT
from .critique_server import FakeLLM, Reply
from .helpers import MODEL, Script, run

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("litellm") is None, reason="LiteLLM (the llm extra) is not installed"
)

MAP = """\
argmap: 1
id: scaling
title: Scaling
sources:
  talk: {title: A talk}
claim: The age of scaling is over.
cite: {source: talk, at: "1:00"}
premises:
  - id: data-runs-out
    text: Pre-training will run out of data.
    by: Speaker
    cite: {source: talk, at: "12:00"}
objections:
  - id: efficiency-gains
    text: Labs now gain more from better methods than from more compute.
    by: Critic
    cite: {source: talk, at: "20:00"}
    rebuttals:
      - id: methods-need-compute
        text: Better methods still need far more compute to find.
        by: Speaker
        cite: {source: talk, at: "21:00"}
"""

ANSWERS = {
    "The age of scaling is over.": [
        {
            "text": "Each new model generation has still improved with scale.",
            "rationale": "Trend.",
            "scheme": "example to generalisation",
            "attack": "rebut",
            "suggested_weight": 0.8,
        },
    ],
    "Pre-training will run out of data.": [
        {"text": "Synthetic data can stand in for scarce human text.", "rationale": "Generation."},
        {"text": "Labs gain more from better methods than from more compute, now.", "rationale": "Same."},
    ],
}


def respond(request):
    items = ANSWERS.get(request.target_text, [])
    return Reply(json.dumps({"objections": items}))


@pytest.fixture
def map_file(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.setenv("ARGMAP_REVIEWER", "Reviewer One")
    path = tmp_path / "scaling.yaml"
    path.write_text(MAP, encoding="utf-8")
    with FakeLLM(respond) as server:
        result = run(
            "critique",
            str(path),
            "--model",
            MODEL,
            "--api-base",
            server.base,
            "--node",
            "scaling",
            "--node",
            "data-runs-out",
        )
    assert result.exit_code == 0, result.output
    return path


NEW = "each-new-model-generation-has-still"
LINKY = "labs-gain-more-from-better-methods-than"
SYNTH = "synthetic-data-can-stand-in-for-scarce"


def test_accept_sets_weight_author_citation_and_keeps_provenance(map_file):
    result = run(
        "review",
        str(map_file),
        "--accept",
        NEW,
        "--weight",
        "0.7",
        "--by",
        "Critic",
        "--cite",
        "talk@30:00",
        "--as",
        "Analyst A",
    )
    assert result.exit_code == 0, result.output
    node = argmap.load(map_file)[NEW]
    assert node.status is None and node.weight == 0.7 and node.by == "Critic"
    assert (node.cite.source, node.cite.at) == ("talk", "30:00")
    assert node.proposal.model == MODEL and node.proposal.decided_by == "Analyst A"
    assert str(node.proposal.decided).endswith("Z") and node.proposal.suggested_weight == 0.8
    bad = run("review", str(map_file), "--accept", SYNTH, "--cite", "nowhere")
    assert bad.exit_code == 2 and "no source 'nowhere' in the map (sources: talk)" in bad.stderr
    alone = run("review", str(map_file), "--weight", "0.3")
    assert alone.exit_code == 2 and "go with --accept ID" in alone.stderr
    alone = run("review", str(map_file), "--duplicate-of", "efficiency-gains")
    assert alone.exit_code == 2 and "--duplicate-of goes with --reject ID" in alone.stderr


def test_reviewer_defaults_to_the_environment(map_file):
    assert run("review", str(map_file), "--accept", SYNTH).exit_code == 0
    assert argmap.load(map_file)[SYNTH].proposal.decided_by == "Reviewer One"


def test_a_duplicate_becomes_a_link_and_undo_takes_it_back(map_file):
    listing = " ".join(run("review", str(map_file), "--list").stdout.split())
    assert f"repeats efficiency-gains: link instead? (--reject {LINKY} --duplicate-of efficiency-gains)" in listing
    result = run("review", str(map_file), "--reject", LINKY, "--duplicate-of", "efficiency-gains")
    assert result.exit_code == 0, result.output
    assert "efficiency-gains now attacks its target" in result.stdout
    m = argmap.load(map_file)
    assert m[LINKY].status == "rejected" and m[LINKY].proposal.reason == "duplicate"
    assert m[LINKY].proposal.duplicate_of == "efficiency-gains"
    assert m["efficiency-gains"].attacks == ["data-runs-out"]  # the point now counts against the target
    assert argmap.evaluate(m).nodes["data-runs-out"].attackers == ("efficiency-gains",)
    undone = run("review", str(map_file), "--undo")
    assert undone.exit_code == 0 and f"undone: reject of {LINKY}" in undone.stdout
    m = argmap.load(map_file)
    assert m[LINKY].status == "proposed" and m[LINKY].proposal.reason is None
    assert m[LINKY].proposal.duplicate_of is None and m[LINKY].proposal.decided is None
    assert m["efficiency-gains"].attacks == []


def test_a_duplicate_of_a_node_elsewhere_links_it_to_the_target(map_file):
    result = run("review", str(map_file), "--reject", SYNTH, "--duplicate-of", "methods-need-compute")
    assert result.exit_code == 0, result.output
    m = argmap.load(map_file)
    assert m["methods-need-compute"].attacks == ["data-runs-out"]
    assert run("review", str(map_file), "--undo").exit_code == 0
    assert argmap.load(map_file)["methods-need-compute"].attacks == []


def test_undo_of_an_edited_accept_restores_the_proposal(map_file):
    from argmap.critique.review import decide

    decide(map_file, NEW, "accept", text="Every model generation so far improved with scale.", weight=0.9)
    m = argmap.load(map_file)
    edited = next(n for n in m.nodes() if n.text.startswith("Every model"))
    assert edited.weight == 0.9
    assert run("review", str(map_file), "--undo").exit_code == 0
    node = argmap.load(map_file)[NEW]
    assert node.status == "proposed" and node.text == "Each new model generation has still improved with scale."
    assert node.weight == 0.5 and node.proposal.original_text is None


def test_stats_evaluate_and_pictures_say_what_rests_on_llm_proposals(map_file, tmp_path):
    before = json.loads(run("stats", str(map_file), "--json").stdout)[0]
    assert before["from_llm"] == 0
    assert run("review", str(map_file), "--accept", NEW, "--accept", SYNTH).exit_code == 0
    stats = json.loads(run("stats", str(map_file), "--json").stdout)[0]
    assert stats["from_llm"] == 2 and stats["llm_share"] == pytest.approx(2 / 6, abs=1e-3)
    assert stats["sourced"] == 4  # accepted without a source: the share cited falls, visibly
    assert "from LLM" in run("stats", str(map_file)).stdout
    m = argmap.load(map_file)
    basis = verdict_basis(m)
    assert basis.from_llm == {MODEL: 2}
    assert basis.verdict[0] == "out" and basis.deciding == [NEW]
    assert basis.deciding_from_llm == {MODEL: [NEW]}
    assert basis.without is not None and basis.without[0] == "in"
    out = run("evaluate", str(map_file)).stdout
    flat = " ".join(out.split())
    assert f"2 of the 6 evaluated nodes were proposed by an LLM and accepted (2 by {MODEL})" in flat
    assert f"The one attack on the central claim that stands was proposed by {MODEL}: {NEW}." in flat
    assert "Without them the central claim would be in 0.62 (now out 0.31)." in flat
    svg = tmp_path / "m.svg"
    assert run("render", str(map_file), "-o", str(svg), "--layout", "tree").exit_code == 0
    text = svg.read_text()
    assert text.count("OBJECTION \u00b7 LLM") == 2
    assert f"Proposed by {MODEL}; accepted by Reviewer One on" in text
    assert "written by an LLM, accepted by a person" in text  # the legend explains the tag
    for layout in ("dot", "tree"):
        plain = tmp_path / f"plain-{layout}.svg"
        assert (
            run(
                "render",
                str(ROOT / "maps" / "no-fast-takeoff.yaml"),
                "-o",
                str(plain),
                "--layout",
                layout,
                "--engine",
                "embedded",
            ).exit_code
            == 0
        )
        assert "accepted by a person" not in plain.read_text()  # only where such nodes are drawn


def test_interactive_review_shows_context_and_offers_weight_link_and_undo(map_file):
    # Document order: the two proposals against the premise, then the one against the claim.
    # Skip the first; mark the second a duplicate (the suggested id is the default), undo that,
    # and skip it when it comes back; accept the third with weight, author and source.
    script = Script("s" + "d" + "u" + "s" + "w", lines=["", "0.8", "Critic", "talk@9:00"])
    summary = review(map_file, script, reviewer="Analyst B")
    assert (summary.accepted, summary.linked, summary.undone, summary.skipped) == (1, 1, 1, 2)
    out = script.output
    assert "existing objection: Labs now gain more from better methods than from more compute." in out
    assert "sibling objection: Labs now gain more" in out  # the target's siblings are shown
    assert "existing rebuttal" not in out
    assert "This repeats efficiency-gains: link instead?" in out
    assert "Suggested weight: 0.8" in out
    assert "Attack: rebut" in out
    assert "undone: reject of" in out
    m = argmap.load(map_file)
    node = m[NEW]
    assert node.weight == 0.8 and node.by == "Critic" and node.cite.at == "9:00"
    assert node.proposal.decided_by == "Analyst B"
    assert m[LINKY].status == "proposed"


def test_verdict_basis_lines_count_several_deciding_attacks():
    from argmap.provenance import VerdictBasis

    basis = VerdictBasis(
        evaluated=10,
        from_llm={MODEL: 3},
        deciding=["a", "b", "c"],
        deciding_from_llm={MODEL: ["a", "b"]},
        verdict=("out", 0.2),
        without=("in", 0.7),
    )
    assert basis.lines() == [
        f"3 of the 10 evaluated nodes were proposed by an LLM and accepted (3 by {MODEL}).",
        f"2 of the 3 attacks on the central claim that stand were proposed by {MODEL}: a, b.",
        "Without them the central claim would be in 0.70 (now out 0.20).",
    ]
    assert VerdictBasis(evaluated=4).lines() == []
