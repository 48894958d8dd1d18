"""The pygls layer of ``argmap lsp``: protocol in, pure functions, protocol out.

Only YAML documents with an ``argmap:`` key at the top are served. Each document's
analysis (the index, and for a valid map its evaluation) is worked out once per version
and only when a request needs it; diagnostics are re-checked shortly after the last change.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from .. import __version__
from ..errors import MapError
from . import actions, diagnostics, hover, navigation
from .index import MapIndex, Span, build_index, split_lines

#: Seconds to wait after a change before checking, so that a burst of changes (a paste, a
#: formatter, several cursors) is checked once. Typing is slower than this: each keystroke
#: is checked, which a 1,000-node map affords (see docs/benchmarks.md).
DEBOUNCE = 0.02
#: LSP's RequestFailed error code: what a refused rename answers with.
REQUEST_FAILED = -32803


#: Above this many nodes hover leaves out impact, whose computation would delay it.
IMPACT_LIMIT = 2000


@dataclass
class _Analysis:
    version: Optional[int]
    text: str
    lines: list[str]
    index: Optional[MapIndex] = None
    indexed: bool = False
    evaluation: Any = None
    evaluated: bool = False
    impact: Optional[dict[str, float]] = None
    impacted: bool = False
    # Editors ask for code actions whenever the cursor moves; deciding on a proposal means
    # loading the map once per decision, so the answer is kept for the document's version.
    proposal_actions: dict[int, list[actions.Action]] = field(default_factory=dict)


@dataclass
class _State:
    analyses: dict[str, _Analysis] = field(default_factory=dict)
    last_index: dict[str, MapIndex] = field(default_factory=dict)
    pending: dict[str, asyncio.TimerHandle] = field(default_factory=dict)


class MapLanguageServer(LanguageServer):
    """A pygls server with argmap's per-document state."""

    def __init__(self) -> None:
        super().__init__("argmap", __version__)
        self.state = _State()

    def analysis(self, document: TextDocument) -> _Analysis:
        """The analysis of the document's current version (the index is built on first use)."""
        cached = self.state.analyses.get(document.uri)
        text = document.source
        if cached is None or cached.version != document.version or cached.text != text:
            cached = _Analysis(document.version, text, split_lines(text))
            self.state.analyses[document.uri] = cached
        return cached

    def index(self, document: TextDocument) -> Optional[MapIndex]:
        """The document's index, or None when its YAML cannot be read."""
        analysis = self.analysis(document)
        if not analysis.indexed:
            analysis.index = build_index(analysis.text)
            analysis.indexed = True
            if analysis.index is not None:
                self.state.last_index[document.uri] = analysis.index
        return analysis.index

    def evaluation(self, document: TextDocument) -> Any:
        """The evaluation of a valid map, or None while the map has problems."""
        analysis = self.analysis(document)
        if not analysis.evaluated:
            from ..evaluation import evaluate
            from ..store import loads

            try:
                analysis.evaluation = evaluate(loads(analysis.text))
            except MapError:
                analysis.evaluation = None
            analysis.evaluated = True
        return analysis.evaluation

    def impact(self, document: TextDocument) -> Optional[dict[str, float]]:
        """Each node's impact on the central claim's strength, for a valid map of at most
        IMPACT_LIMIT nodes (a hover must not wait seconds on a huge map), else None."""
        analysis = self.analysis(document)
        if not analysis.impacted:
            evaluation = self.evaluation(document)
            if evaluation is not None and evaluation.claim is not None and len(evaluation.nodes) <= IMPACT_LIMIT:
                from ..explain import impact

                analysis.impact = impact(evaluation)
            analysis.impacted = True
        return analysis.impact


server = MapLanguageServer()


# -- conversions -----------------------------------------------------------------------------------


def _to_range(document: TextDocument, lines: list[str], span: Span) -> types.Range:
    server_range = ServerTextRange(
        ServerTextPosition(span.line, span.col), ServerTextPosition(span.end_line, span.end_col)
    )
    return document.position_codec.range_to_client_units(lines, server_range)


