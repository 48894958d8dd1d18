"""One self-contained, offline HTML page: the map's SVG with pan and zoom, a search box and a side panel.

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
from typing import Any

from ..model import ArgumentMap
from .options import RenderOptions
from .style import KIND_NAMES, clean, clean_block, safe_url, theme
from .svg import xml
from .view import View


def node_data(argmap: ArgumentMap, view: View, options: RenderOptions) -> dict[str, Any]:
    """What the side panel shows for each drawn node, by id."""
    out: dict[str, Any] = {}
    for item in view.items:
        node = item.node
        cites = []
        for cite in node.all_cites:
            source = argmap.sources.get(cite.source)
            cites.append({
                "title": clean(source.title) if source is not None else clean(cite.source),
                "author": clean(source.author) if source is not None else "",
                "publisher": clean(source.publisher) if source is not None else "",
                "date": clean(source.date) if source is not None else "",
                "at": clean(cite.at),
                "quote": clean_block(cite.quote),
                "note": clean_block(cite.note),
                "url": safe_url(cite.url) or (safe_url(source.url) if source is not None else None),
            })
        entry: dict[str, Any] = {
            "kind": KIND_NAMES[item.kind].title(),
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
        }
        proposal = getattr(node, "proposal", None)
        if proposal is not None:
            entry["proposal"] = {"model": clean(proposal.model), "rationale": clean_block(proposal.rationale)}
        if options.evaluation is not None:
            verdict = options.evaluation.nodes.get(item.id)
            if verdict is not None:
                entry["verdict"] = {"label": str(verdict.label), "strength": round(float(verdict.strength), 3)}
        out[item.id] = entry
    return out


def _json_for_html(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page(argmap: ArgumentMap, view: View, svg: str, options: RenderOptions) -> str:
    """The HTML page for a rendered map (``svg`` is argmap's own SVG of ``view``)."""
    colours = theme(options.theme)
    title = clean(argmap.title) or clean(argmap.claim)
    data = _json_for_html({"claim": argmap.id, "nodes": node_data(argmap, view, options)})
    script = _SCRIPT
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    css = _CSS
    for key, value in colours.items():
        css = css.replace(f"var(--{key.replace('_', '-')})", value)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="argmap">\n'
        f"<title>{xml(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        '<header><h1 title="' + xml(clean(argmap.claim)) + '">' + xml(title) + "</h1>"
        '<input id="search" type="search" placeholder="Search nodes  ( / )" autocomplete="off" '
        'aria-label="Search nodes"><span id="count" aria-live="polite"></span>'
        '<nav><button id="zoom-out" title="Zoom out (-)">\u2212</button>'
        '<button id="zoom-in" title="Zoom in (+)">+</button>'
        '<button id="zoom-fit" title="Fit to window (0)">Fit</button>'
        '<button id="zoom-one" title="Actual size (1)">100%</button></nav></header>\n'
        f'<main id="viewport" tabindex="0" aria-label="Argument map; drag to pan, wheel to zoom">'
        f'<div id="canvas">{svg}</div></main>\n'
        '<aside id="panel" hidden aria-live="polite"><button id="close" title="Close (Esc)">\u00d7</button>'
        '<div id="panel-body"></div></aside>\n'
        f'<script type="application/json" id="argmap-data">{data}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:var(--background);color:var(--text);
  font:14px/1.45 Helvetica,Arial,sans-serif}
header{position:fixed;top:0;left:0;right:0;height:48px;display:flex;align-items:center;gap:10px;
  padding:0 12px;background:var(--legend-fill);border-bottom:1px solid var(--legend-line);z-index:2}
h1{font-size:16px;margin:0 8px 0 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:40vw}
#search{flex:0 1 320px;padding:6px 8px;border:1px solid var(--legend-line);border-radius:4px;
  background:var(--background);color:var(--text);font:inherit}
