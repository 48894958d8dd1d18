"""Cleaning the text an assistant sends, before any of it can reach a map.

Text from an agent is untrusted, like an LLM's answer: it may carry terminal escapes,
bidirectional-override characters that make a sentence display differently from what it
says, or zero-width characters that hide words from a reader and from the duplicate check.
Which characters go is decided in :mod:`argmap.invisible`, the same for both.
"""

from __future__ import annotations

from ..invisible import one_line


def clean_text(value: str) -> str:
    """``value`` on one line: invisible characters removed, control characters and runs of
    whitespace turned into single spaces, and no space at either end."""
    return one_line(value)
