"""Validation: turn parsed YAML data into an :class:`ArgumentMap`, or a list of every problem.

Types, required keys and nesting are checked by the pydantic model; the rules that
span the whole map (unique ids, cross-links and citations that point somewhere) are
checked here on the raw data, so that a file with a type error still gets its other
problems reported. Problems carry a path into the data; :mod:`argmap.store.loading` turns
paths into lines and columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from .errors import Path, clip
from .ids import assign_ids, did_you_mean, is_slug, slugify
from .model import FORMAT_VERSION, NODE_CLASSES, ArgumentMap, Cite, Proposal, QuestionMap, Source
from .vocabulary import (
    ARGUMENT_LISTS,
    CHILD_LISTS,
    KIND_OF_RELATION,
    LINKS,
    NODE_KINDS,
    RELATIONS,
    tree_link,
    walk_lists,
)

#: Nodes may sit at most this many levels below the central claim.
MAX_DEPTH = 200
#: A map may hold at most this many nodes, the central claim included.
MAX_NODES = 100_000
#: No single text in a map (a node's text, a quote, a note, a key, ...) may be longer than this (characters).
MAX_TEXT_LENGTH = 100_000

_CLASS_OF_KIND: dict[str, type[BaseModel]] = {"claim": ArgumentMap, "question": QuestionMap, **NODE_CLASSES}
_ROOT_CLASS: dict[str, type[ArgumentMap]] = {"claim": ArgumentMap, "question": QuestionMap}


def root_kind(data: Any) -> str:
    """``"question"`` for map data rooted in a question (a ``question`` key and no ``claim``), else ``"claim"``."""
    return "question" if isinstance(data, dict) and "question" in data and "claim" not in data else "claim"


@dataclass(frozen=True)
class Issue:
    """A problem at a place in the data. ``where`` says whether the key or the value is at fault;
    ``see`` is a second place whose line ``message`` mentions as ``{see}``."""

    path: Path
    message: str
    where: str = "value"
    see: Optional[Path] = None


def build(data: Any, text_length: Optional[int] = None) -> tuple[Optional[ArgumentMap], list[Issue]]:
    """Validate parsed data; return the map and no issues, or None and every issue found.

    ``text_length`` is the length of the YAML text the data was read from (or any smaller
    bound on the length of its strings), when known: when it is within MAX_TEXT_LENGTH,
    the walk looking for overlong text is skipped.
    """
    if data is None:
        return None, [Issue((), "the file is empty: a map needs at least 'argmap: 1', 'id' and 'claim'")]
    if not isinstance(data, dict):
        return None, [
            Issue((), f"a map must be a YAML mapping (keys such as argmap, id and claim), not {_describe(data)}")
        ]
    issues = list(_check_version(data))
    if any(issue.message.startswith("argmap format version") for issue in issues):
        return None, issues  # a newer format: its other rules are not this release's to judge
    root = root_kind(data)
    root_issues = list(_check_root(data, root))
    if root_issues:
        return None, issues + root_issues
    nodes = _walk(data, root)
    if nodes and nodes[-1][3] > MAX_DEPTH:
        return None, [Issue(_path(nodes, len(nodes) - 1), f"nodes are nested more than {MAX_DEPTH} levels deep")]
    if len(nodes) >= MAX_NODES:
        return None, [
            Issue(
                _path(nodes, MAX_NODES - 1),
                f"the map has {len(nodes) + 1:,} nodes; the limit is {MAX_NODES:,}",
                where="node",
            )
        ]
    if text_length is None or text_length > MAX_TEXT_LENGTH:
        issues = list(_check_lengths(data))
        if issues:
            return None, issues
    link_issues, ids = _check_links(data, nodes)
    argmap = None
    try:
        argmap = _ROOT_CLASS[root].model_validate(data, context={"ids": ids})
    except ValidationError as exc:
        version_reported = bool(issues)
        issues.extend(
            issue
            for issue in _translate(exc, data, root)
            if not (version_reported and issue.path[:1] in ((), ("argmap",)) and "'argmap'" in issue.message)
        )
    issues.extend(link_issues)
    if issues:
        return None, _dedupe(issues)
    return argmap, []


def _check_version(data: dict[str, Any]) -> Iterator[Issue]:
    version = data.get("argmap")
    if "argmap" not in data:
        yield Issue(
            (),
            f"missing required key 'argmap' (the format version: add 'argmap: {FORMAT_VERSION}' at the top)",
            where="node",
        )
    elif isinstance(version, bool) or not isinstance(version, int):
        yield Issue(("argmap",), f"'argmap' must be the format version number, {FORMAT_VERSION}")
    elif version != FORMAT_VERSION:
        yield Issue(
            ("argmap",),
            f"argmap format version {version} is not supported by this release "
            f"(it reads version {FORMAT_VERSION}); upgrade argmap",
        )


def _check_root(data: dict[str, Any], root: str) -> Iterator[Issue]:
    """The root is a claim or a question, and only a question has positions."""
    if root == "claim" and "question" in data:
        yield Issue(
            ("question",),
            "a map has either 'claim' (a central claim) or 'question' (with 'positions'), not both",
            where="key",
        )
    if root == "claim" and "positions" in data:
        yield Issue(
            ("positions",),
            "'positions' answer a question: write the root as 'question:' instead of 'claim:'",
            where="key",
        )
    if root == "question":
        for key in ARGUMENT_LISTS:
            if key in data:
                yield Issue(
                    (key,),
                    f"a question-rooted map has no '{key}' of its own: put them under one of its 'positions'",
                    where="key",
                )


def _check_lengths(data: Any) -> Iterator[Issue]:
    """Every string longer than MAX_TEXT_LENGTH, found without recursion."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if type(value) is dict:
            items: Any = value.items()
        elif type(value) is list:
            items = enumerate(value)
        else:
            continue
        for key, item in items:
            if type(key) is str and len(key) > MAX_TEXT_LENGTH:
                yield Issue(
                    path + (key,),
                    f"a key is {len(key):,} characters long; the limit is {MAX_TEXT_LENGTH:,}",
                    where="key",
                )
            if type(item) is str:
                if len(item) > MAX_TEXT_LENGTH:
                    label = f"'{key}'" if type(key) is str else "this text"
                    yield Issue(
                        path + (key,), f"{label} is {len(item):,} characters long; the limit is {MAX_TEXT_LENGTH:,}"
                    )
            elif type(item) in (dict, list):
                stack.append((path + (key,), item))


