"""The interactive HTML page, opened in a real headless Chromium: click a node, read the panel, search.

Skips when no Chromium is installed (Debian: apt-get install chromium).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.render import render
from benchmarks.synth import synthetic_yaml

from .conftest import GRAPHVIZ, needs_graphviz

from .browser import Browser, find_chromium
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
    rect = browser.eval(f"(function () {{ var r = document.getElementById({('n-' + node_id)!r})"
                        ".getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
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

    assert browser.eval("document.getElementById('n-evals-vs-impact').getBoundingClientRect().right") <= \
        browser.eval("innerWidth - document.getElementById('panel').offsetWidth")  # not hidden by the panel
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
    state = browser.eval("argmapPage.state()")
    assert state["scale"] == 1  # too big to fit legibly: it opens at full size, on the central claim
    browser.eval("document.getElementById('zoom-in').click()")
    assert browser.eval("argmapPage.state()")["scale"] == pytest.approx(1.25)
    browser.eval("document.getElementById('zoom-fit').click()")
    assert browser.eval("argmapPage.state()")["scale"] < 0.5
    before = browser.eval("argmapPage.state()")
    browser.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": 600, "y": 400, "button": "left",
                                             "buttons": 1, "clickCount": 1})
    browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 500, "y": 350, "button": "left",
                                             "buttons": 1})
    browser.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": 500, "y": 350, "button": "left",
                                             "buttons": 0, "clickCount": 1})
    after = browser.eval("argmapPage.state()")
    assert (after["tx"] - before["tx"], after["ty"] - before["ty"]) == (-100, -50)
    assert after["selected"] is None  # a drag is not a click
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
    assert browser.eval("document.querySelectorAll('#panel a[href^=\"javascript\"]').length") == 0
    assert browser.eval("document.querySelectorAll('#panel script, #panel img').length") == 0
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
