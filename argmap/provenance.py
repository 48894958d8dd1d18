"""How much of a map rests on points an LLM proposed and a reviewer accepted.

An accepted proposal is an ordinary node: it counts in the evaluation like any other.
That is the point of accepting it, but a reader of a verdict should know when the
attacks that decide it were written by a model. :func:`verdict_basis` says so: which
accepted nodes came from which model, how many of the attacks on the central claim that
decide its label were proposed by one, and what the verdict would be without them. No I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .evaluation import Evaluation
    from .model import ArgumentMap, Node


def llm_nodes(argmap: ArgumentMap) -> list[Node]:
    """The accepted nodes that an LLM proposed (they keep their ``proposal`` record), in map order."""
    from .model import Node

    return [
        entry.node
        for entry in argmap.walk({"accepted"})
        if isinstance(entry.node, Node) and entry.node.proposal is not None
    ]


@dataclass
class VerdictBasis:
    """What part of the central claim's verdict rests on accepted LLM proposals."""

    evaluated: int
    """Nodes taking part in the evaluation."""
    from_llm: dict[str, int] = field(default_factory=dict)
    """Accepted LLM-proposed nodes among them, by model."""
    deciding: list[str] = field(default_factory=list)
    """The attacks on the central claim that decide its label: those that stand when it falls,
    else every attack on it (each one answered)."""
    deciding_from_llm: dict[str, list[str]] = field(default_factory=dict)
    """Which of the deciding attacks each model proposed."""
    verdict: Optional[tuple[str, float]] = None
    """The central claim's label and strength."""
    without: Optional[tuple[str, float]] = None
    """Its label and strength were the accepted LLM nodes (and what hangs under them) left out."""

    @property
    def llm_total(self) -> int:
        """How many evaluated nodes an LLM proposed."""
        return sum(self.from_llm.values())

    def lines(self) -> list[str]:
        """Sentences for people; none when no accepted node came from an LLM."""
        if not self.llm_total:
            return []
        models = ", ".join(f"{n} by {model}" for model, n in sorted(self.from_llm.items(), key=lambda kv: -kv[1]))
        were = "was" if self.llm_total == 1 else "were"
        out = [
            f"{self.llm_total} of the {self.evaluated} evaluated nodes {were} proposed by an LLM and accepted "
            f"({models})."
        ]
        if self.deciding:
            falls = bool(self.verdict and self.verdict[0] == "out")
            total = len(self.deciding)
            for model, ids in sorted(self.deciding_from_llm.items()):
                if total == 1:
                    what = (
                        "The one attack on the central claim that stands"
                        if falls
                        else "The one attack on the central claim"
                    )
                    out.append(f"{what} was proposed by {model}: {ids[0]}.")
                else:
                    what = "attacks on the central claim that stand" if falls else "attacks on the central claim"
                    out.append(
                        f"{len(ids)} of the {total} {what} {'was' if len(ids) == 1 else 'were'} "
                        f"proposed by {model}: {', '.join(ids)}."
                    )
        if (
            self.verdict is not None
            and self.without is not None
            and (self.without[0] != self.verdict[0] or abs(self.without[1] - self.verdict[1]) >= 0.005)
        ):
            out.append(
                f"Without them the central claim would be {self.without[0]} {self.without[1]:.2f} "
                f"(now {self.verdict[0]} {self.verdict[1]:.2f})."
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "evaluated": self.evaluated,
            "from_llm": dict(self.from_llm),
            "deciding": list(self.deciding),
            "deciding_from_llm": {k: list(v) for k, v in self.deciding_from_llm.items()},
            "verdict": list(self.verdict) if self.verdict else None,
            "without_llm": list(self.without) if self.without else None,
        }


def verdict_basis(argmap: ArgumentMap, evaluation: Optional[Evaluation] = None) -> VerdictBasis:
    """How much of the central claim's verdict rests on accepted LLM proposals (see :class:`VerdictBasis`)."""
    from .evaluation import evaluate

    result = evaluation if evaluation is not None else evaluate(argmap)
    nodes = {node.id: node for node in llm_nodes(argmap)}
    model_of = {node_id: node.proposal.model for node_id, node in nodes.items() if node.proposal is not None}
    counted = Counter(model for node_id, model in model_of.items() if node_id in result.nodes)
    basis = VerdictBasis(evaluated=len(result.nodes), from_llm=dict(counted))
    if result.claim is None or result.claim not in result.nodes:
        return basis
    claim = result.nodes[result.claim]
    basis.verdict = (claim.label, claim.strength)
    standing = [a for a in claim.attackers if result.nodes[a].label == "in"]
    basis.deciding = standing if claim.label == "out" and standing else list(claim.attackers)
    for node_id in basis.deciding:
        if node_id in nodes:
            basis.deciding_from_llm.setdefault(model_of[node_id], []).append(node_id)
    if nodes:
        bare = argmap.model_copy(deep=True)
        for node_id in list(nodes):
            if bare.find(node_id) is not None:
                bare.remove(node_id)
        verdict = evaluate(bare).verdict
        basis.without = (verdict.label, verdict.strength)
    return basis
