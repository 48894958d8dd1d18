"""Extension semantics, gradual semantics and what decides a verdict, on hand-worked maps.

Every expected value is worked out by hand in the comments; docs/evaluation.md shows
the same working.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap import evaluate, evaluate_graph
from argmap.evaluation import evaluation_document
from argmap.evaluation_text import acceptance_line, flip_lines, verdict_line
from argmap.explain import explain, impact_targets, node_explanations
from argmap.semantics import TooManyExtensions, acceptance
from tests.test_evaluate import CHAIN, EVEN_CYCLE, ODD_CYCLE

ROOT = Path(__file__).resolve().parent.parent

FREE_BUSES = """\
argmap: 1
id: free-buses
claim: The city should make its buses free to ride.
premises:
  - id: ridership
    text: Free fares bring more people onto the buses.
    weight: 0.7
objections:
  - id: revenue
    text: The city would lose its fare revenue.
    rebuttals:
      - id: small-share
        text: Fares cover only a small share of what the buses cost to run.
"""

ONE_STANDING = """\
argmap: 1
id: c
claim: C.
objections:
  - id: a
    text: A, answered.
    rebuttals:
      - id: r
        text: R answers A.
  - id: b
    text: B, unanswered.
    weight: 0.4
"""

TWO_STANDING = """\
argmap: 1
id: c
claim: C.
objections:
  - id: o1
    text: O1.
  - id: o2
    text: O2.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True, text=True, timeout=120)


# -- extension semantics ----------------------------------------------------------------------------


def test_even_cycle_under_each_semantics() -> None:
    # a and b attack each other and the claim. Complete labellings: all undec; a in (b, C out);
    # b in (a, C out). Grounded takes the least, {}; preferred the maximal, {a} and {b}; both are stable.
    the_map = argmap.loads(EVEN_CYCLE)
    expected = {
        "grounded": ((),),
        "complete": ((), ("a",), ("b",)),
        "preferred": (("a",), ("b",)),
        "stable": (("a",), ("b",)),
    }
    for semantics, extensions in expected.items():
        result = evaluate(the_map, semantics=semantics)
        assert result.extensions == extensions, semantics
        assert result.acceptance == semantics
        # a is in some extension (credulous) except under grounded, in every one never; C in none.
        assert result.credulous == (frozenset() if semantics == "grounded" else {"a", "b"})
        assert result.skeptical == frozenset()
        assert result.verdict.label == "undec"  # the label stays the grounded one


def test_odd_cycle_has_no_stable_extension_and_an_empty_preferred_one() -> None:
    # a -> c -> b -> a: the only complete labelling leaves all three undec; it has an undec node, so
    # it is not stable, and there is no other: stable has no extension at all.
    the_map = argmap.loads(ODD_CYCLE)
    assert evaluate(the_map, semantics="preferred").extensions == ((),)
    stable = evaluate(the_map, semantics="stable")
    assert stable.extensions == () and stable.credulous == stable.skeptical == frozenset()
    data = stable.as_dict()
    assert data["extensions"] == [] and data["semantics"]["acceptance"] == "stable"
    assert evaluate(the_map, semantics="preferred").as_dict()["extensions"] == [[]]
    assert acceptance_line(stable) == "Under stable semantics the map has no extension, so no node is accepted."


def test_without_cycles_every_semantics_is_grounded() -> None:
    # Reinstatement: small-share in, revenue out, claim and ridership in, whatever the semantics.
    the_map = argmap.loads(FREE_BUSES)
    for semantics in ("grounded", "complete", "preferred", "stable"):
        result = evaluate(the_map, semantics=semantics)
        assert result.extensions == (("free-buses", "ridership", "small-share"),)
        assert result.skeptical == result.credulous == {"free-buses", "ridership", "small-share"}


