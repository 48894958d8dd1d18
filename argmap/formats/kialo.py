"""Kialo discussions as plain text: the export Kialo offers, read and written.

Two variants are in the wild. The older export (about 2018-2022) starts with
``Discussion Title: ...`` and writes one claim per line, ``1.2.3. Pro: text``, with
markdown escapes (``\\(``); the text of a claim may run on over further lines. The newer
one (2025) starts with ``Discussion Name:`` and the title on the next line, writes each
claim's label on a line of its own (``  1.1. Pro:``), its text on the following lines
indented two spaces per level, marks sources with ``[n]`` and lists them at the end
under ``Sources:``.

Numbers like ``1.2.`` also start lines of claim text (numbered lists), so a line only
opens a new claim when its number is the next child of a claim already read.

Mapping: the thesis is the central claim; Pro is a premise; Con is an objection, or a
rebuttal when it answers an objection. Unlabelled children of the thesis (the
sub-theses of a multi-thesis discussion) are premises tagged ``thesis``.
``-> See 1.2.3.`` repeats claim 1.2.3 under another claim: it becomes a cross-link
(``supports`` for Pro, ``attacks`` for Con) from 1.2.3 to that claim. A link to another
discussion is kept as a line of the note of the claim it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..errors import MapError, Problem
from ..ids import slugify
from ..model import ArgumentMap, Node
from ..vocabulary import POLARITY
from ._common import count_left_out, finish
from .graph import THESIS_TAG, TreeNode, tree_to_data
from .report import Exported, Imported, ImportReport, counted

V1 = "v1"
V2 = "v2"
_VARIANT_NAMES = {V1: "older export, 'Discussion Title:'", V2: "newer export, 'Discussion Name:'"}

# Numbers in Kialo exports are small; bounding their digits keeps int() within Python's limit.
_HEADER = re.compile(r"( *)(\d{1,9}(?:\.\d{1,9})*)\.(?:[ \t]+(.*))?$")
_LABEL = re.compile(r"(Pro|Con|Thesis|Question):[ \t]*(.*)$", re.S)
_LINK = re.compile(r"->\s*See\s+(\d{1,9}(?:\.\d{1,9})*)\.?\s*$")
_OTHER_DISCUSSION = re.compile(r"->\s*See\s+discussion\s+#(\d{1,12})(?::\s*(.*))?$", re.S)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_FOOTNOTE = re.compile(r"\[(\d{1,9})\]")
_SOURCE_LINE = re.compile(r"\[(\d{1,9})\]\s*(.*)$")
_NOTE_LINK = re.compile(r"(?:(Pro|Con): )?-> See discussion #\d+.*$")
_FOOTNOTE_KEY = re.compile(r"ref-(\d{1,9})$")


def is_kialo(text: str) -> bool:
    """True when the text starts like a Kialo export."""
    head = text.lstrip("\ufeff \t\r\n")[:40]
    return head.startswith(("Discussion Title:", "Discussion Name:"))


@dataclass
class _Entry:
    path: tuple[int, ...]
    label: Optional[str]  # Pro, Con, Thesis, Question, or None (unlabelled)
    line: int
    indent: int
    lines: list[str] = field(default_factory=list)
    children: int = 0
    last_child: tuple[int, ...] = ()
    #: The path of the claim it sits under: its own path less the last number, unless the
    #: numbering was broken and it was read under the nearest claim above.
    parent: tuple[int, ...] = ()


def read_kialo(text: str, file: str = "<string>") -> Imported:
    """Read a Kialo plain-text export (either variant) into a map.

    Raises :class:`~argmap.MapError` (one located problem) when the text is not a Kialo export.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise MapError(Problem("the file is empty: expected a Kialo export", file=file, line=1, col=1))
    head = lines[first].strip()
    if head.startswith("Discussion Title:"):
        variant, title, start = V1, head[len("Discussion Title:") :].strip(), first + 1
    elif head.startswith("Discussion Name:"):
        variant = V2
        title = head[len("Discussion Name:") :].strip()
        start = first + 1
        if not title:
            nxt = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), None)
            if nxt is not None and not _HEADER.match(lines[nxt]):
                title, start = lines[nxt].strip(), nxt + 1
    else:
        raise MapError(
            Problem(
                "not a Kialo export: the first line should start with 'Discussion Title:' or 'Discussion Name:'",
                file=file,
                line=first + 1,
                col=1,
            )
        )

    warnings: list[tuple[int, str]] = []
    entries, sources_at = _split(lines, start, variant, warnings)
    if not entries:
        raise MapError(
            Problem(
                "no thesis found: expected a line '1. <thesis>' (or '1. Thesis:')", file=file, line=start + 1, col=1
            )
        )
    report = ImportReport(file=file, format="Kialo", variant=_VARIANT_NAMES[variant], read=len(entries), unit="claims")
    for line, message in warnings:
        report.warn(line, 1, message)
    sources = _sources(lines, sources_at) if sources_at is not None else {}
    root = _build(entries, variant, sources, report, file)
    extra = {}
    if sources:
        extra["sources"] = {f"ref-{n}": source for n, source in sorted(sources.items())}
    data = tree_to_data(
        root, title=title if title and title != root.text else None, map_id=slugify(title or root.text), extra=extra
    )
    return finish(data, report, file)


