"""Synthetic argument maps of any size, for benchmarks and scale tests.

    python benchmarks/synth.py 10000 > big.yaml
    python benchmarks/synth.py 10000 0 quoted > quoted.yaml

The default ("mixed") maps look like real ones: sentences of 8-30 words, most nodes
attributed and cited, objections with rebuttals, a few tags and cross-links, three to
five levels of branching near the top and thinner branches further down. Other shapes
(:data:`SHAPES`) stress one thing each: short or long quoted texts, deep chains, one
node with thousands of children, comments everywhere, or nothing but texts.
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

_WORDS = (
    "scaling pre-training data compute research models generalize evals economic impact value function "
    "emotions learning agents reward hacking benchmarks progress returns diminishing frontier labs "
    "continual deployment superintelligence alignment sample efficiency reinforcement human teenager "
    "product market evidence argument claim analysts because therefore however although the a of to "
    "and in is that for it as with was on be by this are not or from but have more than will can"
).split()
_PEOPLE = ["Ilya Sutskever", "the editorial", "a critic", "an economist", "a researcher", None]

#: Shape name -> what it stresses. "mixed" is the default and the maps every other benchmark uses.
SHAPES = {
    "mixed": "8-30-word plain texts; most nodes attributed and cited, a few tags and links",
    "short": "2-5-word texts and nothing else on a node",
    "quoted": "18-30-word texts with ' and \" inside, in single or double quotes (escapes, '')",
    "deep": "chains 150 levels deep below the central claim",
    "wide": "every node a direct child of the central claim",
    "commented": "the mixed map with a comment above most nodes and after many values",
    "bare": "mixed texts, no attribution, cites, tags or comments",
    "flat": "every node a direct child of the central claim, with a text and nothing else, not even an id",
}


class Quoted(str):
    """A text that :func:`to_yaml` writes in quotes: ``style`` is ``'`` or ``"``."""

    style = '"'


def _quoted_sentence(rng: random.Random) -> Quoted:
    """18-30 words with a quotation and an apostrophe in them, as people quote sources."""
    words = [rng.choice(_WORDS) for _ in range(rng.randint(18, 30))]
    at = rng.randrange(len(words) - 3)
    mark = rng.choice("'\"")
    words[at] = mark + words[at]
    words[at + 2] = words[at + 2] + mark
    words[rng.randrange(len(words))] += "'s"
    text = " ".join(words)
    out = Quoted(text[0].upper() + text[1:] + ".")
    out.style = rng.choice("'\"")
    return out