def test_independent_cycles_multiply_and_decided_nodes_join_every_extension() -> None:
    # Two separate even cycles, x<->y and p<->q, and an unattacked z: 2 x 2 preferred extensions, each with z.
    result = evaluate_graph(
        {"x": 0.5, "y": 0.5, "p": 0.5, "q": 0.5, "z": 0.5},
        attacks=[("x", "y"), ("y", "x"), ("p", "q"), ("q", "p")],
        semantics="preferred",
    )
    assert result.extensions == (("p", "x", "z"), ("p", "y", "z"), ("q", "x", "z"), ("q", "y", "z")) or sorted(
        map(sorted, result.extensions)
    ) == [["p", "x", "z"], ["p", "y", "z"], ["q", "x", "z"], ["q", "y", "z"]]
    assert result.skeptical == {"z"} and result.credulous == {"x", "y", "p", "q", "z"}


def test_too_many_extensions_are_counted_and_the_first_listed() -> None:
    # 14 separate even cycles: 2^14 = 16,384 preferred extensions, more than the 100 listed.
    # Acceptance needs no list: every node is in some extension, none in all.
    attackers: list[list[int]] = []
    for k in range(14):
        attackers += [[2 * k + 1], [2 * k]]
    result = acceptance(attackers, "preferred")
    assert result.count == 16_384 and len(result.extensions) == 100
    assert all(result.credulous) and not any(result.skeptical)
    assert len(acceptance(attackers, "preferred", max_extensions=20_000).extensions) == 16_384
    text = "argmap: 1\nid: c\nclaim: C.\nobjections:\n" + "".join(
        f"  - id: a{k}\n    text: A{k}.\n    attacks: [b{k}]\n  - id: b{k}\n    text: B{k}.\n    attacks: [a{k}]\n"
        for k in range(14)
    )
    evaluation = evaluate(argmap.loads(text), semantics="stable")
    assert evaluation.extension_count == 16_384 and evaluation.as_dict()["semantics"]["extension_count"] == 16_384
    assert acceptance_line(evaluation) == (
        "Under stable semantics the map has 16,384 extensions (the first 100 "
        "are listed in --json); the central claim is not accepted (in no "
        "extension)."
    )


def test_a_search_too_large_is_a_clear_error() -> None:
    with pytest.raises(TooManyExtensions, match="too tangled"):
        acceptance([[1], [0], [3], [2]], "preferred", max_steps=3)


def test_unknown_semantics_names_the_choices() -> None:
    with pytest.raises(ValueError, match="grounded, complete, preferred, stable"):
        evaluate(argmap.loads(CHAIN), semantics="ideal")
    with pytest.raises(ValueError, match="dfquad, qe, euler"):
        evaluate(argmap.loads(CHAIN), gradual="hcat")


# -- gradual semantics --------------------------------------------------------------------------------


def test_quadratic_energy_on_the_free_buses_map() -> None:
    # small-share: no attackers, so 0.5. revenue: energy -0.5, share 0.25/1.25 = 0.2, 0.5 - 0.5*0.2 = 0.4.
    # claim: energy 0.7 - 0.4 = 0.3, share 0.09/1.09 = 9/109; 0.5 + 0.5*9/109 = 59/109.
    result = evaluate(argmap.loads(FREE_BUSES), gradual="qe")
    assert result.nodes["small-share"].strength == pytest.approx(0.5)
    assert result.nodes["revenue"].strength == pytest.approx(0.4)
    assert result.verdict.strength == pytest.approx(59 / 109)
    assert (result.verdict.attack, result.verdict.support) == (pytest.approx(0.4), pytest.approx(0.7))
    assert result.semantics["strength"] == "quadratic-energy"


def test_euler_based_on_the_free_buses_map() -> None:
    # s(w, E) = 1 - (1 - w^2) / (1 + w e^E). small-share: E = 0, so 1 - 0.75/1.5 = 0.5 (= its weight).
    # revenue: E = -0.5. claim: E = 0.7 - revenue.
    def s(w: float, energy: float) -> float:
        return 1 - (1 - w * w) / (1 + w * math.exp(energy))

    result = evaluate(argmap.loads(FREE_BUSES), gradual="euler")
    revenue = s(0.5, -0.5)
    assert revenue == pytest.approx(0.424522, abs=1e-6)
    assert result.nodes["revenue"].strength == pytest.approx(revenue)
    assert result.verdict.strength == pytest.approx(s(0.5, 0.7 - revenue))
    assert result.verdict.strength == pytest.approx(0.547806, abs=1e-6)
    assert result.semantics["strength"] == "euler-based"


