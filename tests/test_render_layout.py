"""The tidy-tree layout: no overlaps, parents centred over children, order kept, any depth, any size."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest

import argmap
from argmap.model import ArgumentMap, Premise
from argmap.render import RenderOptions, render, render_map
from argmap.render.options import TREE_LAYOUT_FROM
from argmap.render.tree import LEVEL_GAP, SIBLING_GAP, tidy_tree
from benchmarks.synth import synthetic_yaml

from .conftest import GRAPHVIZ, needs_graphviz

SVG = "{http://www.w3.org/2000/svg}"


def random_tree(n: int, seed: int) -> tuple[list[int], list[tuple[float, float]]]:
    rng = random.Random(seed)
    parents = [-1] + [rng.randrange(i) if rng.random() < 0.7 else max(0, i - 1) for i in range(1, n)]
    # Children must follow their parent and siblings be listed in order: renumber in pre-order.
    children: list[list[int]] = [[] for _ in range(n)]
    for v in range(1, n):
        children[parents[v]].append(v)
    order, stack = [], [0]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(children[v]))
    new = {old: i for i, old in enumerate(order)}
    renumbered = [-1] * n
    for old in range(1, n):
        renumbered[new[old]] = new[parents[old]]
    sizes = [(rng.uniform(40, 260), rng.uniform(20, 90)) for _ in range(n)]
    return renumbered, sizes


def boxes(place, sizes):
    return [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for x, y, (w, h) in zip(place.x, place.y, sizes)]


def assert_no_overlap(place, sizes) -> None:
    items = sorted(boxes(place, sizes))
    # Sweep along x: only boxes whose x-ranges meet can overlap.
    active: list[tuple[float, float, float, float]] = []
    for box in items:
        active = [b for b in active if b[2] > box[0] + 1e-6]
        for other in active:
            assert not (other[1] < box[3] - 1e-6 and box[1] < other[3] - 1e-6), (other, box)
        active.append(box)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("direction", ["TB", "LR", "BT", "RL"])
def test_no_two_boxes_overlap(seed: int, direction: str) -> None:
    parents, sizes = random_tree(400, seed)
    place = tidy_tree(parents, sizes, direction)
    assert_no_overlap(place, sizes)
    for x, y, (w, h) in zip(place.x, place.y, sizes):
        assert w / 2 - 1e-6 <= x <= place.width - w / 2 + 1e-6
        assert h / 2 - 1e-6 <= y <= place.height - h / 2 + 1e-6


@pytest.mark.parametrize("seed", range(4))
def test_parents_centred_siblings_ordered_levels_shared(seed: int) -> None:
    parents, sizes = random_tree(300, seed)
    place = tidy_tree(parents, sizes, "TB")
    children: dict[int, list[int]] = {}
    depth = [0] * len(parents)
    for v in range(1, len(parents)):
        children.setdefault(parents[v], []).append(v)
        depth[v] = depth[parents[v]] + 1
    for p, kids in children.items():
        assert place.x[p] == pytest.approx((place.x[kids[0]] + place.x[kids[-1]]) / 2)
        for a, b in zip(kids, kids[1:]):
            assert place.x[b] - sizes[b][0] / 2 >= place.x[a] + sizes[a][0] / 2 + SIBLING_GAP - 1e-6
    # Boxes of one level hang from the same line; levels are LEVEL_GAP apart at least.
    tops: dict[int, set[float]] = {}
    for v in range(len(parents)):
        tops.setdefault(depth[v], set()).add(round(place.y[v] - sizes[v][1] / 2, 6))
    assert all(len(t) == 1 for t in tops.values())
    for v in range(1, len(parents)):
        p = parents[v]
        assert place.y[v] - sizes[v][1] / 2 >= place.y[p] + sizes[p][1] / 2 + LEVEL_GAP - 1e-6


def test_tree_edges_do_not_cross() -> None:
    parents, sizes = random_tree(300, 7)
    place = tidy_tree(parents, sizes, "TB")
    # In a layered tidy tree, children of a level keep the left-to-right order of their parents.
    by_level: dict[float, list[int]] = {}
    for v in range(1, len(parents)):
        by_level.setdefault(round(place.y[v] - sizes[v][1] / 2, 6), []).append(v)
    for level in by_level.values():
        ordered = sorted(level, key=lambda v: place.x[v])
        parent_x = [place.x[parents[v]] for v in ordered]
        assert parent_x == sorted(parent_x)


def test_deep_chains_and_wide_fans() -> None:
    n = 20_000
    chain = tidy_tree([-1] + list(range(n - 1)), [(100.0, 30.0)] * n)
    assert len(set(chain.x)) == 1 and chain.height > n * 30
    fan = tidy_tree([-1] + [0] * (n - 1), [(100.0, 30.0)] * n)
    assert fan.width >= (n - 1) * (100 + SIBLING_GAP) - SIBLING_GAP
    assert_no_overlap(fan, [(100.0, 30.0)] * n)


def test_single_node() -> None:
    place = tidy_tree([-1], [(120.0, 40.0)], margin=10)
    assert (place.x, place.y, place.width, place.height) == ([70.0], [30.0], 140.0, 60.0)


@needs_graphviz
def test_a_deep_map_renders_with_both_layouts() -> None:
    node = None
    for i in range(1500, 0, -1):
        node = Premise(id=f"p{i}", text=f"Step {i} of a long chain.", premises=[node] if node else [])
    m = ArgumentMap(argmap=1, id="chain", claim="The end of the chain.", premises=[node])
    for layout in ("tree", "dot"):
        svg = render(m, "svg", layout=layout, engine=GRAPHVIZ, legend=False, max_nodes=None)
        assert svg.count('class="node premise"') == 1500


def test_large_maps_use_the_tree_layout_and_stay_readable_at_full_size() -> None:
    m = argmap.loads(synthetic_yaml(TREE_LAYOUT_FROM + 200, seed=3))
    result = render_map(m, "svg", RenderOptions(max_nodes=None))  # drawn whole, when asked
    assert result.layout == "tree" and result.nodes == TREE_LAYOUT_FROM + 200
    root = ET.fromstring(result.data)
    groups = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("node ")]
    assert len(groups) == TREE_LAYOUT_FROM + 200
    # Natural size, in points, with the viewBox in the same units: 100% zoom shows 11-point text.
    width = float(root.get("width").removesuffix("pt"))
    assert abs(float(root.get("viewBox").split()[2]) - width) <= 0.5  # the width attribute is in whole points
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG}text") if t.get("class") == "text"}
    assert min(sizes) >= 11
    boxes_ = [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))
        for g in groups
        for r in [next(g.iter(f"{SVG}rect"))]
    ]
    ordered = sorted(boxes_)
    active: list[tuple[float, float, float, float]] = []
    for box in ordered:
        active = [b for b in active if b[0] + b[2] > box[0]]
        assert all(not (o[1] < box[1] + box[3] and box[1] < o[1] + o[3]) for o in active)
        active.append(box)
    assert len(re.findall('class="crosslink ', result.text)) == sum(1 for _ in m.cross_links())