def _split(
    lines: list[str], start: int, variant: str, warnings: list[tuple[int, str]]
) -> tuple[list[_Entry], Optional[int]]:
    """Cut the lines into claims, telling claim headers from numbered lines inside claim text.

    A labelled header (``Pro:``, ``Con:``, ``Thesis:``) whose number skips a level, goes
    back or leaves a gap still opens a claim, under the nearest claim above it, and is
    added to ``warnings`` as (line, message): one bad number must not swallow the rest.
    """
    entries: list[_Entry] = []
    by_path: dict[tuple[int, ...], _Entry] = {}
    current: Optional[_Entry] = None
    sources_at = None
    for i in range(start, len(lines)):
        line = lines[i]
        if variant == V2 and line.rstrip() == "Sources:" and entries:
            sources_at = i + 1
            break
        m = _HEADER.match(line)
        if m is not None:
            path = tuple(int(p) for p in m.group(2).split("."))
            rest = m.group(3) or ""
            label_match = _LABEL.match(rest)
            label = label_match.group(1) if label_match else None
            parent_path: Optional[tuple[int, ...]] = path[:-1]
            if not _opens_claim(path, label, len(m.group(1)), by_path, variant):
                after = label_match.group(2) if label_match else rest
                parent_path = (
                    _misnumbered(path, label, after, len(m.group(1)), by_path, variant, i + 1, warnings)
                    if entries
                    else None
                )
            if parent_path is not None:
                current = _Entry(path, label, i + 1, len(m.group(1)), parent=parent_path)
                if label_match:
                    rest = label_match.group(2)
                if rest.strip():
                    current.lines.append(rest)
                entries.append(current)
                by_path[path] = current
                if len(path) > 1:
                    by_path[parent_path].children += 1
                    by_path[parent_path].last_child = path
                continue
        if current is not None:
            current.lines.append(line)
    return entries, sources_at


def _opens_claim(
    path: tuple[int, ...], label: Optional[str], indent: int, by_path: dict[tuple[int, ...], _Entry], variant: str
) -> bool:
    if len(path) == 1:
        return not by_path and path == (1,)
    parent = by_path.get(path[:-1])
    if parent is None or path[-1] != parent.children + 1:
        return False
    if variant == V2 and indent != 2 * (len(path) - 1):
        return False
    # Below the thesis's own children, every claim is a Pro or a Con.
    return label in ("Pro", "Con") or len(path) == 2