def test_quadratic_energy_even_cycle_settles_on_the_fixpoint() -> None:
    # a = b by symmetry, and a = 0.5 - 0.5 * a^2/(1 + a^2): the root of a^3 + 2a^2 + a... solved numerically.
    result = evaluate(argmap.loads(EVEN_CYCLE), gradual="qe")
    a = result.nodes["a"].strength
    assert result.converged and a == pytest.approx(result.nodes["b"].strength)
    assert a == pytest.approx(0.5 - 0.5 * a * a / (1 + a * a), abs=1e-8)


def test_a_node_with_no_attackers_or_supporters_keeps_its_weight_under_every_scheme() -> None:
    for gradual in ("dfquad", "qe", "euler"):
        result = evaluate_graph({"a": 0.3}, gradual=gradual)
        assert result.nodes["a"].strength == pytest.approx(0.3), gradual


# -- impact and flips ---------------------------------------------------------------------------------


def test_chain_impact_and_flips() -> None:
    # Strengths (weights 0.5): o2 0.5, r1 0.25, o1 0.375, C 0.3125; C is out (o1 stands).
    # Without o1 (and all under it) C keeps its weight 0.5: impact 0.3125 - 0.5 = -0.1875.
    # Without r1 (and o2): o1 = 0.5, C = 0.25: impact +0.0625.
    # Without o2: r1 = 0.5, o1 = 0.25, C = 0.375: impact -0.0625.
    # Labels: without o1, C has no attacker: in. Without r1, o1 is unattacked: C still out.
    # Without o2, r1 is in, o1 out, C in. So {o1} and {o2} flip it; no pair is minimal.
    result = explain(evaluate(argmap.loads(CHAIN)))
    assert result.impact == {"o1": pytest.approx(-0.1875), "r1": pytest.approx(0.0625), "o2": pytest.approx(-0.0625)}
    assert result.flips == (("o1",), ("o2",)) and result.outcomes == ("in", "in")
    assert result.deciding == {"o1", "o2"} and result.complete


def test_reinstatement_impact_and_flips() -> None:
    # C = 0.725 (see test_evaluate). Without ridership: attack 0.25, no support, 0.5 - 0.125 = 0.375,
    # impact +0.35. Without revenue: support 0.7 only, 0.5 + 0.35 = 0.85, impact -0.125.
    # Without small-share: revenue 0.5, C = 0.5 + 0.5*(0.7 - 0.5) = 0.6, impact +0.125.
    # Labels: only removing small-share changes C's label (revenue stands, C falls).
    result = explain(evaluate(argmap.loads(FREE_BUSES)))
    assert result.impact == {
        "ridership": pytest.approx(0.35),
        "revenue": pytest.approx(-0.125),
        "small-share": pytest.approx(0.125),
    }
    assert result.flips == (("small-share",),) and result.outcomes == ("out",)
    assert flip_lines(result) == ["The verdict rests on `small-share`: answer it and the claim falls."]
    assert result.top(2) == [("ridership", pytest.approx(0.35)), ("revenue", pytest.approx(-0.125))]


def test_one_standing_objection_among_two() -> None:
    # r 0.5, a 0.25, b 0.4; C's attack 1 - 0.75*0.6 = 0.55, so C = 0.225; C is out because b stands.
    # Without b: attack 0.25, C = 0.375, impact -0.15. Without a (and r): attack 0.4, C = 0.3, impact -0.075.
    # Without r: a = 0.5, attack 1 - 0.5*0.6 = 0.7, C = 0.15, impact +0.075.
    # Labels: only removing b leaves C with no standing attacker: {b} is the one flip.
    evaluation = evaluate(argmap.loads(ONE_STANDING))
    assert evaluation.verdict.strength == pytest.approx(0.225)
    result = explain(evaluation)
    assert result.impact == {"a": pytest.approx(-0.075), "r": pytest.approx(0.075), "b": pytest.approx(-0.15)}
    assert result.flips == (("b",),)
    assert flip_lines(result) == ["The verdict rests on `b`: answer it and the claim stands."]


