"""An evaluation for people: the verdict line, the terminal table, and what decides the verdict.

Kept apart from :mod:`argmap.evaluation`, which computes and has no display code; rich
is imported only by the functions that build renderables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from .gradual import SCHEMES
from .vocabulary import ATTACK_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import RenderableType

    from .evaluation import Evaluation
    from .explain import Explanation
    from .model import ArgumentMap

#: Colour and marker of each label (markers keep labels apart without colour).
LABEL_STYLES = {"in": ("green", "✓"), "out": ("red", "✗"), "undec": ("yellow", "?")}
#: The verdict on the central claim in one word, by its grounded label (as ``--expect`` takes it).
VERDICTS = {"in": "stands", "out": "falls", "undec": "undecided"}
#: What the claim becomes, in words, when its label changes to this.
_BECOMES = {"in": "the claim stands", "out": "the claim falls", "undec": "the claim is undecided"}
#: How many flips and impacts the text lists (--json lists every one).
SHOWN = 5


def verdict_line(evaluation: Evaluation) -> str:
    """Sentences saying whether the central claim stands and how strong it is, each measure
    said in words, for people (plain text)."""
    result = evaluation.verdict
    label = result.label
    if label == "in":
        how = "stands: every attack on it is answered" if result.attackers else "stands: nothing attacks it"
    elif label == "out":
        standing = sum(1 for a in result.attackers if evaluation.nodes[a].label == "in")
        how = (
            "falls: an attack on it stands unanswered"
            if standing == 1
            else f"falls: {standing} attacks on it stand unanswered"
        )
    else:
        how = "is undecided: the attacks that bear on it go round in a cycle"
    change = result.strength - result.base
    moved = "up from" if change > 0.005 else "down from" if change < -0.005 else "the same as"
    line = (
        f"Verdict: the central claim {how} (grounded label: {label}). "
        f"Weighing how strong each point for and against it is, its strength is {result.strength:.2f}, "
        f"{moved} the {result.base:.2f} it has on its own ({SCHEMES[evaluation.gradual].title}, 0 to 1)"
    )
    if label == "out" and change > 0.005:
        line += ": the case for it outweighs the case against, but an unanswered attack is enough to defeat it"
    elif label == "in" and change < -0.005:
        line += ": every attack is answered, yet what speaks against it weighs more than what speaks for it"
    line += "."
    if not result.converged:
        line += " The strength did not converge."
    return line


def acceptance_line(evaluation: Evaluation) -> Optional[str]:
    """What the chosen extension semantics says of the claim, or None under grounded semantics."""
    if evaluation.acceptance == "grounded" or evaluation.claim is None:
        return None
    name = evaluation.acceptance
    total = len(evaluation.extensions)
    if not total:
        return f"Under {name} semantics the map has no extension, so no node is accepted."
    inside = sum(1 for extension in evaluation.extensions if evaluation.claim in extension)
    plural = "extension" if total == 1 else "extensions"
    how = (
        "accepted sceptically (in every extension)"
        if evaluation.claim in evaluation.skeptical
        else "accepted credulously only (in some extensions, not all)"
        if evaluation.claim in evaluation.credulous
        else "not accepted (in no extension)"
    )
    if evaluation.extension_count > total:
        return (
            f"Under {name} semantics the map has {evaluation.extension_count:,} extensions (the first "
            f"{total:,} are listed in --json); the central claim is {how}."
        )
    return f"Under {name} semantics the central claim is in {inside} of {total} {plural}: {how}."


def _named(node_ids: tuple[str, ...]) -> str:
    quoted = [f"`{node_id}`" for node_id in node_ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1] + " together"


def flip_lines(explanation: Explanation, kinds: Optional[dict[str, str]] = None) -> list[str]:
    """The flips in words: "the verdict rests on `o2`: answer it and the claim stands".

    ``kinds`` (id -> kind) lets a set that holds a premise be said as "take it away"
    rather than "answer it", which fits only objections and rebuttals.
    """
    if not explanation.flips:
        lines = [_no_flip(explanation)]
    else:
        lines = []
        for flip, after in list(zip(explanation.flips, explanation.outcomes))[:SHOWN]:
            them = "it" if len(flip) == 1 else "both" if len(flip) == 2 else f"all {len(flip)}"
            attacks = kinds is None or all(kinds.get(node_id) in ATTACK_KINDS for node_id in flip)
            change = f"answer {them}" if attacks else f"take {them} away"
            lines.append(f"The verdict rests on {_named(flip)}: {change} and {_BECOMES[after]}.")
        if len(explanation.flips) > SHOWN:
            lines.append(f"... and {len(explanation.flips) - SHOWN} more sets (--json lists them all).")
    if not explanation.complete:
        lines.append("The search for flips stopped early on this large map; those listed are still minimal.")
    return lines


def _no_flip(explanation: Explanation) -> str:
    """No flip found: say so, and say whether a larger ``--flip-size`` could find one."""
    from .explain import MAX_FLIP_SIZE

    size = explanation.flip_size
    if size >= len(explanation.impact) and explanation.complete:
        return "No set of nodes changes the verdict when answered or withdrawn."
    said = f"No set of up to {size} node{'s' if size != 1 else ''} changes the verdict when answered or withdrawn"
    if size >= MAX_FLIP_SIZE or not explanation.complete:
        return said + "."
    return said + f"; a larger --flip-size (up to {MAX_FLIP_SIZE}) searches bigger sets."


def explanation_view(argmap: ArgumentMap, evaluation: Evaluation, explanation: Explanation) -> RenderableType:
    """What decides the verdict, for the terminal: the flips in words and the largest impacts."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import STYLES

    kinds = {node.id: node.kind for node in argmap.nodes()}
    parts: list[Any] = [Text("What decides it", style="bold")]
    parts.extend(Text(line) for line in flip_lines(explanation, kinds))
    top = explanation.top(SHOWN)
    if top:
        title = SCHEMES[evaluation.gradual].title
        parts.append(Text(f"Largest impact on the claim's strength ({title}; + helps it, − hurts it):"))
        table = Table(show_header=False, show_edge=False, pad_edge=False, box=None, expand=False)
        table.add_column("impact", justify="right", no_wrap=True)
        table.add_column("node", overflow="fold")
        nodes = {node.id: node for node in argmap.nodes()}
        for node_id, value in top:
            node = nodes.get(node_id)
            cell = Text()
            if node is not None:
                style, marker = STYLES[node.kind]
                cell.append(f"{marker} ", style=style)
                cell.append(node.text)
            cell.append(f"  #{node_id}", style="cyan dim")
            table.add_row(Text(f"{value:+.3f}".replace("-", "−"), style="green" if value > 0 else "red"), cell)
        parts.append(table)
    return Group(*parts)


