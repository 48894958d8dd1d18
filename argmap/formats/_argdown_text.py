"""Argdown's inline markup, found in time linear in the text.

Imports are untrusted input. Regular expressions such as ``\\[[^\\]]+?\\]\\(...`` or
``(\\*\\*)(.+?)\\1`` try every opening position and scan to the end of the text when no
closing follows, so ``[`` or ``**a `` repeated a few thousand times took minutes. Each
function here instead looks up the next closing character in a table built in one pass,
so every position is visited a bounded number of times. The results are the same as those
of the patterns they replace (noted on each function).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

#: Characters a ``#tag`` is made of (Argdown's own class).
_TAG_CHAR = re.compile("[A-Za-z0-9\\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]")
#: What may follow the end of a bold or italic range.
_AFTER_EMPHASIS = set(" \t\n\r\f\v)}_.,!?;:-*")
_WORDLIKE = re.compile(r"[\w\\]")
_SPACE = re.compile(r"\s")
#: Characters that may start an escape, a link, a shortcode or a comment.
_COMMENT_OR_SKIP = re.compile(r"[\\\[.:/<]")


def next_index(text: str, char: str, stop: str = "") -> list[int]:
    """For every position i, the index of the first ``char`` at or after i (``len(text)`` if none).

    With ``stop``, a character of ``stop`` met first also ends the search: the entry is then
    ``len(text)`` as well (no ``char`` before it).
    """
    n = len(text)
    out = [n] * (n + 1)
    nearest = n
    for i in range(n - 1, -1, -1):
        ch = text[i]
        if ch == char:
            nearest = i
        elif ch in stop:
            nearest = n
        out[i] = nearest
    return out


def link_spans(text: str, one_line: bool = False) -> list[tuple[int, int]]:
    """Spans of Markdown links ``[label](target)``, as ``\\[[^\\]]+?\\]\\([^)]+?\\)`` finds them.

    With ``one_line``, neither part may hold a line break.
    """
    if "[" not in text or "](" not in text:
        return []
    stop = "\n" if one_line else ""
    close_bracket = next_index(text, "]", stop)
    close_paren = next_index(text, ")", stop)
    n = len(text)
    spans = []
    i = text.find("[")
    while 0 <= i < n:
        j = close_bracket[i + 1]
        if j < n and j > i + 1 and j + 1 < n and text[j + 1] == "(":
            k = close_paren[j + 2] if j + 2 <= n else n
            if k < n and k > j + 2:
                spans.append((i, k + 1))
                i = text.find("[", k + 1)
                continue
        i = text.find("[", i + 1)
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect_left(spans, (position + 1,)) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]


def tags(text: str, links: list[tuple[int, int]]) -> list[str]:
    """The ``#tag`` and ``#(two words)`` tags of a text, outside links, in order (repeats kept)."""
    if "#" not in text:
        return []
    close_paren = next_index(text, ")")
    n = len(text)
    out = []
    i = text.find("#")
    while 0 <= i < n:
        end = i + 1
        if not _inside(i, links):
            if i + 1 < n and text[i + 1] == "(" and close_paren[i + 2] < n and close_paren[i + 2] > i + 2:
                end = close_paren[i + 2] + 1
                out.append(text[i + 2 : end - 1])
            else:
                j = i + 1
                while j < n and _TAG_CHAR.match(text[j]):
                    j += 1
                if j > i + 1:
                    out.append(text[i + 1 : j])
                    end = j
        i = text.find("#", end)
    return out


def strip_trailing_tags(text: str, links: list[tuple[int, int]]) -> str:
    """The text without the run of tags (and spaces) it ends with, if any; tags inside a link stay."""
    end = len(text.rstrip())
    cut = None
    while end > 0:
        start: Optional[int] = None
        if text[end - 1] == ")":
            previous = text.rfind(")", 0, end - 1)
            opening = text.find("#(", previous + 1, end - 1)
            if opening >= 0 and opening + 2 < end - 1:
                start = opening
        else:
            j = end
            while j > 0 and _TAG_CHAR.match(text[j - 1]):
                j -= 1
            if j < end and j > 0 and text[j - 1] == "#":
                start = j - 1
        if start is None or _inside(start, links):
            break
        cut = start
        end = len(text[:start].rstrip())
    return text if cut is None else text[:cut].rstrip()


