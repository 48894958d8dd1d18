"""The interactive HTML page, opened in a real headless Chromium: click a node, read the panel, search.

Skips when no Chromium is installed (Debian: apt-get install chromium).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.render import render
from argmap.render.style import clean
from argmap.render.view import select
from benchmarks.synth import synthetic_yaml

from .browser import Browser, find_chromium
from .conftest import GRAPHVIZ, needs_graphviz
from .test_render_safety import nasty_map

FIXTURE = Path(__file__).parent / "fixtures" / "render" / "debate.yaml"
CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:  # type: ignore[arg-type]
        yield b


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def node_centre(browser: Browser, node_id: str) -> tuple[float, float]:
    rect = browser.eval(
        f"(function () {{ var r = document.getElementById({('n-' + node_id)!r})"
        ".getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()"
    )
    return rect[0] + rect[2] / 2, rect[1] + rect[3] / 2


def panel_text(browser: Browser) -> str:
    return browser.eval("document.getElementById('panel').innerText")


@needs_graphviz
@pytest.mark.parametrize("layout", ["dot", "tree"])
def test_click_a_node_and_read_the_panel(browser: Browser, tmp_path: Path, layout: str) -> None:
    page = render(argmap.load(FIXTURE), tmp_path / "map.html", layout=layout, engine=GRAPHVIZ)
    browser.open(page.as_uri())
    assert browser.eval("document.title") == "Is the age of scaling over?"
    assert browser.eval("document.getElementById('panel').hidden") is True
    browser.click(*node_centre(browser, "evals-vs-impact"))
    assert browser.eval("document.getElementById('panel').hidden") is False
    text = panel_text(browser)
    assert "Models do very well on evals, yet their economic impact lags far behind." in text
    assert "Ilya Sutskever" in text  # author
    assert "the models seem smarter than their economic impact would imply" in text  # quote
    assert "We're moving from the age of scaling to the age of research" in text  # source
    assert "0:05:10" in text and "accepted" in text  # locator, status
    link = browser.eval("document.querySelector('#panel .source a').href")
    assert link == "https://www.youtube.com/watch?v=aR20FWCCjAs"
    assert browser.eval("location.protocol") == "file:"  # clicking the node did not follow its link
    assert browser.eval("document.getElementById('n-evals-vs-impact').classList.contains('selected')")

    assert browser.eval("document.getElementById('n-evals-vs-impact').getBoundingClientRect().right") <= browser.eval(
        "innerWidth - document.getElementById('panel').offsetWidth"
    )  # not hidden by the panel
    browser.key("Escape")
    centre = node_centre(browser, "synthetic-data")
    browser.click(*centre)
    text = panel_text(browser)
    assert "proposed by an LLM, not yet reviewed" in text and "openai/gpt-4o-mini" in text
    browser.key("Escape")
    assert browser.eval("document.getElementById('panel').hidden") is True
    assert browser.errors() == []


@needs_graphviz
def test_search_highlights_and_steps_through_matches(browser: Browser, tmp_path: Path) -> None:
    page = render(argmap.load(FIXTURE), tmp_path / "map.html", engine=GRAPHVIZ)
    browser.open(page.as_uri())
    browser.eval("document.getElementById('search').focus()")
    browser.type("sutskever")
    assert browser.eval("document.getElementById('count').textContent") == "6 matches"
    assert browser.eval("document.querySelectorAll('g.node.match').length") == 6
    assert browser.eval("document.querySelector('svg').classList.contains('searching')")
    browser.key("Enter")
    assert browser.eval("document.getElementById('count').textContent") == "1 of 6"
    assert browser.eval("document.getElementById('panel').hidden") is False
    browser.key("Escape")
    assert browser.eval("document.querySelectorAll('g.node.match').length") == 0
    assert browser.errors() == []


def test_pan_and_zoom(browser: Browser, tmp_path: Path) -> None:
    page = render(argmap.loads(synthetic_yaml(300, seed=2)), tmp_path / "big.html", layout="tree")
    browser.open(page.as_uri())
    browser.eval("document.getElementById('expand-all').click()")
    state = browser.eval("argmapPage.state()")
    assert state["scale"] == 1  # too big to fit legibly: it opens at full size, on the central claim
    browser.eval("document.getElementById('zoom-in').click()")
    assert browser.eval("argmapPage.state()")["scale"] == pytest.approx(1.25)
    browser.eval("document.getElementById('zoom-fit').click()")
    assert browser.eval("argmapPage.state()")["scale"] == 0.75  # as small as text stays readable, no smaller
    assert len(browser.eval(READABLE)) >= 3
    browser.eval("document.getElementById('zoom-out').click()")
    assert browser.eval("argmapPage.state()")["scale"] == pytest.approx(0.6)  # the reader may go further
    before = browser.eval("argmapPage.state()")
    browser.send(
        "Input.dispatchMouseEvent",
        {"type": "mousePressed", "x": 600, "y": 400, "button": "left", "buttons": 1, "clickCount": 1},
    )
    browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 500, "y": 350, "button": "left", "buttons": 1})
    browser.send(
        "Input.dispatchMouseEvent",
        {"type": "mouseReleased", "x": 500, "y": 350, "button": "left", "buttons": 0, "clickCount": 1},
    )
    after = browser.eval("argmapPage.state()")
    assert (after["tx"] - before["tx"], after["ty"] - before["ty"]) == (-100, -50)
    assert after["selected"] is None  # a drag is not a click
    assert browser.errors() == []


def test_a_link_to_a_node_opens_on_it(browser: Browser, big: tuple) -> None:
    m, page = big
    view = select(m)
    deep = max(m.nodes(), key=lambda node: len(_ancestors(m, node.id, view)))
    browser.open(page.as_uri() + "#" + deep.id)
    assert browser.eval("argmapPage.state().selected") == deep.id
    assert browser.eval("document.getElementById('panel').hidden") is False
    assert {node_id for node_id, _, _ in browser.eval(READABLE)} >= {deep.id}
    browser.click(*node_centre(browser, _ancestors(m, deep.id)[0]))
    assert browser.eval("location.hash") == "#" + _ancestors(m, deep.id)[0]
    assert browser.errors() == []


def test_hostile_text_stays_text_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    m = nasty_map()
    page = render(m, tmp_path / "nasty.html", layout="tree")
    browser.open(page.as_uri())
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert browser.eval("document.querySelectorAll('script').length") == 2
    browser.eval("argmapPage.centreOn('p0', true)")
    browser.click(*node_centre(browser, "p0"))
    text = panel_text(browser)
    assert "</text><script>window.__pwned=1</script>" in text
    drawn = browser.eval(
        "Array.prototype.map.call(document.querySelectorAll('#n-p0 text.text tspan'), "
        "function (t) { return t.textContent; }).join(' ')"
    )
    assert clean(m.find("p0").text).startswith(drawn.removesuffix(" \u2026"))  # drawn as text, word for word
    assert browser.eval("document.querySelectorAll('#map script, #map foreignObject, #map a').length") == 0
    assert browser.eval("document.querySelectorAll('#panel a[href^=\"javascript\"]').length") == 0
    assert browser.eval("document.querySelectorAll('#panel script, #panel img').length") == 0
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]


# -- big maps: open readable, fold, unfold, find, move, overview --------------------------------------

READABLE = """(function () {
  // Nodes wholly on screen (below the header, clear of the overview and the panel), with the size
  // their body text is drawn at, in screen pixels.
  var top = document.querySelector('header').getBoundingClientRect().bottom;
  var covers = ['overview', 'panel'].map(function (id) { var e = document.getElementById(id);
    return e.hidden ? null : e.getBoundingClientRect(); }).filter(Boolean);
  return Array.prototype.map.call(document.querySelectorAll('g.node'), function (g) {
    var r = g.getBoundingClientRect(), text = g.querySelector('text.text');
    var hidden = r.left < 0 || r.top < top || r.right > innerWidth || r.bottom > innerHeight ||
      covers.some(function (c) { return r.left < c.right && r.right > c.left && r.top < c.bottom && r.bottom > c.top; });
    return hidden ? null : [g.id.slice(2), parseFloat(getComputedStyle(text).fontSize) * g.getScreenCTM().a,
                            Array.prototype.map.call(text.querySelectorAll('tspan'), function (t) { return t.textContent; }).join(' ')];
  }).filter(Boolean);
})()"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[argmap.ArgumentMap, Path]:
    m = argmap.loads(synthetic_yaml(2000, seed=3))
    return m, render(m, tmp_path_factory.mktemp("big") / "big.html")


