"""Every map in maps/ renders, in every format the embedded engine supports, with every node drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import argmap
from argmap.render import render

from .conftest import GRAPHVIZ, needs_graphviz

MAPS = sorted((Path(__file__).resolve().parent.parent / "maps").glob("*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@needs_graphviz
@pytest.mark.skipif(not MAPS, reason="no maps in maps/")
@pytest.mark.parametrize("path", MAPS, ids=[p.stem for p in MAPS])
def test_map_renders(path: Path) -> None:
    m = argmap.load(path)
    expected = {n.id for n in m.nodes() if n.status != "rejected"}
    for layout in ("dot", "tree"):
        root = ET.fromstring(render(m, "svg", layout=layout, engine=GRAPHVIZ, evaluation=argmap.evaluate(m)))
        drawn = {g.get("id")[2:] for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("node ")}
        assert drawn == expected
    page = render(m, "html")
    assert f'"order":["{m.id}",' in page and all(f'"{node_id}":{{"kind"' in page for node_id in expected)
    assert render(m, "dot").startswith("digraph argmap {")
