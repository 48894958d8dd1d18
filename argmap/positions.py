"""Evaluating a debate rooted in a question: each position on its own, then a ranking.

A question is answered, not supported or attacked, so it gets no verdict. Each position
is evaluated the way a central claim is (its premises support it, its objections attack
it, cross-links count); since strengths and labels flow only upwards, the question
above the positions changes nothing about them. The positions are then ranked by
DF-QuAD strength, ties broken by grounded label (``in`` before ``undec`` before ``out``)
and then by document order. No I/O.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from .model import is_question_map

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

    from .evaluation import Evaluation
    from .model import ArgumentMap

_LABEL_ORDER = {"in": 0, "undec": 1, "out": 2}


@dataclass(frozen=True)
class Ranked:
    """One position in the ranking."""

    rank: int
    id: str
    text: str
    label: str
    strength: float


def evaluate_map(
    argmap: ArgumentMap, evaluate: Optional[Callable[..., Evaluation]] = None, **options: Any
) -> Evaluation:
    """:func:`argmap.evaluate` for any map; for a question-rooted map, without a result for the question.

    The result's ``claim`` is None for a question-rooted map (so it has no verdict).
    ``evaluate`` is the function to evaluate with (default :func:`argmap.evaluation.evaluate`).
    """
    if evaluate is None:
        from .evaluation import evaluate as evaluate_tree

        evaluate = evaluate_tree
    result = evaluate(argmap, **options)
    if not is_question_map(argmap):
        return result
    nodes = {node_id: value for node_id, value in result.nodes.items() if node_id != argmap.id}
    return dataclasses.replace(result, nodes=nodes, claim=None)


def rank_positions(argmap: ArgumentMap, evaluation: Evaluation) -> list[Ranked]:
    """The accepted positions of a question-rooted map, strongest first ([] for a claim-rooted map)."""
    if not is_question_map(argmap):
        return []
    rows = []
    for order, position in enumerate(argmap.positions):  # type: ignore[attr-defined]
        result = evaluation.nodes.get(position.id)
        if result is not None:
            rows.append((-result.strength, _LABEL_ORDER[result.label], order, position, result))
    rows.sort(key=lambda row: row[:3])
    return [
        Ranked(rank, position.id, position.text, result.label, result.strength)
        for rank, (_, _, _, position, result) in enumerate(rows, start=1)
    ]


def ranking_json(argmap: ArgumentMap, evaluation: Evaluation, digits: int = 6) -> dict[str, Any]:
    """``{"question": ID, "ranking": [{"rank", "id", "label", "strength"}, ...]}`` for JSON output."""
    return {
        "question": argmap.id,
        "ranking": [
            {"rank": r.rank, "id": r.id, "label": r.label, "strength": round(r.strength, digits)}
            for r in rank_positions(argmap, evaluation)
        ],
    }


def evaluation_json(argmap: ArgumentMap, evaluation: Evaluation) -> str:
    """The evaluation as JSON; a question-rooted map's also holds the ranking of its positions."""
    data = evaluation.as_dict()
    if is_question_map(argmap):
        data.update(ranking_json(argmap, evaluation))
    return json.dumps(data, indent=2, ensure_ascii=False)


def ranking_lines(argmap: ArgumentMap, evaluation: Evaluation) -> list[str]:
    """The ranking in plain words: a line for the question, then one per position."""
    ranked = rank_positions(argmap, evaluation)
    if not ranked:
        return [f"No position answers the question yet: {argmap.text}"]
    lines = [f"Positions on the question (no verdict on a question), strongest first: {argmap.text}"]
    for row in ranked:
        text = row.text if len(row.text) <= 70 else row.text[:67] + "..."
        lines.append(f"  {row.rank}. {text}  #{row.id}  strength {row.strength:.2f}, grounded: {row.label}")
    return lines


def ranking_table(argmap: ArgumentMap, evaluation: Evaluation, depth: Optional[int] = None) -> RenderableType:
    """The evaluation table of a question-rooted map followed by the ranking of its positions."""
    from rich.console import Group
    from rich.text import Text

    from .evaluation_text import evaluation_table

    lines = ranking_lines(argmap, evaluation)
    parts: list[Any] = [evaluation_table(argmap, evaluation, depth=depth), Text(lines[0], style="bold")]
    parts.extend(Text(line) for line in lines[1:])
    return Group(*parts)