def subtree(m: argmap.ArgumentMap, node_id: str) -> list[str]:
    """Ids below a node, in document order."""
    from argmap.render.view import select

    view = select(m)
    out, todo = [], list(reversed(view.by_id[node_id].children))
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(reversed(view.by_id[current].children))
    return out


def fold_centre(browser: Browser, node_id: str) -> tuple[float, float]:
    rect = browser.eval(
        f"(function () {{ var r = document.querySelector('#n-{node_id} g.fold rect')"
        ".getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()"
    )
    return rect[0] + rect[2] / 2, rect[1] + rect[3] / 2


def test_a_2000_node_map_opens_on_readable_nodes(browser: Browser, big: tuple) -> None:
    m, page = big
    browser.open(page.as_uri())
    readable = browser.eval(READABLE)
    assert len(readable) >= 3
    assert all(font >= 9 for _, font, _ in readable)
    assert m.id in [node_id for node_id, _, _ in readable]  # the central claim is among them
    texts = {node.id: " ".join(node.text.split()) for node in m.nodes()}
    for node_id, _, drawn in readable:  # whole words of the node's own text (long texts end in an ellipsis)
        assert texts[node_id].startswith(drawn.removesuffix(" \u2026").rstrip()), node_id
    # Only what is unfolded and near the screen is in the document.
    assert browser.eval("document.querySelectorAll('g.node').length") < 200
    assert browser.eval("document.querySelectorAll('script').length") == 2
    assert browser.errors() == []


