"""Reading and writing map files: parse, locate problems, round-trip save, atomic write.

Loading takes the fast path (:mod:`argmap.fastyaml`) when it can and the full YAML
parser (ruamel.yaml) otherwise. Positions are only worked out when there is a
problem to report, by a second, position-aware pass.

Saving keeps the user's file as it is wherever the map did not change: an unchanged
map is written back byte for byte, and a changed one is patched into the original
document (comments, key order, quoting and layout survive) rather than dumped anew.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import gc
import io
import json
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Union

from . import fast as fastyaml
from ..errors import MapError, Problem
from .full import MAX_EXPANDED_NODES, Parsed, Positions, parse_full  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from ..model import ArgumentMap

#: Map files larger than this are refused before parsing (bytes).
MAX_FILE_SIZE = 64 * 1024 * 1024
PathLike = Union[str, "os.PathLike[str]"]


# -- reading ---------------------------------------------------------------------------------


def read_text(path: PathLike) -> str:
    """Read a map file as UTF-8 text, refusing files that are too large or not text."""
    return decode_utf8(read_bytes(path, MAX_FILE_SIZE, "a map file"), str(path))


def read_bytes(path: PathLike, limit: int = MAX_FILE_SIZE, kind: str = "a map file") -> bytes:
    """The bytes of ``path``, or a one-line :class:`MapError` when it is missing, a folder,
    unreadable or larger than ``limit`` bytes (checked before anything is read)."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise MapError(f"file is too large ({size:,} bytes; the limit is {limit:,})", file=name)
        with open(path, "rb") as handle:
            return handle.read()
    except MapError:
        raise
    except FileNotFoundError:
        raise MapError("no such file", file=name) from None
    except IsADirectoryError:
        raise MapError(f"is a directory, not {kind}", file=name) from None
    except OSError as exc:
        raise MapError(f"cannot read: {exc.strerror or exc}", file=name) from None


def decode_utf8(raw: bytes, name: str, encoding: str = "utf-8") -> str:
    """``raw`` as text, or a :class:`MapError` located at the first byte that is not UTF-8.

    ``encoding="utf-8-sig"`` also drops a leading byte order mark.
    """
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MapError(Problem("file is not valid UTF-8 text", file=name, line=line, col=col)) from None


def parse(text: str, file: str = "<string>") -> Parsed:
    """Parse YAML text: the fast reader when it can, the full one otherwise.

    Raises :class:`MapError` on a syntax error.
    """
    if 3 * len(text) + 3 > MAX_EXPANDED_NODES and _most_values(text) > MAX_EXPANDED_NODES:
        return parse_full(text, file)  # it counts values as it reads, the fast reader does not
    try:
        data, longest = fastyaml.parse_bounded(text)
        return Parsed(data, longest=longest)
    except (fastyaml.Unsupported, RecursionError):
        return parse_full(text, file)


def _most_values(text: str) -> int:
    """An upper bound on how many values the fast reader could make of ``text``: at most a
    container, a key and a value per line, and a key and a value per item of a flow collection."""
    brackets = text.count("[") + text.count("{")
    return 3 * (text.count("\n") + 1) + 2 * text.count(",") + 3 * brackets


# -- loading -----------------------------------------------------------------------------------


@dataclass
class Origin:
    """What a map was loaded from; kept on the map so that saving can preserve the file."""

    path: Optional[str]
    text: str
    data: Any


def loads(text: str, file: str = "<string>") -> "ArgumentMap":
    """Parse and validate a map from YAML text; raises :class:`MapError` listing every problem."""
    from ..validate import build

    # Loading allocates a great many small objects and no cycles; the cyclic garbage
    # collector would otherwise run dozens of times for nothing on a large map.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            parsed = parse(text, file)
        except MapError:
            _raise_on_conflict_markers(text, file)
            raise
        argmap, issues = build(parsed.data, len(text) if parsed.longest is None else parsed.longest)
    finally:
        if gc_was_enabled:
            gc.enable()
    problems = list(parsed.problems)
    if issues or problems:
        _raise_on_conflict_markers(text, file)
        positions = parsed.positions
        if positions is None:
            positions = parse_full(text, file).positions
        assert positions is not None
        for issue in issues:
            line, col = positions.of(issue.path, issue.where)
            message = issue.message
            if issue.see is not None:
                see_line, _ = positions.of(issue.see, "value")
                message = message.format(see=see_line)
            problems.append(Problem(message, file=file, line=line, col=col, path=issue.path))
        problems.sort(key=lambda p: (p.line or 0, p.col or 0))
        raise MapError(problems)
    assert argmap is not None
    argmap._origin = Origin(None if file == "<string>" else file, text, parsed.data)
    return argmap


