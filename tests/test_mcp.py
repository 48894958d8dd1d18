"""argmap mcp: the workspace and the tools as functions, then the server driven over stdio by a client."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time

import pytest

import argmap
from argmap.agents import tools
from argmap.agents.clean import clean_text
from argmap.agents.workspace import AgentError, Workspace
from tests.protocol_clients import McpClient

MAP = """\
# Pets, argued.
argmap: 1
id: pets
claim: Cats make better pets than dogs.  # the claim
by: Ana
premises:
  - id: quiet
    text: Cats are quiet.  # mostly
    by: Ana
objections:
  - id: loyal
    text: Dogs are loyal.
    by: Ben
    rebuttals:
      - text: Cats show loyalty in quieter ways.
        status: proposed
        proposal:
          model: openai/test-model
          created: '2025-05-01T10:00:00Z'
"""

needs_mcp = pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is not installed")


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "pets.yaml").write_text(MAP)
    return Workspace(tmp_path)


# -- the workspace and the cleaning ----------------------------------------------------------------


def test_paths_outside_the_root_are_refused(workspace, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text(MAP)
    (tmp_path / "maps" / "link.yaml").symlink_to(outside)
    for path in ("../x.yaml", str(outside), "maps/../../x.yaml", "maps/link.yaml", "", "/etc/passwd", "."):
        with pytest.raises(AgentError):
            workspace.resolve(path)
    assert workspace.resolve("maps/pets.yaml") == tmp_path.resolve() / "maps" / "pets.yaml"
    assert workspace.resolve(str(tmp_path / "maps" / "pets.yaml")).name == "pets.yaml"


def test_agent_text_loses_control_bidi_and_zero_width_characters():
    assert clean_text("Cats\u202e are\u200b quiet\x1b[31m.\n\tReally\u2028so") == "Cats are quiet [31m. Really so"
    assert clean_text("  a\u2066b\u2069c\ufeff  ") == "abc"


def test_the_client_is_named_in_the_proposal():
    assert tools.client_model("Example Chat", "2.1") == "mcp:Example Chat/2.1"
    assert tools.client_model(None) == "mcp:unknown-client"
    assert tools.client_model("evil\x1b[2J\u202ename", "") == "mcp:evil [2Jname"


# -- the tools as functions ------------------------------------------------------------------------


def test_validate_names_the_file_relative_to_the_root(workspace, tmp_path):
    assert tools.validate(workspace, "maps/pets.yaml") == "valid"
    (tmp_path / "maps" / "bad.yaml").write_text(MAP.replace("by: Ben", "by: Ben\n    wieght: 2"))
    result = tools.validate(workspace, "maps/bad.yaml")
    assert result == "maps/bad.yaml:14:5: unknown key 'wieght' (did you mean 'weight'?)"
    assert tools.validate(workspace, "maps/none.yaml") == "maps/none.yaml: no such file"


def test_outline_shows_ids_kinds_authors_and_statuses(workspace):
    assert tools.outline(workspace, "maps/pets.yaml").splitlines() == [
        "claim pets (by Ana): Cats make better pets than dogs.",
        "  premise quiet (by Ana): Cats are quiet.",
        "  objection loyal (by Ben): Dogs are loyal.",
        "    rebuttal cats-show-loyalty-in-quieter-ways [proposed]: Cats show loyalty in quieter ways.",
    ]


def test_evaluate_gives_the_documents_of_evaluate_json(workspace, tmp_path):
    data = json.loads(tools.evaluate(workspace, "maps/pets.yaml"))
    assert data["semantics"]["labelling"] == "grounded" and "pets" in data["nodes"]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "argmap",
            "evaluate",
            str(tmp_path / "maps" / "pets.yaml"),
            "--json",
            "--semantics",
            "preferred",
            "--explain",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    explained = json.loads(tools.evaluate(workspace, "maps/pets.yaml", semantics="preferred", explain=True))
    assert explained == json.loads(cli.stdout)
    assert "impact" in explained and "flips" in explained and "extensions" in explained
    with pytest.raises(AgentError, match="semantics"):
        tools.evaluate(workspace, "maps/pets.yaml", semantics="nonsense")


def test_propose_adds_a_proposal_and_keeps_the_file(workspace, tmp_path):
    new_id = tools.propose(
        workspace,
        "maps/pets.yaml",
        "quiet",
        "Kittens\u202e are loud at night.",
        rationale="Age matters.",
        model="mcp:test/1",
    )
    text = (tmp_path / "maps" / "pets.yaml").read_text()
    assert text.startswith("# Pets, argued.") and "# mostly" in text and "# the claim" in text
    node = argmap.loads(text)[new_id]
    assert node.text == "Kittens are loud at night." and node.status == "proposed"
    assert node.kind == "objection" and node.proposal.model == "mcp:test/1"
    assert node.proposal.rationale == "Age matters."


@pytest.mark.parametrize(
    "parent, text, kind, message",
    [
        ("quiet", "Cats are quiet.", "objection", "already says this"),
        ("loyal", "Cats show loyalty in quieter ways!", "rebuttal", "already says this"),
        ("loyal", "Cats show their loyalty in quieter ways.", "rebuttal", "nearly the same"),
        ("loyal", "Dogs bark.", "objection", "use kind='rebuttal'"),
        ("quiet", "Dogs bark.", "premise", "kind must be objection or rebuttal"),
        ("nowhere", "Dogs bark.", "objection", "no node with id 'nowhere'"),
        ("cats-show-loyalty-in-quieter-ways", "No.", "objection", "itself a proposal"),
        ("quiet", "x" * 1001, "objection", "at most 1000"),
        ("quiet", "\u200b\u202e ", "objection", "at least 1"),
    ],
)
def test_propose_refuses_what_an_llm_answer_would_not_get_in(workspace, tmp_path, parent, text, kind, message):
    before = (tmp_path / "maps" / "pets.yaml").read_text()
    with pytest.raises(AgentError, match=message):
        tools.propose(workspace, "maps/pets.yaml", parent, text, kind)
    assert (tmp_path / "maps" / "pets.yaml").read_text() == before


def test_propose_writes_the_file_it_read_whatever_the_working_folder(workspace, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "maps").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    tools.propose(workspace, "maps/pets.yaml", "quiet", "Some cats yowl.")
    assert not (elsewhere / "maps" / "pets.yaml").exists()
    assert "Some cats yowl." in (tmp_path / "maps" / "pets.yaml").read_text()


def test_propose_merges_with_an_edit_made_while_it_worked(workspace, tmp_path, monkeypatch):
    map_file = tmp_path / "maps" / "pets.yaml"
    read = tools._read

    def read_then_someone_edits(*args):
        loaded = read(*args)
        map_file.write_text(map_file.read_text().replace("text: Dogs are loyal.", "text: Dogs are very loyal."))
        return loaded

    monkeypatch.setattr(tools, "_read", read_then_someone_edits)
    new_id = tools.propose(workspace, "maps/pets.yaml", "quiet", "Some cats yowl.")
    merged = argmap.load(map_file)
    assert merged[new_id].status == "proposed" and merged["loyal"].text == "Dogs are very loyal."


# -- the server over stdio -------------------------------------------------------------------------


@pytest.fixture
def client(workspace, tmp_path):
    mcp = McpClient([sys.executable, "-m", "argmap", "mcp", "--root", str(tmp_path)], cwd=str(tmp_path.parent))
    mcp.initialize("test-assistant", "1.0")
    yield mcp
    assert mcp.close() == 0


@needs_mcp
def test_initialize_and_the_tools_clients_rely_on(client):
    tools_listed = client.request("tools/list")["result"]["tools"]
    names = {tool["name"]: tool for tool in tools_listed}
    assert sorted(names) == ["evaluate", "outline", "proposals", "propose", "render", "validate"]
    schema = names["propose"]["inputSchema"]
    assert list(schema["properties"]) == ["path", "parent", "text", "kind", "rationale", "scheme", "critical_question"]
    assert schema["required"] == ["path", "parent", "text"] and schema["properties"]["kind"]["default"] == "objection"
    assert names["evaluate"]["inputSchema"]["properties"]["semantics"]["default"] == "grounded"
    assert names["render"]["inputSchema"]["properties"]["format"]["default"] == "svg"


@needs_mcp
def test_the_server_names_itself(tmp_path, workspace):
    mcp = McpClient([sys.executable, "-m", "argmap", "mcp", "--root", str(tmp_path)])
    result = mcp.initialize()
    assert result["serverInfo"]["name"] == "argmap" and result["capabilities"]["tools"] is not None
    assert "proposed" in result["instructions"]
    assert mcp.close() == 0


@needs_mcp
def test_read_only_tools_over_stdio(client, tmp_path):
    assert client.call("validate", path="maps/pets.yaml") == ("valid", False)
    text, error = client.call("outline", path="maps/pets.yaml")
    assert not error and text.splitlines()[0] == "claim pets (by Ana): Cats make better pets than dogs."
    text, error = client.call("evaluate", path="maps/pets.yaml")
    cli = subprocess.run(
        [sys.executable, "-m", "argmap", "evaluate", "--json", str(tmp_path / "maps" / "pets.yaml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not error and json.loads(text) == json.loads(cli.stdout)
    text, error = client.call("proposals", path="maps/pets.yaml")
    assert not error and [p["id"] for p in json.loads(text)] == ["cats-show-loyalty-in-quieter-ways"]


@needs_mcp
def test_render_writes_beside_the_map_and_returns_small_svgs(client, tmp_path):
    text, error = client.call("render", path="maps/pets.yaml")
    assert not error
    first, _, svg = text.partition("\n\n")
    assert first.startswith("maps/pets.svg (")
    assert svg.startswith(("<svg", "<?xml"))
    assert (tmp_path / "maps" / "pets.svg").read_text() == svg
    text, error = client.call("render", path="maps/pets.yaml", format="dot")
    assert not error and text.startswith("maps/pets.dot") and "\n\n" not in text
    assert client.call("render", path="maps/pets.yaml", format="gif")[1] is True


@needs_mcp
def test_paths_outside_the_root_are_refused_over_stdio(client, tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
    secret.write_text(MAP)
    for tool, arguments in [
        ("validate", {"path": str(secret)}),
        ("outline", {"path": "../x.yaml"}),
        ("propose", {"path": str(secret), "parent": "quiet", "text": "Cats purr loudly."}),
        ("render", {"path": "../" + secret.name}),
    ]:
        text, error = client.call(tool, **arguments)
        assert error and "outside the workspace" in text, (tool, text)
    assert secret.read_text() == MAP
    assert not (tmp_path.parent / "pets.svg").exists()


@needs_mcp
def test_a_proposal_made_over_mcp_is_accepted_by_argmap_review(client, tmp_path):
    map_file = tmp_path / "maps" / "pets.yaml"
    new_id, error = client.call(
        "propose",
        path="maps/pets.yaml",
        parent="quiet",
        text="Kittens are loud at night.",
        rationale="Age matters.",
        scheme="example to generalisation",
        critical_question="Are the examples typical?",
    )
    assert not error, new_id
    node = argmap.load(map_file)[new_id]
    assert node.status == "proposed" and node.proposal.model == "mcp:test-assistant/1.0"
    assert node.proposal.scheme == "example to generalisation"
    listed, _ = client.call("proposals", path="maps/pets.yaml")
    assert new_id in [p["id"] for p in json.loads(listed)]
    again, error = client.call("propose", path="maps/pets.yaml", parent="quiet", text="Kittens are loud at night")
    assert error and "already says this" in again

    review = subprocess.run(
        [sys.executable, "-m", "argmap", "review", str(map_file), "--accept", new_id], capture_output=True, text=True
    )
    assert review.returncode == 0, review.stderr
    assert f"accepted {new_id}" in review.stdout
    accepted = argmap.load(map_file)[new_id]
    assert accepted.status is None and accepted.proposal.decided is not None
    text = map_file.read_text()
    assert "# mostly" in text and "# the claim" in text
    evaluated = json.loads(client.call("evaluate", path="maps/pets.yaml")[0])
    assert new_id in evaluated["nodes"]


@needs_mcp
def test_no_tool_decides_on_proposals(client):
    names = [tool["name"] for tool in client.request("tools/list")["result"]["tools"]]
    assert not any(word in name for name in names for word in ("accept", "reject", "delete", "edit", "write"))
    response = client.request("tools/call", {"name": "accept", "arguments": {"path": "maps/pets.yaml"}})
    assert "error" in response or response["result"].get("isError")


def test_the_mcp_command_needs_an_existing_root(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "argmap", "mcp", "--root", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2 and "no such folder" in result.stderr


@needs_mcp
def test_the_sdks_own_client_gets_the_same_answers(workspace, tmp_path):
    import asyncio

    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    async def session() -> tuple[list[str], str, bool]:
        server = StdioServerParameters(command=sys.executable, args=["-m", "argmap", "mcp", "--root", str(tmp_path)])
        async with Client(server) as client:
            listed = await client.list_tools()
            outline = await client.call_tool("outline", {"path": "maps/pets.yaml"})
            refused = await client.call_tool("validate", {"path": "../pets.yaml"})
            return [tool.name for tool in listed.tools], outline.content[0].text, bool(refused.is_error)

    names, outline, refused = asyncio.run(session())
    assert names == ["validate", "outline", "evaluate", "render", "propose", "proposals"]
    assert outline == tools.outline(workspace, "maps/pets.yaml")
    assert refused


def test_a_server_that_exits_is_reported_at_once_with_its_stderr() -> None:
    # A server that cannot start (argmap not importable by the interpreter it runs on) must
    # fail its tests quickly and say why, not after each request's timeout.
    client = McpClient([sys.executable, "-c", "import sys; sys.stderr.write('cannot start'); sys.exit(3)"])
    started = time.monotonic()
    with pytest.raises(EOFError, match=r"exit code 3.*cannot start"):
        client.request("initialize", {}, timeout=30)
    assert time.monotonic() - started < 10
