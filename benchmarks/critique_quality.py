"""How good are a model's objections? Hide a map's own objections, ask, and count what comes back.

    python benchmarks/critique_quality.py recover --model openai/gpt-4.1-mini [--judge MODEL] [MAP ...]
    python benchmarks/critique_quality.py acceptance [MAP ...]
    python benchmarks/critique_quality.py similarity

recover
    For each node of each map that has objections (rebuttals, for an objection) written by
    people, a copy of the map is made without them (and without what hangs under them),
    and the model is asked for objections against that node exactly as ``argmap critique``
    asks (same prompt, same checks, same selection), for as many as were hidden (at least
    three). Each hidden objection is a reference. Two scores:

    - judge: a second model (``--judge``, default the same model) is shown the target, the
      references and the proposals, and says which proposal, if any, makes the point of
      each reference (``prompts/judge.txt``). Recall = matched references / references.
      Judging against references is the method the 2025 shared task on critical
      questions generation found most reliable for automatic scoring.
    - lexical: for each reference, the best token F1 over content words with any
      proposal; a reference counts as recovered at F1 >= 0.4. Free and repeatable, but
      blind to paraphrase, so it is a floor, not the score.

acceptance
    Reads the review decisions kept in maps (accepted proposals keep their ``proposal``
    record; rejected ones stay with ``status: rejected``) and reports the acceptance rate
    by model and by scheme, with how many accepted proposals were edited first.

similarity
    Precision and recall of the near-duplicate test (argmap/critique/similar.py) on a
    labelled set of pairs: the pairs in benchmarks/data/similar_pairs.json (same
    point), the negations there (different points), and pairs of different nodes of the
    same map with the most words in common (different points by construction).

Any LiteLLM model works, with its key in the environment; ``--api-base`` points at an
OpenAI-compatible server. Answers are cached like ``argmap critique``'s (``--no-cache``
asks again). Prints a table; ``--json`` prints the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argmap  # noqa: E402
from argmap.critique.options import CritiqueOptions  # noqa: E402
from argmap.critique.prompts import fence_json, template  # noqa: E402
from argmap.critique.similar import Similar, normalise  # noqa: E402

#: Token F1 at or above which a reference counts as recovered by the lexical score.
LEXICAL_RECOVERED = 0.4
#: At least this many proposals are asked for per target, whatever was hidden.
MIN_COUNT = 3

_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those there their they them he she his her we our you your i not no will would can could should may
might must do does did done have has had so than then such into over under about more most less very just also only
even still what which who whom whose when where why how all any some each other""".split()
)


# -- hiding and asking ---------------------------------------------------------------------------------


@dataclass
class Case:
    """One target with its hidden references and what the model proposed."""

    map: str
    target: str
    target_text: str
    references: list[str]
    proposals: list[str] = field(default_factory=list)
    schemes: list[Optional[str]] = field(default_factory=list)
    lexical: list[float] = field(default_factory=list)
    """Best token F1 of each reference with any proposal."""
    judged: Optional[list[Optional[int]]] = None
    """For each reference, the index of the proposal the judge matched it with, or None."""
    error: Optional[str] = None


def _people_written(node: Any) -> bool:
    return node.is_accepted and getattr(node, "proposal", None) is None


def cases_for(m: argmap.ArgumentMap, name: str) -> list[tuple[Case, argmap.ArgumentMap]]:
    """Each target with people-written attackers, and a copy of the map without them."""
    out = []
    for entry in m.walk({"accepted"}):
        node = entry.node
        relation = "rebuttals" if node.kind == "objection" else "objections"
        hidden = [child for child in getattr(node, relation, []) if _people_written(child)]
        if not hidden:
            continue
        copy = m.model_copy(deep=True)
        for child in hidden:
            copy.remove(child.id)  # type: ignore[arg-type]
        out.append((Case(name, str(node.id), node.text, [c.text for c in hidden]), copy))
    return out


def ask(case: Case, copy: argmap.ArgumentMap, options: CritiqueOptions) -> None:
    """Run the critique on the copy, keeping what was proposed against the target."""
    from argmap.critique import critique

    count = max(MIN_COUNT, len(case.references))
    try:
        report = critique(copy, [case.target], options=replace(options, count=min(count, 20)))
    except Exception as exc:  # a benchmark reports and goes on
        case.error = f"{type(exc).__name__}: {exc}"
        return
    if report.failures or report.error:
        case.error = "; ".join(str(f) for f in report.failures) or report.error
    case.proposals = [n.text for n in report]
    case.schemes = [n.proposal.scheme if n.proposal else None for n in report]


