"""argmap lsp: the pure features on map texts, then the server driven over stdio as an editor drives it."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.lsp import actions, diagnostics, hover, navigation
from argmap.lsp.index import Span, build_index, split_lines, token_span
from tests.protocol_clients import LspClient

ROOT = Path(__file__).resolve().parent.parent

MAP = """\
# Pets, argued.
argmap: 1
id: pets
claim: Cats make better pets than dogs.  # the claim
by: Ana
sources:
  survey:
    title: Pet owners survey
    author: A. Researcher
premises:
  - id: quiet
    text: Cats are quiet.  # mostly
    by: Ana
    cite: {source: survey, at: p. 3, quote: cats rarely make noise}
  - text: Cats clean themselves.
objections:
  - id: loyal
    text: Dogs are loyal.
    by: Ben
    attacks: [quiet]
    rebuttals:
      - text: Cats show loyalty in quieter ways.
        status: proposed
        proposal:
          model: openai/test-model
          created: '2025-05-01T10:00:00Z'
          rationale: Loyalty is not only following someone around.
  - id: noisy
    text: Some cats meow all night.
    attacks:
      - quiet
    cites:
      - source: survey
"""


def apply_edits(text: str, edits: list[navigation.TextEdit]) -> str:
    """Apply edits (all against ``text``) as an editor would, last first."""
    offsets = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def offset(line: int, col: int) -> int:
        return offsets[line] + col

    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.col), reverse=True):
        start, end = offset(edit.span.line, edit.span.col), offset(edit.span.end_line, edit.span.end_col)
        text = text[:start] + edit.text + text[end:]
    return text


def where(text: str, needle: str, occurrence: int = 0, shift: int = 0) -> tuple[int, int]:
    """(line, col) of the n-th occurrence of ``needle``, 0-based, moved ``shift`` characters in."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start)
    return line, start - (text.rfind("\n", 0, start) + 1) + shift


# -- which files are maps, and their problems ---------------------------------------------------------


def test_only_yaml_with_an_argmap_key_at_the_top_is_a_map():
    assert diagnostics.is_map(MAP)
    assert diagnostics.is_map("# comment\nargmap : 1\n")
    assert not diagnostics.is_map("name: build\non: push\n")
    assert not diagnostics.is_map("tools:\n  argmap: 1\n")  # nested, not at the top


def test_a_valid_map_has_no_diagnostics():
    assert diagnostics.check(MAP) == []


def test_diagnostics_are_the_problems_validate_reports_at_their_lines(tmp_path):
    broken = MAP.replace("attacks: [quiet]", "attacks: [quite]").replace("  - id: noisy", "  - id: loyal")
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    validate = subprocess.run(
        [sys.executable, "-m", "argmap", "validate", "-q", str(path)], capture_output=True, text=True
    )
    expected = [line.split(":", 3) for line in validate.stdout.splitlines()]
    found = diagnostics.check(broken, str(path))
    assert len(found) == len(expected) == 2
    for diagnostic, (_, line, col, message) in zip(found, expected):
        assert diagnostic.message == message.strip()
        assert (diagnostic.span.line + 1, diagnostic.span.col + 1) == (int(line), int(col))
    unknown = found[0] if "unknown id" in found[0].message else found[1]
    lines = split_lines(broken)
    assert lines[unknown.span.line][unknown.span.col : unknown.span.end_col] == "quite"
    assert "did you mean 'quiet'?" in unknown.message


def test_a_yaml_syntax_error_is_one_diagnostic_with_validates_wording():
    broken = MAP.replace("text: Dogs are loyal.", "text: Dogs are loyal: they stay.")
    found = diagnostics.check(broken)
    assert len(found) == 1
    with pytest.raises(argmap.MapError) as error:
        argmap.loads(broken)
    assert found[0].message == error.value.problems[0].message
    assert found[0].span.line == where(broken, "Dogs are loyal")[0]