def test_two_standing_objections_flip_only_together() -> None:
    result = explain(evaluate(argmap.loads(TWO_STANDING)))
    assert result.flips == (("o1", "o2"),) and result.outcomes == ("in",)
    assert flip_lines(result) == ["The verdict rests on `o1` and `o2` together: answer both and the claim stands."]
    only_one = explain(evaluate(argmap.loads(TWO_STANDING)), flip_size=1)
    assert only_one.flips == ()
    assert flip_lines(only_one) == [
        "No set of up to 1 node changes the verdict when answered or withdrawn; "
        "a larger --flip-size (up to 5) searches bigger sets."
    ]


def test_no_flip_suggests_a_larger_flip_size_only_when_one_could_help() -> None:
    six = "argmap: 1\nid: c\nclaim: C.\nobjections:\n" + "".join(f"  - text: O{i}.\n" for i in range(6))
    at_most = explain(evaluate(argmap.loads(six)), flip_size=5)
    assert at_most.flips == ()
    assert flip_lines(at_most) == ["No set of up to 5 nodes changes the verdict when answered or withdrawn."]
    # Every set of the map's one other node was tried: a larger size has nothing more to try.
    whole = explain(evaluate(argmap.loads("argmap: 1\nid: c\nclaim: C.\npremises:\n  - text: P.\n")))
    assert flip_lines(whole) == ["No set of nodes changes the verdict when answered or withdrawn."]


