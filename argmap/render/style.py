"""The visual language shared by every layout: colours, shapes, wrapped text, tooltips, links.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness. Colour is never the only cue: each kind also has its own
outline (rounded for premises, square and heavier for objections, a double rule for
rebuttals), its name written small above the text, and edges differ by head (an
arrow for support, a bar for attack), so the map reads in greyscale print too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ..vocabulary import CLAIM_LIKE, KIND_WORDS
from .view import Item, View

#: Characters per line of node text (the claim gets a little more room).
WRAP = 34
WRAP_CLAIM = 38
#: The shortest a source title under a node is cut to (with an ellipsis) to leave room for its locator.
SOURCE_CHARS = 16

FONT = "Helvetica,Arial,sans-serif"

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#ffffff",
        "text": "#1a1a1a",
        "muted": "#555555",
        "claim_fill": "#1d2b3a",
        "claim_line": "#1d2b3a",
        "claim_text": "#ffffff",
        "claim_muted": "#d0d7de",
        "premise_fill": "#e2f3ec",
        "premise_line": "#007a5a",
        "objection_fill": "#fbdcc8",
        "objection_line": "#b34700",
        "rebuttal_fill": "#d9e9f6",
        "rebuttal_line": "#0060a0",
        "proposed_fill": "#ffffff",
        "support": "#009e73",
        "attack": "#d55e00",
        "legend_fill": "#f6f6f6",
        "legend_line": "#bbbbbb",
        "in": "#007a5a",
        "out": "#b34700",
        "undec": "#6b6b6b",
        "out_fill": "#eeeeee",
        "highlight": "#e69f00",
    },
    "dark": {
        "background": "#16181d",
        "text": "#eceff4",
        "muted": "#b0b6c0",
        "claim_fill": "#f0e442",
        "claim_line": "#f0e442",
        "claim_text": "#111111",
        "claim_muted": "#3a3a3a",
        "premise_fill": "#123b30",
        "premise_line": "#2fc79a",
        "objection_fill": "#4a2412",
        "objection_line": "#ff8a3d",
        "rebuttal_fill": "#132f48",
        "rebuttal_line": "#56b4e9",
        "proposed_fill": "#16181d",
        "support": "#2fc79a",
        "attack": "#ff8a3d",
        "legend_fill": "#22252c",
        "legend_line": "#4a4f5a",
        "in": "#2fc79a",
        "out": "#ff8a3d",
        "undec": "#b0b6c0",
        "out_fill": "#2a2c31",
        "highlight": "#e69f00",
    },
    # For greyscale printers and readers who cannot tell the palette's colours apart: black lines, kinds
    # told apart by outline (rounded, heavy square on grey, double rule) and attacks by a dashed line.
    "print": {
        "background": "#ffffff",
        "text": "#000000",
        "muted": "#444444",
        "claim_fill": "#2b2b2b",
        "claim_line": "#000000",
        "claim_text": "#ffffff",
        "claim_muted": "#e0e0e0",
        "premise_fill": "#ffffff",
        "premise_line": "#000000",
        "objection_fill": "#e4e4e4",
        "objection_line": "#000000",
        "rebuttal_fill": "#ffffff",
        "rebuttal_line": "#000000",
        "proposed_fill": "#ffffff",
        "support": "#000000",
        "attack": "#000000",
        "legend_fill": "#ffffff",
        "legend_line": "#888888",
        "in": "#000000",
        "out": "#000000",
        "undec": "#555555",
        "out_fill": "#f0f0f0",
        "highlight": "#000000",
        "attack_dash": "7,4",
    },
}


def attack_dash(colours: dict[str, str]) -> str:
    """The ``stroke-dasharray`` of attack edges in this theme, or "" when they are solid."""
    return colours.get("attack_dash", "")


KIND_NAMES = {kind: word.upper() for kind, word in KIND_WORDS.items()}
#: Kinds drawn in the look of another: a question on top and its positions, as peers, look like central claims.
DRAWN_AS = {"question": "claim", "position": "claim"}

# Bidi overrides and zero-width characters too: a picture must show the text that is stored.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
    r"\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]"
)
_SPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s\"'<>\\`]+$", re.IGNORECASE)


def xml(text: str) -> str:
    """Text made safe inside an XML element or a double-quoted attribute: the SVG argmap draws,
    the HTML page, and Graphviz's HTML-like labels, which are XML too."""
    # A chain of replace() is several times faster than str.translate() on mostly plain text.
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def clean(text: Any) -> str:
    """One line of plain text: control characters dropped, runs of whitespace made one space."""
    if text is None:
        return ""
    text = str(text)
    if text.isprintable() and "  " not in text:  # the common case, and much cheaper than the regexes
        return text.strip()
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def clean_block(text: Any) -> str:
    """Like :func:`clean` but keeps line breaks (for tooltips and the HTML side panel)."""
    if text is None:
        return ""
    if str(text).isprintable() and "  " not in str(text):
        return str(text).strip()
    lines = [_SPACE.sub(" ", _CONTROL.sub("", line)).strip() for line in str(text).splitlines()]
    return "\n".join(line for line in lines if line)


def safe_url(url: Any) -> Optional[str]:
    """The url if it is an absolute http(s) or mailto link; None otherwise (``javascript:``, ``data:``, relative...)."""
    if not url:
        return None
    text = _CONTROL.sub("", str(url)).strip()
    return text if _SAFE_URL.match(text) else None


def theme(name: str) -> dict[str, str]:
    """The colours of a theme (``light``, ``dark`` or ``print``)."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of: {', '.join(THEMES)}") from None


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters (longer words are split)."""
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > width:  # a url or a very long word: cut it
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