#count{color:var(--muted);font-size:12px;min-width:60px}
nav{margin-left:auto;display:flex;gap:4px}
button{font:inherit;padding:4px 10px;border:1px solid var(--legend-line);border-radius:4px;
  background:var(--background);color:var(--text);cursor:pointer}
button:hover{border-color:var(--text)}
#viewport{position:fixed;top:48px;left:0;right:0;bottom:0;overflow:hidden;cursor:grab;outline:none;
  touch-action:none}
#viewport.dragging{cursor:grabbing}
#canvas{transform-origin:0 0;position:absolute;top:0;left:0}
#canvas svg{display:block}
g.node{cursor:pointer}
g.node.selected>rect,g.node.selected>a>rect{stroke:var(--highlight);stroke-width:5px}
g.node.match>rect,g.node.match>a>rect{stroke:var(--highlight);stroke-width:4px}
svg.searching g.node:not(.match){opacity:.28}
svg.searching g.edges,svg.searching g.crosslinks{opacity:.35}
#panel{position:fixed;top:48px;right:0;bottom:0;width:min(420px,92vw);overflow:auto;padding:16px 18px 24px;
  background:var(--legend-fill);border-left:1px solid var(--legend-line);z-index:3;
  box-shadow:-4px 0 12px rgba(0,0,0,.12)}
#close{position:absolute;top:8px;right:8px;padding:0 8px;font-size:18px}
#panel .kind{display:inline-block;font-size:11px;font-weight:bold;letter-spacing:.04em;padding:2px 6px;
  border:2px solid currentColor;border-radius:4px;margin-right:6px}
#panel .kind.premise{color:var(--premise-line)}#panel .kind.objection{color:var(--objection-line)}
#panel .kind.rebuttal{color:var(--rebuttal-line)}#panel .kind.claim{color:var(--text)}
#panel .status{font-size:12px;color:var(--muted)}
#panel .verdict{font-weight:bold;font-size:12px;margin-left:6px}
#panel .verdict.in{color:var(--in)}#panel .verdict.out{color:var(--out)}#panel .verdict.undec{color:var(--undec)}
#panel .text{font-size:16px;margin:12px 0;white-space:pre-wrap}
#panel dl{margin:8px 0;display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:13px}
#panel dt{color:var(--muted)}#panel dd{margin:0}
#panel blockquote{margin:6px 0 10px;padding:4px 10px;border-left:3px solid var(--legend-line);font-style:italic;
  white-space:pre-wrap}