def test_token_span_covers_the_word_written_at_a_place():
    lines = ["  - id: quiet  # note", "    attacks: [a-b, 'c d']", '    text: "x: y" # z', "key:"]
    assert token_span(lines, 0, 8) == Span(0, 8, 0, 13)
    assert token_span(lines, 1, 14) == Span(1, 14, 1, 17)
    assert token_span(lines, 1, 19) == Span(1, 19, 1, 24)
    assert token_span(lines, 1, 13) == Span(1, 13, 1, 25)
    assert token_span(lines, 2, 10) == Span(2, 10, 2, 16)
    assert token_span(lines, 0, 4) == Span(0, 4, 0, 6)  # a key ends at its colon
    assert token_span(lines, 3, 4) == Span(3, 4, 3, 4)


# -- the index: ids, references, nodes under the cursor -------------------------------------------


@pytest.mark.parametrize("path", sorted((ROOT / "maps").glob("*.yaml")), ids=lambda p: p.name)
def test_the_index_derives_every_id_as_the_loader_does(path):
    text = path.read_text()
    index = build_index(text)
    assert index is not None
    assert [node.id for node in index.nodes] == [node.id for node in argmap.loads(text).nodes()]
    for ref in index.refs:
        written = index.lines[ref.span.line][ref.span.col : ref.span.end_col]
        assert written == ref.name


def test_the_node_at_a_line_is_the_innermost_one_written_there():
    index = build_index(MAP)
    assert index is not None
    assert index.node_at(*where(MAP, "Cats are quiet")).id == "quiet"
    assert index.node_at(*where(MAP, "cite: {source")).id == "quiet"
    assert index.node_at(*where(MAP, "  - id: loyal")).id == "loyal"  # on the "- " itself
    rebuttal = index.node_at(*where(MAP, "rationale: Loyalty"))
    assert rebuttal.kind == "rebuttal" and rebuttal.id == "cats-show-loyalty-in-quieter-ways"
    assert index.node_at(*where(MAP, "title: Pet owners")).kind == "claim"


def test_the_index_still_works_on_a_map_with_problems_but_not_on_broken_yaml():
    index = build_index(MAP.replace("attacks: [quiet]", "attacks: [nowhere]"))
    assert index is not None and [r.name for r in index.refs if r.kind == "id"] == ["nowhere", "quiet"]
    assert build_index("argmap: 1\nclaim: [unclosed\n") is None


# -- hover --------------------------------------------------------------------------------------------


def test_hover_on_a_node_gives_kind_author_source_quote_and_evaluation():
    index = build_index(MAP)
    evaluation = argmap.evaluate(argmap.loads(MAP))
    text, _ = hover.hover(index, *where(MAP, "Cats are quiet"), evaluation)
    assert "**premise** `quiet`" in text
    assert "argued by Ana" in text
    assert "Pet owners survey" in text and "p. 3" in text and "cats rarely make noise" in text
    result = evaluation.nodes["quiet"]
    assert f"**{result.label}**" in text and f"strength {result.strength:.2f}" in text


def test_hover_gives_a_nodes_impact_on_the_claim():
    from argmap.explain import impact

    evaluation = argmap.evaluate(argmap.loads(MAP))
    impacts = impact(evaluation)
    text, _ = hover.hover(build_index(MAP), *where(MAP, "Cats are quiet"), evaluation, impacts)
    assert f"impact on the central claim's strength {impacts['quiet']:+.2f}" in text


def test_hover_on_a_reference_describes_what_it_names():
    index = build_index(MAP)
    evaluation = argmap.evaluate(argmap.loads(MAP))
    line, col = where(MAP, "quiet]", shift=1)
    text, span = hover.hover(index, line, col, evaluation)
    assert text.startswith("**premise** `quiet`") and span == Span(line, col - 1, line, col + 4)
    text, _ = hover.hover(index, *where(MAP, "source: survey", 1, shift=9), evaluation)
    assert "**source** `survey`" in text and "A. Researcher" in text