def test_cli_explain_without_a_flip_suggests_a_larger_flip_size(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO_STANDING, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "argmap", "evaluate", str(path), "--explain", "--flip-size", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert run.returncode == 0, run.stderr
    assert "a larger --flip-size (up to 5) searches bigger sets" in run.stdout


def test_impact_under_other_gradual_semantics() -> None:
    # Quadratic energy, free buses: C = 59/109. Without ridership: energy -0.4, share 0.16/1.16,
    # C = 0.5 - 0.5*0.16/1.16 = 0.5 - 2/29; impact 59/109 - (0.5 - 2/29).
    result = explain(evaluate(argmap.loads(FREE_BUSES), gradual="qe"))
    assert result.impact["ridership"] == pytest.approx(59 / 109 - (0.5 - 2 / 29))


def test_a_premise_whose_child_attacks_the_claim_can_decide_it() -> None:
    # p supports C, but its child objection q also attacks C by a cross-link. C is out (q stands);
    # removing q or p (which takes q with it) lets C stand: both are minimal flips.
    text = (
        "argmap: 1\nid: c\nclaim: C.\npremises:\n  - id: p\n    text: P.\n    objections:\n"
        "      - id: q\n        text: Q.\n        attacks: [c]\n"
    )
    result = explain(evaluate(argmap.loads(text)))
    assert result.flips == (("p",), ("q",))


def test_node_explanations_for_pictures_and_pages() -> None:
    evaluation = evaluate(argmap.loads(CHAIN))
    data = node_explanations(evaluation, explain(evaluation))
    assert data["chain"] == {"label": "out", "strength": 0.312, "impact": None, "deciding": False}
    assert data["o1"] == {"label": "in", "strength": 0.375, "impact": -0.188, "deciding": True}
    assert data["r1"]["deciding"] is False
    assert node_explanations(evaluation)["o1"] == {"label": "in", "strength": 0.375}


def test_impact_targets_for_critique() -> None:
    # Free buses: ridership (+0.35) and small-share (+0.125) help; revenue (-0.125) is the strongest attack.
    evaluation = evaluate(argmap.loads(FREE_BUSES))
    assert impact_targets(evaluation, explain(evaluation), 1) == ["ridership", "revenue"]
    assert impact_targets(evaluation, explain(evaluation), 2) == ["ridership", "small-share", "revenue"]


# -- the verdict line ---------------------------------------------------------------------------------


def test_verdict_line_says_what_each_measure_means() -> None:
    # One unanswered objection of weight 0.2 against a well-supported claim: out, yet strength up.
    text = (
        "argmap: 1\nid: c\nclaim: C.\npremises:\n  - id: p\n    text: P.\n    weight: 0.8\n"
        "objections:\n  - id: o\n    text: O.\n    weight: 0.2\n"
    )
    line = verdict_line(evaluate(argmap.loads(text)))
    # support 0.8 - attack 0.2 = 0.6: 0.5 + 0.5*0.6 = 0.8
    assert line == (
        "Verdict: the central claim falls: an attack on it stands unanswered (grounded label: out). "
        "Weighing how strong each point for and against it is, its strength is 0.80, up from the "
        "0.50 it has on its own (DF-QuAD, 0 to 1): the case for it outweighs the case against, "
        "but an unanswered attack is enough to defeat it."
    )


# -- the JSON document and the command line ------------------------------------------------------------


def test_evaluation_document_with_explain() -> None:
    document = evaluation_document(argmap.loads(CHAIN), semantics="preferred", explain=True)
    assert set(document) == {"semantics", "extensions", "nodes", "impact", "flips"}
    assert document["extensions"] == [["o1", "o2"]]
    assert document["impact"] == {"o1": -0.1875, "r1": 0.0625, "o2": -0.0625}
    assert document["flips"] == [["o1"], ["o2"]]
    assert document["semantics"]["flip_size"] == 2 and document["semantics"]["flips_complete"] is True
    assert document["nodes"]["o1"] == {"label": "in", "strength": 0.375, "credulous": True, "skeptical": True}


def test_cli_json_is_the_evaluation_document(tmp_path: Path) -> None:
    path = tmp_path / "even.yaml"
    path.write_text(EVEN_CYCLE)
    result = run("evaluate", str(path), "--json", "--semantics", "preferred", "--gradual", "qe", "--explain")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == json.loads(
        json.dumps(evaluation_document(argmap.load(path), semantics="preferred", gradual="qe", explain=True))
    )
    assert data["extensions"] == [["a"], ["b"]] and data["nodes"]["a"]["credulous"] is True
    assert data["semantics"]["strength"] == "quadratic-energy"


def test_cli_explain_text(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_STANDING)
    result = run("evaluate", str(path), "--explain")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "The verdict rests on `b`: answer it and the claim stands." in text
    assert "−0.150" in text and "#b" in text and "+0.075" in text


def test_cli_semantics_line_and_bad_names(tmp_path: Path) -> None:
    path = tmp_path / "even.yaml"
    path.write_text(EVEN_CYCLE)
    result = run("evaluate", str(path), "--semantics", "preferred")
    assert result.returncode == 0, result.stderr
    assert "Under preferred semantics the central claim is in 0 of 2 extensions: not accepted" in " ".join(
        result.stdout.split()
    )
    bad = run("evaluate", str(path), "--semantics", "ideal")
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "argmap evaluate: unknown semantics 'ideal'; choose one of: grounded, complete, preferred, stable"
    )
    bad = run("evaluate", str(path), "--gradual", "nope")
    assert bad.returncode == 2 and "choose one of: dfquad, qe, euler" in bad.stderr


def test_expect_exits_1_when_the_verdict_differs(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_STANDING)
    assert run("evaluate", str(path), "--expect", "falls").returncode == 0
    wrong = run("evaluate", str(path), "--json", "--expect", "stands")
    assert wrong.returncode == 1 and json.loads(wrong.stdout)["nodes"]["c"]["label"] == "out"
    assert wrong.stderr.strip() == f"{path}: the verdict is 'falls', not 'stands' as expected"
    cycle = tmp_path / "even.yaml"
    cycle.write_text(EVEN_CYCLE)
    assert run("evaluate", str(cycle), "--expect", "undecided").returncode == 0
    typo = run("evaluate", str(path), "--expect", "stand")
    assert typo.returncode == 2 and "choose one of: stands, falls, undecided" in typo.stderr


def test_pre_commit_hooks_run_argmap() -> None:
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["argmap-validate"]["entry"] == "argmap validate"
    assert hooks["argmap-verdict"]["entry"] == "argmap evaluate" and hooks["argmap-verdict"]["pass_filenames"] is False