def _misnumbered(
    path: tuple[int, ...],
    label: Optional[str],
    rest: str,
    indent: int,
    by_path: dict[tuple[int, ...], _Entry],
    variant: str,
    line: int,
    warnings: list[tuple[int, str]],
) -> Optional[tuple[int, ...]]:
    """Where a labelled claim header with a broken number goes (and a warning), or None for text."""
    if label not in ("Pro", "Con", "Thesis") or len(path) < 2 or (variant == V2 and rest.strip()):
        # An unlabelled numbered line is a numbered list inside the claim text; in the newer
        # export a label stands alone on its line, its text below.
        return None
    ancestor = next((path[:k] for k in range(len(path) - 1, 0, -1) if path[:k] in by_path), None)
    if ancestor is None:
        return None
    number = ".".join(map(str, path)) + "."
    under = ".".join(map(str, ancestor)) + "."
    parent = by_path[ancestor]
    if ancestor != path[:-1]:
        missing = ".".join(map(str, path[:-1])) + "."
        why = f"skips a level (there is no claim {missing})"
    elif path[-1] <= parent.children:
        why = f"goes back in the numbering (it follows claim {'.'.join(map(str, parent.last_child))}.)"
    elif path[-1] > parent.children + 1:
        why = f"leaves a gap (the next claim under {under} would be {under[:-1]}.{parent.children + 1}.)"
    elif variant == V2 and indent != 2 * (len(path) - 1):
        why = f"is indented {indent} spaces, not {2 * (len(path) - 1)}"
    else:
        return None
    warnings.append((line, f"claim {number} {why}; read as a claim under {under}"))
    return ancestor


def _raw_text(entry: _Entry, variant: str) -> str:
    lines = entry.lines
    if variant == V2:
        pad = entry.indent
        lines = [ln[pad:] if ln[:pad].strip() == "" else ln.lstrip() for ln in lines]
    return "\n".join(ln.rstrip() for ln in lines).strip("\n").strip()


def _unescape(text: str, variant: str) -> str:
    return _ESCAPED.sub(r"\1", text) if variant == V1 else text


def _sources(lines: list[str], start: int) -> dict[int, dict[str, str]]:
    sources: dict[int, dict[str, str]] = {}
    for line in lines[start:]:
        m = _SOURCE_LINE.match(line.strip())
        if m is None:
            continue
        number, where = int(m.group(1)), _ESCAPED.sub(r"\1", m.group(2).strip())
        if not where:
            continue
        if re.match(r"https?://", where):
            sources[number] = {"title": where, "url": where}
        else:
            sources[number] = {"title": where}
    return sources


