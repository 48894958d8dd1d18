"""Characters that change how text reads without being seen: bidi controls and zero-width marks.

A right-to-left override (U+202E) makes "txt.exe" show as "exe.txt"; a zero-width space
(U+200B) makes two texts that look alike compare unequal. In untrusted text (an LLM's
answer, or what an assistant sends through the MCP server) they are removed; in a map's own
text shown at a terminal they are marked, so a reader sees that they are there (a map may
legitimately hold right-to-left text).

This module is the one place that decides which characters untrusted text loses.
"""

from __future__ import annotations

import re

_INVISIBLE = "\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: Bidi embeddings, overrides and isolates, directional marks, zero-width spaces and joiners,
#: the word joiner and invisible operators, the byte-order mark, the Mongolian vowel separator.
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
#: What untrusted text loses: the characters above and the soft hyphen, which shows nothing
#: mid-line but keeps two texts that look alike from comparing equal. (A map's own soft
#: hyphens are not marked at a terminal: they are ordinary hyphenation hints.)
_STRIPPED = re.compile(f"[\u00ad{_INVISIBLE}]")
#: Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls, zero-width characters and soft hyphens."""
    return _STRIPPED.sub("", text) if _STRIPPED.search(text) else text


def one_line(text: str) -> str:
    """Untrusted ``text`` on one line: invisible characters removed, control characters and runs
    of whitespace turned into single spaces, and no space at either end."""
    return " ".join(CONTROL.sub(" ", strip_invisible(text)).split())


def mark_invisible(text: str) -> str:
    """``text`` with each bidi control or zero-width character written as ``<U+202E>``."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text) if INVISIBLE.search(text) else text
