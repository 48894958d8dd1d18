"""Hover: what a node is, who argues it, what it cites, and where evaluation leaves it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from ..vocabulary import ROOT_KINDS
from .index import MapIndex, NodeInfo, SourceInfo, Span

if TYPE_CHECKING:
    from ..evaluation import Evaluation

#: How each grounded label reads to a person.
LABEL_WORDS = {"in": "stands", "out": "defeated", "undec": "undecided (attacks run in a cycle)"}


def hover(
    index: MapIndex,
    line: int,
    col: int,
    evaluation: Optional[Evaluation] = None,
    impact: Optional[Mapping[str, float]] = None,
) -> Optional[tuple[str, Optional[Span]]]:
    """Markdown for the cursor at (line, col), and the span it describes.

    On an id in ``attacks``/``supports``, the node it names; on a ``cite.source``, the source;
    elsewhere inside a node, that node. ``evaluation`` is the map's evaluation when the map is
    valid (None otherwise: the hover then says so instead of giving a label); ``impact``, by
    id, each node's impact on the central claim's strength (:func:`argmap.explain.impact`).
    """
    name = index.name_at(line, col)
    if name is not None:
        kind, value, span = name
        if kind == "source":
            source = index.sources.get(value)
            return (source_markdown(source) if source else f"Unknown source `{value}`"), span
        node = index.by_id.get(value)
        if node is None:
            return f"Unknown id `{value}`: no node of this map has it", span
        return node_markdown(index, node, evaluation, impact), span
    node = index.node_at(line, col)
    if node is None:
        return None
    return node_markdown(index, node, evaluation, impact), None


def node_markdown(
    index: MapIndex, node: NodeInfo, evaluation: Optional[Evaluation], impact: Optional[Mapping[str, float]] = None
) -> str:
    """A node described for a reader: kind and id, status, author, text, sources, evaluation."""
    data = node.data
    status = data.get("status") if node.kind not in ROOT_KINDS else None
    head = f"**{'central claim' if node.kind == 'claim' else node.kind}** `{node.id}`"
    if node.derived and node.kind not in ROOT_KINDS:
        head += " (id derived from the text)"
    if isinstance(status, str) and status != "accepted":
        head += f" · *{status}*"
    parts = [head]
    if isinstance(data.get("by"), str):
        parts.append(f"argued by {_inline(data['by'])}")
    text = data.get(node.kind if node.kind in ROOT_KINDS else "text")
    if isinstance(text, str):
        parts.append("> " + _inline(text))
    for cite in _cites(data):
        parts.append(_cite_line(index, cite))
    proposal = data.get("proposal")
    if isinstance(proposal, dict) and isinstance(proposal.get("model"), str):
        parts.append(
            f"proposed by `{_inline(proposal['model'])}`"
            + (f": {_inline(proposal['rationale'])}" if isinstance(proposal.get("rationale"), str) else "")
        )
    parts.append(_evaluation_line(node, evaluation, impact))
    return "\n\n".join(parts)


def source_markdown(source: SourceInfo) -> str:
    """A source described for a reader: its title, author, date, publisher and link."""
    data = source.data if isinstance(source.data, dict) else {}
    parts = [f"**source** `{source.key}`"]
    if isinstance(data.get("title"), str):
        parts.append(f"*{_inline(data['title'])}*")
    details = [_inline(str(data[key])) for key in ("author", "publisher", "date") if data.get(key) is not None]
    if details:
        parts.append(", ".join(details))
    if isinstance(data.get("url"), str):
        parts.append(f"<{data['url']}>")
    return "\n\n".join(parts)


def _cites(data: dict[str, Any]) -> list[dict[str, Any]]:
    cites = [data["cite"]] if isinstance(data.get("cite"), dict) else []
    if isinstance(data.get("cites"), list):
        cites.extend(c for c in data["cites"] if isinstance(c, dict))
    return cites


def _cite_line(index: MapIndex, cite: dict[str, Any]) -> str:
    key = cite.get("source")
    source = index.sources.get(key) if isinstance(key, str) else None
    title = None
    if source is not None and isinstance(source.data, dict):
        title = source.data.get("short") or source.data.get("title")
    line = f"cites *{_inline(str(title))}*" if title else f"cites `{key}`"
    if cite.get("at") is not None:
        line += f", at {_inline(str(cite['at']))}"
    if isinstance(cite.get("quote"), str):
        line += f": “{_inline(cite['quote'])}”"
    return line


def _evaluation_line(
    node: NodeInfo, evaluation: Optional[Evaluation], impact: Optional[Mapping[str, float]] = None
) -> str:
    if evaluation is None:
        return "evaluation: fix the map's problems to see whether this stands"
    result = evaluation.nodes.get(node.id)
    if result is None:
        return "evaluation: not counted (a proposal, a rejected node, or under one)"
    line = (
        f"evaluation: **{result.label}**, {LABEL_WORDS.get(result.label, result.label)}; strength {result.strength:.2f}"
    )
    value = impact.get(node.id) if impact is not None else None
    if isinstance(value, (int, float)):
        line += f"; impact on the central claim's strength {value:+.2f}"
    return line


def _inline(text: str) -> str:
    # Hover text is Markdown: a map's text must not turn into headings, links or HTML there.
    flat = " ".join(text.split())
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in flat)
