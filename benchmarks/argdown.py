"""The same debate written as Argdown, for comparing rendering with Argdown's own command line.

    python benchmarks/argdown.py maps/some-map.yaml > some-map.argdown

Every node becomes an Argdown statement titled with its id, placed under its parent
with ``+`` (supports) or ``-`` (attacks); cross-links follow as outgoing relations
(``+>`` and ``->``). Proposed and rejected nodes are left out, as ``argmap render
--accepted-only`` leaves them out. This is a benchmark helper, not a converter: the
argdown format module is the place for faithful conversion.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_SPECIAL = re.compile(r"[\[\]<>#@*_{}\\`]")


def _text(text: str) -> str:
    # Brackets, tags, mentions and emphasis mean something to Argdown: keep the words only.
    return " ".join(_SPECIAL.sub(" ", text).split())


def to_argdown(argmap: Any) -> str:
    """Argdown text of a loaded map (an :class:`argmap.ArgumentMap`)."""
    title = argmap.title or argmap.claim
    out = ["===", f"title: {_text(title)}", "===", "", f"[{argmap.id}]: {_text(argmap.claim)}"]
    for entry in argmap.walk({"accepted"}):
        if entry.parent is None:
            continue
        sign = "+" if entry.relation == "premises" else "-"
        out.append("  " * entry.depth + f"{sign} [{entry.node.id}]: {_text(entry.node.text)}")
    accepted = {entry.node.id for entry in argmap.walk({"accepted"})}
    links = [(s, how, t) for s, how, t in argmap.cross_links() if s in accepted and t in accepted]
    if links:
        out.append("")
        for source, how, target in links:
            out += [f"[{source}]", f"  {'+>' if how == 'supports' else '->'} [{target}]", ""]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import argmap

    sys.stdout.write(to_argdown(argmap.load(sys.argv[1])))
