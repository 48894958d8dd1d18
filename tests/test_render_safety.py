"""Untrusted map text cannot escape its place in DOT, SVG or HTML output."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.model import ArgumentMap, Cite, Objection, Premise, Rebuttal, Source
from argmap.render import engines, render
from argmap.render.style import WRAP, WRAP_CLAIM, clean, clean_block, safe_url, wrap
from argmap.render.view import select

from .conftest import GRAPHVIZ, HAS_EMBEDDED, needs_graphviz

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HAS_DOT = engines.native_dot() is not None
LAYOUTS = (
    ([("dot", "embedded")] if HAS_EMBEDDED else []) + [("tree", "auto")] + ([("dot", "native")] if HAS_DOT else [])
)

NASTY = [
    "</text><script>window.__pwned=1</script>",
    '"]; evil [label="injected" URL="javascript:alert(1)"]; x -> y [label="',
    "<![CDATA[ ]]> --> <!-- <svg onload=alert(1)>",
    "back\\slash \\N \\G \\L \\n and & &amp; &#x3c; <b>bold</b>",
    "<img src=x onerror=alert(1)> '\"` ${x} {{y}}",
    "\u202eright-to-left override, emoji \U0001f600, CJK \u4e2d\u6587, nbsp\u00a0here",
    "}\n digraph hijack { a -> b }",
    "</script><script>window.__pwned=2</script>",
]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def nasty_map() -> ArgumentMap:
    """A valid map whose every free-text field is hostile."""
    sources = {
        "evil": Source(title=NASTY[0], url="javascript:alert(document.cookie)", author=NASTY[4]),
        "data": Source(title=NASTY[1], url="data:text/html,<script>alert(1)</script>"),
        "good": Source(title=NASTY[5], url="https://example.org/ok?a=1&b=2#x"),
    }
    premises = [
        Premise(
            id=f"p{i}",
            text=text,
            by=NASTY[(i + 3) % len(NASTY)],
            tags=[NASTY[(i + 1) % len(NASTY)]],
            note=NASTY[(i + 2) % len(NASTY)],
            cite=Cite(
                source=["evil", "data", "good"][i % 3],
                at=NASTY[i % len(NASTY)],
                quote=NASTY[(i + 5) % len(NASTY)],
                url=" JaVaScRiPt:alert(1)" if i % 2 else None,
            ),
        )
        for i, text in enumerate(NASTY)
    ]
    objection = Objection(
        id="o", text=NASTY[6], rebuttals=[Rebuttal(id="r", text=NASTY[7], supports=["p0"])], attacks=["p1"]
    )
    return ArgumentMap(
        argmap=1,
        id="nasty",
        title=NASTY[1],
        claim=NASTY[0],
        by=NASTY[2],
        sources=sources,
        premises=premises,
        objections=[objection],
    )


def assert_inert_svg(svg: str, argmap_: ArgumentMap) -> None:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    for element in root.iter():
        tag = element.tag.split("}")[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed"), tag
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            assert not local.startswith("on"), (tag, name)
            if local == "href":
                assert value.startswith(("https://", "http://", "mailto:", "#")), value
            assert "javascript:" not in value.lower() or local in ("title", "aria-label")  # inert text
    drawn = {g.get("id")[2:]: g for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()}
    for node in argmap_.nodes():
        group = drawn[node.id]
        lines = [
            t.text or ""
            for text in group.iter(f"{SVG}text")
            if text.get("class") == "text"
            for t in text.iter(f"{SVG}tspan")
        ]
        assert lines == wrap(clean(node.text), WRAP_CLAIM if node.kind == "claim" else WRAP)


@pytest.mark.parametrize("layout,engine", LAYOUTS)
def test_svg_keeps_hostile_text_as_text(layout: str, engine: str) -> None:
    m = nasty_map()
    svg = render(m, "svg", layout=layout, engine=engine)
    assert_inert_svg(svg, m)
    assert "__pwned" not in "".join(e.tag for e in ET.fromstring(svg).iter())


def test_urls_are_only_http_https_or_mailto() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("mailto:someone@example.org") == "mailto:someone@example.org"
    for bad in (
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//example.org",
        "/relative",
        "https://ex ample.org",
        'https://a.org/"onload=x',
        "https://a.org/<script>",
        "file:///etc/passwd",
        None,
        "",
    ):
        assert safe_url(bad) is None, bad


@pytest.mark.skipif(not HAS_DOT, reason="the system Graphviz (dot) is not installed")
def test_dot_text_cannot_be_hijacked() -> None:
    m = nasty_map()
    dot = m.to_dot()
    proc = subprocess.run(["dot", "-Tplain"], input=dot.encode(), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    names = sorted(line.split()[1].strip('"') for line in proc.stdout.decode().splitlines() if line.startswith("node "))
    assert names == sorted([n.id for n in m.nodes()] + ["argmap:legend"])  # no injected nodes
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True).stdout.decode()
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    hrefs = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    # Graphviz's own escapes (\N, \G, \L) stay literal in tooltips.
    assert "\\N \\G \\L" in svg


def test_dot_text_escapes_quotes_and_angle_brackets() -> None:
    dot = nasty_map().to_dot()
    for line in dot.splitlines():
        if line.startswith('  "p1" ['):
            assert '"]; evil [' not in line.replace('\\"]; evil [', "")
            assert "<script>" not in line
    urls = re.findall(r' URL="([^"]*)"', dot)
    assert urls and all(url.startswith("https://") for url in urls)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.data: dict[int, str] = {}
        self._in: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in = len(self.scripts) - 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "xlink:href", "src"):
                self.hrefs.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.data[self._in] = self.data.get(self._in, "") + data


@needs_graphviz
@pytest.mark.parametrize("layout", ["dot", "tree"])
def test_html_page_keeps_hostile_text_inert(layout: str) -> None:
    m = nasty_map()
    page = render(m, "html", layout=layout, engine=GRAPHVIZ)
    parser = _Collector()
    parser.feed(page)
    assert [s.get("type") for s in parser.scripts] == ["application/json", None]  # the data, then our code
    assert not parser.handlers
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in parser.hrefs)
    data = json.loads(parser.data[0])
    for node in m.nodes():
        assert data["nodes"][node.id]["text"] == clean_block(node.text)
    assert data["nodes"]["p0"]["cites"][0]["url"] is None  # javascript: dropped
    assert data["nodes"]["p2"]["cites"][0]["url"] == "https://example.org/ok?a=1&b=2#x"
    assert "</script><script>" not in parser.data[0]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    # The page draws the nodes itself, through textContent (tests/test_render_html.py checks them in
    # a browser); the SVG it ships is an empty frame with no map text in it.
    svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + 6])
    assert not [e for e in svg.iter() if e.tag.split("}")[-1] in ("text", "script", "foreignObject", "a")]
    assert data["order"] == [item.id for item in select(m).items]


@needs_graphviz
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120).filter(
        lambda t: t.strip() and clean(t)
    )
)
def test_any_text_survives_as_text(text: str) -> None:
    m = ArgumentMap(
        argmap=1,
        id="m",
        claim="A claim.",
        title=text,
        by=text,
        premises=[Premise(id="p", text=text, by=text, tags=[text])],
    )
    for layout in ("tree", "dot"):
        svg = render(m, "svg", layout=layout, engine=GRAPHVIZ)
        assert_inert_svg(svg, m)
    page = render(m, "html", layout="tree")
    parser = _Collector()
    parser.feed(page)
    assert len(parser.scripts) == 2 and not parser.handlers
    assert json.loads(parser.data[0])["nodes"]["p"]["text"] == argmap.render.style.clean_block(text)