def _build(
    entries: list[_Entry], variant: str, sources: dict[int, dict[str, str]], report: ImportReport, file: str
) -> TreeNode:
    nodes: dict[tuple[int, ...], TreeNode] = {}
    elsewhere: dict[tuple[int, ...], str] = {}
    links: list[tuple[_Entry, str]] = []
    empty = other = 0
    root: Optional[TreeNode] = None
    # A thesis labelled "Question:", or answered by unlabelled sub-theses only (a multi-thesis
    # discussion), roots the map in a question; its sub-theses are its positions.
    level2 = [e for e in entries if e.parent == entries[0].path and len(e.path) > 1]
    question = entries[0].label == "Question" or (
        any(e.label in (None, "Thesis") for e in level2) and not any(e.label in ("Pro", "Con") for e in level2)
    )
    for entry in entries:
        raw = _raw_text(entry, variant)
        link = _LINK.match(raw)
        if link and len(entry.path) > 1:
            links.append((entry, link.group(1)))
            continue
        text = _unescape(raw, variant)
        parent = nodes.get(entry.parent) if len(entry.path) > 1 else None
        if _OTHER_DISCUSSION.match(raw) and parent is not None:
            _note_link(parent, entry.label, text)
            elsewhere[entry.path] = text
            other += 1
            continue
        if not text:
            if parent is None:
                raise MapError(Problem("the thesis has no text", file=file, line=entry.line, col=1))
            empty += 1
            continue
        node = TreeNode(text)
        if variant == V2 and sources:
            _cite_footnotes(node, sources)
        if parent is None:
            if len(entry.path) > 1:
                empty += 1  # under an entry that was dropped
                continue
            node.kind = "question" if question else "claim"
            root = node
        elif parent is root and question:
            node.kind = "position"
            parent.children.append(node)
        elif entry.label in (None, "Thesis"):
            parent.attach(node, "support")
            node.add_tag(THESIS_TAG)
        else:
            parent.attach(node, "support" if entry.label == "Pro" else "attack")
        nodes[entry.path] = node
    assert root is not None
    made = missing = from_root = own_parent = under_question = 0
    for entry, target_path in links:
        parent = nodes.get(entry.parent)
        target_key = tuple(int(p) for p in target_path.split("."))
        target = nodes.get(target_key)
        if parent is not None and target_key in elsewhere:
            _note_link(parent, entry.label, elsewhere[target_key])  # a link to a link to another discussion
            other += 1
        elif parent is None or target is None:
            missing += 1
        elif target is root:
            from_root += 1
        elif target is parent:
            own_parent += 1
        elif parent is root and question:
            under_question += 1
        else:
            target.link(parent, "support" if entry.label != "Con" else "attack")
            made += 1
    if made:
        report.note(
            f"{counted(made, chr(39) + '-> See' + chr(39) + ' link')} became cross-links (supports for Pro, "
            "attacks for Con)"
        )
    if other:
        report.note(f"{counted(other, 'link')} to other Kialo discussions kept as notes on the claims they sat under")
    report.drop(empty, "claims with no text", "argmap nodes need text")
    report.drop(missing, "'-> See' links to claims not in the file", "there is nothing to link to")
    report.drop(own_parent, "'-> See' links to the claim they sit under", "a claim cannot support or attack itself")
    report.drop(from_root, "'-> See' links to the thesis", "in argmap the central claim supports or attacks nothing")
    report.drop(
        under_question,
        "'-> See' links directly under the question",
        "a question is answered by positions, not supported or attacked",
    )
    return root


def _trailing_footnotes(text: str) -> int:
    r"""Where the run of ``[n]`` markers (and spaces) that ends ``text`` starts; ``len(text)`` if none.

    Scanned from the end: a pattern like ``(?:\s*\[\d+\])+\s*$`` is tried from every position and
    took minutes on a text of a few thousand markers.
    """
    end = len(text.rstrip())
    start = len(text)
    while end > 0 and text[end - 1] == "]":
        open_at = text.rfind("[", 0, end - 1)
        if open_at < 0 or not text[open_at + 1 : end - 1].isdigit() or not text[open_at + 1 : end - 1].isascii():
            break
        start = open_at
        end = len(text[:open_at].rstrip())
    return start


def _note_link(node: TreeNode, label: Optional[str], text: str) -> None:
    line = (f"{label}: " if label else "") + " ".join(text.split())
    note = node.fields.get("note")
    node.fields["note"] = f"{note}\n{line}" if note else line


def _cite_footnotes(node: TreeNode, sources: dict[int, dict[str, str]]) -> None:
    numbers = []
    for m in _FOOTNOTE.finditer(node.text):
        n = int(m.group(1))
        if n in sources and n not in numbers:
            numbers.append(n)
    if not numbers:
        return
    start = _trailing_footnotes(node.text)
    if 0 < start < len(node.text) and all(int(n) in sources for n in _FOOTNOTE.findall(node.text[start:])):
        # Markers at the very end only say where the point comes from: the cites say that now.
        node.text = node.text[:start].rstrip()
    cites = [{"source": f"ref-{n}"} for n in numbers]
    if len(cites) == 1:
        node.fields["cite"] = cites[0]
    else:
        node.fields["cites"] = cites


# -- writing ---------------------------------------------------------------------------------------