def _position(document: TextDocument, lines: list[str], position: types.Position) -> tuple[int, int]:
    point = document.position_codec.position_from_client_units(lines, position)
    return point.line, point.character


def _document(ls: MapLanguageServer, uri: str) -> Optional[TextDocument]:
    document = ls.workspace.get_text_document(uri)
    return document if diagnostics.is_map(document.source) else None


def _edit(document: TextDocument, lines: list[str], edits: list[navigation.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        changes={
            document.uri: [types.TextEdit(range=_to_range(document, lines, e.span), new_text=e.text) for e in edits]
        }
    )


# -- diagnostics -----------------------------------------------------------------------------------


def publish(ls: MapLanguageServer, uri: str) -> None:
    """Check the document now and publish its problems (none for a YAML file that is not a map)."""
    ls.state.pending.pop(uri, None)
    document = ls.workspace.get_text_document(uri)
    text = document.source
    found: list[types.Diagnostic] = []
    if diagnostics.is_map(text):
        lines = split_lines(text)
        path = to_fs_path(uri) or uri
        for problem in diagnostics.check(text, path):
            found.append(
                types.Diagnostic(
                    range=_to_range(document, lines, problem.span),
                    message=problem.message,
                    severity=types.DiagnosticSeverity.Error,
                    source="argmap",
                )
            )
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=found)
    )