# -- scores ------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The text's words without function words, crudely stemmed."""
    return {_stem(w) for w in normalise(text).split() if w not in _STOP}


def token_f1(a: str, b: str) -> float:
    """F1 of the two texts' content-word sets (0 when either has none)."""
    x, y = content_words(a), content_words(b)
    common = len(x & y)
    if not common:
        return 0.0
    precision, recall = common / len(y), common / len(x)
    return 2 * precision * recall / (precision + recall)


def score_lexical(case: Case) -> None:
    """Fill ``case.lexical``: each reference's best F1 with any proposal."""
    case.lexical = [max((token_f1(ref, p) for p in case.proposals), default=0.0) for ref in case.references]


def judge_messages(case: Case) -> list[dict[str, str]]:
    """The judge's prompt for one case (``prompts/judge.txt``)."""
    data = {
        "target": case.target_text,
        "references": [{"number": i + 1, "text": t} for i, t in enumerate(case.references)],
        "proposals": [{"number": i + 1, "text": t} for i, t in enumerate(case.proposals)],
    }
    text = template("judge.txt").substitute(data=fence_json(data))
    return [{"role": "user", "content": text}]


def read_judgement(text: Optional[str], references: int, proposals: int) -> list[Optional[int]]:
    """The judge's matches, checked: one entry per reference, each a proposal index (0-based) or None."""
    from argmap.critique.answer import InvalidAnswer, _answer_data

    try:
        data = _answer_data(text)
    except InvalidAnswer:
        return [None] * references
    result: list[Optional[int]] = [None] * references
    used: set[int] = set()
    for item in data.get("matches") or []:
        if not isinstance(item, dict):
            continue
        ref, prop = item.get("reference"), item.get("proposal")
        if (
            isinstance(ref, int)
            and not isinstance(ref, bool)
            and 1 <= ref <= references
            and isinstance(prop, int)
            and not isinstance(prop, bool)
            and 1 <= prop <= proposals
            and prop not in used
        ):
            result[ref - 1] = prop - 1
            used.add(prop)
    return result


def judge_all(cases: list[Case], model: str, api_base: Optional[str], timeout: float) -> int:
    """Ask the judge about every case with proposals; returns the requests made."""
    from argmap.critique.llm import Client, check_key, load_litellm, quick_key_check

    todo = [c for c in cases if c.proposals and not c.error]
    if not todo:
        return 0
    quick_key_check(model, api_base)
    litellm = load_litellm()
    provider = check_key(litellm, model, api_base)

    async def run() -> int:
        client = Client(litellm, model, api_base=api_base, provider=provider, timeout=timeout, max_tokens=2000)
        try:
            for case in todo:
                try:
                    reply = await client.complete(judge_messages(case))
                except Exception as exc:
                    case.error = f"judge: {exc}"
                    continue
                case.judged = read_judgement(reply.text, len(case.references), len(case.proposals))
            return client.requests
        finally:
            await client.aclose()

    return asyncio.run(run())


@dataclass
class Recovery:
    """Totals over the cases of a run."""

    model: str
    judge: Optional[str]
    targets: int = 0
    references: int = 0
    proposals: int = 0
    judged_references: int = 0
    judge_recovered: int = 0
    lexical_recovered: int = 0
    lexical_mean: float = 0.0
    failed: int = 0
    by_map: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def judge_recall(self) -> Optional[float]:
        return self.judge_recovered / self.judged_references if self.judged_references else None

    @property
    def lexical_recall(self) -> float:
        return self.lexical_recovered / self.references if self.references else 0.0