def write_kialo(argmap: ArgumentMap, variant: str = V2, statuses: Optional[set[str]] = None) -> Exported:
    """Write a map as a Kialo plain-text export (``variant`` "v2", the current one, or "v1").

    Only accepted nodes are written unless ``statuses`` says otherwise
    (e.g. ``{"accepted", "proposed"}``).
    """
    if variant not in (V1, V2):
        raise ValueError(f"Kialo variant must be {V1!r} or {V2!r}, not {variant!r}")
    statuses = statuses or {"accepted"}
    result = Exported("", "Kialo")
    entries = list(argmap.walk(statuses))
    number: dict[str, str] = {}
    kept = {e.node.id for e in entries}
    count_left_out(argmap, statuses, result)

    # Sources: a source keyed ref-N keeps its footnote number N; the others take free numbers.
    footnote: dict[str, int] = {}
    used = [c.source for e in entries for c in e.node.all_cites if c.source in argmap.sources]
    for key in used:
        m = _FOOTNOTE_KEY.match(key)
        if m and key not in footnote:
            footnote[key] = int(m.group(1))
    taken = set(footnote.values())
    next_free = 1
    for key in used:
        if key not in footnote:
            while next_free in taken:
                next_free += 1
            footnote[key] = next_free
            taken.add(next_free)

    # Cross-links become '-> See' entries under their target, after its own children.
    see: dict[str, list[tuple[str, str]]] = {}
    dropped_links = 0
    for source_id, link, target_id in argmap.cross_links():
        if source_id in kept and target_id in kept:
            see.setdefault(target_id, []).append(("Pro" if link == "supports" else "Con", source_id))
        else:
            dropped_links += 1
    result.drop(dropped_links, "cross-links to or from nodes left out", "their other end is not written")

    out: list[str] = []
    title = argmap.title or argmap.claim
    if variant == V1:
        out.append(f"Discussion Title: {_one_line(title)}")
        out.append("")
    else:
        out.extend(["Discussion Name:", _one_line(title), ""])

    lost = {"by": 0, "notes": 0, "tags": 0, "weights": 0, "cites": 0, "sources": 0}
    # Depth first with the node's own links and notes after its children, as Kialo lists them.
    root_label = ("Question" if argmap.kind == "question" else "Thesis") if variant == V2 else None
    stack: list[tuple[str, Any, str, Optional[str]]] = [("node", argmap, "1", root_label)]
    while stack:
        action, node, path, label = stack.pop()
        if action == "extras":
            for k, (link_label, link_text) in enumerate(node, start=int(path.rsplit(".", 1)[1])):
                _write_entry(out, variant, f"{path.rsplit('.', 1)[0]}.{k}", link_label, link_text)
            continue
        number[node.id] = path
        text = node.text
        if variant == V2:
            marks = [footnote[c.source] for c in node.all_cites if c.source in footnote]
            missing = [n for n in dict.fromkeys(marks) if f"[{n}]" not in text]
            if missing:
                text += " " + " ".join(f"[{n}]" for n in missing)
        else:
            lost["cites"] += len(node.all_cites)
        _write_entry(out, variant, path, label, text if variant == V2 else _escape_v1(text))
        kids = [
            (child, rel)
            for rel in node.relations
            for child in getattr(node, rel)
            if (child.status or "accepted") in statuses
        ]
        extras: list[tuple[Optional[str], str]] = []
        for link_label, link_text in _note_links(node):
            if variant == V1:
                m = re.match(r"(-> See discussion #\d+:?\s*)(.*)", link_text, re.S)
                link_text = m.group(1) + _escape_v1(m.group(2)) if m else link_text
            extras.append((link_label, link_text))
        extras.extend((link_label, "\x00" + source_id) for link_label, source_id in see.get(node.id, ()))
        if extras:
            stack.append(("extras", extras, f"{path}.{len(kids) + 1}", None))
        for k, (child, rel) in reversed(list(enumerate(kids, start=1))):
            if POLARITY[rel] == "answer":
                child_label = "Thesis" if variant == V2 else None  # as Kialo writes a multi-thesis debate
            elif node is argmap and THESIS_TAG in child.tags:
                child_label = None
            else:
                child_label = "Pro" if POLARITY[rel] == "support" else "Con"
            stack.append(("node", child, f"{path}.{k}", child_label))
        lost["by"] += bool(node.by)
        lost["tags"] += len([t for t in node.tags if t != THESIS_TAG])
        lost["weights"] += node.weight != 0.5
        if node.note and any(not _NOTE_LINK.match(line) for line in node.note.split("\n")):
            lost["notes"] += 1
    text = "\n".join(out)
    # Links may point forward; fill in the numbers now that every node has one.
    text = re.sub("\x00([a-z0-9-]+)", lambda m: f"-> See {number[m.group(1)]}.", text)
    if variant == V2 and footnote:
        text = (
            text.rstrip("\n")
            + "\n\nSources:\n"
            + "".join(
                f"[{n}] {_source_line(argmap, key)}\n" for key, n in sorted(footnote.items(), key=lambda kv: kv[1])
            )
        )
    elif variant == V1:
        lost["sources"] = len(argmap.sources)
    result.text = text.rstrip("\n") + "\n"
    result.nodes = len(entries)
    if see:
        result.converted.append(
            f"{counted(sum(len(v) for v in see.values()), 'cross-link')} written as '-> See' entries"
        )
    why = "the Kialo text format has no place for them"
    result.drop(lost["by"], "'by' attributions", why)
    result.drop(lost["tags"], "tags", why)
    result.drop(lost["weights"], "weights", why)
    result.drop(lost["notes"], "notes", why)
    result.drop(lost["cites"], "cites", "the older Kialo format has no sources (use the v2 variant)")
    result.drop(lost["sources"], "sources", "the older Kialo format has no sources (use the v2 variant)")
    return result


