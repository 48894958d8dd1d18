"""Three-way merge of maps: combine two sets of changes made to the same starting version.

This is what lets two writers share a map file. When :func:`argmap.save` finds that
the file changed on disk since the map was loaded (a critique run finished while a
review was open, say), it merges the two sets of changes against the version both
started from, instead of overwriting either. The same merge serves as a git merge
driver (``argmap merge BASE OURS THEIRS``) for teams keeping maps in git.

The merge works on the map's data, not on lines of text:

- a key changed on one side only takes that side's value; changed the same way on
  both sides, it is simply kept;
- nodes are matched by id (written or, when none is written, by their text, and failing
  that by their place between matched neighbours), so nodes added on both sides are all
  kept, a node edited on one side and moved or extended on the other merges cleanly, and
  a node removed on one side stays removed unless the other side changed it;
- lists of plain values (tags, cross-links) merge like sets that keep their order.

Anything both sides changed in different ways is a :class:`Conflict`; nothing is
written then, and :class:`~argmap.errors.ConflictError` says where each one is.
The merged map must also validate (a cross-link added on one side to a node removed on
the other does not), or the merge is refused the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from ..errors import ConflictError, MapError, Problem
from ..errors import Path as DataPath
from ..vocabulary import CHILD_LISTS
from .data import fingerprint, same
from .full import parse_full
from .loading import loads
from .origin import loaded_data
from .parsing import parse
from .patching import patch_text

if TYPE_CHECKING:
    from ..model import ArgumentMap

__all__ = ["Conflict", "merge_data", "merge_texts"]


class _Missing:
    """An absent key or list element (distinct from a null value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """A place that both sides changed, in different ways.

    ``path`` is where it is in the data of the *theirs* side (or the nearest enclosing
    place that still exists there); ``message`` names the two sides ``{ours}`` and
    ``{theirs}``, filled in by :meth:`describe`.
    """

    path: DataPath
    message: str

    def describe(self, ours: str = "ours", theirs: str = "theirs") -> str:
        """The message with the two sides named, e.g. ``ours="this save"``, ``theirs="the file on disk"``."""
        return self.message.format(ours=ours, theirs=theirs)


def merge_data(base: Any, ours: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """Merge the changes from ``base`` to ``ours`` and from ``base`` to ``theirs`` (plain map data).

    Returns the merged data and the conflicts; where there is a conflict the merged
    data holds the *theirs* value, so it is only usable when the list is empty.
    """
    merger = _Merger(theirs)
    merged = merger.value(base, ours, theirs, ())
    return (None if merged is MISSING else merged), merger.conflicts


def merge_texts(
    base: str,
    ours: str,
    theirs: str,
    file: str = "<string>",
    labels: tuple[str, str] = ("ours", "theirs"),
    markers: bool = False,
) -> str:
    """Merge two edited versions of a map file against the version both started from.

    Returns the text of ``ours`` with the changes of ``theirs`` patched in (so the
    comments and layout of ``ours`` survive). Raises :class:`ConflictError` naming each
    conflict, located in ``ours``, or :class:`MapError` when an input is not a valid map.
    With ``markers``, the error's ``text`` is the merge as git leaves a conflicted file:
    every clean change from both sides, and each conflicting part between
    ``<<<<<<< ours``, ``=======`` and ``>>>>>>> theirs`` lines.
    """
    base_data = parse(base, f"{file} (base)").data
    if base_data is None:
        base_data = MISSING  # added on both sides (git gives an empty ancestor): merge the two additions
    ours_data = loaded_data(loads(ours, file))
    theirs_data = loaded_data(loads(theirs, f"{file} (theirs)"))
    merged, conflicts = merge_data(base_data, ours_data, theirs_data)
    if conflicts:
        # Located in the text written out, which is ours: swap sides so paths point into it.
        as_ours, mirrored = merge_data(base_data, theirs_data, ours_data)
        error = ConflictError(_locate(mirrored or conflicts, ours, file, labels[::-1] if mirrored else labels))
        if markers:
            error.text = _with_markers(
                patch_text(ours, ours_data, as_ours), patch_text(ours, ours_data, merged), labels
            )
            error.problems = _locate_markers(error.text, error.problems, labels)
        raise error
    text = ours if same(merged, ours_data) else patch_text(ours, ours_data, merged)
    _validate_merged(text, file, f"merging {labels[1]} into {labels[0]}")
    return text


def merge_saved(base: Any, ours: Any, current: str, file: str) -> tuple[str, ArgumentMap]:
    """Merge a map being saved (``ours``, loaded as ``base``) with the ``current`` text on disk.

    Returns the text to write and the merged map. Used by :func:`argmap.save`; raises
    :class:`ConflictError` when the two sets of changes clash.
    """
    labels = ("this save", "the other change on disk")
    try:
        theirs = parse(current, file).data
    except MapError as exc:
        raise ConflictError(
            [
                _refusal(
                    file,
                    "changed on disk since it was loaded and is no longer valid YAML "
                    f"({_first(exc)}); nothing was written",
                )
            ]
        ) from None
    merged, conflicts = merge_data(base, ours, theirs)
    if conflicts:
        problems = [
            _refusal(
                file,
                "changed on disk since it was loaded, and some of the same things were "
                "changed in this save; nothing was written: load it again and redo the "
                "change",
            )
        ]
        problems.extend(_locate(conflicts, current, file, labels))
        raise ConflictError(problems)
    text = current if same(merged, theirs) else patch_text(current, theirs, merged)
    merged_map = _validate_merged(text, file, "merging this save with the change made on disk since it was loaded")
    return text, merged_map


# -- the merge ---------------------------------------------------------------------------------------


class _Merger:
    def __init__(self, theirs_root: Any):
        self.conflicts: list[Conflict] = []
        self.theirs_root = theirs_root

    def conflict(self, path: DataPath, message: str) -> None:
        self.conflicts.append(Conflict(path, message))

    def value(self, base: Any, ours: Any, theirs: Any, path: DataPath) -> Any:
        if same(ours, theirs):
            return ours
        if same(base, ours):
            return theirs
        if same(base, theirs):
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict) and (base is MISSING or isinstance(base, dict)):
            return self.mapping({} if base is MISSING else base, ours, theirs, path)
        if isinstance(ours, list) and isinstance(theirs, list) and (base is MISSING or isinstance(base, list)):
            return self.sequence([] if base is MISSING else base, ours, theirs, path)
        what = _what(self.theirs_root, path)
        if ours is MISSING:
            self.conflict(path, f"{what} was removed by {{ours}} but changed by {{theirs}}")
        elif theirs is MISSING:
            self.conflict(path, f"{what} was changed by {{ours}} but removed by {{theirs}}")
        elif base is MISSING:
            self.conflict(path, f"{what} was added by both {{ours}} and {{theirs}}, differently")
        else:
            self.conflict(path, f"{what} was changed by both {{ours}} and {{theirs}}, differently")
        return theirs

    def mapping(self, base: dict, ours: dict, theirs: dict, path: DataPath) -> Any:
        result: dict[Any, Any] = {}
        for key in _merged_order(list(theirs), list(ours)):
            merged = self.value(
                base.get(key, MISSING),
                ours.get(key, MISSING),
                theirs.get(key, MISSING),
                path + (key,) if key in theirs else path,
            )
            if merged is not MISSING:
                result[key] = merged
        return result

    def sequence(self, base: list, ours: list, theirs: list, path: DataPath) -> list:
        bkeys, okeys, tkeys = _keys(base), _keys(ours), _keys(theirs)
        in_ours = _match(base, bkeys, ours, okeys)  # base index -> ours index
        in_theirs = _match(base, bkeys, theirs, tkeys)
        merged: dict[int, Any] = {}
        for i, item in enumerate(base):
            o = ours[in_ours[i]] if i in in_ours else MISSING
            t = theirs[in_theirs[i]] if i in in_theirs else MISSING
            merged[i] = self.value(item, o, t, path + (in_theirs[i],) if i in in_theirs else path)

        ours_reordered = _reordered(in_ours)
        theirs_reordered = _reordered(in_theirs)
        if ours_reordered and theirs_reordered and not _same_order(in_ours, in_theirs):
            self.conflict(
                path,
                f"the order of {_what(self.theirs_root, path)} was changed by both "
                "{ours} and {theirs}, differently",
            )
        if ours_reordered and not theirs_reordered:
            skeleton, in_skeleton, skeleton_keys = ours, in_ours, okeys
            other, in_other, other_keys = theirs, in_theirs, tkeys
            skeleton_is_theirs = False
        else:
            skeleton, in_skeleton, skeleton_keys = theirs, in_theirs, tkeys
            other, in_other, other_keys = ours, in_ours, okeys
            skeleton_is_theirs = True

        # Elements added on the other side: paired with one added on the skeleton side under
        # the same key (both added the same node), or placed after their predecessor.
        skeleton_base = {j: i for i, j in in_skeleton.items()}
        other_base = {j: i for i, j in in_other.items()}
        added_in_skeleton = {skeleton_keys[j]: j for j in range(len(skeleton)) if j not in skeleton_base}
        twin: dict[int, Any] = {}  # skeleton index -> merged value of an element both sides added
        after: dict[Optional[int], list[Any]] = {}  # base index (None: start) -> other-side additions
        anchor: Optional[int] = None
        for j, item in enumerate(other):
            if j in other_base:
                if other_base[j] in in_skeleton:
                    anchor = other_base[j]
                continue
            k = added_in_skeleton.get(other_keys[j])
            if k is not None and (other_keys[j][0][0] == "id" or same(item, skeleton[k])):
                # The same id added on both sides is one node; other lookalikes (two critique
                # runs proposing the same sentence) are kept apart unless they are identical.
                o, t = (item, skeleton[k]) if skeleton_is_theirs else (skeleton[k], item)
                twin[k] = self.value(MISSING, o, t, path + (k if skeleton_is_theirs else j,))
                continue
            after.setdefault(anchor, []).append(item)

        result: list[Any] = []
        current: Optional[int] = None
        for j, item in enumerate(skeleton):
            if j in skeleton_base:
                result.extend(after.pop(current, ()))
                current = skeleton_base[j]
                if merged[current] is not MISSING:
                    result.append(merged[current])
            else:
                value = twin.get(j, item)
                if value is not MISSING:
                    result.append(value)
        result.extend(after.pop(current, ()))
        for leftover in after.values():  # anchors the skeleton side does not have
            result.extend(leftover)
        return result


def _merged_order(first: list[Any], second: list[Any]) -> list[Any]:
    """Keys of ``first`` in order, with those only in ``second`` inserted after their predecessor."""
    order = list(first)
    present = set(first)
    previous = None
    for key in second:
        if key not in present:
            position = 0 if previous is None else order.index(previous) + 1
            order.insert(position, key)
            present.add(key)
        previous = key
    return order


def _key(item: Any) -> tuple[str, Hashable]:
    if isinstance(item, dict):
        node_id = item.get("id")
        if isinstance(node_id, str):
            return ("id", node_id)
        text = item.get("text")
        if isinstance(text, str):
            return ("text", text)
        return ("data", fingerprint(item))
    return ("value", fingerprint(item))


def _keys(items: list[Any]) -> list[tuple[tuple[str, Hashable], int]]:
    """A key per element; repeated keys get a running count so that every key is unique."""
    seen: dict[tuple[str, Hashable], int] = {}
    keys = []
    for item in items:
        key = _key(item)
        count = seen.get(key, 0)
        seen[key] = count + 1
        keys.append((key, count))
    return keys


def _match(base: list[Any], bkeys: Sequence[Hashable], side: list[Any], skeys: Sequence[Hashable]) -> dict[int, int]:
    """Which element of ``side`` each element of ``base`` became: same key, else same place."""
    position = {key: j for j, key in enumerate(skeys)}
    matched = {i: position[key] for i, key in enumerate(bkeys) if key in position}
    if len(matched) == len(base):
        return matched
    taken = set(matched.values())
    # An element whose key changed (a node without an id whose text was edited, a cite whose
    # quote was corrected) is paired with an unmatched element between the same neighbours.
    before = [-1] * (len(base) + 1)  # before[i]: greatest side index matched by base[:i]
    for i in range(len(base)):
        before[i + 1] = max(before[i], matched.get(i, -1))
    after = [len(side)] * (len(base) + 1)  # after[i]: least side index matched by base[i:]
    for i in range(len(base) - 1, -1, -1):
        after[i] = min(after[i + 1], matched.get(i, len(side)))
    for i, item in enumerate(base):
        if i in matched or not isinstance(item, dict) or isinstance(item.get("id"), str):
            continue
        for j in range(before[i] + 1, after[i + 1]):
            if j not in taken and _same_kind(item, side[j]):
                matched[i] = j
                taken.add(j)
                break
    return matched


def _same_kind(old: dict[str, Any], new: Any) -> bool:
    if not isinstance(new, dict):
        return False
    if isinstance(new.get("id"), str):  # an id written where there was none: same node if same text
        return new.get("text") == old.get("text")
    return ("text" in old) == ("text" in new)


def _reordered(matching: dict[int, int]) -> bool:
    order = [matching[i] for i in sorted(matching)]
    return any(a > b for a, b in zip(order, order[1:]))


def _same_order(a: dict[int, int], b: dict[int, int]) -> bool:
    common = [i for i in sorted(a) if i in b]
    return sorted(common, key=a.__getitem__) == sorted(common, key=b.__getitem__)


# -- describing conflicts ------------------------------------------------------------------------------


def _what(root: Any, path: DataPath) -> str:
    """A short human name for the place at ``path``: 'text' of node 'p1', the map's 'title', ..."""
    if len(path) >= 2 and path[0] == "sources":
        rest = f"{path[2]!r} of " if len(path) > 2 else ""
        return f"{rest}source {path[1]!r}"
    node: Any = root
    node_name = "the central claim"
    field = ""
    current: Any = root
    for i, part in enumerate(path):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        parent_key = path[i - 1] if i > 0 else None
        if isinstance(part, int) and parent_key in CHILD_LISTS and isinstance(current, dict):
            node = current
            node_name = _node_name(current)
            field = ""
        elif node is not None:
            field = field or str(part)
    if not field:
        return node_name if node is not root else "the map"
    if node is root:
        return f"the map's {field!r}"
    return f"{field!r} of {node_name}"


def _node_name(node: dict[str, Any]) -> str:
    if isinstance(node.get("id"), str):
        return f"node {node['id']!r}"
    text = node.get("text")
    if isinstance(text, str):
        short = text if len(text) <= 40 else text[:37] + "..."
        return f"node {short!r}"
    return "a node"


def _locate(conflicts: list[Conflict], text: str, file: str, labels: tuple[str, str]) -> list[Problem]:
    try:
        positions = parse_full(text, file).positions
    except MapError:
        positions = None
    problems = []
    for conflict in conflicts:
        line, col = positions.of(conflict.path) if positions is not None else (None, None)
        problems.append(
            Problem(f"conflict: {conflict.describe(*labels)}", file=file, line=line, col=col, path=conflict.path)
        )
    return problems


def _with_markers(ours: str, theirs: str, labels: tuple[str, str]) -> str:
    """One text from two that differ only where the merge conflicted, each difference
    between git's conflict markers, so that any editor or ``git mergetool`` can resolve it."""
    a, b = ours.splitlines(keepends=True), theirs.splitlines(keepends=True)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        out.append(f"<<<<<<< {labels[0]}\n")
        out.extend(_ended(a[i1:i2]))
        out.append("=======\n")
        out.extend(_ended(b[j1:j2]))
        out.append(f">>>>>>> {labels[1]}\n")
    return "".join(out)


def _ended(lines: list[str]) -> list[str]:
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def _locate_markers(text: str, problems: list[Problem], labels: tuple[str, str]) -> list[Problem]:
    """The conflicts, each located at its ``<<<<<<<`` line in the marked text (in order)."""
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("<<<<<<< ")]
    located = []
    for i, problem in enumerate(problems):
        line = starts[i] if i < len(starts) else (starts[-1] if starts else problem.line)
        located.append(Problem(problem.message, file=problem.file, line=line, col=1, path=problem.path))
    return located


def _refusal(file: str, message: str) -> Problem:
    return Problem(message, file=file)


def _first(error: MapError) -> str:
    problem = error.problems[0] if error.problems else None
    if problem is None:
        return str(error)
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


def _validate_merged(text: str, file: str, doing: str) -> ArgumentMap:
    try:
        return loads(text, file)
    except MapError as exc:
        problems = [_refusal(file, f"{doing} would give an invalid map; nothing was written")]
        problems.extend(
            Problem(f"after the merge: {p.message}", file=p.file, line=p.line, col=p.col) for p in exc.problems
        )
        raise ConflictError(problems) from None
