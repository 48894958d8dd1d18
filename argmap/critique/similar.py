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
from collections.abc import Callable, Iterable
from typing import Any, Optional

WORD_OVERLAP = 0.8
CHARACTER_RATIO = 0.88
#: A text of at least CONTAINED_WORDS words nearly all of whose words (CONTAINED) are in the other repeats it.
CONTAINED, CONTAINED_WORDS = 0.9, 8
#: The character test applies only to texts whose word sets differ by at most this many words.
DIFFERENT_WORDS = 2

_WORD = re.compile(r"\w+")
#: Function words: swapping one of them ("was" for "is") does not change the point.
FUNCTION_WORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
it its this that these those there their they them he she his her we our you your i will would can could should may
might must do does did done have has had so than then such into over under about more most less very just also only
even still what which who when where why how all any some each other much many far""".split()
)
#: Two words this alike are spellings of one word ("generalise", "generalize"), not a substitution.
SPELLING = 0.8


def _changes_the_point(words: frozenset[str], other: frozenset[str]) -> bool:
    """Whether the words that differ make a different point whatever the overlap.

    A number that differs ("$3 billion", "$30 billion"), or a content word put in the
    place of another ("overstate", "understate"; "students", "teachers"). Spelling
    variants pair off first; words only added or dropped, and swapped function words,
    do not count.
    """
    left, right = set(words - other), set(other - words)
    if any(any(c.isdigit() for c in w) for w in left | right):
        return True
    for word in sorted(left):
        twin = next(
            (w for w in sorted(right) if difflib.SequenceMatcher(None, word, w, autojunk=False).ratio() >= SPELLING),
            None,
        )
        if twin is not None:
            left.discard(word)
            right.discard(twin)
    return bool(left - FUNCTION_WORDS) and bool(right - FUNCTION_WORDS)


#: Words that turn a sentence around; "t" is what is left of "n't" once punctuation is gone.
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot without t".split())


def normalise(text: str) -> str:
    """Lowercase words without accents or punctuation, separated by single spaces."""
    if text.isascii():  # the common case: no accents to fold
        return " ".join(_WORD.findall(text.lower()))
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
        size = len(words)
        for index in sorted(shared):
            common = shared[index]
            other_norm, other_words, other_negated, original, key = self._items[index]
            other_size = len(other_words)
            union = size + other_size - common
            smaller = min(size, other_size)
            overlapping = size >= 3 and other_size >= 3 and common >= WORD_OVERLAP * union
            contained = smaller >= CONTAINED_WORDS and common >= CONTAINED * smaller
            close = union - common <= DIFFERENT_WORDS
            if not (overlapping or contained or close):
                continue  # counting alone rules out every test: most texts stop here
            if skip is not None and skip(key):
                continue
            if negated != other_negated:
                continue  # "X" and "not X" are opposite points, not the same one
            if _changes_the_point(words, other_words):
                continue
            if overlapping or contained:
                return original, key  # nearly the same words, or one says all the other says and a little more
            shorter, longer = sorted((len(norm), len(other_norm)))
            if not longer or 2 * shorter / (shorter + longer) < CHARACTER_RATIO:
                continue  # lengths alone rule out a ratio this high
            matcher = difflib.SequenceMatcher(None, norm, other_norm, autojunk=False)
            if matcher.quick_ratio() >= CHARACTER_RATIO and matcher.ratio() >= CHARACTER_RATIO:
                return original, key
        return None