def test_the_documented_local_pre_commit_hooks_run(tmp_path: Path) -> None:
    import re
    import shlex

    import yaml

    from tests.test_docs import blocks

    (config,) = [
        yaml.safe_load(b)
        for b in blocks("yaml", (ROOT / "docs" / "evaluation.md").read_text())
        if b.startswith("repos:")
    ]
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # no repository URL to invent: the hooks run the argmap installed
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "free-buses.yaml").write_text(FREE_BUSES)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for hook in repo["hooks"]:
        assert hook["language"] in ("unsupported", "system")
        assert re.search(hook["files"], "maps/free-buses.yaml")
        files = [] if hook.get("pass_filenames") is False else ["maps/free-buses.yaml"]
        done = subprocess.run(
            [*shlex.split(hook["entry"]), *files], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)
    (tmp_path / "maps" / "free-buses.yaml").write_text(FREE_BUSES.split("    rebuttals:")[0])  # revenue unanswered
    verdict = next(hook for hook in repo["hooks"] if "--expect" in hook["entry"])
    done = subprocess.run(shlex.split(verdict["entry"]), cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "not 'stands' as expected" in done.stderr


# -- verdicts through history ------------------------------------------------------------------------------


def test_diff_reports_what_a_change_did_to_the_verdict(tmp_path: Path) -> None:
    # Adding q under r: q in, r out, a in again, so the claim (which stood at 0.375) falls at 0.3125.
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(FREE_BUSES)
    new.write_text(FREE_BUSES + "        objections:\n          - id: q\n            text: Q answers it.\n")
    result = run("diff", str(old), str(new))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # revenue: 0.5 - 0.5*0.25 = 0.375 (was 0.25); claim: 0.5 + 0.5*(0.7 - 0.375) = 0.6625 (was 0.725)
    assert lines == [
        "+ objection q under small-share: Q answers it.",
        "= verdict: the central claim stood (in) and now falls (out); strength 0.72 -> 0.66",
        "= this change moved `revenue` from out to in",
        "= this change moved `small-share` from in to out",
    ]
    assert result.stderr.strip().endswith("1 added; 2 labels flipped")
    data = json.loads(run("diff", "--json", str(old), str(new)).stdout)
    assert data[1] == {
        "change": "verdict",
        "id": "free-buses",
        "old": {"label": "in", "strength": 0.725},
        "new": {"label": "out", "strength": 0.6625},
    }
    assert data[2] == {"change": "label", "id": "revenue", "old": "out", "new": "in"}


def test_diff_reports_a_strength_change_that_keeps_the_label(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(FREE_BUSES)
    new.write_text(FREE_BUSES.replace("weight: 0.7", "weight: 0.9"))
    # claim: 0.5 + 0.5*(0.9 - 0.25) = 0.825
    lines = run("diff", str(old), str(new)).stdout.splitlines()
    assert lines[-1] == "= verdict: the central claim still stands (in); strength 0.72 -> 0.82"


# -- critique where it matters ------------------------------------------------------------------------------


def test_critique_target_impact_asks_about_the_nodes_that_move_the_claim(tmp_path: Path) -> None:
    # ridership helps most (+0.35); revenue is the strongest attack (-0.125).
    path = tmp_path / "free-buses.yaml"
    path.write_text(FREE_BUSES)
    result = run("critique", str(path), "--target", "impact", "--top", "1", "--dry-run")
    assert result.returncode == 0, result.stderr
    heads = [line for line in result.stdout.splitlines() if line.startswith("=== prompt")]
    assert heads == [
        "=== prompt 1 of 2: objections against 'ridership' ===",
        "=== prompt 2 of 2: rebuttals against 'revenue' ===",
    ]
    clash = run("critique", str(path), "--target", "impact", "--node", "revenue", "--dry-run")
    assert clash.returncode == 2 and "--target impact chooses the nodes itself" in clash.stderr
    unknown = run("critique", str(path), "--target", "leaves", "--dry-run")
    assert unknown.returncode == 2 and "unknown --target 'leaves'" in unknown.stderr


# -- pictures -----------------------------------------------------------------------------------------------


def test_render_explain_marks_deciding_nodes_and_shows_impact() -> None:
    import xml.etree.ElementTree as ET

    from argmap.render import render

    the_map = argmap.loads(ONE_STANDING)
    evaluation = evaluate(the_map)
    svg = render(the_map, "svg", layout="tree", evaluation=evaluation, explanation=explain(evaluation))
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {g.get("id"): g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id", "").startswith("n-")}
    # b is the one flip: ringed and starred; its impact -0.15 is the largest, so its bar is full length.
    assert "deciding" in groups["n-b"].get("class", "") and "deciding" not in groups["n-a"].get("class", "")
    assert groups["n-b"].find("s:rect[@class='deciding']", ns) is not None
    tag_b = "".join(groups["n-b"].find("s:text", ns).itertext())
    assert "OUT" not in tag_b and "IN 0.40 \u00b7 \u0394\u22120.15 \u2605" in tag_b
    bars = {
        key: float(g.find("s:rect[@class='impact']", ns).get("width"))
        for key, g in groups.items()
        if g.find("s:rect[@class='impact']", ns) is not None
    }
    assert set(bars) == {"n-a", "n-r", "n-b"}  # every node but the claim
    assert bars["n-a"] == pytest.approx(bars["n-b"] * 0.5, rel=0.05)  # a's impact is half of b's
    legend = "".join(root.find(".//s:g[@id='legend']", ns).itertext())
    assert "the verdict rests on it" in legend and "impact on the claim" in legend
    plain = render(the_map, "svg", layout="tree", evaluation=evaluation)
    assert "deciding" not in plain and "impact on the claim" not in plain


def test_render_cli_explain(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_STANDING)
    out = tmp_path / "one.svg"
    result = run("render", str(path), "--explain", "-o", str(out), "--layout", "tree")
    assert result.returncode == 0, result.stderr
    assert 'class="node objection deciding"' in out.read_text()
    dot = run("render", str(path), "--explain", "-o", "-", "--format", "dot")
    assert dot.returncode == 0 and "penwidth=4" in dot.stdout and "the verdict rests on it" in dot.stdout


def test_a_flip_search_cut_short_says_so() -> None:
    # o has two rebuttals: removing one leaves o out, removing both lets o stand and C fall.
    # The pair's removals meet at o, so it needs a full check: the fourth, after the three singletons.
    text = (
        "argmap: 1\nid: c\nclaim: C.\nobjections:\n  - id: o\n    text: O.\n    rebuttals:\n"
        "      - id: r1\n        text: R1.\n      - id: r2\n        text: R2.\n"
    )
    evaluation = evaluate(argmap.loads(text))
    assert explain(evaluation).flips == (("r1", "r2"),)
    result = explain(evaluation, max_checks=3)
    assert result.flips == () and not result.complete
    assert flip_lines(result)[-1] == (
        "The search for flips stopped early on this large map; those listed are still minimal."
    )
    assert argmap.evaluation_document is evaluation_document


def test_many_standing_objections_need_all_of_them_answered() -> None:
    # 400 unanswered objections: no pair flips the claim; 79,800 pairs, each settled by counting
    # (benchmarks/bench_evaluate.py times it).
    text = "argmap: 1\nid: c\nclaim: C.\nobjections:\n" + "".join(
        f"  - id: o{i}\n    text: O{i}.\n" for i in range(400)
    )
    result = explain(evaluate(argmap.loads(text)))
    assert result.flips == () and result.complete
    assert explain(evaluate(argmap.loads(text)), flip_size=1).flips == ()


def test_the_flip_size_suggested_is_the_one_the_command_takes(tmp_path: Path) -> None:
    from argmap.explain import MAX_FLIP_SIZE

    path = tmp_path / "two.yaml"
    path.write_text(TWO_STANDING, encoding="utf-8")
    assert run("evaluate", str(path), "--explain", "--flip-size", str(MAX_FLIP_SIZE)).returncode == 0
    assert run("evaluate", str(path), "--explain", "--flip-size", str(MAX_FLIP_SIZE + 1)).returncode == 2