def summarise(cases: list[Case], model: str, judge: Optional[str]) -> Recovery:
    """Totals, overall and per map."""
    total = Recovery(model, judge)
    lexical: list[float] = []
    per: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        per[case.map].append(case)
        total.targets += 1
        total.failed += bool(case.error)
        total.references += len(case.references)
        total.proposals += len(case.proposals)
        lexical += case.lexical
        total.lexical_recovered += sum(f >= LEXICAL_RECOVERED for f in case.lexical)
        if case.judged is not None:
            total.judged_references += len(case.references)
            total.judge_recovered += sum(m is not None for m in case.judged)
    total.lexical_mean = sum(lexical) / len(lexical) if lexical else 0.0
    for name, group in per.items():
        refs = sum(len(c.references) for c in group)
        judged = [m for c in group if c.judged is not None for m in c.judged]
        total.by_map[name] = {
            "targets": len(group),
            "references": refs,
            "lexical_recall": sum(f >= LEXICAL_RECOVERED for c in group for f in c.lexical) / refs if refs else 0.0,
            "judge_recall": (sum(m is not None for m in judged) / len(judged)) if judged else -1.0,
        }
    return total


def recover(
    maps: Iterable[Path],
    model: str,
    judge: Optional[str],
    api_base: Optional[str],
    cache: bool,
    timeout: float,
    max_targets: Optional[int],
) -> tuple[Recovery, list[Case]]:
    """The whole ``recover`` run."""
    cases: list[Case] = []
    options = CritiqueOptions(model=model, api_base=api_base, cache=cache, timeout=timeout, concurrency=1)
    for path in maps:
        m = argmap.load(path)
        for case, copy in cases_for(m, path.stem)[: max_targets or None]:
            ask(case, copy, options)
            score_lexical(case)
            cases.append(case)
    if judge:
        judge_all(cases, judge, api_base, timeout)
    return summarise(cases, model, judge), cases


# -- acceptance of past decisions -------------------------------------------------------------------


def acceptance(maps: Iterable[Path]) -> dict[str, dict[str, dict[str, int]]]:
    """``{"model": {name: counts}, "scheme": {name: counts}}``; counts of accepted, edited, rejected, pending."""
    table: dict[str, dict[str, dict[str, int]]] = {"model": {}, "scheme": {}}
    for path in maps:
        for node in argmap.load(path).nodes():
            proposal = getattr(node, "proposal", None)
            if proposal is None:
                continue
            state = "pending" if node.status == "proposed" else "rejected" if node.status == "rejected" else "accepted"
            for axis, key in (("model", proposal.model), ("scheme", proposal.scheme or "(none)")):
                row = table[axis].setdefault(key, {"accepted": 0, "edited": 0, "rejected": 0, "pending": 0})
                row[state] += 1
                row["edited"] += state == "accepted" and bool(proposal.original_text)
    return table


# -- the near-duplicate test on labelled pairs --------------------------------------------------------


def labelled_pairs(maps: Iterable[Path], per_map: int = 6) -> list[tuple[str, str, bool, str]]:
    """``(a, b, same, where)``: the hand-labelled pairs, and the closest distinct nodes of each map."""
    from argmap.store.yamlio import load

    data = json.loads((ROOT / "benchmarks" / "data" / "similar_pairs.json").read_text(encoding="utf-8"))
    pairs = [(p["a"], p["b"], bool(p["same"]), p.get("kind", "labelled")) for p in data["pairs"]]
    for path in maps:
        nodes = [n.text for n in load(path).nodes({"accepted"})]
        scored = []
        for i, a in enumerate(nodes):
            wa = set(normalise(a).split())
            for b in nodes[i + 1 :]:
                wb = set(normalise(b).split())
                if wa | wb:
                    scored.append((len(wa & wb) / len(wa | wb), a, b))
        scored.sort(key=lambda t: -t[0])
        pairs += [(a, b, False, "nodes of one map") for _, a, b in scored[:per_map]]
    return pairs


def similarity(maps: Iterable[Path]) -> dict[str, Any]:
    """Precision and recall of :class:`Similar` on :func:`labelled_pairs`, with the pairs it got wrong."""
    pairs = labelled_pairs(maps)
    tp = fp = fn = tn = 0
    wrong = []
    for a, b, same, kind in pairs:
        said = Similar([a]).match(b) is not None
        tp += said and same
        fp += said and not same
        fn += same and not said
        tn += not said and not same
        if said != same:
            wrong.append({"a": a, "b": b, "labelled_same": same, "kind": kind})
    return {
        "pairs": len(pairs),
        "same": tp + fn,
        "different": fp + tn,
        "true_positive": tp,
        "false_positive": fp,
        "false_negative": fn,
        "true_negative": tn,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "wrong": wrong,
    }


