"""Pictures a person can read: fonts on any machine, PDF from pip alone, page-shaped maps, big maps cut,
output names and messages, the graphviz package, and the print theme."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import argmap
from argmap.cli import app
from argmap.render import RenderError, render, render_map
from argmap.render.options import RenderOptions
from argmap.render.shape import MAX_RATIO, MAX_WIDTH
from benchmarks.synth import synthetic_yaml

from .browser import Browser, find_chromium
from .conftest import GRAPHVIZ, ROOT, needs_graphviz

SVG = "{http://www.w3.org/2000/svg}"
MAPS = sorted((ROOT / "maps").glob("*.yaml"))
FIXTURE = Path(__file__).parent / "fixtures" / "render" / "debate.yaml"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
runner = CliRunner()


def size_of(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width", "0").removesuffix("pt")), float(root.get("height", "0").removesuffix("pt"))


def strip_text(svg: str) -> str:
    """The same SVG with every piece of text removed."""
    root = ET.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            if child.tag == SVG + "text":
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")


def differing_pixels(png_a: bytes, png_b: bytes) -> int:
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(png_a)).convert("L")
    b = Image.open(io.BytesIO(png_b)).convert("L")
    assert a.size == b.size
    return sum(ImageChops.difference(a, b).point(lambda v: 255 if v > 40 else 0).histogram()[255:])


# -- shapes that fit a page ------------------------------------------------------------------------


@needs_graphviz
@pytest.mark.parametrize("path", MAPS, ids=[p.stem for p in MAPS])
def test_every_map_draws_in_a_page_shape_by_default(path: Path) -> None:
    m = argmap.load(path)
    width, height = size_of(render(m, "svg", engine=GRAPHVIZ))
    assert width <= MAX_WIDTH, f"{path.name}: {width:.0f} pt wide"
    assert 1 / MAX_RATIO <= width / height <= MAX_RATIO, f"{path.name}: {width:.0f} x {height:.0f} pt"


def test_the_tree_layout_chooses_the_same_shapes() -> None:
    for path in MAPS:
        width, height = size_of(render(argmap.load(path), "svg", layout="tree"))
        assert width <= MAX_WIDTH and 1 / MAX_RATIO <= width / height <= MAX_RATIO, path.name


def test_a_bushy_map_stacks_its_leaves_into_a_page_shape() -> None:
    # 120 nodes: a claim with 12 premises, each answered by 9 objections (leaves). Top-down it is a
    # strip ~27,000 pt wide; left to right a column; stacked it fits.
    premises = "".join(
        f"  - id: p{i}\n    text: Premise number {i} says something worth saying here.\n    objections:\n"
        + "".join(f"      - text: Objection {i}.{j} to premise {i}, with a few words more.\n" for j in range(9))
        for i in range(12)
    )
    m = argmap.loads(f"argmap: 1\nid: bushy\nclaim: A bushy claim.\npremises:\n{premises}")
    result = render_map(m, "svg")
    width, height = size_of(result.text)
    assert result.nodes == 121 and result.layout == "tree" and "stacked" in result.engine
    assert width <= 2 * MAX_WIDTH and 1 / MAX_RATIO <= width / height <= MAX_RATIO
    # The user's direction is kept as asked.
    tb = size_of(render(m, "svg", direction="TB", max_nodes=None))
    assert tb[0] / tb[1] > 5


# -- fonts ---------------------------------------------------------------------------------------


def test_png_draws_its_words_with_only_dejavu_fonts() -> None:
    """resvg's default family is Arial; with only DejaVu installed the words used to vanish."""
    pytest.importorskip("resvg_py")
    if not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")
    import resvg_py

    from argmap.render import _png

    svg = render(argmap.load(FIXTURE), "svg", layout="tree")
    with_text = _png(resvg_py, svg, folders=[DEJAVU])
    without_text = _png(resvg_py, strip_text(svg), folders=[DEJAVU])
    assert differing_pixels(with_text, without_text) > 5000