# -- walking raw data ---------------------------------------------------------------------------


# A node met while walking the raw data: (its mapping, its kind, the index of its parent in
# the walk or -1 under the central claim, its depth, the list it sits in under its parent,
# its place in that list). Plain tuples: a map has tens of thousands of them.
_RawNode = tuple[dict[str, Any], str, int, int, str, int]

# For each kind, the child lists the walk visits, last first (the walk pushes them on a stack).
_PUSH_ORDER = {kind: tuple((key, KIND_OF_RELATION[key]) for key in reversed(walk_lists(kind))) for kind in RELATIONS}


def _path(nodes: list[_RawNode], i: int) -> Path:
    """The data path of the i-th node of a walk (worked out only when a problem needs it)."""
    parts: list[Any] = []
    while i >= 0:
        _, _, parent, _, key, index = nodes[i]
        parts.append(index)
        parts.append(key)
        i = parent
    return tuple(reversed(parts))


def _walk(data: dict[str, Any], root: str = "claim") -> list[_RawNode]:
    """Every node mapping below the root (central claim or question), in the order the model walks them.

    Stops early at a node deeper than MAX_DEPTH, which is then the last one returned.
    """
    result: list[_RawNode] = []
    stack: list[_RawNode] = []
    push = stack.append
    raw, kind, depth, index = data, root, 0, -1
    while True:
        for key, child_kind in _PUSH_ORDER[kind]:
            children = raw.get(key)
            if type(children) is list:
                for i in range(len(children) - 1, -1, -1):
                    child = children[i]
                    if type(child) is dict:
                        push((child, child_kind, index, depth + 1, key, i))
        if not stack:
            return result
        node = stack.pop()
        result.append(node)
        index += 1
        raw, kind, _, depth, _, _ = node
        if depth > MAX_DEPTH:
            return result


