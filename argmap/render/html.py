"""One self-contained, offline HTML page to explore a map of any size.

The page carries the map as data and lays it out in the browser (``page.js``, styled by
``page.css``, both shipped in this package and inlined): it opens on the central claim
and its first levels at a legible zoom, folds and unfolds any node, and draws only what
is unfolded, so a map of 10,000 nodes opens as quickly as a small one. Nodes are
``g.node`` elements with ids ``n-<node id>`` in the page's SVG. See docs/rendering.md.

Nothing is loaded from the network. Node data travels as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped,
and the page's script writes it into the panel with ``textContent`` only, so no map
text can become markup. A Content-Security-Policy allows exactly the page's own
script (by its hash) and no network access at all, as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from ..model import ArgumentMap
from .options import RenderOptions
from .style import DRAWN_AS, KIND_NAMES, clean, clean_block, look, safe_url, theme, xml
from .view import View


def node_data(argmap: ArgumentMap, view: View, options: RenderOptions) -> dict[str, Any]:
    """What the page draws and the side panel shows for each node, by id.

    Besides the node's own fields: ``tag`` and ``meta`` (the kind line and the compact
    by / source line drawn on the box), ``polarity`` towards the parent, ``hidden`` (children
    the render options cut off), an optional ``verdict`` (label and strength) and ``facts``,
    a list of ``[name, value]`` rows the panel lists as they are: the place for further
    per-node results (an explanation of a verdict, say) without changing the page's script.
    """
    explained: dict[str, dict[str, Any]] = {}
    if options.evaluation is not None and options.explanation is not None:
        from ..explain import node_explanations

        explained = node_explanations(options.evaluation, options.explanation)
    out: dict[str, Any] = {}
    for item in view.items:
        node = item.node
        drawn = look(item, argmap.sources)
        cites = []
        for cite in node.all_cites:
            source = argmap.sources.get(cite.source)
            cites.append(
                {
                    "title": clean(source.title) if source is not None else clean(cite.source),
                    "author": clean(source.author) if source is not None else "",
                    "publisher": clean(source.publisher) if source is not None else "",
                    "date": clean(source.date) if source is not None else "",
                    "at": clean(cite.at),
                    "quote": clean_block(cite.quote),
                    "note": clean_block(cite.note),
                    "url": safe_url(cite.url) or (safe_url(source.url) if source is not None else None),
                }
            )
        entry: dict[str, Any] = {
            "kind": KIND_NAMES[item.kind].title(),
            # The page styles a question and its positions as central claims, as the pictures do.
            "kindName": DRAWN_AS.get(item.kind, item.kind),
            "tag": drawn.tag,
            "meta": drawn.meta,
            "polarity": item.polarity,
            "text": clean_block(node.text),
            "by": clean(node.by),
            "status": "proposed" if item.proposed else "accepted",
            "tags": [clean(tag) for tag in node.tags],
            "note": clean_block(node.note),
            "weight": node.weight,
            "cites": cites,
            "parent": item.parent,
            "relation": item.relation,
            "hidden": item.hidden,
            "facts": [],
        }
        proposal = getattr(node, "proposal", None)
        if proposal is not None:
            entry["proposal"] = {"model": clean(proposal.model), "rationale": clean_block(proposal.rationale)}
        if options.evaluation is not None:
            verdict = options.evaluation.nodes.get(item.id)
            if verdict is not None:
                entry["verdict"] = {"label": str(verdict.label), "strength": round(float(verdict.strength), 3)}
        why = explained.get(item.id)
        if why is not None and why.get("impact") is not None:
            impact = why["impact"]
            entry["facts"].append(["Impact on the claim", f"{impact:+.3f} ({'helps' if impact >= 0 else 'hurts'} it)"])
            if why.get("deciding"):
                entry["facts"].append(["Deciding", "the verdict rests on this node"])
        out[item.id] = entry
    return out


def _json_for_html(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _asset(name: str) -> str:
    """``page.js`` or ``page.css``, shipped beside this module."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _markers() -> str:
    # Support ends in an arrowhead, attack in a bar, at the node that is supported or attacked.
    return (
        '<defs><marker id="support" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" style="fill:var(--support)"/></marker>'
        '<marker id="attack" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="9" '
        'orient="auto-start-reverse"><path d="M7,0 L7,10" style="stroke:var(--attack);stroke-width:3.5"/></marker>'
        "</defs>"
    )


def page(argmap: ArgumentMap, view: View, options: RenderOptions) -> str:
    """The HTML page for the nodes of ``view``: data, script and styles in one offline file."""
    colours = theme(options.theme)
    title = clean(argmap.title) or clean(argmap.claim)
    data = _json_for_html(
        {
            "claim": argmap.id,
            "order": [item.id for item in view.items],
            "nodes": node_data(argmap, view, options),
            "links": [[link.source, link.polarity, link.target] for link in view.links],
        }
    )
    script = _asset("page.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    variables = ";".join(f"--{key.replace('_', '-')}:{value}" for key, value in colours.items())
    css = f":root{{{variables}}}\n" + _asset("page.css")
    legend = (
        (
            '<div id="legend"><span class="sw claim"></span>claim<span class="sw premise"></span>premise'
            '<span class="sw objection"></span>objection<span class="sw rebuttal"></span>rebuttal'
            '<span class="keys">\u2190 \u2192 parent / child \u00b7 \u2191 \u2193 siblings \u00b7 Space fold '
            "\u00b7 Enter details \u00b7 / search</span></div>"
        )
        if options.legend
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="argmap">\n'
        f"<title>{xml(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        '<header><h1 title="' + xml(clean(argmap.claim)) + '">' + xml(title) + "</h1>"
        '<input id="search" type="search" placeholder="Search nodes  ( / )" autocomplete="off" '
        'aria-label="Search nodes"><span id="count" aria-live="polite"></span>'
        '<nav><label for="levels" class="muted">Show</label>'
        '<select id="levels" title="Unfold the map down to a level"></select>'
        '<button id="expand-all" title="Unfold every node">Expand all</button>'
        '<button id="collapse" title="Fold back to the claim and its replies">Collapse</button>'
        '<span class="sep"></span>'
        '<button id="zoom-out" title="Zoom out (-)">\u2212</button>'
        '<button id="zoom-in" title="Zoom in (+)">+</button>'
        '<button id="zoom-fit" title="Fit to window, as far as text stays readable (0)">Fit</button>'
        '<button id="zoom-one" title="Actual size (1)">100%</button>'
        '<button id="overview-toggle" aria-pressed="true" title="Show or hide the overview">Overview</button>'
        "</nav></header>\n"
        '<main id="viewport" tabindex="0" aria-label="Argument map; drag to pan, wheel to zoom, arrow keys to move">'
        f'<svg id="map" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{xml(clean(argmap.claim))}">'
        f'{_markers()}<g id="world"><g class="lite"></g><g class="crosslinks"></g>'
        '<g class="edges"></g><g class="nodes"></g></g></svg>'
        "</main>\n"
        '<div id="overview"><canvas id="minimap" role="img" aria-label="Overview of the whole map; click to go there">'
        f"</canvas>{legend}</div>\n"
        '<aside id="panel" hidden aria-live="polite"><button id="close" title="Close (Esc)">\u00d7</button>'
        '<div id="panel-body"></div></aside>\n'
        f'<script type="application/json" id="argmap-data">{data}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
