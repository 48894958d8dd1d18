"""A fast writer for fresh map documents in argmap's house style.

:func:`argmap.yamlio.dump_data` goes through ruamel.yaml's round-trip emitter, which
takes seconds on an imported debate of a few thousand claims. Imported maps are plain
data (mappings, lists, strings, numbers), so they are written here directly, in the
same layout: two-space mappings, list items indented by two, short lists and small
mappings of plain values in flow style, multi-line text as literal blocks, and strings
quoted only when YAML (1.2, or 1.1 as older tools read it) would take them for
something else. The tests check that the full YAML parser and the fast reader both read
back exactly the data written.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from .fast import Unsupported, _plain
from .yamlio import _YAML11_SPECIAL

#: Flow collections longer than this (as JSON) are written in block style.
FLOW_WIDTH = 80

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`=<~")
_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")
# Characters YAML allows unescaped (c-printable), minus the line breaks handled separately.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029\ufeff]")


def dump(data: dict[str, Any]) -> str:
    """The YAML text of ``data`` (a map as plain data)."""
    out: list[str] = []
    _mapping(out, data, 0)
    return "".join(out)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, _dt.date))


def _flow_ok(value: Any) -> bool:
    if not value:
        return False
    if isinstance(value, dict):
        if "text" in value or not all(_is_scalar(v) for v in value.values()):
            return False
    elif not all(_is_scalar(v) for v in value):
        return False
    return len(json.dumps(value, default=str, ensure_ascii=False)) <= FLOW_WIDTH


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
        elif _flow_ok(value):
            items = ", ".join(f"{_scalar(str(k), flow=True)}: {_scalar(v, flow=True)}" for k, v in value.items())
            out.append(f"{head} {{{items}}}\n")
        else:
            out.append(head + "\n")
            _mapping(out, value, indent + 2)
    elif isinstance(value, list):
        if not value:
            out.append(f"{head} []\n")
        elif _flow_ok(value):
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
        if isinstance(item, dict) and item and not _flow_ok(item):
            _mapping(out, item, indent + 2, first_prefix=pad + "- ")
        else:
            _value(out, pad + "-", item, indent)


def _literal_ok(text: str) -> bool:
    body = text.rstrip("\n")
    if "\n" not in body or text.startswith((" ", "\n", "\t")) or _ODD_BREAKS.search(text):
        return False
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
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else \
            (".nan" if value != value else (".inf" if value > 0 else "-.inf"))
    if isinstance(value, _dt.datetime):
        return _quote(value.isoformat())
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
    if flow and _FLOW_INDICATORS.search(text):
        return False
    if _YAML11_SPECIAL.match(text) or text.startswith(("---", "...")):
        return False
    try:
        return _plain(text) == text and type(_plain(text)) is str
    except Unsupported:
        return False


def _quote(text: str) -> str:
    if _YAML11_SPECIAL.match(text):
        return '"' + text + '"'  # as ruamel.yaml writes them
    if "'" not in text and "\n" not in text and not _NOT_PRINTABLE.search(text) \
            and not _ODD_BREAKS.search(text) and "\t" not in text:
        return "'" + text + "'"
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                              else f"\\U{ord(m.group()):08x}", _ODD_BREAKS.sub(
                                  lambda m: f"\\u{ord(m.group()):04x}", quoted))
