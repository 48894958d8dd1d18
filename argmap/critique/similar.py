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
from typing import Any, Callable, Iterable, Optional

WORD_OVERLAP = 0.8
CHARACTER_RATIO = 0.88
#: The character test applies only to texts whose word sets differ by at most this many words.
DIFFERENT_WORDS = 2

_WORD = re.compile(r"\w+")
#: Words that turn a sentence around; "t" is what is left of "n't" once punctuation is gone.
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot without t".split())


def normalise(text: str) -> str:
    """Lowercase words without accents or punctuation, separated by single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_WORD.findall(folded))


class Similar:
    """Texts seen so far, asked in turn whether a new text repeats one of them.

    Each text may carry a ``key`` (a node id, say), returned by :meth:`find`. Texts are
    indexed by their words, so a new text is compared in full only with those that
    share enough of its words to pass one of the two tests.
    """

    def __init__(self, texts: Iterable[str] = ()):
        self._exact: dict[str, tuple[str, Any]] = {}
        self._items: list[tuple[str, frozenset[str], bool, str, Any]] = []
        self._postings: dict[str, list[int]] = {}
        for text in texts:
            self.add(text)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, text: str, key: Any = None) -> None:
        """Remember ``text``, with ``key`` to return when a later text repeats it."""
        norm = normalise(text)
        if norm not in self._exact:
            self._exact[norm] = (text, key)
            words = frozenset(norm.split())
            index = len(self._items)
            self._items.append((norm, words, bool(words & NEGATIONS), text, key))
            for word in words:
                self._postings.setdefault(word, []).append(index)

    def match(self, text: str) -> Optional[str]:
        """The remembered text that ``text`` repeats, or None."""
        found = self._find(text)
        return found[0] if found else None

    def find(self, text: str, skip: Optional[Callable[[Any], bool]] = None) -> Optional[tuple[str, Any]]:
        """``(text, key)`` of the remembered text that ``text`` repeats, or None.

        Texts whose key ``skip`` says yes to are passed over, unless ``text`` is the same
        as one of them after normalising.
        """
        return self._find(text, skip)

    def _find(self, text: str, skip: Optional[Callable[[Any], bool]] = None) -> Optional[tuple[str, Any]]:
        norm = normalise(text)
        if norm in self._exact:
            return self._exact[norm]
        words = frozenset(norm.split())
        negated = bool(words & NEGATIONS)
        shared: dict[int, int] = {}
        for word in words:
            for index in self._postings.get(word, ()):
                shared[index] = shared.get(index, 0) + 1
        for index in sorted(shared):
            other_norm, other_words, other_negated, original, key = self._items[index]
            if skip is not None and skip(key):
                continue
            if negated != other_negated:
                continue  # "X" and "not X" are opposite points, not the same one
            if len(words) >= 3 and len(other_words) >= 3:
                union = len(words | other_words)
                if union and shared[index] / union >= WORD_OVERLAP:
                    return original, key
            if len(words ^ other_words) > DIFFERENT_WORDS:
                continue  # a long sentence with a few different content words makes a new point
            shorter, longer = sorted((len(norm), len(other_norm)))
            if not longer or 2 * shorter / (shorter + longer) < CHARACTER_RATIO:
                continue  # lengths alone rule out a ratio this high
            matcher = difflib.SequenceMatcher(None, norm, other_norm, autojunk=False)
            if matcher.quick_ratio() >= CHARACTER_RATIO and matcher.ratio() >= CHARACTER_RATIO:
                return original, key
        return None