def _check_links(data: dict[str, Any], nodes: list[_RawNode]) -> tuple[list[Issue], list[str]]:
    """Unique ids, cross-links and citations that point somewhere; also returns every node's id."""
    issues: list[Issue] = []
    raw_id = data.get("id")
    map_id = raw_id if isinstance(raw_id, str) else ""
    sources = data.get("sources")
    declared = isinstance(sources, dict)
    source_keys = set(sources) if isinstance(sources, dict) else set()
    first_use: dict[str, Path] = {}
    entries = []
    # Nodes with cross-links or citations to look at once every id is known; a node whose one
    # cite names a declared source (the usual case) is settled here without building a path.
    to_check = []
    for n, (raw, _, parent, _, _, _) in enumerate(nodes):
        explicit = raw.get("id")
        if explicit is not None:
            if not is_slug(explicit):
                explicit = None
            elif explicit == map_id:
                issues.append(
                    Issue(
                        _path(nodes, n) + ("id",),
                        f"id {explicit!r} is the map's id, which names the central claim; choose another",
                    )
                )
            elif explicit in first_use:
                issues.append(
                    Issue(
                        _path(nodes, n) + ("id",),
                        f"duplicate id {explicit!r} (already used on line {{see}})",
                        see=first_use[explicit],
                    )
                )
            else:
                first_use[explicit] = (n,)  # a placeholder: turned into a path below when needed
        text = raw.get("text")
        entries.append((explicit, text if type(text) is str else "", parent))
        if "supports" in raw or "attacks" in raw or "cites" in raw:
            to_check.append(n)
        elif "cite" in raw:
            cite = raw["cite"]
            if not (type(cite) is dict and cite.get("source") in source_keys):
                to_check.append(n)
    issues = [
        issue
        if issue.see is None
        else Issue(issue.path, issue.message, issue.where, _path(nodes, int(issue.see[0])) + ("id",))
        for issue in issues
    ]
    ids = assign_ids(map_id or "map", entries)
    known = set(ids)
    question = root_kind(data) == "question"
    if not question:
        known.add(map_id)

    issues.extend(_check_cites((), data, source_keys, declared))
    for n in to_check:
        raw, kind, parent, _, _, _ = nodes[n]
        own = ids[n]
        for link in LINKS:
            targets = raw.get(link)
            if not isinstance(targets, list):
                continue
            for i, target in enumerate(targets):
                if not isinstance(target, str):
                    continue
                if target == own:
                    issues.append(Issue(_path(nodes, n) + (link, i), f"a node cannot {link[:-1]} itself"))
                elif question and target == map_id:
                    issues.append(
                        Issue(
                            _path(nodes, n) + (link, i),
                            f"'{link}' names the question {target!r}: a question is answered, "
                            "not supported or attacked; link to one of its positions",
                        )
                    )
                elif target == (ids[parent] if parent >= 0 else map_id) and (link == tree_link(kind)):
                    issues.append(
                        Issue(
                            _path(nodes, n) + (link, i),
                            f"a {kind} already {link} the node it sits under ({target!r}); remove it from '{link}'",
                        )
                    )
                elif target not in known:
                    issues.append(
                        Issue(
                            _path(nodes, n) + (link, i), f"'{link}' names unknown id {target!r}{_hint(target, known)}"
                        )
                    )
        if "cite" in raw or "cites" in raw:
            issues.extend(_check_cites(_path(nodes, n), raw, source_keys, declared))
    return issues, ids


def _check_cites(path: Path, node: dict[str, Any], sources: set[str], declared: bool) -> Iterator[Issue]:
    cites: list[tuple[Path, Any]] = []
    if isinstance(node.get("cite"), dict):
        cites.append((path + ("cite",), node["cite"]))
    if isinstance(node.get("cites"), list):
        cites.extend((path + ("cites", i), c) for i, c in enumerate(node["cites"]) if isinstance(c, dict))
    for cite_path, cite in cites:
        source = cite.get("source")
        if isinstance(source, str) and source not in sources:
            where = _hint(source, sources) if declared else " (the map declares no 'sources')"
            yield Issue(cite_path + ("source",), f"cites unknown source {source!r}{where}")


def _hint(name: str, options: Any) -> str:
    return did_you_mean(name, options)


# -- pydantic errors in plain words ----------------------------------------------------------


def _translate(exc: ValidationError, data: dict[str, Any], root: str = "claim") -> Iterator[Issue]:
    seen: set[Path] = set()
    for error in exc.errors(include_url=False):
        kind = error["type"]
        path, model, tail = _resolve(error["loc"], data, kind, _CLASS_OF_KIND[root])
        if path in seen:
            continue
        seen.add(path)
        yield _message(kind, path, model, tail, error)