def unwrap(text: str, delimiters: tuple[str, ...], check_before: bool) -> str:
    """Remove bold (``**``/``__``) or italic (``*``/``_``) markers around ranges, keeping the words.

    Matches what ``(D)(?=\\S)(.+?)(?<=\\S)\\1(?=[\\s)}_.,!?;:\\-*]|$)`` replaces with its content
    (with ``check_before``, the opening may not follow a word character or a backslash):
    each opening takes the nearest valid closing, found by bisection in a precomputed list.
    """
    if not any(d in text for d in delimiters):
        return text
    n = len(text)
    closings: dict[str, list[int]] = {}
    for d in delimiters:
        found = []
        j = text.find(d, 1)
        while j >= 0:
            after = j + len(d)
            if not text[j - 1].isspace() and (after >= n or text[after] in _AFTER_EMPHASIS):
                found.append(j)
            j = text.find(d, j + 1)
        closings[d] = found
    out = []
    last = i = 0
    candidates = re.compile("|".join(re.escape(d) for d in delimiters))
    while i < n:
        m = candidates.search(text, i)
        if m is None:
            break
        i, d = m.start(), m.group()
        inner = i + len(d)
        if inner < n and not text[inner].isspace() and not (check_before and i > 0 and _WORDLIKE.match(text[i - 1])):
            found = closings[d]
            k = bisect_left(found, inner + 1)
            if k < len(found) and text[inner : found[k]].find("\n") < 0:
                j = found[k]
                out.append(text[last:i])
                out.append(text[inner:j])
                last = i = j + len(d)
                continue
        i += 1
    out.append(text[last:])
    return "".join(out)


def blank_comments(text: str) -> str:
    """The text with every comment (``//...``, ``/*...*/``, ``<!--...-->``) replaced by NUL characters,
    its line breaks kept; escapes, links and ``.x.``/``:x:`` shortcodes are skipped over first,
    as Argdown's lexer takes them (a ``//`` inside them does not start a comment).
    """
    if "/" not in text and "<!--" not in text:
        return text
    n = len(text)
    links = link_spans(text, one_line=True)
    link_end = dict(links)
    out = []
    last = i = 0
    # Where the next closing of each block comment is, cached: once none is left, none ever is.
    closes: dict[str, int] = {"*/": -2, "-->": -2}

    def closing(mark: str, start: int) -> int:
        cached = closes[mark]
        if cached == -1 or cached >= start:
            return cached
        closes[mark] = text.find(mark, start)
        return closes[mark]

    space_after = None  # index of the next whitespace, computed lazily
    while i < n:
        m = _COMMENT_OR_SKIP.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[" and i in link_end:
            i = link_end[i]
            continue
        if ch in ".:":
            if space_after is None or space_after < i:
                m = _SPACE.search(text, i)
                space_after = m.start() if m else n
            j = text.find(ch, i + 2, space_after)
            if j >= 0:
                i = j + 1
                continue
            i += 1
            continue
        end = -1
        if ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif ch == "/" and text.startswith("/*", i):
            j = closing("*/", i + 2)
            end = j + 2 if j >= 0 else -1
        elif ch == "<" and text.startswith("<!--", i):
            j = closing("-->", i + 4)
            end = j + 3 if j >= 0 else -1
        if end >= 0:
            out.append(text[last:i])
            out.append(re.sub(r"[^\n]", "\x00", text[i:end]))
            last = i = end
            continue
        i += 1
    out.append(text[last:])
    return "".join(out)
