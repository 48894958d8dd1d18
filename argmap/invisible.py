"""Characters that change how text reads without being seen: bidi controls and zero-width marks.

A right-to-left override (U+202E) makes "txt.exe" show as "exe.txt"; a zero-width space
(U+200B) makes two texts that look alike compare unequal. In untrusted text (an LLM's
answer) they are removed; in a map's own text shown at a terminal they are marked, so a
reader sees that they are there (a map may legitimately hold right-to-left text).
"""

from __future__ import annotations

import re

#: Bidi embeddings, overrides and isolates, directional marks, zero-width spaces and joiners,
#: the word joiner and invisible operators, the byte-order mark, the Mongolian vowel separator.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


def mark_invisible(text: str) -> str:
    """``text`` with each bidi control or zero-width character written as ``<U+202E>``."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text) if INVISIBLE.search(text) else text
