"""Patching a whole YAML document through ruamel.yaml's round trip, and ruamel.yaml as a writer of parts.

The slow, sure way to save a changed map into its file: load the document with its
comments, change what differs, and write it all again. It takes any YAML the line
patcher (:mod:`argmap.store.linepatch`) gives up on, and writes the parts the line
patcher inserts, in the styles :func:`argmap.store.writer.string_style` chooses.
"""

from __future__ import annotations

import io
import json
import warnings
from typing import Any, Optional

from .data import list_edits, same
from .writer import flow_ok, string_style


def round_trip_yaml(text: str = "", indent: Optional[tuple[int, int, int]] = None) -> Any:
    """ruamel.yaml set up to round-trip ``text`` (or to write with ``indent``, (mapping, sequence, offset))."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.Constructor, y.Representer, y.Emitter = _round_trip_classes()
    y.preserve_quotes = True
    y.width = 4096
    mapping, sequence, offset = indent if indent is not None else detect_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


_CLASSES: Any = None


def _round_trip_classes() -> tuple[Any, Any, Any]:
    """ruamel.yaml's round-trip constructor, representer and emitter, changed in two ways.

    - A number it would write back with a different value (8.137135561125225e-122 came out
      as ...224e-122) is written exactly.
    - A one-line double-quoted string the save leaves alone is written back as it was
      spelled: ruamel.yaml keeps the quotes but writes its own escapes, so "\\u001b" became
      "\\e" on a line no edit touched, where the line patcher keeps the bytes.
    """
    global _CLASSES
    if _CLASSES is None:
        from ruamel.yaml.constructor import RoundTripConstructor
        from ruamel.yaml.emitter import RoundTripEmitter
        from ruamel.yaml.representer import RoundTripRepresenter
        from ruamel.yaml.scalarfloat import ScalarFloat
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        class SpelledString(DoubleQuotedScalarString):
            """A double-quoted string as read, with its spelling (quotes and escapes) in the text."""

            __slots__ = ("spelling",)

        class Constructor(RoundTripConstructor):
            def construct_scalar(self, node: Any) -> Any:
                value = super().construct_scalar(node)
                if type(value) is DoubleQuotedScalarString:
                    start, end = node.start_mark, node.end_mark
                    spelling = getattr(start, "buffer", None)
                    spelling = spelling[start.pointer : end.pointer] if isinstance(spelling, str) else ""
                    if spelling.startswith('"') and spelling.endswith('"') and "\n" not in spelling:
                        value = SpelledString(value, anchor=node.anchor)
                        value.spelling = spelling
                return value

        class Representer(RoundTripRepresenter):
            def represent_exact_float(self, data: Any) -> Any:
                node = self.represent_scalar_float(data)
                try:
                    if float(node.value) == float(data):
                        return node
                except ValueError:
                    return node  # .inf, .nan
                return self.represent_float(float(data))

        Representer.add_representer(ScalarFloat, Representer.represent_exact_float)
        Representer.add_representer(SpelledString, Representer.represent_double_quoted_scalarstring)

        class Emitter(RoundTripEmitter):
            def write_double_quoted(self, text: Any, split: Any = True) -> None:
                spelling = getattr(text, "spelling", None)
                if spelling is None or self.root_context:
                    super().write_double_quoted(text, split)
                else:
                    self.write_indicator(spelling, True)

        _CLASSES = (Constructor, Representer, Emitter)
    return _CLASSES


def detect_indent(text: str) -> tuple[int, int, int]:
    """Guess how a file indents mappings and sequences, so patched parts match the rest."""
    mapping, sequence, offset = 2, 4, 2
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    found_map = found_seq = False
    for prev, line in zip(lines, lines[1:]):
        prev_content = prev.lstrip(" ")
        if not prev_content.rstrip().endswith(":") or prev_content.startswith("- "):
            continue
        prev_indent = len(prev) - len(prev_content)
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if content.startswith("- ") and not found_seq and indent >= prev_indent:
            offset = indent - prev_indent
            after = content[2:]
            sequence = offset + 2 + (len(after) - len(after.lstrip(" ")))
            found_seq = True
        elif not content.startswith("- ") and indent > prev_indent and not found_map:
            mapping = indent - prev_indent
            found_map = True
        if found_map and found_seq:
            break
    return mapping, max(sequence, offset + 2), offset


def emit(y: Any, doc: Any) -> str:
    """The text ruamel.yaml (set up by :func:`round_trip_yaml`) writes for ``doc``."""
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def to_yaml_value(value: Any, flow: bool = False) -> Any:
    """Plain data as ruamel.yaml's round-trip types, in the styles the fresh-document writer
    uses (:mod:`argmap.store.writer`): short lists and small mappings of plain values in flow
    style, multi-line text as a literal block, strings quoted as it quotes them. ``flow``:
    the value goes inside a flow collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        inline = flow or flow_ok(value)
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_yaml_value(item, inline)
        if inline:
            result.fa.set_flow_style()
        return result
    if isinstance(value, list):
        inline = flow or flow_ok(value)
        seq = CommentedSeq(to_yaml_value(v, inline) for v in value)
        if inline:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        style = string_style(value, flow)
        if style:
            return _string_class(style)(value)
    return value