#panel .source{margin:10px 0 14px}
#panel .source a{color:var(--rebuttal-line)}
#panel .muted{color:var(--muted);font-size:12px}
#panel a.jump{color:var(--rebuttal-line);cursor:pointer;text-decoration:underline}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var nodes = data.nodes;
  var viewport = document.getElementById("viewport");
  var canvas = document.getElementById("canvas");
  var svg = canvas.querySelector("svg");
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var scale = 1, tx = 0, ty = 0;
  var PX = 96 / 72;  // SVG sizes are in points
  var width = parseFloat(svg.getAttribute("width")) * PX;
  var height = parseFloat(svg.getAttribute("height")) * PX;
  svg.style.width = width + "px";
  svg.style.height = height + "px";

  var groups = {};
  Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
    var id = g.id.slice(2);
    if (Object.prototype.hasOwnProperty.call(nodes, id)) {
      groups[id] = g;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
    }
  });

  function apply() {
    canvas.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + scale + ")";
  }
  function zoomAt(factor, cx, cy) {
    var next = Math.min(4, Math.max(0.02, scale * factor));
    tx = cx - (cx - tx) * next / scale;
    ty = cy - (cy - ty) * next / scale;
    scale = next;
    apply();
  }
  function fit() {
    var w = viewport.clientWidth, h = viewport.clientHeight;
    scale = Math.min(1, w / width, h / height);
    tx = (w - width * scale) / 2;
    ty = Math.max(0, (h - height * scale) / 2);
    apply();
  }
  function centreOn(id, keepScale) {
    var g = groups[id];
    if (!g) return;
    var box = g.getBBox();
    var ratio = width / svg.viewBox.baseVal.width;
    if (!keepScale && scale < 0.6) scale = 1;
    tx = viewport.clientWidth / 2 - (box.x + box.width / 2) * ratio * scale;
    ty = viewport.clientHeight / 3 - (box.y + box.height / 2) * ratio * scale;
    apply();
  }

  // Drag to pan; a press that barely moves is a click.
  var drag = null, dragged = false;
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    drag = {x: e.clientX, y: e.clientY, tx: tx, ty: ty, moved: false};
    dragged = false;
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    if (!(e.buttons & 1)) { drag = null; viewport.classList.remove("dragging"); return; }  // released elsewhere
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      viewport.classList.add("dragging");
    }
    if (drag.moved) { tx = drag.tx + dx; ty = drag.ty + dy; apply(); }
  });
  window.addEventListener("pointerup", function () {
    dragged = !!(drag && drag.moved);
    drag = null;
    viewport.classList.remove("dragging");
  });
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = viewport.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
  }, {passive: false});
  function zoomCentre(f) { zoomAt(f, viewport.clientWidth / 2, viewport.clientHeight / 2); }
  document.getElementById("zoom-in").onclick = function () { zoomCentre(1.25); };
  document.getElementById("zoom-out").onclick = function () { zoomCentre(0.8); };
  document.getElementById("zoom-fit").onclick = fit;
  document.getElementById("zoom-one").onclick = function () {
    zoomAt(1 / scale, viewport.clientWidth / 2, viewport.clientHeight / 2);
  };

  // The side panel. Map text only ever goes in through textContent.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function safeUrl(u) { return typeof u === "string" && /^(https?:\/\/|mailto:)/i.test(u) ? u : null; }
  var selected = null;
  function show(id) {
    var n = nodes[id];
    if (!n) return;
    if (selected && groups[selected]) groups[selected].classList.remove("selected");
    selected = id;
    if (groups[id]) groups[id].classList.add("selected");
    body.textContent = "";
    var head = el("div");
    var kindName = n.kind.split(" ").pop().toLowerCase();
    head.appendChild(el("span", "kind " + kindName, n.kind.toUpperCase()));
    head.appendChild(el("span", "status", n.status === "proposed" ? "proposed by an LLM, not yet reviewed" : "accepted"));
    if (n.verdict) {
      head.appendChild(el("span", "verdict " + n.verdict.label,
        n.verdict.label.toUpperCase() + " \u00b7 strength " + n.verdict.strength.toFixed(2)));
    }
    body.appendChild(head);
    body.appendChild(el("p", "text", n.text));
    var dl = el("dl");
    function row(name, value) {
      if (value === undefined || value === null || value === "" ) return;
      dl.appendChild(el("dt", null, name));
      var dd = el("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
      dl.appendChild(dd);
    }
    row("By", n.by);
    row("Tags", n.tags.join(", "));
    row("Weight", n.weight);
    row("Id", id);
    if (n.parent && nodes[n.parent]) {
      var a = el("a", "jump", nodes[n.parent].text.length > 80 ? nodes[n.parent].text.slice(0, 77) + "\u2026" : nodes[n.parent].text);
      a.setAttribute("role", "link");
      a.addEventListener("click", function () { show(n.parent); centreOn(n.parent, true); });
      row(n.relation === "premises" ? "Supports" : "Attacks", a);
    }
    if (n.hidden) row("Not drawn", n.hidden + " more below");
    body.appendChild(dl);
    n.cites.forEach(function (c) {
      var box = el("div", "source");
      if (c.quote) box.appendChild(el("blockquote", null, "\u201c" + c.quote + "\u201d"));
      var line = el("div");
      var url = safeUrl(c.url);
      if (url) {
        var link = el("a", null, c.title);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        line.appendChild(link);
      } else {
        line.appendChild(el("span", null, c.title));
      }
      var extra = [c.author, c.publisher, c.date, c.at ? "at " + c.at : ""].filter(Boolean).join(", ");
      if (extra) line.appendChild(el("span", "muted", " \u2014 " + extra));
      box.appendChild(line);
      if (c.note) box.appendChild(el("div", "muted", c.note));
      body.appendChild(box);
    });
    if (n.note) { body.appendChild(el("h4", null, "Note")); body.appendChild(el("p", null, n.note)); }
    if (n.proposal) {
      body.appendChild(el("h4", null, "Proposed by " + n.proposal.model));
      if (n.proposal.rationale) body.appendChild(el("p", null, n.proposal.rationale));
    }
    panel.hidden = false;
    // Keep the chosen node in sight beside the panel.
    if (groups[id]) {
      var r = groups[id].getBoundingClientRect();
      var free = viewport.clientWidth - panel.offsetWidth - 16;
      if (r.right > free && r.width < free) { tx -= r.right - free; apply(); }
    }
  }
  function hide() {
    panel.hidden = true;
    if (selected && groups[selected]) groups[selected].classList.remove("selected");
    selected = null;
  }
  document.getElementById("close").onclick = hide;
  svg.addEventListener("click", function (e) {
    var g = e.target.closest ? e.target.closest("g.node") : null;
    // Links on nodes open from the panel; a click on the map only selects.
    e.preventDefault();
    if (dragged) { dragged = false; return; }
    if (g && groups[g.id.slice(2)]) show(g.id.slice(2));
  });
  svg.addEventListener("keydown", function (e) {
    var g = e.target.closest ? e.target.closest("g.node") : null;
    if (g && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); show(g.id.slice(2)); }
  });

  // Search: matching nodes stay bright, the rest fade; Enter steps through them.
  var matches = [], current = -1;
  var haystack = {};
  Object.keys(nodes).forEach(function (id) {
    var n = nodes[id];
    haystack[id] = [id, n.text, n.by, n.tags.join(" "), n.note,
      n.cites.map(function (c) { return c.title + " " + c.quote; }).join(" ")].join("\n").toLowerCase();
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    matches.forEach(function (id) { if (groups[id]) groups[id].classList.remove("match"); });
    matches = [];
    current = -1;
    if (!q) { svg.classList.remove("searching"); count.textContent = ""; return; }
    Object.keys(haystack).forEach(function (id) {
      if (haystack[id].indexOf(q) >= 0 && groups[id]) { matches.push(id); groups[id].classList.add("match"); }
    });
    svg.classList.add("searching");
    count.textContent = matches.length + (matches.length === 1 ? " match" : " matches");
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && matches.length) {
      current = (current + (e.shiftKey ? matches.length - 1 : 1)) % matches.length;
      centreOn(matches[current], false);
      show(matches[current]);
      count.textContent = (current + 1) + " of " + matches.length;
    } else if (e.key === "Escape") {
      search.value = ""; runSearch(); search.blur();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.target === search) return;
    if (e.key === "/") { e.preventDefault(); search.focus(); }
    else if (e.key === "Escape") hide();
    else if (e.key === "+" || e.key === "=") zoomCentre(1.25);
    else if (e.key === "-") zoomCentre(0.8);
    else if (e.key === "0") fit();
    else if (e.key === "1") document.getElementById("zoom-one").onclick();
  });

  // Start with the whole map when it is legible that way, else at full size on the central claim.
  var w = viewport.clientWidth, h = viewport.clientHeight;
  if (Math.min(w / width, h / height) >= 0.6) fit(); else { scale = 1; centreOn(data.claim, true); }
  window.argmapPage = {show: show, fit: fit, centreOn: centreOn, state: function () {
    return {scale: scale, tx: tx, ty: ty, selected: selected, matches: matches.slice()};
  }};
})();
"""
