"""A map as a Markdown outline: a nested list that reads well in any Markdown viewer.

Each node is a list item opening with its kind in bold (Claim, Premise, Objection,
Rebuttal; Question and Position in a debate rooted in a question; Thesis for a premise
tagged ``thesis`` under the central claim), then its text, who
argues it and where it comes from. Cross-links are listed under the node they start
from, and the sources at the end.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..model import ArgumentMap
from ._common import count_left_out
from .graph import THESIS_TAG
from .report import Exported

_LABEL = {
    "claim": "Claim",
    "premise": "Premise",
    "objection": "Objection",
    "rebuttal": "Rebuttal",
    "question": "Question",
    "position": "Position",
}


def write_markdown(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> Exported:
    """Write a map as a Markdown outline. Only accepted nodes unless ``statuses`` says otherwise."""
    statuses = statuses or {"accepted"}
    result = Exported("", "Markdown")
    count_left_out(argmap, statuses, result)
    out: list[str] = [f"# {_escape(_line(argmap.display_title))}", ""]
    if argmap.description:
        out.extend([_escape(line.strip()) for line in argmap.description.strip().split("\n")] + [""])
    entries = list(argmap.walk(statuses))
    kept = {e.node.id for e in entries}
    short = {e.node.id: _escape(_short(e.node.text)) for e in entries}
    links: dict[str, list[tuple[str, str]]] = {}
    for source_id, link, target_id in argmap.cross_links():
        if source_id in kept and target_id in kept:
            links.setdefault(source_id, []).append((link, target_id))

    for entry in entries:
        node = entry.node
        pad = "  " * entry.depth
        label = _LABEL[node.kind]
        if entry.depth == 1 and THESIS_TAG in node.tags:
            label = "Thesis"
        head = f"{pad}- **{label}:** "
        lines = [_escape(line.strip()) for line in node.text.strip().split("\n")]
        item = [head + lines[0]] + [f"{pad}  {line}" if line.strip() else "" for line in lines[1:]]
        details = _details(argmap, node)
        if details:
            item[-1] += f" — {details}"
        out.extend(item)
        if node.note:
            note_lines = [_escape(line.strip()) for line in node.note.strip().split("\n")]
            out.append(f"{pad}  *Note:* {note_lines[0]}")
            out.extend(f"{pad}  {line}" for line in note_lines[1:])
        for link, target_id in links.get(node.id, ()):
            verb = "Also supports" if link == "supports" else "Also attacks"
            out.append(f"{pad}  - *{verb}:* {short[target_id]} (`{target_id}`)")
    cited = {c.source for e in entries for c in e.node.all_cites}
    sources = [(key, s) for key, s in argmap.sources.items() if key in cited]
    if sources:
        out.extend(["", "## Sources", ""])
        for key, source in sources:
            title = _link(_line(source.title), source.url)
            bits = [_escape(_line(str(b))) for b in (source.author, source.publisher, source.date) if b]
            out.append(f"- **{_escape(_line(key))}**: {title}" + (f", {', '.join(bits)}" if bits else ""))
    result.text = "\n".join(out).rstrip("\n") + "\n"
    result.nodes = len(entries)
    return result


def _details(argmap: ArgumentMap, node: Any) -> str:
    bits = []
    if node.by:
        bits.append(f"*{_escape(_line(node.by))}*")
    for cite in node.all_cites:
        source = argmap.sources.get(cite.source)
        name = _line(source.title) if source else cite.source
        text = _link(name, cite.url or (source.url if source else None))
        if cite.at is not None:
            text += f", at {_escape(_line(str(cite.at)))}"
        if cite.quote:
            text += f": “{_escape(_line(cite.quote))}”"
        bits.append(f"source: {text}")
    tags = [t for t in node.tags if t != THESIS_TAG]
    if tags:
        bits.append(" ".join(_code(f"#{_line(t)}") for t in tags))
    status = getattr(node, "status", None)
    if status:
        bits.append(f"({status})")
    return " · ".join(bits)


def _line(text: str) -> str:
    return " ".join(str(text).split())


# Map text is data: escaped so that no text can become markup (HTML, links, emphasis, code),
# start a block (a heading, a list item, a quote) or turn a link into a javascript: one.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
_ORDERED = re.compile(r"(\d+)([.)])")
_SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\s<>]+", re.IGNORECASE)


def _escape(text: str) -> str:
    """One line of text, made literal in Markdown."""
    text = _INLINE.sub(r"\\\1", text)
    ordered = _ORDERED.match(text)
    if ordered:
        return ordered.group(1) + "\\" + text[len(ordered.group(1)) :]
    return "\\" + text if text[:1] in ("#", "+", "-", "=", ">") else text


def _link(name: str, url: Optional[str]) -> str:
    """A link to an http(s) or mailto url; any other url is shown as text, never followed."""
    if not url:
        return _escape(name)
    target = str(url).strip()
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        target = target.replace(char, code)
    if not _SAFE_URL.fullmatch(target):
        return f"{_escape(name)} ({_escape(_line(str(url)))})"
    return f"<{target}>" if url == name else f"[{_escape(name)}]({target})"


def _code(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def _short(text: str, width: int = 80) -> str:
    text = _line(text)
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