def test_hover_on_a_proposal_says_it_is_not_counted_and_who_proposed_it():
    index = build_index(MAP)
    text, _ = hover.hover(index, *where(MAP, "Cats show loyalty"), argmap.evaluate(argmap.loads(MAP)))
    assert "*proposed*" in text and "openai/test-model" in text and "not counted" in text


def test_hover_on_an_invalid_map_still_describes_the_node():
    broken = MAP.replace("attacks: [quiet]", "attacks: [nowhere]")
    text, _ = hover.hover(build_index(broken), *where(broken, "Dogs are loyal"), None)
    assert "**objection** `loyal`" in text and "fix the map's problems" in text


def test_hover_text_cannot_inject_markdown():
    hostile = MAP.replace("by: Ben", "by: '[click](http://x.test) <b>**'")
    text, _ = hover.hover(build_index(hostile), *where(hostile, "Dogs are loyal"), None)
    assert "[click](http" not in text and "<b>" not in text


# -- definition, references, rename -------------------------------------------------------------------


def test_definition_of_an_id_in_attacks_is_its_written_id():
    index = build_index(MAP)
    span = navigation.definition(index, *where(MAP, "[quiet]", shift=2))
    assert span == Span(*where(MAP, "id: quiet", shift=4), where(MAP, "id: quiet")[0], where(MAP, "id: quiet")[1] + 9)


def test_definition_of_a_cited_source_is_its_key():
    index = build_index(MAP)
    span = navigation.definition(index, *where(MAP, "source: survey", shift=10))
    assert span == Span(*where(MAP, "survey:"), where(MAP, "survey:")[0], 8)


def test_references_list_every_use_and_the_definition():
    index = build_index(MAP)
    spans = navigation.references(index, *where(MAP, "id: quiet", shift=5))
    assert [index.lines[s.line][s.col : s.end_col] for s in spans] == ["quiet"] * 3
    assert len(navigation.references(index, *where(MAP, "id: quiet", shift=5), include_declaration=False)) == 2


def test_rename_changes_the_id_and_every_reference_and_keeps_comments():
    index = build_index(MAP)
    edits = navigation.rename(index, *where(MAP, "[quiet]", shift=1), "silent")
    renamed = apply_edits(MAP, edits)
    loaded = argmap.loads(renamed)
    assert "silent" in loaded and "quiet" not in loaded
    assert loaded["loyal"].attacks == ["silent"] and loaded["noisy"].attacks == ["silent"]
    assert "# mostly" in renamed and "# the claim" in renamed


def test_renaming_a_derived_id_writes_an_id_line():
    index = build_index(MAP)
    edits = navigation.rename(index, *where(MAP, "Cats clean themselves"), "grooming")
    renamed = apply_edits(MAP, edits)
    assert "  - id: grooming\n    text: Cats clean themselves." in renamed
    assert argmap.loads(renamed)["grooming"].text == "Cats clean themselves."


def test_renaming_a_source_changes_every_cite():
    index = build_index(MAP)
    renamed = apply_edits(MAP, navigation.rename(index, *where(MAP, "survey:"), "poll"))
    loaded = argmap.loads(renamed)
    assert list(loaded.sources) == ["poll"]
    assert loaded["quiet"].cite.source == "poll" and loaded["noisy"].cites[0].source == "poll"


@pytest.mark.parametrize("name, message", [("Not A Slug", "not a valid id"), ("loyal", "already used")])
def test_a_rename_to_a_bad_or_taken_id_is_refused(name, message):
    with pytest.raises(navigation.RenameError, match=message):
        navigation.rename(build_index(MAP), *where(MAP, "id: quiet", shift=5), name)


# -- completion -----------------------------------------------------------------------------------------