_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)


def _raise_on_conflict_markers(text: str, file: str) -> None:
    """A file that a merge left with conflict markers: say so at each conflict, not what YAML makes of them."""
    problems = []
    start: Optional[int] = None
    for match in _MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1)[0] == "<":
            start = line
        elif match.group(1)[0] == ">" or start is None:
            first = start if start is not None else line
            problems.append(Problem(f"unresolved merge conflict (lines {first}-{line}): keep one side, then delete "
                                    "the <<<<<<<, ======= and >>>>>>> lines", file=file, line=first, col=1))
            start = None
    if start is not None:
        problems.append(Problem("unresolved merge conflict (a <<<<<<< line without its >>>>>>>)", file=file,
                                line=start, col=1))
    if problems:
        raise MapError(problems)


def is_map_file(path: PathLike) -> bool:
    """Whether ``path`` is meant to be a map: YAML whose top level has the ``argmap`` key (a map
    with problems still is one; a docker-compose.yml beside the maps is not)."""
    try:
        data = parse(read_text(path), str(path)).data
    except MapError:
        return bool(re.search(r"^argmap\s*:", read_text_or_empty(path), re.M))
    return isinstance(data, dict) and "argmap" in data


def read_text_or_empty(path: PathLike) -> str:
    """The file's text, or "" when it cannot be read as a map file."""
    try:
        return read_text(path)
    except MapError:
        return ""


def load(path: PathLike) -> "ArgumentMap":
    """Load and validate a map file; raises :class:`MapError` listing every located problem."""
    return loads(read_text(path), str(path))


def load_many(paths: Iterable[PathLike]) -> Iterable[tuple[str, "ArgumentMap | MapError"]]:
    """Load each file in turn, yielding ``(path, map)`` or ``(path, MapError)``."""
    for path in paths:
        try:
            yield str(path), load(path)
        except MapError as exc:
            yield str(path), exc


# -- writing -----------------------------------------------------------------------------------


def dumps(argmap: "ArgumentMap") -> str:
    """The map as YAML text: its original file patched with any changes, or a fresh document."""
    return _dumps(argmap)[0]


def _dumps(argmap: "ArgumentMap") -> tuple[str, Any]:
    """:func:`dumps`, and the data the text reads as when that is already known (else None)."""
    origin: Optional[Origin] = argmap._origin
    # As in loads(): many small objects and no cycles, and with a whole map in memory each
    # collection the allocations would trigger walks all of it (a third of a fast save).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        data = argmap.to_data()
        if origin is None:
            return dump_data(data), None
        if _same(origin.data, data):
            return origin.text, origin.data
        return _patch_text(origin.text, origin.data, data)
    finally:
        if gc_was_enabled:
            gc.enable()


def save(argmap: "ArgumentMap", path: Optional[PathLike] = None, *, force: bool = False) -> Path:
    """Write the map atomically, to ``path`` or to the file it was loaded from.

    A write-protected file is refused with :class:`MapError` unless ``force`` is set.

    Only what changed is rewritten; the rest of the file stays as it was, and an
    unchanged map is written back byte for byte. If the file changed on disk since the
    map was loaded (another process saved it), the two sets of changes are merged against
    the loaded version (see :mod:`argmap.merge`) and the map takes on the merged content;
    when both changed the same thing differently, :class:`ConflictError` is raised and
    nothing is written. Writers of the same file take turns (see :mod:`argmap.lock`).
    """
    from .lock import locked, remove_stale_temps

    origin: Optional[Origin] = argmap._origin
    if path is None:
        if origin is None or origin.path is None:
            raise ValueError("this map was not loaded from a file: give a path to save it to")
        path = origin.path
    target = _resolve(path)
    text, text_data = _dumps(argmap)
    with locked(target):
        remove_stale_temps(target)
        current = _read_current(target)
        merged = None
        if (origin is not None and origin.path is not None and current is not None
                and current != origin.text and _same_file(origin.path, target)):
            from .merge import merge_saved

            text, merged = merge_saved(origin.data, argmap.to_data(), current, str(path))
            text_data = None
        if text != current:
            _write(target, text, force=force)
    if merged is not None:
        _adopt(argmap, merged)
    if text_data is None:
        text_data = parse(text, str(path)).data
    argmap._origin = Origin(str(path), text, text_data)
    return Path(path)


