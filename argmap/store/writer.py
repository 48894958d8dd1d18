"""The one writer of fresh map documents, in argmap's house style.

A map made in code, an imported debate and a new map from ``argmap new`` are plain data
(mappings, lists, strings, numbers, dates), written here directly rather than through
ruamel.yaml's round-trip emitter (which takes seconds on a debate of a few thousand
claims): two-space mappings, list items indented by two, short lists and small mappings
of plain values in flow style, multi-line text as literal blocks, and strings quoted only
when YAML (1.2, or 1.1 as older tools read it) would take them for something else.

:func:`string_style` is also how patching chooses the style of a string it writes into
an existing file, so a value is quoted the same way whichever path writes it. The tests
check that the full YAML parser and the fast reader both read back exactly the data
written, and that ruamel.yaml, given the same style choices, writes the same text.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from .data import is_scalar
from .fast import Unsupported, read_plain

#: Flow collections longer than this (as JSON) are written in block style.
FLOW_WIDTH = 80

# Characters a plain string may not start with: YAML's indicators, and "=", "<" and "~",
# which YAML 1.1 tools read as a value key, a merge key ("<<") or null ("~").
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`=<~")
_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")
# In a flow list or mapping, libyaml ends a plain value at ":" before one of these.
_FLOW_COLON = re.compile(r":[?,\[\]{}]")

# Strings that are plain text in YAML 1.2 but that YAML 1.1 tools (PyYAML, many editors)
# would read as booleans or base-60 numbers: "21:16" would become 1276. Quote them.
YAML11_SPECIAL = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)
# Characters YAML allows unescaped (c-printable), minus the line breaks handled separately.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029\ufeff]")


def dump(data: dict[str, Any]) -> str:
    """The YAML text of ``data`` (a map, or any mapping, as plain data)."""
    out: list[str] = []
    _mapping(out, data, 0)
    return "".join(out)


def flow_ok(value: Any) -> bool:
    """Whether a list or mapping is written on one line: short, of plain values, and not a node."""
    if not value:
        return False
    if isinstance(value, dict):
        if "text" in value or not all(is_scalar(v) for v in value.values()):
            return False
    elif not all(is_scalar(v) for v in value):
        return False
    return len(json.dumps(value, default=str, ensure_ascii=False)) <= FLOW_WIDTH


def string_style(text: str, flow: bool = False) -> str:
    """How ``text`` is written: ``""`` plain, ``"'"`` single-quoted, ``'"'`` double-quoted, or
    ``"|"`` a literal block (never inside a flow collection, ``flow``)."""
    if not flow and _literal_ok(text):
        return "|"
    if _plain_ok(text, flow):
        return ""
    return _quote_style(text)


def _mapping(out: list[str], data: dict[str, Any], indent: int, first_prefix: str | None = None) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        lead = first_prefix if (n == 0 and first_prefix is not None) else pad
        head = f"{lead}{_scalar(str(key), flow=False)}:"
        _value(out, head, value, indent)


def _value(out: list[str], head: str, value: Any, indent: int) -> None:
    if isinstance(value, dict):
        if not value:
            out.append(f"{head} {{}}\n")
        elif flow_ok(value):
            items = ", ".join(f"{_scalar(str(k), flow=True)}: {_scalar(v, flow=True)}" for k, v in value.items())
            out.append(f"{head} {{{items}}}\n")
        else:
            out.append(head + "\n")
            _mapping(out, value, indent + 2)
    elif isinstance(value, list):
        if not value:
            out.append(f"{head} []\n")
        elif flow_ok(value):
            out.append(f"{head} [{', '.join(_scalar(v, flow=True) for v in value)}]\n")
        else:
            out.append(head + "\n")
            _sequence(out, value, indent + 2)
    elif isinstance(value, str) and _literal_ok(value):
        _literal(out, head, value, indent + 2)
    else:
        out.append(f"{head} {_scalar(value, flow=False)}\n")


def _sequence(out: list[str], items: list[Any], indent: int) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item and not flow_ok(item):
            _mapping(out, item, indent + 2, first_prefix=pad + "- ")
        else:
            _value(out, pad + "-", item, indent)


def _literal_ok(text: str) -> bool:
    body = text.rstrip("\n")
    if "\n" not in body or text.startswith((" ", "\n", "\t")) or _ODD_BREAKS.search(text):
        return False
    if "\n\t" in text:
        return False  # a block line that starts with a tab: the fast reader leaves it to the slow one
    if _NOT_PRINTABLE.search(text):
        return False
    # A whitespace-only line would lose its spaces or confuse indentation detection.
    return all(line.strip() or not line for line in body.split("\n"))


def _literal(out: list[str], head: str, text: str, indent: int) -> None:
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    pad = " " * indent
    out.append(f"{head} |{chomp}\n")
    for line in body.split("\n"):
        out.append(f"{pad}{line}\n" if line else "\n")
    out.extend("\n" for _ in range(trailing - 1))


def _scalar(value: Any, flow: bool) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            repr(value)
            if value == value and value not in (float("inf"), float("-inf"))
            else (".nan" if value != value else (".inf" if value > 0 else "-.inf"))
        )
    if isinstance(value, _dt.datetime):
        return value.isoformat(" ")  # a timestamp, as YAML writes one
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_ok(text, flow):
        return text
    return _quote(text)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text[0] in _INDICATORS or text[0] == " " or text[-1] == " ":
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if "\n" in text or _ODD_BREAKS.search(text) or _NOT_PRINTABLE.search(text):
        return False
    if flow and (_FLOW_INDICATORS.search(text) or _FLOW_COLON.search(text)):
        return False
    if YAML11_SPECIAL.match(text) or text.startswith(("---", "...")):
        return False
    try:
        value = read_plain(text)
        return type(value) is str and value == text
    except Unsupported:
        return False


def _quote_style(text: str) -> str:
    if YAML11_SPECIAL.match(text):
        return '"'  # as ruamel.yaml writes them
    if (
        "'" not in text
        and "\n" not in text
        and not _NOT_PRINTABLE.search(text)
        and not _ODD_BREAKS.search(text)
        and "\t" not in text
    ):
        return "'"
    return '"'


def _quote(text: str) -> str:
    if _quote_style(text) == "'":
        return "'" + text + "'"
    return '"' + _ESCAPE.sub(_escaped, text) + '"'


# In double quotes, as YAML emitters write them: the named escapes, then \xXX, \uXXXX or
# \UXXXXXXXX for the rest of what is not printable, NEL, LS, PS and the byte order mark.
_ESCAPE = re.compile('["\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]')
_NAMED = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return "\\" + named
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else (f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