def test_completion_offers_ids_in_attacks_and_source_keys_after_source():
    lines = split_lines(MAP)
    index = build_index(MAP)
    line, col = where(MAP, "attacks: [quiet]", shift=10)
    ids = [c.label for c in navigation.completions(index, lines, line, col)]
    assert "quiet" in ids and "pets" in ids and "loyal" not in ids  # not the node itself
    half = MAP.replace("    attacks:\n      - quiet\n", "    attacks:\n      - qu\n")
    line, col = where(half, "- qu", shift=4)
    assert "quiet" in [c.label for c in navigation.completions(index, split_lines(half), line, col)]
    line, col = where(MAP, "- source: survey", shift=10)
    assert [c.label for c in navigation.completions(index, lines, line, col)] == ["survey"]
    assert navigation.completions(index, lines, *where(MAP, "Dogs are loyal")) == []


# -- code actions ----------------------------------------------------------------------------------------


def test_accepting_a_proposal_is_one_edit_that_keeps_the_rest_of_the_file():
    index = build_index(MAP)
    found = actions.proposal_actions(MAP, index, where(MAP, "Cats show loyalty")[0])
    titles = [a.title for a in found]
    assert titles[0] == "Accept proposal 'cats-show-loyalty-in-quieter-ways'"
    assert "Reject proposal 'cats-show-loyalty-in-quieter-ways' (duplicate)" in titles
    accepted = apply_edits(MAP, found[0].edits)
    node = argmap.loads(accepted)["cats-show-loyalty-in-quieter-ways"]
    assert node.status is None and node.proposal.decided is not None
    assert accepted.startswith("# Pets, argued.") and "# mostly" in accepted
    rejected = apply_edits(MAP, found[1].edits)
    assert argmap.loads(rejected)["cats-show-loyalty-in-quieter-ways"].status == "rejected"


def test_no_proposal_actions_outside_a_proposal():
    assert actions.proposal_actions(MAP, build_index(MAP), where(MAP, "Dogs are loyal")[0]) == []


def test_quoting_a_value_that_holds_colon_space_makes_the_map_valid():
    broken = MAP.replace("text: Dogs are loyal.", 'text: Dogs are "loyal": they stay.')
    lines = split_lines(broken)
    action = actions.quote_action(lines, where(broken, "Dogs are")[0])
    assert action is not None
    fixed = apply_edits(broken, action.edits)
    assert argmap.loads(fixed)["loyal"].text == 'Dogs are "loyal": they stay.'
    assert actions.quote_action(lines, where(broken, "Cats are quiet")[0]) is None


def test_the_schema_line_points_at_the_nearest_schema_file(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "argmap.schema.json").write_text("{}")
    (tmp_path / "maps").mkdir()
    found = actions.schema_actions(MAP, tmp_path / "maps" / "pets.yaml", tmp_path)
    assert len(found) == 1
    added = apply_edits(MAP, found[0].edits)
    assert added.startswith("# yaml-language-server: $schema=../schema/argmap.schema.json\n# Pets, argued.")
    assert actions.schema_actions(added, tmp_path / "maps" / "pets.yaml", tmp_path) == []


def test_without_a_schema_file_the_action_writes_one_first(tmp_path):
    found = actions.schema_actions(MAP, tmp_path / "pets.yaml", tmp_path)
    assert [a.command for a in found] == [(actions.WRITE_SCHEMA_COMMAND, [str(tmp_path / "pets.yaml")])]


@pytest.mark.parametrize(
    "old, new",
    [
        ("a\nb\nc\n", "a\nx\ny\nc\n"),
        ("a\nb\nc\n", "a\nc\n"),
        ("a\nb\n", "a\nb\nc\n"),
        ("a\nb", "a\nb\nc"),
        ("a\nb\nc", "a\nb"),
        ("x\n", "y\n"),
        ("a\r\nb\r\n", "a\r\nc\r\n"),
    ],
)
def test_minimal_edit_turns_old_into_new(old, new):
    assert apply_edits(old, [actions.minimal_edit(old, new)]).replace("\r\n", "\n") == new.replace("\r\n", "\n")