def _string_class(style: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

    return {"'": SingleQuotedScalarString, '"': DoubleQuotedScalarString, "|": LiteralScalarString}[style]


def without_loose_tabs(text: str) -> str:
    """``text`` with the same data, but no tab outside quotes, block scalars and comments.

    libyaml reads a tab next to or inside a plain value (``claim: Text.<TAB># note``), so such
    a map validates; ruamel.yaml, which the whole-file save goes through, refuses it. Tabs
    that only separate tokens become spaces, and a plain value with a tab inside is written
    in double quotes, so that a map that loads can always be saved.
    """
    if "\t" not in text:
        return text
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        events = list(yaml.parse(text, Loader=loader))
    except yaml.YAMLError:
        return text
    scalars = [
        (e.start_mark.index, e.end_mark.index, e)
        for e in events
        if isinstance(e, yaml.ScalarEvent) and e.start_mark and e.end_mark and e.end_mark.index > e.start_mark.index
    ]
    out: list[str] = []
    at = 0
    for start, end, event in scalars:
        out.append(_tabs_to_spaces(text[at:start]))
        region = text[start:end]
        if not event.style and "\t" in region:  # plain: None, or "" from libyaml
            region = json.dumps(event.value, ensure_ascii=False)
        out.append(region)
        at = end
    out.append(_tabs_to_spaces(text[at:]))
    return "".join(out)


def _tabs_to_spaces(between: str) -> str:
    # Between scalars a tab is separation, or part of a comment, which stays as written.
    lines = between.split("\n")
    for k, line in enumerate(lines):
        hash_at = line.find("#")
        code, comment = (line, "") if hash_at < 0 else (line[:hash_at], line[hash_at:])
        lines[k] = code.replace("\t", " ") + comment
    return "\n".join(lines)


def patch_whole(text: str, old: Any, new: Any, indent: Optional[tuple[int, int, int]] = None) -> str:
    """:func:`patch_text` through ruamel.yaml's round trip of the whole document: slow on a
    large map, but it takes any YAML. ``indent`` gives the (mapping, sequence, offset)
    indentation to write new parts with, when not the one ``text`` itself uses."""
    y = round_trip_yaml(text, indent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = y.load(text)
    leading = _leading_comments(text)
    doc = _patch(doc, old, new)
    result = emit(y, doc)
    if text.startswith("---") and not result.startswith("---"):
        result = "---\n" + result
    if leading and not result.startswith(leading):
        comments = leading.lstrip("\n")
        # ruamel.yaml may keep the comments but drop the blank lines before them.
        result = leading + (result[len(comments) :] if comments and result.startswith(comments) else result)
    return result


def _leading_comments(text: str) -> str:
    # ruamel keeps comments before the first key most of the time; this guards the
    # cases where it does not (a comment block before a "---" line).
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines)


def _patch(doc: Any, old: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(doc, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in doc if k not in new]:
            del doc[key]
        previous = None
        for key, value in new.items():
            if key in doc and key in old:
                if not same(old[key], value):
                    patched = _patch(doc[key], old[key], value)
                    if patched is not doc[key]:
                        doc[key] = patched
            else:
                position = 0 if previous is None else list(doc).index(previous) + 1
                doc.insert(position, key, to_yaml_value(value))
            previous = key
        return doc
    if isinstance(doc, CommentedSeq) and isinstance(old, list) and isinstance(new, list) and len(doc) == len(old):
        for tag, i1, i2, j1, j2 in reversed(list_edits(old, new)):
            if tag == "equal":
                continue
            if tag == "patch":
                for offset in range(i2 - i1):
                    patched = _patch(doc[i1 + offset], old[i1 + offset], new[j1 + offset])
                    if patched is not doc[i1 + offset]:
                        doc[i1 + offset] = patched
                continue
            for index in range(i2 - 1, i1 - 1, -1):
                del doc[index]
            for index, value in enumerate(new[j1:j2]):
                doc.insert(i1 + index, to_yaml_value(value))
        return doc
    return to_yaml_value(new)
