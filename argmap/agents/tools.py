"""What an assistant can do with the maps of a workspace, as plain functions returning text.

Each function takes the :class:`~.workspace.Workspace` and the arguments an MCP tool of
the same name receives, and returns what the tool answers; a request that cannot be
carried out raises :class:`~.workspace.AgentError` with a one-line reason.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MapError, Problem
from ..vocabulary import ATTACK_KINDS
from .clean import clean_text
from .workspace import AgentError, Workspace

if TYPE_CHECKING:
    from ..model import ArgumentMap

#: SVG text is returned with the file's path when it is at most this long (characters).
MAX_INLINE_SVG = 200_000
#: Longest name of an MCP client kept in a proposal's ``model``.
MAX_CLIENT_NAME = 100
#: Node kinds an assistant may propose, and what each may sit under.
PROPOSABLE = ATTACK_KINDS


def _read(workspace: Workspace, path: str) -> tuple[Path, ArgumentMap]:
    """The real path and the loaded map; problems are named by the path relative to the root.

    The map is loaded under its real path, so that saving it writes that file (whatever the
    server's working folder) and merges with edits made to it meanwhile.
    """
    from ..store import load

    real = workspace.resolve(path)
    try:
        return real, load(real)
    except MapError as exc:
        raise MapError(_renamed(workspace, real, exc)) from None


def _renamed(workspace: Workspace, real: Path, error: MapError) -> list[Problem]:
    name = workspace.display(real)
    return [replace(problem, file=name) if problem.file == str(real) else problem for problem in error.problems]


def _load(workspace: Workspace, path: str) -> tuple[Path, ArgumentMap]:
    try:
        return _read(workspace, path)
    except MapError as exc:
        shown = [str(problem) for problem in exc.problems[:5]]
        more = len(exc.problems) - len(shown)
        raise AgentError("; ".join(shown) + (f" (and {more} more)" if more > 0 else "")) from None


def validate(workspace: Workspace, path: str) -> str:
    """Every problem of a map as ``FILE:LINE:COL: message`` lines, or ``valid``."""
    try:
        _read(workspace, path)
    except MapError as exc:
        return "\n".join(str(problem) for problem in exc.problems)
    return "valid"


def outline(workspace: Workspace, path: str) -> str:
    """The map as an indented outline: one line per node with its kind, id, status, author,
    cross-links and text, children two spaces further in; the sources last."""
    _, argmap = _load(workspace, path)
    lines = []
    for entry in argmap.walk():
        node = entry.node
        status = f" [{node.status}]" if node.status not in (None, "accepted") else ""
        by = f" (by {node.by})" if node.by else ""
        links = ""
        if node.kind != "claim":
            links = "".join(
                f" ({link} {', '.join(getattr(node, link))})" for link in ("attacks", "supports") if getattr(node, link)
            )
        kind = "claim" if node.kind == "claim" else node.kind
        lines.append(f"{'  ' * entry.depth}{kind} {node.id}{status}{by}{links}: {' '.join(node.text.split())}")
    if argmap.sources:
        lines.append("sources:")
        lines.extend(f"  {key}: {' '.join(source.title.split())}" for key, source in argmap.sources.items())
    return "\n".join(lines)


def evaluate(workspace: Workspace, path: str, semantics: str = "grounded", explain: bool = False) -> str:
    """The JSON that ``argmap evaluate --json`` prints for the map."""
    _, argmap = _load(workspace, path)
    return evaluation_json(argmap, semantics, explain)


def evaluation_json(argmap: ArgumentMap, semantics: str = "grounded", explain: bool = False) -> str:
    """``argmap evaluate --json``'s document for ``semantics``, with impact and flips when ``explain``."""
    from ..evaluation import evaluation_document

    try:
        document = evaluation_document(argmap, semantics=semantics.lower().strip(), explain=explain)
    except ValueError as exc:  # an unknown semantics, or too many extensions to list
        raise AgentError(str(exc)) from None
    return json.dumps(document, indent=2, ensure_ascii=False)


def render(workspace: Workspace, path: str, format: str = "svg") -> str:
    """Render the map beside its file as ``MAP-ID.FORMAT``; returns the written file's path, and
    for an SVG of a small map the SVG text after a blank line."""
    from ..render import FORMATS, RenderError, render_map, write_bytes

    fmt = format.lower().strip()
    if fmt not in FORMATS:
        raise AgentError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    real, argmap = _load(workspace, path)
    try:
        result = render_map(argmap, fmt)
    except RenderError as exc:
        raise AgentError(f"{workspace.display(real)}: {exc}") from None
    target = real.parent / f"{argmap.id}.{fmt}"
    try:
        write_bytes(target, result.data)
    except OSError as exc:
        raise AgentError(f"{workspace.display(target)}: cannot write: {exc.strerror or exc}") from None
    answer = f"{workspace.display(target)} ({result.nodes} nodes, {result.layout} layout)"
    if fmt == "svg" and len(result.data) <= MAX_INLINE_SVG:
        answer += "\n\n" + result.text
    return answer


def proposals(workspace: Workspace, path: str) -> str:
    """The pending proposals as JSON, as ``argmap review --list --json`` prints them."""
    from ..critique.review import pending

    _, argmap = _load(workspace, path)
    return json.dumps([item.to_data() for item in pending(argmap)], indent=2, ensure_ascii=False)


def client_model(name: str | None, version: str | None = None) -> str:
    """What a proposal's ``model`` says about the MCP client that made it: ``mcp:NAME/VERSION``."""
    name = clean_text(name or "")[:MAX_CLIENT_NAME] or "unknown-client"
    version = clean_text(version or "")[:MAX_CLIENT_NAME]
    return f"mcp:{name}" + (f"/{version}" if version else "")


def propose(
    workspace: Workspace,
    path: str,
    parent: str,
    text: str,
    kind: str = "objection",
    rationale: str = "",
    scheme: str = "",
    critical_question: str = "",
    model: str = "mcp:unknown-client",
) -> str:
    """Add one node under ``parent`` with ``status: proposed``, saved through :func:`argmap.save`
    (comments kept, lock taken, merged with concurrent edits); returns its id.

    The texts are cleaned and limited as an LLM's answer is, and a text that says what the
    map already says (or nearly what another answer to ``parent`` says) is refused.
    """
    from pydantic import ValidationError

    from ..critique.answer import Suggestion, describe
    from ..critique.prompts import proposal_kind
    from ..critique.run import add_proposals
    from ..critique.similar import Similar, normalise
    from ..store.retry import SaveFailed, save_with_retry

    kind = clean_text(str(kind)).lower()
    if kind not in PROPOSABLE:
        raise AgentError(f"kind must be {' or '.join(PROPOSABLE)}, not {kind!r}")
    try:
        suggestion = Suggestion(
            text=clean_text(str(text)),
            rationale=clean_text(str(rationale or "")),
            scheme=clean_text(str(scheme or "")),
            critical_question=clean_text(str(critical_question or "")),
        )
    except ValidationError as exc:
        raise AgentError(describe(exc)) from None
    real = Path()

    def change() -> tuple[ArgumentMap, str]:
        nonlocal real
        real, argmap = _load(workspace, path)
        target = argmap.find(parent)
        if target is None:
            raise AgentError(f"no node with id {parent!r} in {workspace.display(real)}")
        if not all(node.is_accepted for node in argmap.path(parent)):
            raise AgentError(f"{parent!r} is itself a proposal (or under one); a person must accept it first")
        if proposal_kind(target) != kind:
            raise AgentError(
                f"a {kind} cannot answer a {'central claim' if target.kind == 'claim' else target.kind}: "
                f"use kind={proposal_kind(target)!r} against {parent!r}"
            )
        norm = normalise(suggestion.text)
        same = next((node for node in argmap.nodes() if normalise(node.text) == norm), None)
        if same is not None:
            raise AgentError(f"the map already says this (node {same.id!r})")
        near = Similar(child.text for child in target.children()).match(suggestion.text)
        if near is not None:
            twin = next(child for child in target.children() if child.text == near)
            raise AgentError(f"nearly the same as {twin.id!r}, already under {parent!r}: {near}")
        added, _ = add_proposals(argmap, parent, [suggestion], model)
        if not added:  # pragma: no cover - the checks above refuse whatever add_proposals drops
            raise AgentError("the proposal repeats what the map says")
        return argmap, added[0].id

    try:
        return save_with_retry(change)  # the map was loaded from ``real``, so it is saved there
    except SaveFailed as exc:
        if exc.kept_changing:
            raise AgentError(f"{workspace.display(real)} kept changing while saving; nothing was added") from None
        raise AgentError(f"cannot save: {exc.cause}") from None
