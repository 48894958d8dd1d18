"""The MCP layer of ``argmap mcp``: each tool is one call to :mod:`.tools`.

The tool names and arguments are part of argmap's interface (clients rely on them):
validate, outline, evaluate, render, propose and proposals. Deciding on proposals is
not among them: that stays with a person.
"""

# No ``from __future__ import annotations`` here: the SDK reads the tools' annotations at
# run time to find the Context parameter and to build each tool's input schema.

from collections.abc import Callable
from typing import Any, Optional

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from .. import __version__
from . import tools
from .workspace import AgentError, Workspace

INSTRUCTIONS = """\
argmap maps debates as YAML files: a central claim, premises that support a node, objections
that attack it, rebuttals that answer objections. Paths are relative to the workspace folder.
Read a map with outline, check it with validate, see which claims stand with evaluate, draw
it with render. You can add objections (rebuttals, against an objection) with propose: each
is saved with status: proposed and counts nowhere until a person accepts it with
`argmap review`. You cannot accept, reject, delete or edit nodes; proposals lists what waits
for the person's review."""


def build_server(root: str) -> MCPServer:
    """An MCP server whose tools work on the maps below ``root``."""
    workspace = Workspace(root)
    server = MCPServer(name="argmap", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    def run(function: Callable[..., str], *args: Any, **kwargs: Any) -> str:
        try:
            return function(workspace, *args, **kwargs)
        except AgentError as exc:
            raise ToolError(str(exc)) from None

    @server.tool(structured_output=False)
    def validate(path: str) -> str:
        """Check a map file: every problem as FILE:LINE:COL: message, one per line, or "valid"."""
        return run(tools.validate, path)

    @server.tool(structured_output=False)
    def outline(path: str) -> str:
        """The map as an indented outline: kind, id, [status], (by author), cross-links and text of
        every node, children indented under their parent; then the sources."""
        return run(tools.outline, path)

    @server.tool(structured_output=False)
    def evaluate(path: str, semantics: str = "grounded", explain: bool = False) -> str:
        """Which claims stand: the JSON of `argmap evaluate --json` (each node's label, in, out or
        undec, and its strength from 0 to 1). Proposals are not counted."""
        return run(tools.evaluate, path, semantics, explain)

    @server.tool(structured_output=False)
    def render(path: str, format: str = "svg") -> str:
        """Draw the map as svg, png, pdf, dot or html beside its file (MAP-ID.FORMAT). Returns the
        written file's path; for a small map's SVG, the SVG text follows after a blank line."""
        return run(tools.render, path, format)

    @server.tool(structured_output=False)
    def propose(
        path: str,
        parent: str,
        text: str,
        kind: str = "objection",
        rationale: str = "",
        scheme: str = "",
        critical_question: str = "",
        ctx: Optional[Context] = None,
    ) -> str:
        """Propose one new node under the node `parent` (an id from outline): an objection, or a
        rebuttal when `parent` is an objection. It is saved with status: proposed for a person to
        accept or reject with `argmap review`; returns its id. `text` is one claim in a sentence or
        two; `rationale` says why it holds; `scheme` and `critical_question` name the argumentation
        scheme and the critical question it raises. Texts that repeat the map are refused."""
        info = None
        if ctx is not None:
            params = ctx.session.client_params
            info = params.client_info if params is not None else None
        model = tools.client_model(getattr(info, "name", None), getattr(info, "version", None))
        return run(tools.propose, path, parent, text, kind, rationale, scheme, critical_question, model=model)

    @server.tool(structured_output=False)
    def proposals(path: str) -> str:
        """The proposals that wait for a person's review, as JSON: id, kind, target, text, the
        model (or MCP client) that made each, and its rationale."""
        return run(tools.proposals, path)

    return server


def serve(root: str) -> None:
    """Serve MCP on stdin and stdout until the client disconnects."""
    build_server(root).run("stdio")
