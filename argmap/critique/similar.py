"""Near-duplicate texts: an LLM often rewords a point the map already makes.

Two texts count as the same point when, after folding case, accents and punctuation,
they are equal, share nearly all their words (Jaccard >= 0.8 over word sets of three
or more words), or differ only by a few characters (difflib ratio >= 0.88). A text
that negates the other ("not", "never", "n't", ...) where the other does not is a
different point however alike the words are. Cheap checks run first.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Optional

WORD_OVERLAP = 0.8
CHARACTER_RATIO = 0.88

_WORD = re.compile(r"\w+")
#: Words that turn a sentence around; "t" is what is left of "n't" once punctuation is gone.
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot without t".split())


def normalise(text: str) -> str:
    """Lowercase words without accents or punctuation, separated by single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_WORD.findall(folded))


class Similar:
    """Texts seen so far, asked in turn whether a new text repeats one of them."""

    def __init__(self, texts: Iterable[str] = ()):
        self._exact: dict[str, str] = {}
        self._items: list[tuple[str, frozenset[str], bool, str]] = []
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        """Remember ``text``."""
        norm = normalise(text)
        if norm not in self._exact:
            self._exact[norm] = text
            words = frozenset(norm.split())
            self._items.append((norm, words, bool(words & NEGATIONS), text))

    def match(self, text: str) -> Optional[str]:
        """The remembered text that ``text`` repeats, or None."""
        norm = normalise(text)
        if norm in self._exact:
            return self._exact[norm]
        words = frozenset(norm.split())
        negated = bool(words & NEGATIONS)
        for other_norm, other_words, other_negated, original in self._items:
            if negated != other_negated:
                continue  # "X" and "not X" are opposite points, not the same one
            if len(words) >= 3 and len(other_words) >= 3:
                union = len(words | other_words)
                if union and len(words & other_words) / union >= WORD_OVERLAP:
                    return original
            shorter, longer = sorted((len(norm), len(other_norm)))
            if not longer or 2 * shorter / (shorter + longer) < CHARACTER_RATIO:
                continue  # lengths alone rule out a ratio this high
            matcher = difflib.SequenceMatcher(None, norm, other_norm, autojunk=False)
            if matcher.quick_ratio() >= CHARACTER_RATIO and matcher.ratio() >= CHARACTER_RATIO:
                return original
        return None