def test_fold_and_unfold_with_counts(browser: Browser, big: tuple) -> None:
    m, page = big
    browser.open(page.as_uri())
    assert m.id in browser.eval("argmapPage.state().open")
    # A folded node on screen: it says how many nodes it hides.
    on_screen = [node_id for node_id, _, _ in browser.eval(READABLE)]
    first = [
        node_id
        for node_id in on_screen
        if browser.eval(f"(document.querySelector('#n-{node_id} g.fold text') || {{}}).textContent || ''").startswith(
            "+"
        )
    ][0]
    below = subtree(m, first)
    assert browser.eval(f"document.getElementById('n-{below[0]}')") is None
    assert browser.eval(f"document.querySelector('#n-{first} g.fold text').textContent") == f"+{len(below)}"
    assert browser.eval(f"document.getElementById('n-{first}').getAttribute('aria-expanded')") == "false"
    browser.click(*fold_centre(browser, first))
    drawn = set(browser.eval("Array.from(document.querySelectorAll('g.node')).map(function (g) { return g.id; })"))
    children = [c for c in below if f"n-{c}" in drawn]
    from argmap.render.view import select

    assert set(select(m).by_id[first].children) <= set(children)
    assert browser.eval(f"document.querySelector('#n-{first} g.fold text').textContent") == "\u2212"
    browser.click(*fold_centre(browser, first))
    assert browser.eval(f"document.getElementById('n-{below[0]}')") is None
    # Unfold everything, then fold back to two levels.
    browser.eval("document.getElementById('expand-all').click()")
    assert browser.eval("argmapPage.state().drawn") == 2000
    assert browser.eval("document.getElementById('levels').value") == "all"
    browser.eval("var s = document.getElementById('levels'); s.value = '2'; s.dispatchEvent(new Event('change'))")
    view = select(m)
    level2 = 1 + sum(1 for node_id in subtree(m, m.id) if len(_ancestors(m, node_id, view)) <= 2)
    assert browser.eval("argmapPage.state().drawn") == level2
    browser.eval("document.getElementById('collapse').click()")
    assert len(browser.eval(READABLE)) >= 3
    assert browser.errors() == []


def _ancestors(m: argmap.ArgumentMap, node_id: str, view: Any = None) -> list[str]:
    view, out = view or select(m), []
    parent = view.by_id[node_id].parent
    while parent is not None:
        out.append(parent)
        parent = view.by_id[parent].parent
    return out


def test_panel_lists_replies_as_links(browser: Browser, big: tuple) -> None:
    m, page = big
    from argmap.render.view import select

    view = select(m)
    browser.open(page.as_uri())
    browser.click(*node_centre(browser, m.id))
    links = browser.eval(
        "Array.prototype.map.call(document.querySelectorAll('#panel ul.children a.jump'), "
        "function (a) { return a.getAttribute('data-node'); })"
    )
    assert links == view.root.children
    target = view.root.children[-1]
    browser.eval(f"document.querySelector('#panel a.jump[data-node=\"{target}\"]').click()")
    assert browser.eval("argmapPage.state().selected") == target
    assert " ".join(view.by_id[target].node.text.split()) in " ".join(panel_text(browser).split())
    grandchildren = view.by_id[target].children
    if grandchildren:
        browser.eval(f"document.querySelector('#panel a.jump[data-node=\"{grandchildren[0]}\"]').click()")
        assert browser.eval("argmapPage.state().selected") == grandchildren[0]
        assert browser.eval(f"!!document.getElementById('n-{grandchildren[0]}')")  # unfolded on the way
        # and back up through the parent link
        browser.eval(f"document.querySelector('#panel dd a.jump[data-node=\"{target}\"]').click()")
        assert browser.eval("argmapPage.state().selected") == target
    assert browser.errors() == []


