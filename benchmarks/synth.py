"""Synthetic argument maps of any size, for benchmarks and scale tests.

    python benchmarks/synth.py 10000 > big.yaml

The maps look like real ones: sentences of 8-30 words, most nodes attributed and
cited, objections with rebuttals, a few tags and cross-links, three to five levels of
branching near the top and thinner branches further down.
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


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 30))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_data(n: int, seed: int = 0) -> dict[str, Any]:
    """A map (as plain data) with ``n`` nodes including the central claim."""
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
            cite: dict[str, Any] = {"source": rng.choice(["interview", "analysis"]),
                                    "at": f"{rng.randint(0, 90)}:{rng.randint(0, 59):02d}"}
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
        frontier.append((child, {"premises": "premise", "objections": "objection",
                                 "rebuttals": "rebuttal"}[relation], depth + 1))
        count += 1
    return root


def _pick_relation(rng: random.Random, kind: str) -> str:
    if kind == "objection":
        return "rebuttals" if rng.random() < 0.7 else "premises"
    return "objections" if rng.random() < 0.5 else "premises"


def _scalar(value: Any) -> str:
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
            if all(not isinstance(v, (dict, list)) for v in value.values()):
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


def synthetic_yaml(n: int, seed: int = 0) -> str:
    """YAML text of a synthetic map with ``n`` nodes."""
    return to_yaml(synthetic_data(n, seed))


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.stdout.write(synthetic_yaml(size, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