def _sentence(rng: random.Random, shortest: int = 8, longest: int = 30) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(shortest, longest))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_data(n: int, seed: int = 0, shape: str = "mixed") -> dict[str, Any]:
    """A map (as plain data) with ``n`` nodes including the central claim, of one of :data:`SHAPES`."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose from {', '.join(SHAPES)}")
    if shape in ("short", "quoted", "deep", "wide", "bare", "flat"):
        return _shaped_data(n, seed, shape)
    rng = random.Random(seed)
    root: dict[str, Any] = {
        "argmap": 1,
        "id": f"synthetic-{n}",
        "title": f"A synthetic map of {n} nodes",
        "claim": _sentence(rng),
        "by": "Ilya Sutskever",
        "tags": ["synthetic"],
        "sources": {
            "interview": {"title": "An interview", "url": "https://example.org/interview", "date": "2025-11-25"},
            "analysis": {"title": "An analysis", "url": "https://example.org/analysis"},
        },
    }
    # (node dict, kind, depth): grow breadth-first with a branching factor that falls with depth.
    frontier: list[tuple[dict[str, Any], str, int]] = [(root, "claim", 0)]
    ids: list[str] = []
    count = 1
    while count < n:
        # A uniformly random parent gives a random recursive tree: bushy near the top, depth ~ e*ln(n).
        parent, kind, depth = frontier[rng.randrange(len(frontier))]
        relation = _pick_relation(rng, kind)
        child: dict[str, Any] = {}
        if rng.random() < 0.5:
            child["id"] = f"n{count}"
            ids.append(child["id"])
        child["text"] = _sentence(rng)
        person = rng.choice(_PEOPLE)
        if person:
            child["by"] = person
        if rng.random() < 0.7:
            cite: dict[str, Any] = {
                "source": rng.choice(["interview", "analysis"]),
                "at": f"{rng.randint(0, 90)}:{rng.randint(0, 59):02d}",
            }
            if rng.random() < 0.5:
                cite["quote"] = _sentence(rng)[:60].rstrip(" .")
            child["cite"] = cite
        if rng.random() < 0.1:
            child["tags"] = [rng.choice(["evidence", "economics", "alignment", "forecast"])]
        if rng.random() < 0.1:
            child["weight"] = round(rng.uniform(0.2, 0.9), 2)
        if ids and rng.random() < 0.02:
            link, target = "attacks" if rng.random() < 0.5 else "supports", rng.choice(ids)
            if target != parent.get("id"):  # a link to its own parent repeats the tree's edge: invalid
                child[link] = [target]
        parent.setdefault(relation, []).append(child)
        frontier.append(
            (child, {"premises": "premise", "objections": "objection", "rebuttals": "rebuttal"}[relation], depth + 1)
        )
        count += 1
    return root


def _shaped_data(n: int, seed: int, shape: str) -> dict[str, Any]:
    rng = random.Random(seed)
    sentence = {"short": lambda r: _sentence(r, 2, 5), "quoted": _quoted_sentence}.get(shape, _sentence)
    root: dict[str, Any] = {
        "argmap": 1,
        "id": f"{shape}-{n}",
        "title": f"A {shape} synthetic map of {n} nodes",
        "claim": sentence(rng),
    }
    if shape == "quoted":
        root["sources"] = {"interview": {"title": "An interview", "url": "https://example.org/interview"}}
    frontier: list[tuple[dict[str, Any], str, int]] = [(root, "claim", 0)]
    count = 1
    while count < n:
        if shape in ("wide", "flat"):
            parent, kind, depth = frontier[0]
        elif shape == "deep":
            # Chains of 150 nodes, one after another, each hanging from the central claim.
            parent, kind, depth = frontier[-1] if (count - 1) % 150 else frontier[0]
        else:
            parent, kind, depth = frontier[rng.randrange(len(frontier))]
        relation = _pick_relation(rng, kind)
        child: dict[str, Any] = {}
        if rng.random() < 0.5 and shape != "flat":  # drawn for flat too: the other shapes stay as they were
            child["id"] = f"n{count}"
        child["text"] = sentence(rng)
        if shape == "quoted":
            child["by"] = rng.choice(_PEOPLE[:-1])
            if rng.random() < 0.5:
                child["cite"] = {"source": "interview", "quote": _quoted_sentence(rng)}
        parent.setdefault(relation, []).append(child)
        frontier.append(
            (child, {"premises": "premise", "objections": "objection", "rebuttals": "rebuttal"}[relation], depth + 1)
        )
        count += 1
    return root


def _pick_relation(rng: random.Random, kind: str) -> str:
    if kind == "objection":
        return "rebuttals" if rng.random() < 0.7 else "premises"
    return "objections" if rng.random() < 0.5 else "premises"


def _scalar(value: Any) -> str:
    if isinstance(value, Quoted):
        if value.style == "'":
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    plain_safe = (
        text
        and text[0] not in "-?:,[]{}#&*!|>'\"%@` "
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not text[0].isdigit()
        and "\t" not in text  # ruamel.yaml (the whole-file save) cannot read every plain text with a tab
        and text not in ("true", "false", "null", "True", "False", "Null", "~")
    )
    return text if plain_safe else json.dumps(text, ensure_ascii=False)


def to_yaml(data: Any, indent: int = 0) -> str:
    """Block-style YAML in the layout people write by hand (flow style for short lists and cites)."""
    lines: list[str] = []
    _emit_mapping(data, indent, lines, first_prefix=None)
    return "\n".join(lines) + "\n"


def _emit_mapping(data: dict[str, Any], indent: int, lines: list[str], first_prefix: str | None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        prefix = first_prefix if (i == 0 and first_prefix is not None) else pad
        if isinstance(value, dict):
            if all(not isinstance(v, (dict, list, Quoted)) for v in value.values()):
                inner = ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
                lines.append(f"{prefix}{key}: {{{inner}}}")
            else:
                lines.append(f"{prefix}{key}:")
                _emit_mapping(value, indent + 2, lines, None)
        elif isinstance(value, list):
            if all(not isinstance(v, (dict, list)) for v in value):
                lines.append(f"{prefix}{key}: [{', '.join(_scalar(v) for v in value)}]")
            else:
                lines.append(f"{prefix}{key}:")
                for item in value:
                    _emit_mapping(item, indent + 4, lines, " " * (indent + 2) + "- ")
        else:
            lines.append(f"{prefix}{key}: {_scalar(value)}")


def synthetic_yaml(n: int, seed: int = 0, shape: str = "mixed") -> str:
    """YAML text of a synthetic map with ``n`` nodes, of one of :data:`SHAPES`."""
    text = to_yaml(synthetic_data(n, seed, "mixed" if shape == "commented" else shape))
    return _with_comments(text, seed) if shape == "commented" else text


def _with_comments(text: str, seed: int) -> str:
    """A comment line above most list items, and a comment after some values."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and rng.random() < 0.7:
            out.append(" " * (len(line) - len(stripped)) + "# " + _sentence(rng, 3, 8))
        if stripped.startswith(("by:", "text:", "- text:", "weight:")) and rng.random() < 0.3:
            line += "  # " + _sentence(rng, 2, 5)
        out.append(line)
    return "\n".join(out)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sys.stdout.write(synthetic_yaml(size, seed, sys.argv[3] if len(sys.argv) > 3 else "mixed"))