def test_png_has_text_on_a_machine_whose_only_fonts_are_dejavu(tmp_path: Path) -> None:
    """The whole command, in a mount namespace where every font folder but DejaVu's is hidden."""
    pytest.importorskip("resvg_py")
    unshare = shutil.which("unshare")
    if unshare is None or not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("needs unshare(1) and DejaVu Sans (apt-get install util-linux fonts-dejavu-core)")
    if subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow user and mount namespaces (unshare -rm)")
    svg_path = tmp_path / "map.svg"
    svg_path.write_text(render(argmap.load(FIXTURE), "svg", layout="tree"))
    (tmp_path / "bare.svg").write_text(strip_text(svg_path.read_text()))
    script = textwrap.dedent(f"""
        set -e
        keep=$(mktemp -d)
        mount --bind {DEJAVU} "$keep"
        mount -t tmpfs tmpfs /usr/share/fonts
        mkdir -p {DEJAVU}
        mount --bind "$keep" {DEJAVU}
        if [ -d /usr/local/share/fonts ]; then mount -t tmpfs tmpfs /usr/local/share/fonts; fi
        test "$(find /usr/share/fonts -name '*.tt?' | grep -vc dejavu)" = 0
        "$@"
    """)
    code = (
        "import argmap, resvg_py, sys; from argmap.render import _png; "
        "from argmap.render.fonts import installed_family; "
        f"open({str(tmp_path / 'bare.png')!r}, 'wb').write(_png(resvg_py, open({str(tmp_path / 'bare.svg')!r}).read())); "
        "print(installed_family())"
    )
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    cli = [sys.executable, "-m", "argmap", "render", str(FIXTURE), "--layout", "tree", "-o", str(tmp_path / "map.png")]
    done = subprocess.run([unshare, "-rm", "sh", "-c", script, "sh", *cli], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [unshare, "-rm", "sh", "-c", script, "sh", sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "DejaVu Sans"
    assert differing_pixels((tmp_path / "map.png").read_bytes(), (tmp_path / "bare.png").read_bytes()) > 5000


def test_png_without_a_usable_font_refuses_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    import resvg_py

    from argmap.render import _png

    with pytest.raises(RenderError, match="needs a font installed"):
        _png(resvg_py, render(argmap.load(FIXTURE), "svg", layout="tree"), folders=[tmp_path])


CHROMIUM = find_chromium()
_FIT_SCRIPT = """
(() => {
  const probe = document.createElement('canvas').getContext('2d');
  const width = (font) => { probe.font = font; return probe.measureText('Argument maps, drawn wide').width; };
  const present = width("11px '__FAMILY__', monospace") !== width('11px monospace');
  const out = [];
  let lines = 0;
  for (const g of document.querySelectorAll('g.node')) {
    const box = g.querySelector('rect').getBBox();
    for (const t of g.querySelectorAll('text')) {
      for (const span of (t.querySelectorAll('tspan').length ? t.querySelectorAll('tspan') : [t])) {
        lines += 1;
        const b = span.getBBox ? span.getBBox() : t.getBBox();
        if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5) {
          out.push(g.id + ': ' + span.textContent + ' (' + (b.x + b.width - box.x - box.width).toFixed(1) + ' pt over)');
        }
      }
    }
  }
  return JSON.stringify({present, lines, overflows: out});
})()
"""


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
@pytest.mark.parametrize("family", ["DejaVu Sans", "Liberation Sans"])
def test_text_fits_its_box_in_a_browser_whichever_font_it_uses(tmp_path: Path, family: str) -> None:
    # As drawn by default (Graphviz's layout where it runs), plus the tidy tree and an evaluated map.
    svgs = [render(argmap.load(path), "svg") for path in MAPS + [FIXTURE]]
    svgs.append(
        render(
            argmap.load(FIXTURE), "svg", layout="tree", theme="print", evaluation=argmap.evaluate(argmap.load(FIXTURE))
        )
    )
    page = tmp_path / "fit.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><style>svg text, svg tspan {{ font-family: '{family}' !important; }}"
        f"</style></head><body>{''.join(svgs)}</body></html>"
    )
    with Browser(CHROMIUM) as browser:  # type: ignore[arg-type]
        browser.open(page.as_uri())
        result = json.loads(browser.eval(_FIT_SCRIPT.replace("__FAMILY__", family)))
    if not result["present"]:
        pytest.skip(f"{family} is not installed (fonts-dejavu-core / fonts-liberation2)")
    assert result["lines"] > 300
    assert result["overflows"] == []


# -- PDF -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["tree", "dot"])
def test_pdf_with_nothing_but_pip_has_selectable_text_and_an_embedded_font(
    tmp_path: Path, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pypdf = pytest.importorskip("pypdf")
    if layout == "dot" and GRAPHVIZ != "embedded":
        pytest.skip("the embedded Graphviz needs Python 3.11 or newer")
    monkeypatch.setenv("ARGMAP_DOT", "no-such-dot-binary")  # as on a machine without Graphviz
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # and without Cairo
    m = argmap.load(ROOT / "maps" / "age-of-research.yaml")
    out = tmp_path / "map.pdf"
    result = runner.invoke(
        app, ["render", str(ROOT / "maps" / "age-of-research.yaml"), "--layout", layout, "-o", str(out), "-v"]
    )
    assert result.exit_code == 0, result.stderr
    assert "fpdf2" in result.stderr
    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for words in ("The age of scaling", "big computers", "Pre-training will run out of data"):
        assert words in text
    assert m.claim.split()[0] in text
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    from argmap.render.fonts import regular_and_bold

    if regular_and_bold() is None:
        pytest.skip("no TrueType font of FONT is installed: the PDF uses Helvetica, which is not embedded")
    descriptors = [
        font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for font in fonts
        if "/DescendantFonts" in font
    ]
    assert descriptors and all("/FontFile2" in d for d in descriptors)


def test_pdf_edges_have_their_heads() -> None:
    from argmap.render.pdf import prepare

    svg = render(argmap.load(FIXTURE), "svg", layout="tree")
    prepared = prepare(svg, "helvetica")
    edges = svg.count('class="edge ')
    # Each edge gets a drawn head (fpdf2 ignores SVG markers); the claim's lines are centred one by one.
    assert prepared.count("<path") >= svg.count("<path") + edges
    root = ET.fromstring(prepared)
    claim = next(g for g in root.iter(SVG + "g") if g.get("class", "").startswith("node claim"))
    texts = [t for t in claim.iter(SVG + "text") if t.get("class") == "text"]
    assert len(texts) == len(argmap.render.style.wrap(argmap.load(FIXTURE).claim, argmap.render.style.WRAP_CLAIM))


# -- big maps --------------------------------------------------------------------------------------


def test_a_2000_node_png_is_a_readable_cut_and_says_so(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    path = tmp_path / "big.yaml"
    path.write_text(synthetic_yaml(2000, seed=1))
    out = tmp_path / "big.png"
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "of 2,000 nodes" in result.stderr and "--focus" in result.stderr and ".html" in result.stderr
    from PIL import Image

    width, height = Image.open(out).size
    assert max(width, height) <= 4800 * 4 / 3 + 2
    # The HTML page is never cut; Python callers are warned of a cut.
    m = argmap.load(path)
    page = render_map(m, "html")
    assert page.note is None and page.nodes == 2000
    from argmap.render import RenderWarning

    with pytest.warns(RenderWarning, match="of 2,000 nodes"):
        assert "+" in render(m, "svg")


def test_a_level_too_wide_to_read_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "fan.yaml"
    path.write_text(
        "argmap: 1\nid: fan\nclaim: One claim with very many premises.\npremises:\n"
        + "".join(f"  - text: Premise number {i}.\n" for i in range(400))
    )
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "fan.png")])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--focus" in result.stderr and ".html" in result.stderr
    assert not (tmp_path / "fan.png").exists()
    # Asked for everything, it is drawn.
    assert render_map(argmap.load(path), "svg", RenderOptions(max_nodes=None, layout="tree")).nodes == 401