def evaluation_table(argmap: ArgumentMap, evaluation: Evaluation, depth: Optional[int] = None) -> RenderableType:
    """The evaluation as a rich table (node, kind, label, strength), a summary and the verdict line.

    ``depth`` limits the rows to nodes that many levels below the central claim.
    """
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .terminal import STYLES

    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("node", overflow="fold", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("strength", justify="right", no_wrap=True)
    for entry in argmap.walk(statuses={"accepted"}):
        node = entry.node
        result = evaluation.nodes.get(node.id)
        if result is None or (depth is not None and entry.depth > depth):
            continue
        style, marker = STYLES[node.kind]
        # Text objects, not markup strings: the map's own text may contain [brackets].
        cell = Text(f"{marker} ", style=style)
        cell.append(node.text, style="bold" if node.kind == "claim" else "")
        cell.append(f"  #{node.id}", style="cyan dim")
        label_style, label_marker = LABEL_STYLES[result.label]
        strength = f"{result.strength:.2f}" + ("" if result.converged else "*")
        # Padding rather than leading spaces, so that wrapped lines keep the indent.
        table.add_row(
            Padding(cell, (0, 0, 0, 2 * entry.depth)),
            Text(node.kind, style=f"{style} dim"),
            Text(f"{label_marker} {result.label}", style=label_style),
            Text(strength),
        )
    parts: list[Any] = [table]
    counts = evaluation.counts()
    total = len(evaluation.nodes)
    summary = Text(
        f"{total} node{'s' if total != 1 else ''} evaluated: {counts['in']} in, {counts['out']} out, "
        f"{counts['undec']} undecided",
        style="dim",
    )
    if evaluation.ignored:
        summary.append(f"; {len(evaluation.ignored)} left out (proposed, rejected, or under one)")
    if not evaluation.acyclic:
        summary.append(f"; cycles solved in up to {evaluation.iterations} iterations")
    parts.append(summary)
    if not evaluation.converged:
        parts.append(
            Text(
                f"* strength did not converge for {len(evaluation.unconverged)} node(s) "
                "(a cycle kept changing); these values are the last iterate",
                style="yellow",
            )
        )
    if evaluation.claim is not None:
        label_style = LABEL_STYLES[evaluation.verdict.label][0]
        parts.append(Text(verdict_line(evaluation), style=f"bold {label_style}"))
    extra = acceptance_line(evaluation)
    if extra:
        parts.append(Text(extra))
    return Group(*parts)