# -- the command line ------------------------------------------------------------------------------------


def _maps(names: list[str]) -> list[Path]:
    if names:
        return [Path(n) for n in names]
    return sorted((ROOT / "maps").glob("*.yaml"))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    rec = sub.add_parser("recover", help="hide each map's objections and score how many the model recovers")
    rec.add_argument("maps", nargs="*", help="map files (default: maps/*.yaml)")
    rec.add_argument("--model", required=True, help="a LiteLLM model string")
    rec.add_argument("--judge", help="the judge model (default: the same model); 'none' for the lexical score only")
    rec.add_argument("--api-base", help="URL of an OpenAI-compatible server")
    rec.add_argument("--timeout", type=float, default=120.0, help="seconds per answer")
    rec.add_argument("--max-targets", type=int, help="at most this many targets per map")
    rec.add_argument("--no-cache", action="store_true", help="ask again even when an answer is cached")
    rec.add_argument("--json", action="store_true", help="print JSON")
    acc = sub.add_parser("acceptance", help="acceptance rate of past review decisions by model and scheme")
    acc.add_argument("maps", nargs="*", help="map files (default: maps/*.yaml)")
    acc.add_argument("--json", action="store_true", help="print JSON")
    sim = sub.add_parser("similarity", help="precision of the near-duplicate test on labelled pairs")
    sim.add_argument("maps", nargs="*", help="map files for the hard negatives (default: maps/*.yaml)")
    sim.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)

    if args.mode == "recover":
        judge = None if args.judge == "none" else (args.judge or args.model)
        total, cases = recover(
            _maps(args.maps), args.model, judge, args.api_base, not args.no_cache, args.timeout, args.max_targets
        )
        if args.json:
            print(
                json.dumps(
                    {
                        "total": {
                            **asdict(total),
                            "judge_recall": total.judge_recall,
                            "lexical_recall": total.lexical_recall,
                        },
                        "cases": [asdict(c) for c in cases],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return 0
        print(
            f"model {total.model}, judge {total.judge or '(none)'}: {total.targets} targets, "
            f"{total.references} hidden objections, {total.proposals} proposals, {total.failed} failed"
        )
        print(f"{'map':<28} {'targets':>7} {'hidden':>7} {'judge':>7} {'lexical':>8}")
        for name, row in total.by_map.items():
            judged = f"{row['judge_recall']:.0%}" if row["judge_recall"] >= 0 else "-"
            print(
                f"{name:<28} {row['targets']:>7.0f} {row['references']:>7.0f} {judged:>7} {row['lexical_recall']:>8.0%}"
            )
        judged = f"{total.judge_recall:.0%}" if total.judge_recall is not None else "-"
        print(
            f"{'all':<28} {total.targets:>7} {total.references:>7} {judged:>7} {total.lexical_recall:>8.0%}"
            f"   (mean best lexical F1 {total.lexical_mean:.2f})"
        )
        return 0
    if args.mode == "acceptance":
        table = acceptance(_maps(args.maps))
        if args.json:
            print(json.dumps(table, indent=2, ensure_ascii=False))
            return 0
        for axis in ("model", "scheme"):
            print(f"{axis:<36} {'decided':>8} {'accepted':>9} {'edited':>7} {'rejected':>9} {'pending':>8} {'rate':>6}")
            for key, row in sorted(table[axis].items()):
                decided = row["accepted"] + row["rejected"]
                rate = f"{row['accepted'] / decided:.0%}" if decided else "-"
                print(
                    f"{key:<36} {decided:>8} {row['accepted']:>9} {row['edited']:>7} {row['rejected']:>9} "
                    f"{row['pending']:>8} {rate:>6}"
                )
            print()
        return 0
    result = similarity(_maps(args.maps))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    precision = f"{result['precision']:.2f}" if result["precision"] is not None else "-"
    recall = f"{result['recall']:.2f}" if result["recall"] is not None else "-"
    print(
        f"{result['pairs']} pairs ({result['same']} same point, {result['different']} different): "
        f"precision {precision}, recall {recall}"
    )
    for item in result["wrong"]:
        said = "missed" if item["labelled_same"] else "false match"
        print(f"  {said} ({item['kind']}): {item['a']!r} / {item['b']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
