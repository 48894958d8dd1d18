"""Cleaning the text an assistant sends, before any of it can reach a map.

Text from an agent is untrusted, like an LLM's answer: it may carry terminal escapes,
bidirectional-override characters that make a sentence display differently from what it
says, or zero-width characters that hide words from a reader and from the duplicate check.
"""

from __future__ import annotations

import re

#: Characters that change how text displays without being seen: the bidirectional embeddings,
#: overrides, isolates and marks, zero-width spaces and joiners, the word joiner, the byte
#: order mark and the soft hyphen.
INVISIBLE = re.compile("[\u061c\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(value: str) -> str:
    """``value`` on one line: invisible characters removed, control characters and runs of
    whitespace turned into single spaces, and no space at either end."""
    return " ".join(CONTROL.sub(" ", INVISIBLE.sub("", value)).split())
