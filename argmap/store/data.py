"""Map data compared: equality that tells types apart, fingerprints, and how one list became another.

Saving, patching and merging all ask the same questions of plain map data (what YAML
reads as: dicts, lists, strings, numbers, booleans, dates, None); they ask them here, so
that they agree on what counts as a change.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
from typing import Any


def same(a: Any, b: Any) -> bool:
    """Deep equality that also tells 1 from True, 1 from 1.0 only by value, and a date from a string
    (or a datetime written with another offset).

    Key order does not count: the model writes keys in its own order, which is not a change.
    """
    if a is b:
        return True
    if a != b:  # what differs for == differs here too: tell it at C speed
        return False
    return _same_types(a, b)


def _same_types(a: Any, b: Any) -> bool:
    # Only reached for values that are == already: what is left to check is their types.
    if type(a) is not type(b):
        return (
            isinstance(a, (int, float))
            and isinstance(b, (int, float))
            and not isinstance(a, bool)
            and not isinstance(b, bool)
        )
    if isinstance(a, dict):
        return all(_same_types(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b))
    if isinstance(a, _dt.date):
        return str(a) == str(b)  # equal instants written differently (+01:00 and Z) are a change
    return True


def fingerprint(value: Any) -> str:
    """A string that is equal for two values exactly when they are :func:`same` (up to key
    order): what list matching compares. A date is not its ISO string here."""
    return json.dumps(value, sort_keys=True, default=repr)


def is_scalar(value: Any) -> bool:
    """Whether ``value`` is a plain value (not a list or mapping) as YAML reads it."""
    return value is None or isinstance(value, (str, int, float, bool, _dt.date))


def list_edits(old: list[Any], new: list[Any]) -> list[tuple[str, int, int, int, int]]:
    """How a list of old items becomes the new one, as ``(tag, i1, i2, j1, j2)`` steps in order:
    ``equal``, ``patch`` (``old[i1:i2]`` changed item by item into ``new[j1:j2]``, of the same
    length), ``delete`` and ``insert``. Both ways of saving follow it, so that they change the same items.

    Items are matched whole first; within a run that changed, a node that kept its id (or,
    without one, its text) is changed in place rather than written anew, so that an edit next
    to an added or removed node keeps the node's comments and key order.
    """
    before = [fingerprint(v) for v in old]
    after = [fingerprint(v) for v in new]
    steps: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "replace":
            steps.append((tag, i1, i2, j1, j2))
        elif i2 - i1 == j2 - j1:
            steps.append(("patch", i1, i2, j1, j2))
        else:
            names_before = [_identity(v, f) for v, f in zip(old[i1:i2], before[i1:i2])]
            names_after = [_identity(v, f) for v, f in zip(new[j1:j2], after[j1:j2])]
            matcher = difflib.SequenceMatcher(a=names_before, b=names_after, autojunk=False)
            for sub, a1, a2, b1, b2 in matcher.get_opcodes():
                a1, a2, b1, b2 = a1 + i1, a2 + i1, b1 + j1, b2 + j1
                if sub == "equal" or (sub == "replace" and a2 - a1 == b2 - b1):
                    steps.append(("patch", a1, a2, b1, b2))
                elif sub == "replace":
                    steps.extend(_pair_by_similarity(old, new, a1, a2, b1, b2))
                else:
                    steps.append((sub, a1, a2, b1, b2))
    return steps


#: Below this similarity two items are different items, not one item edited.
_SIMILAR_ENOUGH = 0.5
#: Pairing by similarity compares every old item with every new one; past this many pairs a
#: changed run is rewritten whole (correct, only its comments are not kept).
_MAX_PAIRINGS = 40_000


def _pair_by_similarity(
    old: list[Any], new: list[Any], a1: int, a2: int, b1: int, b2: int
) -> list[tuple[str, int, int, int, int]]:
    """Steps for a changed run whose items neither kept their identity nor their count.

    An item whose text was reworded while a sibling was added or removed is still the same
    item: pair old and new items in order so that the pairs are as similar as possible, patch
    each pair in place (keeping its comments), and delete or insert the rest.

    When the run grew (or kept its length), no old item has to go, so every one is paired,
    however little it resembles its partner: a node reworded beyond recognition while a
    sibling was added keeps its comments, as it does when the list keeps its length. Only
    a run that shrank deletes items, and then the least similar ones.
    """
    m, n = a2 - a1, b2 - b1
    keep_all = n >= m
    if m * n > _MAX_PAIRINGS:
        if keep_all:
            return [("patch", a1, a2, b1, b1 + m), ("insert", a2, a2, b1 + m, b2)]
        return [("delete", a1, a2, b1, b1), ("insert", a2, a2, b1, b2)]
    # Below the bar a pair scores nothing, so that among dissimilar items the earliest pairs.
    sim = [[_similarity(old[a1 + i], new[b1 + j]) for j in range(n)] for i in range(m)]
    sim = [[score if score >= _SIMILAR_ENOUGH else 0.0 for score in row] for row in sim]
    impossible = float("-inf")
    # best[i][j]: the largest total similarity of an in-order pairing of old[i:] with new[j:]
    # (pairing every old item when keep_all).
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        best[i][n] = impossible if keep_all else 0.0
        for j in range(n - 1, -1, -1):
            score = max(best[i][j + 1], impossible if keep_all else best[i + 1][j])
            if keep_all or sim[i][j]:
                score = max(score, sim[i][j] + best[i + 1][j + 1])
            best[i][j] = score
    steps: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    while i < m or j < n:
        if i < m and j < n and (keep_all or sim[i][j]) and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            steps.append(("patch", a1 + i, a1 + i + 1, b1 + j, b1 + j + 1))
            i, j = i + 1, j + 1
        elif i < m and not keep_all and (j == n or best[i][j] == best[i + 1][j]):
            steps.append(("delete", a1 + i, a1 + i + 1, b1 + j, b1 + j))
            i += 1
        else:
            steps.append(("insert", a1 + i, a1 + i, b1 + j, b1 + j + 1))
            j += 1
    return steps


def _similarity(a: Any, b: Any) -> float:
    if (
        isinstance(a, dict)
        and isinstance(b, dict)
        and isinstance(a.get("text"), str)
        and isinstance(b.get("text"), str)
    ):
        x, y = a["text"], b["text"]
    else:
        x, y = fingerprint(a), fingerprint(b)
    matcher = difflib.SequenceMatcher(a=x, b=y, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= _SIMILAR_ENOUGH else 0.0


def _identity(value: Any, printed: str) -> str:
    if isinstance(value, dict):
        if "id" in value:
            return f"id:{value['id']}"
        if "text" in value:
            return f"text:{value['text']}"
    return printed