def test_lsp_and_mcp_are_not_imported_by_the_command_line():
    code = (
        "import sys, argmap, argmap.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'mcp', 'mcp_types')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- the server over stdio ----------------------------------------------------------------------------------

needs_pygls = pytest.mark.skipif(
    importlib.util.find_spec("pygls") is None, reason="the lsp extra (pygls) is not installed"
)


def _argmap() -> list[str]:
    return [sys.executable, "-m", "argmap"]


@pytest.fixture
def client(tmp_path):
    lsp = LspClient(_argmap() + ["lsp"], cwd=str(tmp_path))
    lsp.root = tmp_path  # type: ignore[attr-defined]
    lsp.initialize(tmp_path.as_uri())
    yield lsp
    assert lsp.shutdown() == 0


def _open(client: LspClient, path: Path, text: str, version: int = 1) -> dict:
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": path.as_uri(), "languageId": "yaml", "version": version, "text": text}},
    )
    return client.wait_for("textDocument/publishDiagnostics", lambda m: m["params"]["uri"] == path.as_uri())


def _at(path: Path, line: int, col: int) -> dict:
    return {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": col}}


@needs_pygls
def test_the_server_announces_what_it_can_do(tmp_path):
    lsp = LspClient(_argmap() + ["lsp", "--stdio"], cwd=str(tmp_path))
    capabilities = lsp.initialize(tmp_path.as_uri())["capabilities"]
    for feature in (
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "completionProvider",
        "codeActionProvider",
    ):
        assert capabilities.get(feature), feature
    assert actions.WRITE_SCHEMA_COMMAND in capabilities["executeCommandProvider"]["commands"]
    assert lsp.shutdown() == 0


@needs_pygls
def test_opening_a_broken_map_publishes_its_problems_at_the_right_lines(client):
    broken = MAP.replace("attacks: [quiet]", "attacks: [quite]").replace(
        "    by: Ben\n", "    by: Ben\n    wieght: 0.5\n"
    )
    path = client.root / "pets.yaml"
    params = _open(client, path, broken)["params"]
    found = sorted((d["range"]["start"]["line"], d["message"]) for d in params["diagnostics"])
    assert found == [
        (where(broken, "wieght")[0], "unknown key 'wieght' (did you mean 'weight'?)"),
        (where(broken, "[quite]")[0], "'attacks' names unknown id 'quite' (did you mean 'quiet'?)"),
    ]
    quite = next(d for d in params["diagnostics"] if "quite" in d["message"])
    assert quite["range"]["start"]["character"] == where(broken, "quite]")[1]
    assert quite["range"]["end"]["character"] == where(broken, "quite]")[1] + 5


@needs_pygls
def test_a_change_that_fixes_the_map_clears_its_problems(client):
    path = client.root / "pets.yaml"
    broken = MAP.replace("attacks: [quiet]", "attacks: [quite]")
    assert _open(client, path, broken)["params"]["diagnostics"]
    line, col = where(broken, "quite]")
    change = {
        "range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 5}},
        "text": "quiet",
    }
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": path.as_uri(), "version": 2}, "contentChanges": [change]}
    )
    params = client.wait_for("textDocument/publishDiagnostics", lambda m: m["params"].get("version") == 2)["params"]
    assert params["diagnostics"] == []


@needs_pygls
def test_yaml_that_is_not_a_map_gets_no_diagnostics(client):
    path = client.root / "workflow.yaml"
    assert _open(client, path, "on: push\njobs: [unclosed\n")["params"]["diagnostics"] == []