def atomic_write(path: PathLike, text: Union[str, bytes], *, force: bool = False) -> None:
    """Write ``text`` (or bytes) to ``path`` so that readers see either the old or the new file, never a mix.

    Concurrent writers of the same path take turns, and temporary files that a killed
    writer left behind are removed. A symbolic link is followed, not replaced. Raises
    :class:`MapError` when the file cannot be written, or when it is write-protected
    (no write permission bit) and ``force`` is not set, as editors refuse it.
    """
    from .lock import locked, remove_stale_temps

    target = _resolve(path)
    with locked(target):
        remove_stale_temps(target)
        _write(target, text, force=force)


def _refuse_write_protected(target: Path) -> None:
    # The rename would replace a file its owner marked read-only (even as root, where
    # permission checks pass), so look at the permission bits themselves.
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if not mode & 0o222:
        raise MapError("the file is write-protected: make it writable (chmod u+w) to let argmap change it",
                       file=str(target))


def _resolve(path: PathLike) -> Path:
    # Replacing a symlink by a regular file would cut it off from the file it points to.
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _read_current(target: Path) -> Optional[str]:
    try:
        with open(target, "rb") as handle:
            return handle.read().decode("utf-8", errors="surrogateescape")
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError as exc:
        raise MapError(f"cannot read: {exc.strerror or exc}", file=str(target)) from None


def _adopt(argmap: "ArgumentMap", merged: "ArgumentMap") -> None:
    """Make ``argmap`` hold the content of ``merged`` (the same object, so callers keep their reference)."""
    for slot in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"):
        object.__setattr__(argmap, slot, getattr(merged, slot))


def _write(target: Path, text: Union[str, bytes], *, force: bool = False) -> None:
    """Temporary file, fsync, rename, fsync the folder: the caller holds the lock."""
    directory = target.parent if str(target.parent) else Path(".")
    if not force:
        _refuse_write_protected(target)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise MapError(f"cannot write: {exc.strerror or exc}", file=str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise MapError(f"cannot write: {exc.strerror or exc}", file=str(target)) from None
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _same_file(a: PathLike, b: PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _same(a: Any, b: Any) -> bool:
    """Deep equality that also tells 1 from True and a date from a string.

    Key order does not count: the model writes keys in its own order, which is not a change.
    """
    if a is b:
        return True
    if a != b:  # what differs for == differs here too: tell it at C speed
        return False
    return _same_types(a, b)


def _same_types(a: Any, b: Any) -> bool:
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                       and not isinstance(a, bool) and not isinstance(b, bool)):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b))
    return a == b


# -- YAML emitting -------------------------------------------------------------------------------


def _yaml(text: str = "", indent: Optional[tuple[int, int, int]] = None) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.Representer = _representer()
    y.preserve_quotes = True
    y.width = 4096
    mapping, sequence, offset = indent if indent is not None else _detect_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


_REPRESENTER: Any = None


def _representer() -> Any:
    """ruamel.yaml's round-trip representer, except that a number it would write back with a
    different value (8.137135561125225e-122 came out as ...224e-122) is written exactly."""
    global _REPRESENTER
    if _REPRESENTER is None:
        from ruamel.yaml.representer import RoundTripRepresenter
        from ruamel.yaml.scalarfloat import ScalarFloat

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
        _REPRESENTER = Representer
    return _REPRESENTER


def _detect_indent(text: str) -> tuple[int, int, int]:
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


