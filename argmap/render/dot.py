"""Maps as Graphviz DOT text.

The text is written with plain string joins: it must stay cheap next to the layout
even at 10,000 nodes (a builder object per node costs twenty times more). Every
piece of map text goes through :func:`html` (inside HTML-like labels) or
:func:`quote` (inside quoted attributes), so no node text, title, author or url can
end a label, add attributes or nodes, or smuggle markup into the SVG that Graphviz writes.
"""

from __future__ import annotations

from typing import Any, Optional

from ..model import ArgumentMap
from .options import RenderOptions
from .style import FONT, Look, attack_dash, clean, has_accepted_llm_nodes, looks, theme, verdict_text, xml
from .view import View, select


def quote(text: str) -> str:
    """A DOT double-quoted string. Backslashes are doubled so Graphviz's ``\\N``-style escapes stay literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


def to_dot(argmap: ArgumentMap, options: Optional[RenderOptions] = None, **kwargs: Any) -> str:
    """The map as Graphviz DOT text, drawn in argmap's visual language.

    ``options`` (or keyword arguments of :class:`RenderOptions`) choose what to draw.
    """
    options = options or RenderOptions(**kwargs)
    view = select(
        argmap, depth=options.depth, focus=options.focus, tag=options.tag, accepted_only=options.accepted_only
    )
    return view_to_dot(argmap, view, options)


def to_graphviz(argmap: ArgumentMap, options: Optional[RenderOptions] = None, **kwargs: Any) -> Any:
    """The map as a ``graphviz.Digraph`` (the ``graphviz`` Python package) in argmap's visual language.

    Its body holds the same statements as :func:`to_dot`, so ``.node()``, ``.edge()`` and
    ``.attr()`` add to it, and ``.render()`` / ``.pipe()`` draw it with the system Graphviz.
    """
    try:
        import graphviz
    except ImportError:
        from .errors import RenderError

        raise RenderError("to_graphviz() needs the graphviz package: pip install graphviz") from None
    lines = to_dot(argmap, options, **kwargs).splitlines(keepends=True)
    # The first line opens the digraph and the last closes it; graphviz.Digraph writes both itself.
    return graphviz.Digraph(name="argmap", body=lines[1:-1])


def view_to_dot(argmap: ArgumentMap, view: View, options: RenderOptions) -> str:
    """DOT text for an already selected :class:`View`."""
    colours = theme(options.theme)
    out: list[str] = []
    add = out.append
    title = clean(argmap.title)
    add("digraph argmap {\n")
    from .svg import direction_for

    add(
        f"  graph [rankdir={direction_for(argmap, view, options)} nodesep=0.3 ranksep=0.5 pad=0.3 "
        f'bgcolor="{colours["background"]}" fontname="{FONT}" fontcolor="{colours["text"]}" '
        f'tooltip={quote(title or clean(argmap.claim))} id="argmap"'
    )
    if title:
        add(f" labelloc=t fontsize=18 label=<<B>{xml(title)}</B><BR/> >")
    add("]\n")
    add(
        f'  node [shape=box fontname="{FONT}" fontsize=11 margin="0.14,0.07" '
        f'fontcolor="{colours["text"]}" penwidth=1.4 target="_blank"]\n'
    )
    add("  edge [penwidth=1.6 arrowsize=0.8 dir=back]\n")

    for item_look in looks(view, argmap.sources, options.evaluation, options.explanation):
        add(_node(item_look, colours))
    for item in view.items[1:]:
        assert item.parent is not None  # every item but the first, the central claim, has one
        kind_colour = colours["support"] if item.polarity == "support" else colours["attack"]
        head = "normal" if item.polarity == "support" else "tee"
        if item.polarity == "answer":  # a position answers its question: neither support nor attack
            kind_colour, head = colours["muted"], "none"
        style = " style=dashed" if item.proposed or (item.polarity == "attack" and attack_dash(colours)) else ""
        add(
            f'  {quote(item.parent)} -> {quote(item.id)} [arrowtail={head} color="{kind_colour}"{style} '
            f'class="{item.polarity}"]\n'
        )
    for link in view.links:
        kind_colour = colours["support"] if link.polarity == "support" else colours["attack"]
        head = "normal" if link.polarity == "support" else "tee"
        add(
            f"  {quote(link.source)} -> {quote(link.target)} [dir=forward arrowhead={head} "
            f'color="{kind_colour}" style=dotted penwidth=2 constraint=false '
            f'class="crosslink {link.polarity}" tooltip={quote(f"{link.source} {link.polarity}s {link.target}")}]\n'
        )
    if options.legend:
        legend = _legend(colours, options, has_accepted_llm_nodes(view))
        if argmap.kind == "question":  # the dark boxes are the question and its positions
            legend = legend.replace(">the central claim<", ">the question, and each position<")
        add(legend)
    add("}\n")
    return "".join(out)


def _node(look: Look, colours: dict[str, str]) -> str:
    kind = look.kind
    muted = colours["claim_muted"] if kind == "claim" else colours["muted"]
    tag_colour = muted if kind == "claim" else colours[f"{kind}_line"]
    badge = ""
    fill = colours[f"{kind}_fill"]
    text_colour = colours["claim_text"] if kind == "claim" else colours["text"]
    if look.verdict is not None:
        label = look.verdict[0]
        badge = (
            f' \u00b7 <FONT COLOR="{colours.get(label, muted) if kind != "claim" else muted}">'
            f"{xml(verdict_text(look.verdict, look.impact, look.deciding))}</FONT>"
        )
        if label == "out" and kind != "claim":
            fill = colours["out_fill"]
            text_colour = colours["muted"]
    if look.proposed:
        fill = colours["proposed_fill"]
    align = "CENTER" if kind == "claim" else "LEFT"
    br = f'<BR ALIGN="{align}"/>'
    size = ' POINT-SIZE="14"' if kind == "claim" else ""
    body = br.join(xml(line) for line in look.lines)
    if kind == "claim":
        body = f"<B>{body}</B>"
    label = (
        f'<FONT POINT-SIZE="8" COLOR="{tag_colour}"><B>{xml(look.tag)}</B>{badge}</FONT>{br}'
        f'<FONT{size} COLOR="{text_colour}">{body}</FONT>{br}'
    )
    if look.meta:
        label += f'<FONT POINT-SIZE="9" COLOR="{muted}">{br.join(xml(line) for line in look.meta)}</FONT>{br}'
    attrs = [
        f"id={quote('n-' + look.id)}",
        f'class="node {kind}{" proposed" if look.proposed else ""}"',
        f"label=<{label}>",
        f'fillcolor="{fill}"',
        f'color="{colours[kind + "_line"]}"',
        f"tooltip={quote(look.tooltip)}",
    ]
    style = _STYLES[kind]
    if look.proposed:
        style += ",dashed"
    attrs.append(f'style="{style}"')
    if kind == "claim":
        attrs.append('penwidth=2.5 margin="0.25,0.14"')
    elif kind == "objection":
        attrs.append("penwidth=2.4")
    elif kind == "rebuttal":
        attrs.append("peripheries=2 penwidth=1.1")
    if look.deciding:  # the verdict rests on this node: a heavy outline in the text colour (the last penwidth wins)
        attrs[4] = f'color="{colours["text"]}"'
        attrs.append("penwidth=4")
    if look.url:
        # Graphviz 2.43 copies a url into SVG without escaping '&', which breaks the XML; it keeps an
        # entity that is already there, so writing '&amp;' gives valid SVG from old and new releases.
        attrs.append(f"URL={quote(look.url.replace('&', '&amp;'))}")
    return f"  {quote(look.id)} [{' '.join(attrs)}]\n"


_STYLES = {"claim": "rounded,filled", "premise": "rounded,filled", "objection": "filled", "rebuttal": "filled"}


def _legend(colours: dict[str, str], options: RenderOptions, llm: bool = False) -> str:
    def swatch(kind: str, name: str, style: str = "") -> str:
        return (
            f'<TR><TD BGCOLOR="{colours[kind + "_fill"]}" COLOR="{colours[kind + "_line"]}" BORDER="2"'
            f'{style} CELLPADDING="3"><FONT POINT-SIZE="8" '
            f'COLOR="{colours["claim_text"] if kind == "claim" else colours[kind + "_line"]}">'
            f'<B>{KIND_TAGS[kind]}</B></FONT></TD><TD ALIGN="LEFT">{name}</TD></TR>'
        )

    muted = colours["muted"]
    rows = [
        swatch("claim", "the central claim"),
        swatch("premise", "supports the node it points to"),
        swatch("objection", "attacks the node it points to"),
        swatch("rebuttal", "answers an objection"),
        f'<TR><TD><FONT COLOR="{colours["support"]}"><B>\u2014\u2014\u25b6</B></FONT></TD>'
        '<TD ALIGN="LEFT">supports</TD></TR>',
        f'<TR><TD><FONT COLOR="{colours["attack"]}"><B>\u2014\u2014\u2503</B></FONT></TD>'
        '<TD ALIGN="LEFT">attacks</TD></TR>',
        f'<TR><TD><FONT COLOR="{muted}"><B>\u00b7\u00b7\u00b7\u00b7\u25b6</B></FONT></TD>'
        '<TD ALIGN="LEFT">cross-link</TD></TR>',
        f'<TR><TD BORDER="1" STYLE="dashed" COLOR="{muted}"><FONT POINT-SIZE="8" COLOR="{muted}">PROPOSED</FONT></TD>'
        f'<TD ALIGN="LEFT">proposed by an LLM, not yet reviewed</TD></TR>',
    ]
    if llm:
        rows.append(
            f'<TR><TD><FONT POINT-SIZE="8" COLOR="{muted}"><B>KIND \u00b7 LLM</B></FONT></TD>'
            f'<TD ALIGN="LEFT">written by an LLM, accepted by a person</TD></TR>'
        )
    if options.evaluation is not None:
        rows.append(
            f'<TR><TD><FONT POINT-SIZE="8" COLOR="{colours["in"]}"><B>IN</B></FONT> / '
            f'<FONT POINT-SIZE="8" COLOR="{colours["out"]}"><B>OUT</B></FONT></TD>'
            f'<TD ALIGN="LEFT">stands / defeated, with strength 0\u20131</TD></TR>'
        )
        if options.explanation is not None:
            rows.append(
                f'<TR><TD BORDER="3" COLOR="{colours["text"]}"><B>\u2605</B></TD>'
                f'<TD ALIGN="LEFT">heavy outline: the verdict rests on it</TD></TR>'
                f'<TR><TD><B>\u0394</B></TD><TD ALIGN="LEFT">impact on the claim\'s strength</TD></TR>'
            )
    table = (
        f'<TABLE BORDER="1" COLOR="{colours["legend_line"]}" BGCOLOR="{colours["legend_fill"]}" '
        f'CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>{"".join(rows)}</TABLE>'
    )
    return f'  "argmap:legend" [id="legend" shape=plain fontsize=9 label=<{table}> tooltip="How to read this map"]\n'


KIND_TAGS = {"claim": "CLAIM", "premise": "PREMISE", "objection": "OBJECTION", "rebuttal": "REBUTTAL"}