@needs_pygls
def test_hover_definition_and_rename_over_stdio(client):
    path = client.root / "pets.yaml"
    _open(client, path, MAP)
    result = client.request("textDocument/hover", _at(path, *where(MAP, "Dogs are loyal")))["result"]
    assert result["contents"]["kind"] == "markdown"
    assert "**objection** `loyal`" in result["contents"]["value"] and "argued by Ben" in result["contents"]["value"]
    from argmap.explain import impact

    loyal = impact(argmap.evaluate(argmap.loads(MAP)))["loyal"]
    assert f"impact on the central claim's strength {loyal:+.2f}" in result["contents"]["value"]

    location = client.request("textDocument/definition", _at(path, *where(MAP, "[quiet]", shift=2)))["result"]
    assert location["uri"] == path.as_uri()
    assert location["range"]["start"] == dict(zip(("line", "character"), where(MAP, "id: quiet", shift=4)))

    refs = client.request(
        "textDocument/references",
        {**_at(path, *where(MAP, "id: quiet", shift=5)), "context": {"includeDeclaration": True}},
    )["result"]
    assert len(refs) == 3

    prepared = client.request("textDocument/prepareRename", _at(path, *where(MAP, "id: quiet", shift=5)))["result"]
    assert prepared["placeholder"] == "quiet"
    edit = client.request("textDocument/rename", {**_at(path, *where(MAP, "id: quiet", shift=5)), "newName": "silent"})[
        "result"
    ]
    changes = edit["changes"][path.as_uri()]
    renamed = apply_edits(
        MAP,
        [
            navigation.TextEdit(
                Span(
                    c["range"]["start"]["line"],
                    c["range"]["start"]["character"],
                    c["range"]["end"]["line"],
                    c["range"]["end"]["character"],
                ),
                c["newText"],
            )
            for c in changes
        ],
    )
    assert argmap.loads(renamed)["loyal"].attacks == ["silent"]

    refused = client.request(
        "textDocument/rename", {**_at(path, *where(MAP, "id: quiet", shift=5)), "newName": "loyal"}
    )
    assert "already used" in refused["error"]["message"]


@needs_pygls
def test_positions_are_counted_in_utf16_as_the_protocol_says(client):
    text = MAP.replace("by: Ben", "by: \U0001f431 Ben").replace("attacks: [quiet]", "attacks: [\U0001f431, quite]")
    path = client.root / "pets.yaml"
    params = _open(client, path, text)["params"]
    quite = next(d for d in params["diagnostics"] if "'quite'" in d["message"])
    line, col = where(text, "quite]")
    assert quite["range"]["start"] == {"line": line, "character": col + 1}  # the cat is two UTF-16 units


@needs_pygls
def test_completion_and_code_actions_over_stdio(client):
    path = client.root / "pets.yaml"
    _open(client, path, MAP)
    items = client.request("textDocument/completion", _at(path, *where(MAP, "attacks: [quiet]", shift=10)))["result"]
    labels = [item["label"] for item in (items["items"] if isinstance(items, dict) else items)]
    assert "quiet" in labels

    line = where(MAP, "Cats show loyalty")[0]
    found = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": path.as_uri()},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []},
        },
    )["result"]
    accept = next(a for a in found if a["title"].startswith("Accept"))
    change = accept["edit"]["changes"][path.as_uri()][0]
    accepted = apply_edits(
        MAP,
        [
            navigation.TextEdit(
                Span(
                    change["range"]["start"]["line"],
                    change["range"]["start"]["character"],
                    change["range"]["end"]["line"],
                    change["range"]["end"]["character"],
                ),
                change["newText"],
            )
        ],
    )
    assert argmap.loads(accepted)["cats-show-loyalty-in-quieter-ways"].status is None
    schema = next(a for a in found if "schema" in a["title"])
    assert schema["command"]["command"] == actions.WRITE_SCHEMA_COMMAND


@needs_pygls
def test_the_write_schema_command_writes_the_schema_and_asks_for_the_line(client):
    path = client.root / "pets.yaml"
    _open(client, path, MAP)
    client.request("workspace/executeCommand", {"command": actions.WRITE_SCHEMA_COMMAND, "arguments": [path.as_uri()]})
    schema = json.loads((client.root / "argmap.schema.json").read_text())
    assert schema == argmap.schema()
    applied = client.wait_for("workspace/applyEdit")["params"]["edit"]["changes"][path.as_uri()][0]
    assert applied["newText"] == "# yaml-language-server: $schema=argmap.schema.json\n"


# -- robustness: every feature at every line of real and half-written maps ---------------------------