# -- names and messages ----------------------------------------------------------------------------


def test_output_is_named_after_the_map_file_with_a_suffix_per_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cars = tmp_path / "cars.yaml"
    cars.write_text(FIXTURE.read_text())
    for args, name in (
        [[], "cars.svg"],
        [["--focus", "evals-vs-impact"], "cars.focus-evals-vs-impact.svg"],
        [["--tag", "evidence"], "cars.tag-evidence.svg"],
        [["--depth", "1"], "cars.depth-1.svg"],
        [["--focus", "evals-vs-impact", "--depth", "1", "-f", "html"], "cars.focus-evals-vs-impact.depth-1.html"],
    ):
        result = runner.invoke(app, ["render", str(cars), "--layout", "tree", *args])
        assert result.exit_code == 0, result.stderr
        assert result.stderr.strip() == f"wrote {name}"
        assert (tmp_path / name).is_file()
    result = runner.invoke(app, ["render", str(cars), "--layout", "tree", "-q", "-o", "out/"])
    assert result.exit_code == 0 and result.stderr == "" and (tmp_path / "out" / "cars.svg").is_file()


def test_an_empty_selection_is_an_error_and_ids_get_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(FIXTURE), "--tag", "nosuchtag"])
    assert result.exit_code == 1 and "no node has the tag 'nosuchtag'" in result.stderr
    result = runner.invoke(app, ["render", str(FIXTURE), "--tag", "evidence", "--depth", "0"])
    assert result.exit_code == 1 and "no node with the tag 'evidence' is drawn within --depth 0" in result.stderr
    result = runner.invoke(app, ["render", str(FIXTURE), "--focus", "evals-vs-impakt"])
    assert result.exit_code == 1 and "did you mean 'evals-vs-impact'?" in result.stderr
    result = runner.invoke(app, ["render", str(FIXTURE), "--focus", "impact"])
    assert result.exit_code == 1 and "did you mean 'evals-vs-impact'?" in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- the graphviz package and the print theme ------------------------------------------------------