@dataclass
class Look:
    """Everything drawn for one node, worked out once and shared by the DOT and SVG writers."""

    id: str
    kind: str
    proposed: bool
    tag: str
    lines: list[str]
    #: The compact ``by`` / source line, wrapped like the text (usually one line, or none).
    meta: list[str]
    tooltip: str
    url: Optional[str]
    #: ``("in"|"out"|"undec", strength)`` when an evaluation is shown.
    verdict: Optional[tuple[str, float]]
    #: With an explanation: the node's impact on the claim's strength, and that impact as a share
    #: (-1..1) of the largest impact on the map, and whether the verdict rests on the node.
    impact: Optional[float] = None
    impact_share: float = 0.0
    deciding: bool = False


def has_accepted_llm_nodes(view: Any) -> bool:
    """Whether some node drawn was proposed by an LLM and then accepted (its tag says "· LLM")."""
    return any(not item.proposed and getattr(item.node, "proposal", None) is not None for item in view.items)


def look(
    item: Item, sources: dict[str, Any], evaluation: Any = None, explanation: Any = None, largest: float = 0.0
) -> Look:
    """How ``item`` is drawn: kind tag, wrapped text, the compact ``by``/source line, tooltip and link."""
    node = item.node
    tag = KIND_NAMES[item.kind]
    proposal = getattr(node, "proposal", None)
    if item.proposed:
        tag = "PROPOSED " + tag
    elif proposal is not None:
        tag = tag + " \u00b7 LLM"  # accepted, but written by a model: a reader should see that
    text = clean(node.text)
    lines = wrap(text, WRAP_CLAIM if item.kind in CLAIM_LIKE else WRAP)

    cites = list(node.all_cites)
    meta_parts = []
    by = clean(node.by)
    if by:
        meta_parts.append(by)
    url: Optional[str] = None
    tip = [clean_block(node.text)]
    for index, cite in enumerate(cites):
        source = sources.get(cite.source)
        title = clean(source.title) if source is not None else clean(cite.source)
        at = clean(cite.at)
        if index == 0:
            short = (clean(source.short) if source is not None else "") or title
            # "Ilya Sutskever – We're moving..." under a node by Ilya Sutskever: the name is already there.
            named = re.match(re.escape(by) + r"\s*[:\u2013\u2014|-]\s*(\S.*)", short, re.IGNORECASE) if by else None
            if named:
                short = named.group(1)
            suffix = (f" @ {at}" if at else "") + (f" +{len(cites) - 1}" if len(cites) > 1 else "")
            room = max(SOURCE_CHARS, WRAP + 8 - len(suffix))  # the locator is never cut; the title may be
            short = short if len(short) <= room else short[: room - 1].rstrip() + "\u2026"
            meta_parts.append(short + suffix)
        quote = clean_block(cite.quote)
        where = title + (f", at {at}" if at else "")
        if source is not None and clean(source.author):
            where = clean(source.author) + ", " + where
        tip.append((f"\u201c{quote}\u201d \u2014 " if quote else "Source: ") + where)
        if url is None:
            url = safe_url(cite.url) or (safe_url(source.url) if source is not None else None)
    if item.hidden:
        meta_parts.append(f"+{item.hidden} more below")
    note = clean_block(getattr(node, "note", None))
    if note:
        tip.append("Note: " + note)
    if item.proposed:
        tip.append("Proposed by an LLM; not yet reviewed.")
    elif proposal is not None:
        who = f" by {clean(proposal.decided_by)}" if proposal.decided_by else ""
        when = f" on {clean(proposal.decided)[:10]}" if proposal.decided else ""
        tip.append(f"Proposed by {clean(proposal.model)}; accepted{who}{when}.")

    verdict = None
    if evaluation is not None:
        entry = evaluation.nodes.get(item.id)
        if entry is not None:
            verdict = (str(entry.label), float(entry.strength))
    impact = explanation.impact.get(item.id) if explanation is not None and verdict is not None else None
    return Look(
        id=item.id,
        kind=DRAWN_AS.get(item.kind, item.kind),
        proposed=item.proposed,
        tag=tag,
        lines=lines,
        meta=_meta_lines(meta_parts),
        tooltip="\n".join(part for part in tip if part),
        url=url,
        verdict=verdict,
        impact=impact,
        impact_share=impact / largest if impact is not None and largest else 0.0,
        deciding=explanation is not None and item.id in explanation.deciding,
    )


def _meta_lines(parts: list[str], width: int = WRAP + 8) -> list[str]:
    """One line when it fits (``by · source @ at``), else one line per part, each shortened to fit."""
    joined = " \u00b7 ".join(parts)
    if len(joined) <= width:
        return [joined] if joined else []
    return [part if len(part) <= width or "@" in part else part[: width - 1].rstrip() + "\u2026" for part in parts]


def looks(view: View, sources: dict[str, Any], evaluation: Any = None, explanation: Any = None) -> list[Look]:
    """:func:`look` for every item of the view, in order."""
    largest = max((abs(value) for value in explanation.impact.values()), default=0.0) if explanation else 0.0
    return [look(item, sources, evaluation, explanation, largest) for item in view.items]


def verdict_text(verdict: tuple[str, float], impact: Optional[float] = None, deciding: bool = False) -> str:
    """The badge shown for an evaluated node, e.g. ``IN 0.72``, or with an explanation
    ``IN 0.72 \u00b7 \u0394+0.19 \u2605`` (impact on the claim; the star: the verdict rests on it)."""
    label, strength = verdict
    text = f"{label.upper()} {strength:.2f}"
    if impact is not None:
        text += f" \u00b7 \u0394{impact:+.2f}".replace("-", "\u2212")
    return text + (" \u2605" if deciding else "")