def _write_entry(out: list[str], variant: str, path: str, label: Optional[str], text: str) -> None:
    depth = path.count(".")
    if variant == V1:
        lines = text.split("\n")
        out.append(f"{path}. {label + ': ' if label else ''}{lines[0]}")
        out.extend(lines[1:])
    else:
        pad = "  " * depth
        out.append(f"{pad}{path}.{' ' + label + ':' if label else ''}")
        out.extend(f"{pad}{line}" if line.strip() else "" for line in text.split("\n"))
        out.append("")


def _note_links(node: Node | ArgumentMap) -> list[tuple[Optional[str], str]]:
    """The links to other discussions kept in a node's note, as (label, text) entries."""
    out = []
    for line in (node.note or "").split("\n"):
        m = _NOTE_LINK.match(line)
        if m:
            label = m.group(1)
            out.append((label, line[len(label) + 2 :] if label else line))
    return out


_LINK_IN_TEXT = re.compile(r"\[([^\[\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
_HEADER_LIKE = re.compile(r"(\s*\d+)\.((?:\d+\.)*)(\s|$)")


def _escape_v1(text: str) -> str:
    """Escape text the way the older export does, so that reading it back gives the same text."""

    def plain(segment: str) -> str:
        return re.sub(r"([\\()\[\]<>])", r"\\\1", segment)

    out, last = [], 0
    for m in _LINK_IN_TEXT.finditer(text):
        out.append(plain(text[last : m.start()]))
        label = re.sub(r"([\\<>])", r"\\\1", m.group(1))
        url = re.sub(r"([()])", r"\\\1", m.group(2))
        out.append(f"[{label}]({url})")
        last = m.end()
    out.append(plain(text[last:]))
    escaped = "".join(out)
    # A line of text that reads like a claim number, or like a link, must not be taken for one.
    lines = escaped.split("\n")
    lines = [_HEADER_LIKE.sub(r"\1\\.\2\3", line, count=1) if _HEADER.match(line) else line for line in lines]
    if lines[0].startswith("->"):
        lines[0] = "\\" + lines[0]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_line(argmap: ArgumentMap, key: str) -> str:
    source = argmap.sources[key]
    return _one_line(source.url or source.title)