def _texts() -> list[str]:
    real = (ROOT / "maps" / "no-fast-takeoff.yaml").read_text()
    cuts = [real[:n] for n in range(0, len(real), max(1, len(real) // 40))]
    return [
        MAP,
        real,
        MAP.replace("\n", "\r\n"),
        "argmap: 1\npremises: [1, {text: 2}, [x]]\n",
        "argmap: 1\nid: x\nclaim: c\nobjections:\n  - {text: a, attacks: [x, 3, null]}\n",
    ] + cuts


def test_no_feature_fails_anywhere_on_any_text():
    for text in _texts():
        diagnostics.check(text)
        index = build_index(text)
        lines = split_lines(text)
        for line in range(len(lines) + 1):
            for col in (0, 3, 12, 200):
                navigation.completion_kind(lines, line, col)
                actions.quote_action(lines, line)
                if index is None:
                    continue
                hover.hover(index, line, col, None)
                navigation.definition(index, line, col)
                navigation.references(index, line, col)
                navigation.prepare_rename(index, line, col)
                navigation.completions(index, lines, line, col)
                try:
                    navigation.rename(index, line, col, "fresh-name")
                except navigation.RenameError:
                    pass
            if index is not None and line < len(lines):
                actions.proposal_actions(text, index, line)


@needs_pygls
def test_the_quote_action_is_offered_only_where_yaml_cannot_read_the_line(client):
    path = client.root / "pets.yaml"
    broken = MAP.replace("text: Dogs are loyal.", "text: Dogs are loyal: they stay.")
    assert _open(client, path, broken)["params"]["diagnostics"]
    line = where(broken, "Dogs are loyal")[0]
    request = {
        "textDocument": {"uri": path.as_uri()},
        "context": {"diagnostics": []},
        "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
    }
    found = client.request("textDocument/codeAction", request)["result"]
    quote = next(a for a in found if "quotes" in a["title"])
    assert quote["edit"]["changes"][path.as_uri()][0]["newText"] == '"Dogs are loyal: they stay."'
    block = MAP.replace("text: Dogs are loyal.", "text: |\n      Dogs are loyal: they stay.")
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": path.as_uri(), "version": 2}, "contentChanges": [{"text": block}]},
    )
    client.wait_for("textDocument/publishDiagnostics", lambda m: m["params"].get("version") == 2)
    request["range"]["start"]["line"] = request["range"]["end"]["line"] = where(block, "Dogs are loyal")[0]
    found = client.request("textDocument/codeAction", request)["result"]
    assert not any("quotes" in a["title"] for a in found)


# -- maps rooted in a question --------------------------------------------------------------------

QUESTION_MAP = """argmap: 1
id: best-option
question: Which option is best?
positions:
  - text: Option A is best.
    premises:
      - text: A is cheap.
  - id: option-b
    text: Option B is best.
    objections:
      - text: B is slow.
        attacks: [option-a-is-best]
"""


def test_the_index_of_a_question_map_has_its_positions_and_their_subtrees():
    index = build_index(QUESTION_MAP)
    assert index is not None
    assert [node.id for node in index.nodes] == [node.id for node in argmap.loads(QUESTION_MAP).nodes()]
    assert [node.kind for node in index.nodes] == ["question", "position", "premise", "position", "objection"]
    assert index.node_at(*where(QUESTION_MAP, "A is cheap")).id == "a-is-cheap"
    assert index.node_at(*where(QUESTION_MAP, "Which option")).kind == "question"


def test_hover_and_definition_work_on_a_question_maps_positions():
    index = build_index(QUESTION_MAP)
    text, _ = hover.hover(index, *where(QUESTION_MAP, "Option B is best"), None)
    assert text.startswith("**position** `option-b`") and "Option B is best." in text
    question, _ = hover.hover(index, *where(QUESTION_MAP, "Which option"), None)
    assert "Which option is best?" in question
    span = navigation.definition(index, *where(QUESTION_MAP, "option-a-is-best]", shift=1))
    assert span is not None and span.line == where(QUESTION_MAP, "Option A is best")[0]