def test_search_unfolds_and_scrolls_to_a_hit(browser: Browser, big: tuple) -> None:
    m, page = big
    view = select(m)
    deep = max(m.nodes(), key=lambda node: len(_ancestors(m, node.id, view)))
    browser.open(page.as_uri())
    assert browser.eval(f"document.getElementById('n-{deep.id}')") is None
    browser.eval("document.getElementById('search').focus()")
    browser.type(deep.id)
    assert browser.eval("document.getElementById('count').textContent").endswith(("match", "matches"))
    browser.key("Enter")
    assert browser.eval("argmapPage.state().selected") == deep.id
    on_screen = {node_id: font for node_id, font, _ in browser.eval(READABLE)}
    assert on_screen.get(deep.id, 0) >= 9  # unfolded, in view and readable beside the panel
    assert browser.eval(f"document.getElementById('n-{deep.id}').classList.contains('match')")
    assert browser.errors() == []


def test_keyboard_moves_to_parent_child_and_siblings(browser: Browser, big: tuple) -> None:
    m, page = big
    from argmap.render.view import select

    view = select(m)
    browser.open(page.as_uri())
    browser.eval("document.getElementById('viewport').focus()")
    browser.key("Home")
    assert browser.eval("argmapPage.state().selected") == m.id
    browser.key("ArrowRight")
    first = view.root.children[0]
    assert browser.eval("argmapPage.state().selected") == first
    browser.key("ArrowDown")
    assert browser.eval("argmapPage.state().selected") == view.root.children[1]
    browser.key("ArrowUp")
    assert browser.eval("argmapPage.state().selected") == first
    browser.key("ArrowRight")  # unfolds the folded node and goes to its first reply
    assert browser.eval("argmapPage.state().selected") == view.by_id[first].children[0]
    assert first in browser.eval("argmapPage.state().open")
    browser.key("ArrowLeft")
    assert browser.eval("argmapPage.state().selected") == first
    browser.key(" ")  # folds it again
    assert first not in browser.eval("argmapPage.state().open")
    browser.key("Enter")
    assert browser.eval("document.getElementById('panel').hidden") is False
    assert browser.errors() == []


def test_overview_marks_the_view_and_jumps_on_click(browser: Browser, big: tuple) -> None:
    m, page = big
    browser.open(page.as_uri())
    assert browser.eval("document.getElementById('overview').hidden") is False
    box = browser.eval(
        "(function () { var r = document.getElementById('minimap').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; })()"
    )
    assert box[2] >= 200 and box[3] >= 120
    # Something is drawn: the overview is not blank.
    assert (
        browser.eval(
            "(function () { var c = document.getElementById('minimap'), d = c.getContext('2d')"
            ".getImageData(0, 0, c.width, c.height).data, n = 0; for (var k = 3; k < d.length; k += 4)"
            " if (d[k]) n++; return n; })()"
        )
        > 1000
    )
    # A click on the far right of the overview (the deepest levels) goes to a node there.
    x, y = round(box[0] + box[2] * 0.7), round(box[1] + box[3] * 0.5)  # whole pixels, as a mouse clicks
    expected = browser.eval(f"argmapPage.nodeAt({(x - box[0]) * 240 / box[2]}, {(y - box[1]) * 150 / box[3]})")
    assert expected != m.id and browser.eval(f"document.getElementById('n-{expected}')") is None
    browser.click(x, y)
    assert browser.eval("argmapPage.state().selected") == expected
    on_screen = {node_id: font for node_id, font, _ in browser.eval(READABLE)}
    assert on_screen.get(expected, 0) >= 9
    assert browser.errors() == []


def test_the_panel_shows_a_nodes_impact_on_the_verdict(browser: Browser, tmp_path: Path) -> None:
    from argmap.evaluation import evaluate
    from argmap.explain import explain

    m = argmap.load(FIXTURE)
    result = evaluate(m)
    explanation = explain(result)
    page = render(m, tmp_path / "map.html", evaluation=result, explanation=explanation)
    browser.open(page.as_uri())
    browser.click(*node_centre(browser, "evals-vs-impact"))
    text = panel_text(browser)
    impact = explanation.impact["evals-vs-impact"]
    assert "Impact on the claim" in text and f"{impact:+.3f}" in text
    assert browser.errors() == []


def test_a_question_map_opens_with_its_positions(browser: Browser, tmp_path: Path) -> None:
    m = argmap.loads(
        "argmap: 1\nid: q\nquestion: Which transport policy works best?\npositions:\n"
        "  - id: buses\n    text: Free buses.\n    premises:\n      - text: Ridership rose.\n"
        "  - id: charges\n    text: Congestion charges.\n"
    )
    page = render(m, tmp_path / "q.html")
    browser.open(page.as_uri())
    assert browser.eval("!!document.getElementById('n-buses') && !!document.getElementById('n-charges')")
    browser.click(*node_centre(browser, "charges"))
    assert "Congestion charges." in panel_text(browser)
    assert browser.errors() == []
