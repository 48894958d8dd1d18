(function () {
  "use strict";
  // The page lays the map out itself, in the reader's browser, and draws only the nodes that are
  // unfolded: a map of 10,000 nodes opens as fast as one of 10, and text is measured with the
  // fonts this browser really has. Map text only ever reaches the page through textContent.
  var SVGNS = "http://www.w3.org/2000/svg";
  var FONT = 'Helvetica,Arial,"Liberation Sans","DejaVu Sans",sans-serif';
  var TEXT = 13, CLAIM = 15, TAG = 10, META = 11, LINE = 1.3;
  var PAD_X = 10, PAD_Y = 7, WIDTH = 250, CLAIM_WIDTH = 300, MAX_LINES = 8;
  var GAP_X = 64, GAP_Y = 12, FOLD_W = 46, TALL = 700;
  var LEGIBLE = 0.75;          // the smallest zoom at which body text is still 9.75 px on screen
  var OPEN_NODES = 40;         // unfold whole levels at first while at most this many nodes show

  var started = performance.now();
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var ids = data.order, N = ids.length, info = new Array(N), index = Object.create(null);
  var parent = new Int32Array(N), depth = new Int32Array(N), size = new Int32Array(N);
  var children = new Array(N), maxDepth = 0;
  for (var i = 0; i < N; i++) {
    info[i] = data.nodes[ids[i]];
    index[ids[i]] = i;
    children[i] = [];
    var p = i === 0 ? -1 : index[info[i].parent];
    parent[i] = p === undefined ? 0 : p;
    if (i > 0) { children[parent[i]].push(i); depth[i] = depth[parent[i]] + 1; }
    if (depth[i] > maxDepth) maxDepth = depth[i];
  }
  for (i = N - 1; i >= 0; i--) { size[i] += 1; if (i > 0) size[parent[i]] += size[i]; }
  var byDepth = [];
  for (i = 0; i <= maxDepth; i++) byDepth.push([]);
  for (i = 0; i < N; i++) byDepth[depth[i]].push(i);

  var viewport = document.getElementById("viewport");
  var svg = document.getElementById("map");
  var world = document.getElementById("world");
  var edgeLayer = svg.querySelector("g.edges"), linkLayer = svg.querySelector("g.crosslinks");
  var nodeLayer = svg.querySelector("g.nodes");
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var levels = document.getElementById("levels");

  // -- state ----------------------------------------------------------------------------------
  var open = new Uint8Array(N), visible = new Uint8Array(N), shown = new Uint8Array(N);
  var isMatch = new Uint8Array(N);
  var x = new Float64Array(N), y = new Float64Array(N), w = new Float64Array(N), h = new Float64Array(N);
  var measured = new Uint8Array(N), lines = new Array(N), metaLines = new Array(N);
  var elements = new Array(N), edges = new Array(N);
  var scale = 1, tx = 0, ty = 0, selected = -1, visibleList = [];
  var worldWidth = 0, worldHeight = 0;

  // -- measuring and wrapping text ------------------------------------------------------------
  var ctx = document.createElement("canvas").getContext("2d");
  function fontOf(px, bold) { return (bold ? "bold " : "") + px + "px " + FONT; }
  // Words recur all over a big map, so each is measured once per font; a line is as wide as its
  // words and the spaces between them.
  var wordWidths = Object.create(null), currentFont = "", widestLine = 0;
  function setFont(font) { if (font !== currentFont) { ctx.font = font; currentFont = font; } }
  function wordWidth(font, word) {
    var cache = wordWidths[font] || (wordWidths[font] = new Map()), v = cache.get(word);
    if (v === undefined) { setFont(font); v = ctx.measureText(word).width; cache.set(word, v); }
    return v;
  }
  function wrapText(text, font, width, most) {
    var out = [], line = "", lineWidth = 0, space = wordWidth(font, " "), words = String(text).split(/\s+/);
    widestLine = 0;
    for (var k = 0; k < words.length; k++) {
      var word = words[k];
      if (!word) continue;
      var ww = wordWidth(font, word);
      while (ww > width) {  // a url or a very long word: cut it
        setFont(font);
        var cut = word.length - 1;
        while (cut > 1 && ctx.measureText(word.slice(0, cut)).width > width) cut = Math.floor(cut * 0.8);
        if (line) { out.push(line); widestLine = Math.max(widestLine, lineWidth); line = ""; lineWidth = 0; }
        out.push(word.slice(0, cut));
        widestLine = Math.max(widestLine, ctx.measureText(word.slice(0, cut)).width);
        word = word.slice(cut);
        ww = wordWidth(font, word);
      }
      if (line && lineWidth + space + ww > width) {
        out.push(line);
        widestLine = Math.max(widestLine, lineWidth);
        line = word; lineWidth = ww;
      } else if (line) {
        line += " " + word; lineWidth += space + ww;
      } else {
        line = word; lineWidth = ww;
      }
    }
    if (line || !out.length) { out.push(line); widestLine = Math.max(widestLine, lineWidth); }
    if (out.length > most) {
      out.length = most;
      out[most - 1] = out[most - 1].replace(/\s*\S*$/, "") + " \u2026";
    }
    return out;
  }
  function tagText(n) {
    return n.tag + (n.verdict ? " \u00b7 " + n.verdict.label.toUpperCase() + " " + n.verdict.strength.toFixed(2) : "");
  }
  function measure(i) {
    if (measured[i]) return;
    var n = info[i], claim = i === 0;
    var textFont = fontOf(claim ? CLAIM : TEXT, claim), room = claim ? CLAIM_WIDTH : WIDTH;
    lines[i] = wrapText(n.text, textFont, room, claim ? MAX_LINES + 4 : MAX_LINES);
    var inner = widestLine;
    metaLines[i] = n.meta.map(function (m) {
      var line = wrapText(m, fontOf(META), room, 1)[0];
      inner = Math.max(inner, widestLine);
      return line;
    });
    wrapText(tagText(n), fontOf(TAG, true), 1e9, 1);
    inner = Math.max(inner, widestLine * 1.04);  // the tag is letter-spaced
    var ring = n.kindName === "rebuttal" ? 6 : 0;
    w[i] = Math.ceil(inner + 2 * PAD_X + ring + (claim ? 8 : 2));
    h[i] = Math.ceil(TAG * LINE + lines[i].length * (claim ? CLAIM : TEXT) * LINE +
                     metaLines[i].length * META * LINE + 2 * PAD_Y + ring + (claim ? 6 : 0));
    measured[i] = 1;
  }

  // -- layout: a left-to-right tidy tree of the unfolded nodes ---------------------------------
  // Siblings stack in a column, where boxes of text fit far better than side by side; every
  // level is one column, as wide as its widest visible box.
  var extent = new Float64Array(N);
  function layout() {
    visibleList = [];
    var columns = [];
    for (var i = 0; i < N; i++) {
      visible[i] = i === 0 || (visible[parent[i]] && open[parent[i]]) ? 1 : 0;
      if (!visible[i]) continue;
      visibleList.push(i);
      measure(i);
      var d = depth[i];
      while (columns.length <= d) columns.push(0);
      if (w[i] > columns[d]) columns[d] = w[i];
    }
    var left = [16];
    for (var d2 = 1; d2 <= columns.length; d2++) {
      left.push(left[d2 - 1] + columns[d2 - 1] + GAP_X);
    }
    // Extents bottom-up (children come after their parent in document order).
    for (var k = visibleList.length - 1; k >= 0; k--) {
      i = visibleList[k];
      var span = 0, kids = children[i], any = false;
      if (open[i]) {
        for (var c = 0; c < kids.length; c++) { span += extent[kids[c]] + (any ? GAP_Y : 0); any = true; }
      }
      extent[i] = Math.max(h[i], span);
    }
    // Positions top-down: a parent sits level with the middle of its children.
    var top = new Float64Array(N);
    top[0] = 16;
    for (k = 0; k < visibleList.length; k++) {
      i = visibleList[k];
      x[i] = left[depth[i]];
      if (!open[i] || !children[i].length) { y[i] = top[i] + (extent[i] - h[i]) / 2; continue; }
      var kidsAll = children[i], total = 0;
      for (c = 0; c < kidsAll.length; c++) total += extent[kidsAll[c]] + (c ? GAP_Y : 0);
      var at = top[i] + (extent[i] - total) / 2;
      for (c = 0; c < kidsAll.length; c++) { top[kidsAll[c]] = at; at += extent[kidsAll[c]] + GAP_Y; }
      var first = kidsAll[0], last = kidsAll[kidsAll.length - 1];
      measure(first); measure(last);
      var mid = (top[first] + (extent[first]) / 2 + top[last] + extent[last] / 2) / 2;
      // Level with the middle of its replies when they span less than a screen; above that, level
      // with the first, as in an outline, so that a node is never far from its replies.
      if (total > TALL) mid = top[i] + h[i] / 2;
      y[i] = Math.min(Math.max(mid - h[i] / 2, top[i]), top[i] + extent[i] - h[i]);
    }
    worldWidth = left[columns.length - 1] + columns[columns.length - 1] + FOLD_W + 16;
    worldHeight = extent[0] + 32;
  }

  // -- drawing --------------------------------------------------------------------------------
  function svgEl(tag, attrs, cls) {
    var e = document.createElementNS(SVGNS, tag);
    if (cls) e.setAttribute("class", cls);
    for (var key in attrs) e.setAttribute(key, attrs[key]);
    return e;
  }
  function textBlock(cls, list, px, x0, y0, anchor) {
    var t = svgEl("text", {y: y0.toFixed(1), "text-anchor": anchor}, cls);
    for (var k = 0; k < list.length; k++) {
      var s = svgEl("tspan", {x: x0.toFixed(1), dy: k ? (px * LINE).toFixed(1) : "0"});
      s.textContent = list[k];
      t.appendChild(s);
    }
    return t;
  }
  function build(i) {
    var n = info[i], claim = i === 0;
    var cls = "node " + n.kindName + (claim ? " root" : "") + (n.status === "proposed" ? " proposed" : "") +
              (n.verdict && n.verdict.label === "out" && !claim ? " out" : "");
    var g = svgEl("g", {id: "n-" + ids[i], "data-i": i}, cls);
    var title = svgEl("title");
    title.textContent = n.text;
    g.appendChild(title);
    g.appendChild(svgEl("rect", {width: w[i], height: h[i], rx: n.kindName === "premise" ? 7 : claim ? 8 : 0}, "box"));
    if (n.kindName === "rebuttal") g.appendChild(svgEl("rect", {x: 3, y: 3, width: w[i] - 6, height: h[i] - 6}, "ring"));
    var ring = n.kindName === "rebuttal" ? 3 : 0, size = claim ? CLAIM : TEXT;
    var anchor = claim ? "middle" : "start", x0 = claim ? w[i] / 2 : PAD_X + ring;
    var base = PAD_Y + ring + TAG + (claim ? 3 : 0);
    var tag = textBlock("tag", [n.tag], TAG, x0, base, anchor);
    if (n.verdict) {
      var badge = svgEl("tspan", {}, claim ? "" : n.verdict.label);
      badge.textContent = " \u00b7 " + n.verdict.label.toUpperCase() + " " + n.verdict.strength.toFixed(2);
      tag.appendChild(badge);
    }
    g.appendChild(tag);
    base += TAG * (LINE - 1) + size * LINE - 1;
    g.appendChild(textBlock("text", lines[i], size, x0, base, anchor));
    if (metaLines[i].length) {
      g.appendChild(textBlock("meta", metaLines[i], META, x0,
                              base + (lines[i].length - 1) * size * LINE + META * LINE + 1, anchor));
    }
    if (children[i].length) {
      var fold = svgEl("g", {}, "fold");
      fold.appendChild(svgEl("rect", {height: 18, rx: 9}));
      fold.appendChild(svgEl("text", {"text-anchor": "middle"}));
      fold.appendChild(svgEl("title"));
      g.appendChild(fold);
    }
    if (isMatch[i]) g.classList.add("match");
    if (i === selected) g.classList.add("selected");
    return g;
  }
  function updateFold(i) {
    var g = elements[i];
    if (!g || !children[i].length) return;
    var fold = g.querySelector("g.fold"), label, tip, hidden = size[i] - 1;
    if (open[i]) {
      label = "\u2212";
      tip = "Fold: hide the " + hidden + " node" + (hidden === 1 ? "" : "s") + " below (Space)";
    } else {
      label = "+" + hidden;
      tip = children[i].length + (children[i].length === 1 ? " reply" : " replies") + " hidden, " +
            hidden + " node" + (hidden === 1 ? "" : "s") + " in all; click to unfold (Space)";
    }
    // Folded: "+N" beside the box, where its replies would be. Unfolded: a small "-" on the
    // box's lower edge, clear of the edges that arrive at its right side.
    var width = Math.max(20, 10 + label.length * 7), left = open[i] ? w[i] - width - 8 : w[i] + 4;
    var top = open[i] ? h[i] - 9 : h[i] / 2 - 9;
    fold.firstChild.setAttribute("width", width);
    fold.firstChild.setAttribute("x", left);
    fold.firstChild.setAttribute("y", top);
    fold.childNodes[1].setAttribute("x", left + width / 2);
    fold.childNodes[1].setAttribute("y", top + 13);
    fold.childNodes[1].textContent = label;
    fold.lastChild.textContent = tip;
    g.setAttribute("aria-expanded", open[i] ? "true" : "false");
  }
  function edgePath(i) {
    var p = parent[i], kids = children[p], slot = kids.indexOf(i) - (kids.length - 1) / 2;
    var spread = Math.min(10, (h[p] - 12) / Math.max(kids.length - 1, 1));
    var x1 = x[i], y1 = y[i] + h[i] / 2, x2 = x[p] + w[p] + 2, y2 = y[p] + h[p] / 2 + slot * spread;
    var mid = (x1 + x2) / 2;
    return "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " C" + mid.toFixed(1) + "," + y1.toFixed(1) + " " +
           mid.toFixed(1) + "," + y2.toFixed(1) + " " + x2.toFixed(1) + "," + y2.toFixed(1);
  }
  // Only the nodes near the screen are in the document, so unfolding 10,000 nodes costs a layout
  // in arrays, not 10,000 boxes of text. Zoomed too far out to read, the map is drawn as plain
  // shapes (one path per kind), which the browser paints at once whatever the size.
  var DETAIL = 0.3, lite = svg.querySelector("g.lite"), liteDirty = true;
  function near(i, left, top, right, bottom) {
    return x[i] < right && x[i] + w[i] + FOLD_W > left && y[i] < bottom && y[i] + h[i] > top;
  }
  function cull() {
    cullQueued = false;
    var detail = scale >= DETAIL, keep = new Uint8Array(N), k, i;
    if (detail) {
      var mx = viewport.clientWidth / scale / 2, my = viewport.clientHeight / scale / 2;
      var left = -tx / scale - mx, top = -ty / scale - my;
      var right = left + 4 * mx, bottom = top + 4 * my;
      for (k = 0; k < visibleList.length; k++) {
        i = visibleList[k];
        if (near(i, left, top, right, bottom)) keep[i] = 1;
      }
    }
    var nodeFrag = document.createDocumentFragment(), edgeFrag = document.createDocumentFragment();
    for (k = 0; k < attached.length; k++) {
      i = attached[k];
      if (keep[i]) continue;
      nodeLayer.removeChild(elements[i]);
      shown[i] = 0;
    }
    for (k = 0; k < edgeList.length; k++) {
      i = edgeList[k];
      if (detail && visible[i] && edgeNear(i, left, top, right, bottom)) continue;
      edgeLayer.removeChild(edges[i]);
      edgeShown[i] = 0;
    }
    attached = [];
    edgeList = [];
    if (detail) {
      for (k = 0; k < visibleList.length; k++) {
        i = visibleList[k];
        if (keep[i]) {
          if (!elements[i]) elements[i] = build(i);
          if (placed[i] !== generation) {
            elements[i].setAttribute("transform", "translate(" + x[i].toFixed(1) + "," + y[i].toFixed(1) + ")");
            updateFold(i);
            placed[i] = generation;
          }
          if (!shown[i]) { nodeFrag.appendChild(elements[i]); shown[i] = 1; }
          attached.push(i);
        }
        if (i > 0 && edgeNear(i, left, top, right, bottom)) {
          if (!edges[i]) {
            var n = info[i];
            edges[i] = svgEl("path", {"marker-end": "url(#" + n.polarity + ")"},
                             "edge " + n.polarity + (n.status === "proposed" ? " proposed" : ""));
          }
          if (edgePlaced[i] !== generation) { edges[i].setAttribute("d", edgePath(i)); edgePlaced[i] = generation; }
          if (!edgeShown[i]) { edgeFrag.appendChild(edges[i]); edgeShown[i] = 1; }
          edgeList.push(i);
        }
      }
      nodeLayer.appendChild(nodeFrag);
      edgeLayer.appendChild(edgeFrag);
    }
    cullLinks(detail, left, top, right, bottom);
    lite.style.display = detail ? "none" : "";
    if (!detail && liteDirty) drawLite();
  }
  function edgeNear(i, left, top, right, bottom) {
    var p = parent[i];
    return x[p] < right && x[i] > left && Math.min(y[i], y[p]) < bottom && Math.max(y[i] + h[i], y[p] + h[p]) > top;
  }
  function drawLite() {
    var paths = {claim: [], premise: [], objection: [], rebuttal: [], support: [], attack: []};
    for (var k = 0; k < visibleList.length; k++) {
      var i = visibleList[k];
      paths[info[i].kindName].push("M" + x[i].toFixed(0) + "," + y[i].toFixed(0) + "h" + w[i].toFixed(0) +
                                   "v" + h[i].toFixed(0) + "h" + (-w[i]).toFixed(0) + "z");
      if (i > 0) {
        var p = parent[i];
        paths[info[i].polarity].push("M" + x[i].toFixed(0) + "," + (y[i] + h[i] / 2).toFixed(0) + "L" +
                                     (x[p] + w[p]).toFixed(0) + "," + (y[p] + h[p] / 2).toFixed(0));
      }
    }
    lite.textContent = "";
    ["support", "attack", "claim", "premise", "objection", "rebuttal"].forEach(function (name) {
      if (paths[name].length) lite.appendChild(svgEl("path", {d: paths[name].join("")}, name));
    });
    liteDirty = false;
  }
  var attached = [], edgeList = [], edgeShown = new Uint8Array(N), generation = 1;
  var placed = new Int32Array(N), edgePlaced = new Int32Array(N), cullQueued = false;
  function scheduleCull() {
    if (cullQueued) return;
    cullQueued = true;
    requestAnimationFrame(cull);
  }
  function draw(anchor) {
    // The anchor (the node folded or unfolded, else the selected one, else the claim) keeps its
    // place on screen while everything around it moves.
    if (anchor === undefined) anchor = selected >= 0 ? selected : 0;
    var ax = x[anchor] * scale + tx, ay = y[anchor] * scale + ty, had = visible[anchor];
    layout();
    while (!visible[anchor]) anchor = parent[anchor];
    if (had && visibleList.length > 1) {
      tx = ax - x[anchor] * scale;
      ty = ay - y[anchor] * scale;
      world.setAttribute("transform", "translate(" + tx.toFixed(1) + "," + ty.toFixed(1) + ") scale(" + scale + ")");
    }
    generation++;
    liteDirty = true;
    drawLinks();
    cull();
    updateLevels();
    overviewDirty = true;
    scheduleOverview();
  }
  // Cross-links are laid out with the tree and put in the document, like nodes, only near the
  // screen; a long one is drawn as a faint solid line, as thousands of dots would be slow to paint.
  var linkGeo = [];
  function drawLinks() {
    linkLayer.textContent = "";
    linkGeo = [];
    (data.links || []).forEach(function (link) {
      var s = index[link[0]], t = index[link[2]];
      if (s === undefined || t === undefined || !visible[s] || !visible[t]) return;
      // Out of the source's right side and into the target's, bowed to the right so that the curve
      // runs through the gaps between columns rather than under the boxes of one column.
      var x1 = x[s] + w[s], y1 = y[s] + h[s] * 0.3, x2 = x[t] + w[t] + 2, y2 = y[t] + h[t] * 0.7;
      var bow = Math.min(GAP_X * 0.8 + 0.05 * Math.abs(y2 - y1), 400);
      var cx = Math.max(x1, x2) + bow;
      var far = Math.abs(y2 - y1) + Math.abs(x2 - x1) > 4000;
      var path = svgEl("path", {d: "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " C" + cx.toFixed(1) + "," +
                                   y1.toFixed(1) + " " + cx.toFixed(1) + "," + y2.toFixed(1) + " " +
                                   x2.toFixed(1) + "," + y2.toFixed(1),
                                "marker-end": "url(#" + link[1] + ")"},
                       "crosslink " + link[1] + (far ? " far" : ""));
      var tip = svgEl("title");
      tip.textContent = link[0] + " " + link[1] + "s " + link[2];
      path.appendChild(tip);
      linkGeo.push({el: path, left: Math.min(x1, x2), right: Math.max(x1, x2, cx),
                    top: Math.min(y1, y2), bottom: Math.max(y1, y2), on: false});
    });
  }
  function cullLinks(detail, left, top, right, bottom) {
    for (var k = 0; k < linkGeo.length; k++) {
      var g = linkGeo[k];
      var on = detail && g.left < right && g.right > left && g.top < bottom && g.bottom > top;
      if (on && !g.on) linkLayer.appendChild(g.el); else if (!on && g.on) linkLayer.removeChild(g.el);
      g.on = on;
    }
  }

  // -- folding ----------------------------------------------------------------------------------
  function setOpen(i, value) { open[i] = value ? 1 : 0; }
  function toggle(i) { setOpen(i, !open[i]); draw(i); }
  function collapseTo(level) {
    for (var i = 0; i < N; i++) open[i] = depth[i] < level ? 1 : 0;
    draw();
  }
  function expandAll() { open.fill(1); draw(); }
  function reveal(i) {
    var changed = false;
    for (var p = parent[i]; i > 0 && p >= 0; p = p > 0 ? parent[p] : -1) {
      if (!open[p]) { open[p] = 1; changed = true; }
      if (p === 0) break;
    }
    if (changed) draw();
  }
  function openLevels() {  // the deepest level down to which every node is unfolded
    for (var d = 0; d <= maxDepth; d++) {
      var list = byDepth[d];
      for (var k = 0; k < list.length; k++) if (children[list[k]].length && !open[list[k]]) return d;
    }
    return "all";
  }
  function updateLevels() {
    var level = openLevels(), value = level === "all" ? "all" : String(level);
    for (var i = 0; i < N && value; i++) if (open[i] && children[i].length && depth[i] >= level) value = "";
    levels.value = Array.prototype.some.call(levels.options, function (o) { return o.value === value; }) ? value : "";
  }
  for (var d = 1; d <= Math.min(maxDepth, 30); d++) {
    var option = document.createElement("option");
    option.value = String(d);
    option.textContent = d + (d === 1 ? " level" : " levels");
    levels.appendChild(option);
  }
  var allOption = document.createElement("option");
  allOption.value = "all";
  allOption.textContent = N === 1 ? "the claim" : "all " + N + " nodes";
  levels.appendChild(allOption);
  var mixed = document.createElement("option");
  mixed.value = "";
  mixed.textContent = "as unfolded";
  mixed.disabled = true;
  levels.insertBefore(mixed, levels.firstChild);
  levels.addEventListener("change", function () {
    if (levels.value === "all") expandAll(); else if (levels.value) collapseTo(parseInt(levels.value, 10));
    levels.blur();
  });
  document.getElementById("expand-all").onclick = expandAll;
  document.getElementById("collapse").onclick = function () { collapseTo(1); home(); };

  // -- pan and zoom -----------------------------------------------------------------------------
  function apply() {
    world.setAttribute("transform", "translate(" + tx.toFixed(1) + "," + ty.toFixed(1) + ") scale(" + scale + ")");
    cull();
    scheduleOverview();
  }
  function zoomAt(factor, cx, cy) {
    var next = Math.min(4, Math.max(0.02, scale * factor));
    tx = cx - (cx - tx) * next / scale;
    ty = cy - (cy - ty) * next / scale;
    scale = next;
    apply();
  }
  function freeWidth() { return viewport.clientWidth - (panel.hidden ? 0 : panel.offsetWidth); }
  function fit() {
    // The whole unfolded map when it can be read that way; else as much of it as can, around
    // what is in the middle of the screen now (the overview shows the whole). Shrinking a big
    // map further only gives a line of dots; the wheel still zooms out as far as one wants.
    var vw = viewport.clientWidth, vh = viewport.clientHeight;
    var f = Math.min(1, vw / worldWidth, vh / worldHeight);
    if (f >= LEGIBLE) {
      scale = f;
      tx = (vw - worldWidth * scale) / 2;
      ty = Math.max(0, (vh - worldHeight * scale) / 2);
    } else {
      var cx = (vw / 2 - tx) / scale, cy = (vh / 2 - ty) / scale;
      scale = Math.max(LEGIBLE, Math.min(1, vw / worldWidth));
      tx = worldWidth * scale <= vw ? (vw - worldWidth * scale) / 2 : vw / 2 - cx * scale;
      ty = vh / 2 - cy * scale;
    }
    apply();
  }
  function centreOn(i, keepScale) {
    if (typeof i === "string") i = index[i];
    if (i === undefined || !visible[i]) return;
    if (!keepScale && scale < LEGIBLE) scale = 1;
    tx = freeWidth() / 2 - (x[i] + w[i] / 2) * scale;
    ty = viewport.clientHeight / 2 - (y[i] + h[i] / 2) * scale;
    apply();
  }
  function inSight(i) {  // bring a node into view with as small a move as will do
    var vw = freeWidth(), vh = viewport.clientHeight, m = 24;
    var left = x[i] * scale + tx, right = (x[i] + w[i] + FOLD_W) * scale + tx;
    var top = y[i] * scale + ty, bottom = (y[i] + h[i]) * scale + ty;
    if (scale < LEGIBLE || right - left > vw || bottom - top > vh) { centreOn(i, false); return; }
    if (left < m) tx += m - left; else if (right > vw - m) tx -= right - (vw - m);
    if (top < m) ty += m - top; else if (bottom > vh - m) ty -= bottom - (vh - m);
    apply();
  }
  function home() {
    // The claim and its first levels at a legible zoom: fit when that is legible, else full size
    // with the claim at the left, its replies beside it.
    var vw = viewport.clientWidth, vh = viewport.clientHeight;
    var f = Math.min(1, vw / worldWidth, vh / worldHeight);
    if (f >= LEGIBLE) { fit(); return; }
    scale = 1;
    tx = 16 - x[0] + 8;
    ty = vh / 2 - (y[0] + h[0] / 2);
    ty = Math.min(ty, 8);                                  // no empty band above the top of the tree
    ty = Math.max(ty, vh - worldHeight - 8);               // nor below its bottom
    if (worldHeight < vh) ty = (vh - worldHeight) / 2;
    apply();
  }

  var drag = null, dragged = false;
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    drag = {x: e.clientX, y: e.clientY, tx: tx, ty: ty, moved: false};
    dragged = false;
    viewport.focus({preventScroll: true});
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
  document.getElementById("zoom-one").onclick = function () { zoomCentre(1 / scale); };

  // -- the side panel ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function short(text, most) { return text.length > most ? text.slice(0, most - 1) + "\u2026" : text; }
  function safeUrl(u) { return typeof u === "string" && /^(https?:\/\/|mailto:)/i.test(u) ? u : null; }
  function jump(i, label) {
    var a = el("a", "jump", label);
    a.setAttribute("role", "link");
    a.setAttribute("tabindex", "0");
    a.setAttribute("data-node", ids[i]);
    a.addEventListener("click", function () { go(i, true); });
    a.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); go(i, true); } });
    return a;
  }
  function select(i) {
    if (selected >= 0 && elements[selected]) elements[selected].classList.remove("selected");
    selected = i;
    if (i >= 0 && elements[i]) elements[i].classList.add("selected");
    scheduleOverview();
  }
  function go(i, withPanel) {  // select a node anywhere in the map: unfold the way to it, show it
    reveal(i);
    select(i);
    if (withPanel || !panel.hidden) show(i);
    inSight(i);
  }
  function show(i) {
    if (typeof i === "string") i = index[i];
    var n = info[i];
    if (!n) return;
    reveal(i);
    select(i);
    body.textContent = "";
    var head = el("div");
    head.appendChild(el("span", "kind " + n.kindName, n.kind.toUpperCase()));
    head.appendChild(el("span", "status", n.status === "proposed" ? "proposed by an LLM, not yet reviewed" : "accepted"));
    if (n.verdict) {
      head.appendChild(el("span", "verdict " + n.verdict.label,
        n.verdict.label.toUpperCase() + " \u00b7 strength " + n.verdict.strength.toFixed(2)));
    }
    body.appendChild(head);
    body.appendChild(el("p", "text", n.text));
    var dl = el("dl");
    function row(name, value) {
      if (value === undefined || value === null || value === "") return;
      dl.appendChild(el("dt", null, name));
      var dd = el("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
      dl.appendChild(dd);
    }
    row("By", n.by);
    row("Tags", n.tags.join(", "));
    row("Weight", n.weight);
    row("Id", ids[i]);
    if (i > 0) row(n.polarity === "support" ? "Supports" : "Attacks", jump(parent[i], short(info[parent[i]].text, 90)));
    (n.facts || []).forEach(function (fact) { row(fact[0], fact[1]); });
    if (n.hidden) row("Not in this page", n.hidden + " more below (cut by the render options)");
    body.appendChild(dl);
    if (children[i].length) {
      var pro = 0;
      children[i].forEach(function (c) { if (info[c].polarity === "support") pro++; });
      body.appendChild(el("h4", null, "Replies: " + pro + " for, " + (children[i].length - pro) + " against" +
                          (size[i] - 1 > children[i].length ? " (" + (size[i] - 1) + " nodes below in all)" : "")));
      var list = el("ul", "children");
      children[i].forEach(function (c) {
        var item = el("li", info[c].polarity);
        item.appendChild(el("span", "muted", info[c].kind + (children[c].length ? " \u00b7 " + (size[c] - 1) + " below" : "") + ": "));
        item.appendChild(jump(c, short(info[c].text, 140)));
        list.appendChild(item);
      });
      body.appendChild(list);
    }
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
    inSight(i);
    try { history.replaceState(null, "", "#" + encodeURIComponent(ids[i])); } catch (err) { /* not allowed here */ }
  }
  function hide() { panel.hidden = true; select(-1); }
  document.getElementById("close").onclick = hide;
  svg.addEventListener("click", function (e) {
    if (dragged) { dragged = false; return; }
    var target = e.target.closest ? e.target : null;
    var g = target ? target.closest("g.node") : null;
    if (!g) return;
    e.preventDefault();
    var i = parseInt(g.getAttribute("data-i"), 10);
    if (target.closest("g.fold")) { toggle(i); select(i); return; }
    show(i);
  });

  // -- keyboard ---------------------------------------------------------------------------------
  function sibling(i, step) {
    if (i <= 0) return i;
    var list = children[parent[i]], k = list.indexOf(i) + step;
    return k >= 0 && k < list.length ? list[k] : i;
  }
  document.addEventListener("keydown", function (e) {
    if (e.target === search || e.target === levels || e.altKey || e.metaKey || e.ctrlKey) return;
    var i = selected < 0 ? 0 : selected, moved = -1;
    switch (e.key) {
      case "/": e.preventDefault(); search.focus(); return;
      case "Escape": if (!panel.hidden) panel.hidden = true; else select(-1); return;
      case "+": case "=": zoomCentre(1.25); return;
      case "-": zoomCentre(0.8); return;
      case "0": fit(); return;
      case "1": zoomCentre(1 / scale); return;
      case "ArrowLeft": moved = selected < 0 ? 0 : i > 0 ? parent[i] : 0; break;
      case "ArrowRight":
        if (selected < 0) { moved = 0; break; }
        if (!children[i].length) return;
        if (!open[i]) { open[i] = 1; draw(i); }
        moved = children[i][0];
        break;
      case "ArrowUp": moved = selected < 0 ? 0 : sibling(i, -1); break;
      case "ArrowDown": moved = selected < 0 ? 0 : sibling(i, 1); break;
      case "Home": moved = 0; break;
      case " ":
        if (selected < 0 || !children[i].length) return;
        e.preventDefault();
        toggle(i);
        inSight(i);
        return;
      case "Enter":
        if (e.target && e.target.classList && e.target.classList.contains("jump")) return;
        if (selected >= 0) { e.preventDefault(); show(selected); }
        return;
      default: return;
    }
    e.preventDefault();
    go(moved, false);
  });

  // -- search -----------------------------------------------------------------------------------
  var matches = [], current = -1, haystack = new Array(N);
  for (i = 0; i < N; i++) {
    var n = info[i];
    haystack[i] = [ids[i], n.text, n.by, n.tags.join(" "), n.note,
      n.cites.map(function (c) { return c.title + " " + c.quote; }).join(" ")].join("\n").toLowerCase();
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    matches.forEach(function (m) { isMatch[m] = 0; if (elements[m]) elements[m].classList.remove("match"); });
    matches = [];
    current = -1;
    if (q) {
      for (var k = 0; k < N; k++) {
        if (haystack[k].indexOf(q) >= 0) { matches.push(k); isMatch[k] = 1; if (elements[k]) elements[k].classList.add("match"); }
      }
    }
    svg.classList.toggle("searching", !!q);
    count.textContent = q ? matches.length + (matches.length === 1 ? " match" : " matches") : "";
    overviewDirty = true;
    scheduleOverview();
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && matches.length) {
      e.preventDefault();
      current = (current + (e.shiftKey ? matches.length - 1 : 1)) % matches.length;
      reveal(matches[current]);
      show(matches[current]);
      centreOn(matches[current], false);
      count.textContent = (current + 1) + " of " + matches.length;
    } else if (e.key === "Escape") {
      search.value = ""; runSearch(); search.blur();
    }
  });

  // -- the overview: an icicle of the whole map -------------------------------------------------
  // Each column is a level; each node gets a share of its parent's height in proportion to how
  // many nodes hang below it. Folded parts are pale, what is on screen is framed, the selected
  // node and search hits are marked; a click goes to the node under the pointer.
  var mini = document.getElementById("minimap"), overview = document.getElementById("overview");
  var mctx = mini.getContext("2d"), MW = 240, MH = 150, ratio = window.devicePixelRatio || 1;
  mini.width = MW * ratio;
  mini.height = MH * ratio;
  var y0 = new Float64Array(N), y1 = new Float64Array(N), colW = MW / (maxDepth + 1);
  y0[0] = 0; y1[0] = MH;
  var below = new Float64Array(N);
  for (i = 0; i < N; i++) {
    var kids = children[i], at = y0[i], share = (y1[i] - y0[i]) / Math.max(size[i] - 1, 1);
    for (var c = 0; c < kids.length; c++) {
      y0[kids[c]] = at;
      at += size[kids[c]] * share;
      y1[kids[c]] = at;
    }
  }
  var styles = getComputedStyle(document.documentElement);
  function colour(name) { return styles.getPropertyValue("--" + name).trim() || "#888"; }
  var kindColour = {claim: colour("claim-fill"), premise: colour("premise-line"), objection: colour("objection-line"),
                    rebuttal: colour("rebuttal-line")};
  var base = document.createElement("canvas");
  base.width = mini.width;
  base.height = mini.height;
  var overviewDirty = true, overviewQueued = false;
  function paintBase() {
    var b = base.getContext("2d");
    b.setTransform(ratio, 0, 0, ratio, 0, 0);
    b.clearRect(0, 0, MW, MH);
    for (var i = 0; i < N; i++) {
      if (y1[i] - y0[i] < 0.02) continue;
      b.globalAlpha = visible[i] ? 1 : 0.3;
      b.fillStyle = kindColour[info[i].kindName];
      b.fillRect(depth[i] * colW, y0[i], colW - (colW > 4 ? 1 : 0), Math.max(y1[i] - y0[i] - 0.3, 0.35));
    }
    b.globalAlpha = 1;
    if (matches.length) {
      b.fillStyle = colour("highlight");
      matches.forEach(function (m) { b.fillRect(depth[m] * colW, y0[m], colW, Math.max(y1[m] - y0[m], 1.5)); });
    }
    overviewDirty = false;
  }
  function paintOverview() {
    overviewQueued = false;
    if (overview.hidden) return;
    if (overviewDirty) paintBase();
    mctx.setTransform(1, 0, 0, 1, 0, 0);
    mctx.clearRect(0, 0, mini.width, mini.height);
    mctx.drawImage(base, 0, 0);
    mctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Frame, level by level, the nodes that are on screen now.
    var vw = viewport.clientWidth, vh = viewport.clientHeight;
    var lo = new Float64Array(maxDepth + 1).fill(Infinity), hi = new Float64Array(maxDepth + 1).fill(-Infinity);
    for (var k = 0; k < visibleList.length; k++) {
      var i = visibleList[k];
      var sx = x[i] * scale + tx, sy = y[i] * scale + ty;
      if (sx > vw || sy > vh || sx + w[i] * scale < 0 || sy + h[i] * scale < 0) continue;
      var d = depth[i];
      if (y0[i] < lo[d]) lo[d] = y0[i];
      if (y1[i] > hi[d]) hi[d] = y1[i];
    }
    mctx.strokeStyle = colour("text");
    mctx.lineWidth = 1.5;
    for (var dd = 0; dd <= maxDepth; dd++) {
      if (hi[dd] < lo[dd]) continue;
      mctx.strokeRect(dd * colW + 0.75, lo[dd] + 0.75, Math.max(colW - 1.5, 1), Math.max(hi[dd] - lo[dd] - 1.5, 1.5));
    }
    if (selected >= 0) {
      mctx.strokeStyle = colour("highlight");
      mctx.lineWidth = 2.5;
      for (var s = selected; s >= 0; s = s > 0 ? parent[s] : -1) {
        mctx.strokeRect(depth[s] * colW + 1, y0[s], colW - 2, Math.max(y1[s] - y0[s], 2));
        if (s === 0) break;
      }
    }
  }
  function scheduleOverview() {
    if (overviewQueued) return;
    overviewQueued = true;
    requestAnimationFrame(paintOverview);
  }
  function nodeAt(px, py) {
    var d = Math.min(maxDepth, Math.max(0, Math.floor(px / colW)));
    var list = byDepth[d], lo = 0, hi = list.length - 1;
    while (lo <= hi) {  // levels list their nodes top to bottom, as the icicle stacks them
      var m = (lo + hi) >> 1;
      if (y1[list[m]] <= py) lo = m + 1; else if (y0[list[m]] > py) hi = m - 1; else return list[m];
    }
    return list.length ? list[Math.min(lo, list.length - 1)] : 0;
  }
  mini.addEventListener("click", function (e) {
    var r = mini.getBoundingClientRect();
    var i = nodeAt((e.clientX - r.left) * MW / r.width, (e.clientY - r.top) * MH / r.height);
    go(i, !panel.hidden);
    centreOn(i, false);
  });
  mini.addEventListener("mousemove", function (e) {
    var r = mini.getBoundingClientRect();
    var i = nodeAt((e.clientX - r.left) * MW / r.width, (e.clientY - r.top) * MH / r.height);
    mini.title = short(info[i].text, 120) + "\n(click to go there)";
  });
  document.getElementById("overview-toggle").onclick = function () {
    overview.hidden = !overview.hidden;
    this.setAttribute("aria-pressed", overview.hidden ? "false" : "true");
    scheduleOverview();
  };
  window.addEventListener("resize", function () { scheduleCull(); scheduleOverview(); });

  // -- opening ----------------------------------------------------------------------------------
  // Unfold whole levels while the page stays small enough to read at a glance.
  var level = 1, total = 1 + children[0].length;
  while (level < maxDepth) {
    var more = 0;
    byDepth[level].forEach(function (k) { more += children[k].length; });
    if (total + more > OPEN_NODES) break;
    total += more;
    level++;
  }
  for (i = 0; i < N; i++) open[i] = depth[i] < level ? 1 : 0;
  draw();
  home();
  // A link to page.html#node-id opens on that node, with its panel.
  var wanted = location.hash ? index[decodeURIComponent(location.hash.slice(1))] : undefined;
  if (wanted !== undefined) { show(wanted); centreOn(wanted, false); }
  var drawn = performance.now(), timing = {script: drawn - started, ready: drawn, painted: null};
  // The frame after next has the map painted: when it starts is when a reader first sees the map.
  requestAnimationFrame(function () { requestAnimationFrame(function () { timing.painted = performance.now(); }); });
  window.argmapPage = {
    show: show, fit: fit, home: home, toggle: function (id) { toggle(index[id]); },
    reveal: function (id) { reveal(index[id]); }, centreOn: centreOn, expandAll: expandAll, collapseTo: collapseTo,
    select: function (id) { go(index[id], false); }, nodeAt: function (px, py) { return ids[nodeAt(px, py)]; },
    timing: timing,
    state: function () {
      return {scale: scale, tx: tx, ty: ty, selected: selected >= 0 ? ids[selected] : null, matches: matches.map(function (m) { return ids[m]; }),
              drawn: visibleList.length, open: Array.prototype.filter.call(ids, function (_, k) { return open[k] && children[k].length; }),
              panel: !panel.hidden, overview: !overview.hidden};
    }
  };
})();