def _resolve(
    loc: tuple[Any, ...], data: Any, kind: str, root: type[BaseModel] = ArgumentMap
) -> tuple[Path, type[BaseModel] | None, list[Any]]:
    """The real data path of an error (dropping pydantic's union member names) and the model there."""
    path: list[Any] = []
    current: Any = data
    model: type[BaseModel] | None = root
    owner: type[BaseModel] | None = root
    tail: list[Any] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and part in current:
            path.append(part)
            owner = model
            model = _child_model(model, part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif last and kind == "missing":
            path.append(part)
            owner = model
        else:
            tail.append(part)
    # For a missing or unknown key, report the model that holds the key.
    return tuple(path), (owner if kind in ("missing", "extra_forbidden") else model), tail


def _child_model(model: type[BaseModel] | None, key: Any) -> type[BaseModel] | None:
    if model is None:
        return None
    if model is _SourcesDict:
        return Source
    if key in CHILD_LISTS:
        return _CLASS_OF_KIND[KIND_OF_RELATION[key]] if key in model.model_fields else None
    if key in ("cite", "cites"):
        return Cite
    if key == "proposal":
        return Proposal
    if key == "sources" and model in (ArgumentMap, QuestionMap):
        return _SourcesDict
    return None


class _SourcesDict(BaseModel):
    """Marker for the ``sources`` mapping while resolving error paths."""


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_SHAPES: dict[Any, str] = {
    **dict.fromkeys(NODE_CLASSES.values(), "a mapping with at least a 'text' key"),
    Cite: "a mapping such as {source: KEY, at: LOCATOR, quote: TEXT}",
    Source: "a mapping with at least a 'title' key",
    Proposal: "a mapping with at least 'model' and 'created'",
    _SourcesDict: "a mapping from source keys to sources",
}


def _message(kind: str, path: Path, model: type[BaseModel] | None, tail: list[Any], error: Any) -> Issue:
    key = str(path[-1]) if path else ""
    value = error.get("input")
    if kind == "missing":
        where_model = model.__name__.lower() if model and model not in (ArgumentMap, QuestionMap) else "map"
        hint = {
            "claim": " (the central claim)",
            "question": " (the question the positions answer)",
            "id": " (a slug such as 'scaling-is-over')",
            "text": "",
            "title": "",
            "source": " (the key of one of the map's sources)",
        }.get(key, "")
        what = "node" if model in NODE_CLASSES.values() else where_model
        return Issue(path, f"missing required key '{key}' in this {what}{hint}", where="node")
    if kind == "extra_forbidden":
        return Issue(path, _unknown_key(key, path, model), where="key")
    if (
        kind in ("string_too_short", "string_pattern_mismatch")
        and key == "id"
        or (kind == "string_pattern_mismatch" and key in LINKS)
    ):
        suggestion = slugify(str(value))
        return Issue(
            path, f"id {value!r} is not a valid id: use lowercase letters, digits and '-' (for example {suggestion!r})"
        )
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return Issue(path, f"'{key}' must not be empty")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return Issue(path, f"'{key}' must be between 0 and 1, not {clip(str(value))}")
    if kind == "literal_error" and key == "status":
        return Issue(
            path,
            f"unknown status {value!r} (expected proposed, rejected or accepted; leave it out for an accepted node)",
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        label = f"each entry of '{path[-2]}'" if len(path) > 1 and isinstance(path[-1], int) else f"'{key}'"
        shape = _SHAPES.get(model, "a mapping")
        return Issue(path, f"{label} must be {shape}, not {_describe(value)}")
    if kind == "list_type":
        return Issue(
            path, f"'{key}' must be a list (e.g. '{key}: [...]' or one '- ' item per line), not {_describe(value)}"
        )
    if kind in ("float_type", "float_parsing", "finite_number"):
        return Issue(path, f"'{key}' must be a number between 0 and 1, not {_describe(value)}")
    if tail:
        expected = {
            "date": "a date (YYYY-MM-DD) or text",
            "at": "text or a number",
            "created": "a timestamp (ISO 8601) or text",
            "decided": "a timestamp (ISO 8601) or text",
        }
        return Issue(path, f"'{key}' must be {expected.get(key, 'a plain value')}, not {_describe(value)}")
    if kind == "string_type":
        label = f"'{key}'" if not (path and isinstance(path[-1], int)) else f"each entry of '{path[-2]}'"
        quote = " (put it in quotes)" if isinstance(value, (int, float, bool)) else ""
        return Issue(path, f"{label} must be text, not {_describe(value)}{quote}")
    return Issue(path, f"'{key}': {error['msg']}")


def _unknown_key(key: str, path: Path, model: type[BaseModel] | None) -> str:
    parent_kind = _kind_at(path[:-1])
    if key == "rebuttals" and parent_kind != "objection":
        return (
            f"'rebuttals' can only sit under an objection (a rebuttal answers an objection); "
            f"under {'the central claim' if parent_kind == 'claim' else 'a ' + parent_kind} use 'objections'"
        )
    if key == "objections" and parent_kind == "objection":
        return "'objections' cannot sit under an objection: answers to an objection go in 'rebuttals'"
    if key == "text" and parent_kind == "claim" and len(path) == 1:
        return "unknown key 'text' (the central claim is written as 'claim')"
    if key == "claim" and parent_kind in NODE_KINDS:
        return "unknown key 'claim' (a node's statement is written as 'text')"
    options = list(model.model_fields) if model is not None and model is not _SourcesDict else []
    return f"unknown key {key!r}{_hint(key, options)}"


def _kind_at(path: Path) -> str:
    kind = "claim"
    for part in path:
        if part in KIND_OF_RELATION:
            kind = KIND_OF_RELATION[part]
        elif part in ("cite", "cites", "sources", "proposal"):
            return "other"
    return kind


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[Path, str]] = set()
    result = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            result.append(issue)
    return result