def test_to_graphviz_is_a_digraph_in_argmaps_style() -> None:
    graphviz = pytest.importorskip("graphviz")
    m = argmap.load(FIXTURE)
    graph = m.to_graphviz()
    assert isinstance(graph, graphviz.Digraph)
    graph.node("note", "added by the user")
    source = graph.source
    assert source.startswith("digraph argmap {") and source.rstrip().endswith("}")
    assert source.count("\n}") == 1 and "added by the user" in source
    assert 'class="node objection"' in source and "arrowtail=tee" in source
    assert source.replace('\tnote [label="added by the user"]\n', "") == m.to_dot()


def test_print_theme_tells_kinds_apart_without_colour() -> None:
    m = argmap.load(FIXTURE)
    root = ET.fromstring(render(m, "svg", layout="tree", theme="print"))
    edges = [p for p in root.iter(SVG + "path") if (p.get("class") or "").startswith("edge ")]
    attacks = [p for p in edges if "attack" in p.get("class", "")]
    supports = [p for p in edges if "support" in p.get("class", "")]
    assert attacks and supports
    assert all(p.get("stroke-dasharray") for p in attacks)
    assert not any(p.get("stroke-dasharray") for p in supports if "proposed" not in p.get("class", ""))
    colours = {p.get("stroke") for p in edges}
    assert colours == {"#000000"}
    assert "style=dashed" in m.to_dot(theme="print")


def test_png_uses_whatever_font_is_installed_when_none_of_the_usual_ones_is(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    if not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")
    import resvg_py

    from argmap.render import _png

    shutil.copy(DEJAVU / "DejaVuSans.ttf", tmp_path / "SomeOtherFont.ttf")  # found by its name table, not its file
    svg = render(argmap.load(FIXTURE), "svg", layout="tree")
    assert (
        differing_pixels(_png(resvg_py, svg, folders=[tmp_path]), _png(resvg_py, strip_text(svg), folders=[tmp_path]))
        > 5000
    )


def test_default_names_are_safe_file_names() -> None:
    from argmap.render.names import default_name

    assert (
        default_name(Path("maps/cars.yml"), "png", RenderOptions(tag="Road safety / Ürban"))
        == "cars.tag-road-safety-urban.png"
    )
    assert default_name(Path("notes.txt"), "svg", RenderOptions(depth=0)) == "notes.txt.depth-0.svg"


def test_the_destination_of_o_and_format(tmp_path: Path) -> None:
    from argmap.render.names import Destination, DestinationError

    whole, part = RenderOptions(), RenderOptions(focus="tolls", depth=2)
    beside = Destination.choose(None, None, 2)
    assert beside.format == "svg" and beside.named_after_maps
    assert beside.path(Path("maps/cars.yaml"), part) == Path("cars.focus-tolls.depth-2.svg")
    folder = Destination.choose(str(tmp_path), "PNG", 2)  # an existing folder needs no slash
    assert folder.folder == tmp_path and folder.path(Path("cars.yaml"), whole) == tmp_path / "cars.png"
    one = Destination.choose("out/picture.HTM", None, 1)
    assert one.format == "html" and one.path(Path("cars.yaml"), whole) == Path("out/picture.HTM")
    assert not one.named_after_maps
    stdout = Destination.choose("-", "dot", 1)
    assert stdout.stdout and stdout.path(Path("cars.yaml"), whole) is None and not stdout.named_after_maps
    with pytest.raises(DestinationError, match="cannot tell the format from the extension; use --format"):
        Destination.choose("picture.jpeg", None, 1)
    with pytest.raises(DestinationError, match=r"^-o: give a folder \(ending in /\) to render several maps$"):
        Destination.choose("picture.svg", None, 2)
    with pytest.raises(DestinationError, match="--format: unknown format 'gif'"):
        Destination.choose(None, "gif", 1)
    with pytest.raises(DestinationError, match="two maps would both be written to 'cars.svg'"):
        beside.check_names([Path("a/cars.yaml"), Path("b/cars.yml")], whole)
    Destination.choose("-", None, 1).check_names([Path("a/cars.yaml"), Path("b/cars.yml")], whole)


def test_with_verdicts_fills_a_copy_of_the_options_per_map() -> None:
    from argmap.render import with_verdicts
    from tests.test_formats_question import QUESTION

    options = RenderOptions(depth=1)
    claim = with_verdicts(argmap.load(FIXTURE), options, explain=True)
    assert claim.evaluation is not None and claim.explanation is not None and claim.depth == 1
    assert options.evaluation is None and options.explanation is None  # the caller's options are left alone
    question = with_verdicts(argmap.loads(QUESTION), claim, explain=True)
    # A question has no verdict to explain: nothing of the previous map's explanation is carried over.
    assert question.evaluation.claim is None and question.explanation is None