def _schedule(ls: MapLanguageServer, uri: str) -> None:
    waiting = ls.state.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.state.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, publish, ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MapLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    """Check a map as soon as it is opened."""
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MapLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    """Check again once the changes pause."""
    _schedule(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MapLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    """Saving does not change the text the editor holds, but a check now costs little."""
    _schedule(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MapLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    """Forget the document and clear its problems."""
    uri = params.text_document.uri
    waiting = ls.state.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.state.analyses.pop(uri, None)
    ls.state.last_index.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


# -- hover, navigation, rename, completion ---------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: MapLanguageServer, params: types.HoverParams) -> Optional[types.Hover]:
    """Kind, author, source and evaluation of the node (or source) under the cursor."""
    document = _document(ls, params.text_document.uri)
    index = ls.index(document) if document else None
    if document is None or index is None:
        return None
    line, col = _position(document, index.lines, params.position)
    found = hover.hover(index, line, col, ls.evaluation(document), ls.impact(document))
    if found is None:
        return None
    markdown, span = found
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=_to_range(document, index.lines, span) if span else None,
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: MapLanguageServer, params: types.DefinitionParams) -> Optional[types.Location]:
    """Where the id or source key under the cursor is defined."""
    document = _document(ls, params.text_document.uri)
    index = ls.index(document) if document else None
    if document is None or index is None:
        return None
    span = navigation.definition(index, *_position(document, index.lines, params.position))
    return types.Location(uri=document.uri, range=_to_range(document, index.lines, span)) if span else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def on_references(ls: MapLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
    """Every use of the id or source key under the cursor."""
    document = _document(ls, params.text_document.uri)
    index = ls.index(document) if document else None
    if document is None or index is None:
        return []
    line, col = _position(document, index.lines, params.position)
    spans = navigation.references(index, line, col, params.context.include_declaration)
    return [types.Location(uri=document.uri, range=_to_range(document, index.lines, s)) for s in spans]


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def on_prepare_rename(ls: MapLanguageServer, params: types.PrepareRenameParams) -> Any:
    """What a rename at the cursor would change."""
    document = _document(ls, params.text_document.uri)
    index = ls.index(document) if document else None
    if document is None or index is None:
        return None
    found = navigation.prepare_rename(index, *_position(document, index.lines, params.position))
    if found is None:
        return None
    return types.PrepareRenamePlaceholder(range=_to_range(document, index.lines, found[0]), placeholder=found[1])


@server.feature(types.TEXT_DOCUMENT_RENAME)
def on_rename(ls: MapLanguageServer, params: types.RenameParams) -> Optional[types.WorkspaceEdit]:
    """Rename an id or source key and every reference to it."""
    document = _document(ls, params.text_document.uri)
    index = ls.index(document) if document else None
    if document is None or index is None:
        raise JsonRpcException("the map's YAML cannot be read; fix its syntax first", code=REQUEST_FAILED)
    line, col = _position(document, index.lines, params.position)
    try:
        edits = navigation.rename(index, line, col, params.new_name)
    except navigation.RenameError as exc:
        raise JsonRpcException(str(exc), code=REQUEST_FAILED) from None
    return _edit(document, index.lines, edits)


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
def on_completion(ls: MapLanguageServer, params: types.CompletionParams) -> list[types.CompletionItem]:
    """Ids in attacks and supports, source keys after source:."""
    document = _document(ls, params.text_document.uri)
    if document is None:
        return []
    # While a line is half written the YAML may not read: complete from the last good index.
    index = ls.index(document) or ls.state.last_index.get(document.uri)
    if index is None:
        return []
    lines = split_lines(document.source)
    line, col = _position(document, lines, params.position)
    kinds = {"id": types.CompletionItemKind.Reference, "source": types.CompletionItemKind.File}
    return [
        types.CompletionItem(label=c.label, detail=c.detail, kind=kinds[c.kind])
        for c in navigation.completions(index, lines, line, col)
    ]


# -- code actions ----------------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Source]),
)
def on_code_action(ls: MapLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Accept or reject a proposal, quote a value holding ': ', add the schema line."""
    document = _document(ls, params.text_document.uri)
    if document is None:
        return []
    analysis = ls.analysis(document)
    lines = analysis.lines
    line, _ = _position(document, lines, params.range.start)
    found: list[actions.Action] = []
    index = ls.index(document)
    if index is not None:
        if line not in analysis.proposal_actions:
            analysis.proposal_actions[line] = actions.proposal_actions(analysis.text, index, line)
        found.extend(analysis.proposal_actions[line])
    # A plain value holding ': ' is always a YAML error; in a map that reads, the same
    # characters sit in quotes or in a block of text, which must be left as they are.
    quote = actions.quote_action(lines, line) if index is None else None
    if quote is not None:
        found.append(quote)
    path = to_fs_path(document.uri)
    root = to_fs_path(ls.workspace.root_uri) if ls.workspace.root_uri else None
    found.extend(actions.schema_actions(analysis.text, Path(path) if path else None, Path(root) if root else None))
    result = []
    for action in found:
        code_action = types.CodeAction(title=action.title, kind=action.kind, is_preferred=action.preferred or None)
        if action.edits:
            code_action.edit = _edit(document, lines, action.edits)
        if action.command is not None:
            code_action.command = types.Command(title=action.title, command=action.command[0], arguments=[document.uri])
        if action.kind == "quickfix":
            code_action.diagnostics = [d for d in params.context.diagnostics if d.range.start.line == line] or None
        result.append(code_action)
    return result


@server.command(actions.WRITE_SCHEMA_COMMAND)
async def write_schema(ls: MapLanguageServer, uri: str) -> None:
    """Write argmap.schema.json beside the map (unless it is there) and add the schema line."""
    from ..jsonschema import map_schema
    from ..store import atomic_write

    path = to_fs_path(uri)
    document = _document(ls, uri)
    if path is None or document is None:
        return
    map_path = Path(path)
    schema_path = map_path.parent / actions.SCHEMA_FILE
    if not schema_path.exists():
        try:
            atomic_write(schema_path, json.dumps(map_schema(), indent=2, ensure_ascii=False) + "\n")
        except MapError as exc:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=str(exc)))
            return
    edit = actions.schema_line_edit(map_path, schema_path)
    await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(
            edit=_edit(document, split_lines(document.source), [edit]), label="Add the schema line"
        )
    )


def serve() -> None:
    """Serve LSP on stdin and stdout until the client disconnects."""
    server.start_io()
