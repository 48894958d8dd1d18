"""Summary numbers for a map: how big it is, how deep, how well sourced."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .model import ArgumentMap


@dataclass
class Stats:
    """Counts for one map. Rejected proposals are left out of every count except ``rejected``."""

    id: str
    nodes: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: {"claim": 0, "premise": 0, "objection": 0, "rebuttal": 0})
    proposed: int = 0
    rejected: int = 0
    cross_links: int = 0
    depth: int = 0
    sourced: int = 0
    attributed: int = 0
    sources: int = 0
    from_llm: int = 0
    """Accepted nodes that an LLM proposed (they keep their ``proposal`` record)."""

    @property
    def sourced_share(self) -> float:
        """Share of nodes (0..1) that cite a source."""
        return self.sourced / self.nodes if self.nodes else 0.0

    @property
    def llm_share(self) -> float:
        """Share of accepted nodes (0..1) that an LLM proposed."""
        accepted = self.nodes - self.proposed
        return self.from_llm / accepted if accepted else 0.0

    @property
    def attributed_share(self) -> float:
        """Share of nodes (0..1) that say who argues them."""
        return self.attributed / self.nodes if self.nodes else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        data = asdict(self)
        data["sourced_share"] = round(self.sourced_share, 4)
        data["attributed_share"] = round(self.attributed_share, 4)
        data["llm_share"] = round(self.llm_share, 4)
        return data


def stats(argmap: ArgumentMap) -> Stats:
    """Count a map's nodes by kind and status, its depth, cross-links and sourcing."""
    result = Stats(id=argmap.id, sources=len(argmap.sources))
    result.rejected = sum(1 for node in argmap.nodes() if node.status == "rejected")
    for entry in argmap.walk(statuses={"accepted", "proposed"}):
        node = entry.node
        if node.status == "proposed":
            result.proposed += 1
        elif getattr(node, "proposal", None) is not None:
            result.from_llm += 1
        result.nodes += 1
        result.kinds[node.kind] = result.kinds.get(node.kind, 0) + 1
        result.depth = max(result.depth, entry.depth)
        result.sourced += bool(node.all_cites)
        result.attributed += bool(node.by)
    result.cross_links = sum(1 for _ in argmap.cross_links())
    return result