def _emit(y: Any, doc: Any) -> str:
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def dump_data(data: Any) -> str:
    """A fresh YAML document for plain map data, in argmap's house style."""
    document = to_yaml_value(data)
    if hasattr(document, "fa"):
        document.fa.set_block_style()  # a whole map on one line is no file to edit, however small
    return _emit(_yaml(), document)


def to_yaml_value(value: Any) -> Any:
    """Plain data to ruamel's round-trip types, choosing readable styles: short lists and
    small mappings of scalars in flow style, multi-line text as a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

    if isinstance(value, dict):
        result = CommentedMap()
        for key, item in value.items():
            result[key] = to_yaml_value(item)
        # Small mappings of plain values (a cite, a source) read well on one line; nodes do not.
        if (value and "text" not in value and all(_is_scalar(v) for v in value.values())
                and len(_flow_text(value)) <= 80):
            result.fa.set_flow_style()
        return result
    if isinstance(value, list):
        seq = CommentedSeq(to_yaml_value(v) for v in value)
        if value and all(_is_scalar(v) for v in value) and len(_flow_text(value)) <= 80:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if _NEEDS_ESCAPES.search(value):
            return DoubleQuotedScalarString(value)
        if "\n" in value.rstrip("\n") and "\r" not in value:
            if "\n\t" in value or value.startswith(("\t", " ")):
                return DoubleQuotedScalarString(value)  # libyaml misreads tabs that start block lines
            return LiteralScalarString(value)
        if "\t" in value:
            return DoubleQuotedScalarString(value)  # ruamel.yaml cannot read back some plain text with tabs
        if value and (value[0] in _INDICATORS or _FLOW_COLON.search(value)):
            # ruamel.yaml writes "?x", ":x" and "1:?2" plain in flow lists and mappings, where
            # libyaml (which reads maps back) sees an indicator: quote such text.
            return (DoubleQuotedScalarString if "\n" in value or "'" in value else SingleQuotedScalarString)(value)
        if _YAML11_SPECIAL.match(value):
            return DoubleQuotedScalarString(value)
    return value


_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_COLON = re.compile(r":[?,\[\]{}]")

# Characters that are only safe as escapes in double quotes: control characters (not allowed
# raw in YAML) and NEL, LS and PS, which YAML 1.1 readers (libyaml) take for line breaks.
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")

# Strings that are plain text in YAML 1.2 but that YAML 1.1 tools (PyYAML, many editors)
# would read as booleans or base-60 numbers: "21:16" would become 1276. Quote them.
_YAML11_SPECIAL = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$"
)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, _dt.date))


def _flow_text(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def patch_text(text: str, old: Any, new: Any) -> str:
    """Rewrite the YAML ``text`` (whose data is ``old``) so that its data becomes ``new``,
    touching only what differs.

    Only the lines of the entries that changed are rewritten (:mod:`argmap.textpatch`),
    at about the cost of reading the file; when that cannot be done with certainty the
    whole document goes through ruamel.yaml's round trip (:func:`patch_whole`).
    """
    return _patch_text(text, old, new)[0]


def _patch_text(text: str, old: Any, new: Any) -> tuple[str, Any]:
    """:func:`patch_text`, and the data of the result when the fast path read it back (else None)."""
    from .linepatch import patch_parsed

    text = without_loose_tabs(text)
    fast = patch_parsed(text, old, new)
    return fast if fast is not None else (patch_whole(text, old, new), None)


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
    y = _yaml(text, indent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = y.load(text)
    leading = _leading_comments(text)
    doc = _patch(doc, old, new)
    result = _emit(y, doc)
    if text.startswith("---") and not result.startswith("---"):
        result = "---\n" + result
    if leading and not result.startswith(leading):
        comments = leading.lstrip("\n")
        # ruamel.yaml may keep the comments but drop the blank lines before them.
        result = leading + (result[len(comments):] if comments and result.startswith(comments) else result)
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
                if not _same(old[key], value):
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


def list_edits(old: list[Any], new: list[Any]) -> list[tuple[str, int, int, int, int]]:
    """How a list of old items becomes the new one, as ``(tag, i1, i2, j1, j2)`` steps in order:
    ``equal``, ``patch`` (``old[i1:i2]`` changed item by item into ``new[j1:j2]``, of the same
    length), ``delete`` and ``insert``. Both ways of saving follow it, so that they change the same items.

    Items are matched whole first; within a run that changed, a node that kept its id (or,
    without one, its text) is changed in place rather than written anew, so that an edit next
    to an added or removed node keeps the node's comments and key order.
    """
    before = [_fingerprint(v) for v in old]
    after = [_fingerprint(v) for v in new]
    steps: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "replace":
            steps.append((tag, i1, i2, j1, j2))
        elif i2 - i1 == j2 - j1:
            steps.append(("patch", i1, i2, j1, j2))
        else:
            names_before = [_identity(v, f) for v, f in zip(old[i1:i2], before[i1:i2])]
            names_after = [_identity(v, f) for v, f in zip(new[j1:j2], after[j1:j2])]
            matcher = difflib.SequenceMatcher(a=names_before, b=names_after, autojunk=False)
            for sub, a1, a2, b1, b2 in matcher.get_opcodes():
                a1, a2, b1, b2 = a1 + i1, a2 + i1, b1 + j1, b2 + j1
                if sub == "equal" or (sub == "replace" and a2 - a1 == b2 - b1):
                    steps.append(("patch", a1, a2, b1, b2))
                elif sub == "replace":
                    steps.extend(_pair_by_similarity(old, new, a1, a2, b1, b2))
                else:
                    steps.append((sub, a1, a2, b1, b2))
    return steps


#: Below this similarity two items are different items, not one item edited.
_SIMILAR_ENOUGH = 0.5
#: Pairing by similarity compares every old item with every new one; past this many pairs a
#: changed run is rewritten whole (correct, only its comments are not kept).
_MAX_PAIRINGS = 40_000


def _pair_by_similarity(
    old: list[Any], new: list[Any], a1: int, a2: int, b1: int, b2: int
) -> list[tuple[str, int, int, int, int]]:
    """Steps for a changed run whose items neither kept their identity nor their count.

    An item whose text was reworded while a sibling was added or removed is still the same
    item: pair old and new items in order so that the pairs are as similar as possible, patch
    each pair in place (keeping its comments), and delete or insert the rest.
    """
    m, n = a2 - a1, b2 - b1
    if m * n > _MAX_PAIRINGS:
        return [("delete", a1, a2, b1, b1), ("insert", a2, a2, b1, b2)]
    sim = [[_similarity(old[a1 + i], new[b1 + j]) for j in range(n)] for i in range(m)]
    # best[i][j]: the largest total similarity of an in-order pairing of old[i:] with new[j:].
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            score = max(best[i + 1][j], best[i][j + 1])
            if sim[i][j] >= _SIMILAR_ENOUGH:
                score = max(score, sim[i][j] + best[i + 1][j + 1])
            best[i][j] = score
    steps: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    while i < m or j < n:
        if i < m and j < n and sim[i][j] >= _SIMILAR_ENOUGH and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            steps.append(("patch", a1 + i, a1 + i + 1, b1 + j, b1 + j + 1))
            i, j = i + 1, j + 1
        elif i < m and (j == n or best[i][j] == best[i + 1][j]):
            steps.append(("delete", a1 + i, a1 + i + 1, b1 + j, b1 + j))
            i += 1
        else:
            steps.append(("insert", a1 + i, a1 + i, b1 + j, b1 + j + 1))
            j += 1
    return steps


def _similarity(a: Any, b: Any) -> float:
    if isinstance(a, dict) and isinstance(b, dict) and isinstance(a.get("text"), str) and isinstance(b.get("text"), str):
        x, y = a["text"], b["text"]
    else:
        x, y = _fingerprint(a), _fingerprint(b)
    matcher = difflib.SequenceMatcher(a=x, b=y, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= _SIMILAR_ENOUGH else 0.0


def _identity(value: Any, fingerprint: str) -> str:
    if isinstance(value, dict):
        if "id" in value:
            return f"id:{value['id']}"
        if "text" in value:
            return f"text:{value['text']}"
    return fingerprint


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
