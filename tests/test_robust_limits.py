"""Every documented limit fails with a clear, located message instead of exhausting memory or time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import argmap
from argmap import MapError, validate
from argmap.ids import _short_hash, assign_ids, slugify
from argmap.store import fast, files, parsing
from argmap.store import full as fullyaml

HEAD = "argmap: 1\nid: limits\nclaim: A claim.\n"


def problems(text: str) -> list[str]:
    with pytest.raises(MapError) as info:
        argmap.loads(text, "m.yaml")
    return [str(p) for p in info.value.problems]


def test_file_size_limit_refuses_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: costs no disk space and no time
        handle.truncate(files.MAX_FILE_SIZE + 1)
    with pytest.raises(MapError) as info:
        argmap.load(path)
    assert str(info.value) == (
        f"{path}: file is too large ({files.MAX_FILE_SIZE + 1:,} bytes; the limit is {files.MAX_FILE_SIZE:,})"
    )


def test_a_file_at_the_size_limit_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD)
    monkeypatch.setattr(files, "MAX_FILE_SIZE", len(HEAD))
    assert argmap.load(path).claim == "A claim."


def _set_value_limit(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    monkeypatch.setattr(fullyaml, "MAX_EXPANDED_NODES", limit)
    monkeypatch.setattr(parsing, "MAX_EXPANDED_NODES", limit)


@pytest.mark.parametrize(
    "body",
    [
        "tags:\n" + "- a\n" * 500,  # block list: the fast reader's kind of document
        "tags: [" + ", ".join(["a"] * 500) + "]\n",  # flow list
        "tags: &t [a]\n" + "".join(f"k{i}: *t\n" for i in range(300)),  # aliases
    ],
)
def test_value_count_limit(monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    _set_value_limit(monkeypatch, 400)
    found = problems(HEAD + body)
    assert len(found) == 1
    assert found[0].startswith("m.yaml:")
    assert "400" in found[0] and ("values" in found[0])


def test_value_count_limit_at_real_size_stops_early() -> None:
    # Twice the limit in a plain block list: refused, having read no more than the limit.
    text = HEAD + "tags:\n" + "- a\n" * (2 * fullyaml.MAX_EXPANDED_NODES)
    found = problems(text)
    assert found == [
        f"m.yaml:{fullyaml.MAX_EXPANDED_NODES - 4}:3: the document has more than "
        f"{fullyaml.MAX_EXPANDED_NODES:,} values; that is far more than any map needs"
    ]


def test_fast_reader_bound_is_an_upper_bound() -> None:
    # The fast reader's bound on values must never undercount: one value short of what a
    # document holds, it leaves the document to the full reader, which counts exactly.
    from benchmarks.synth import synthetic_yaml

    for text in (synthetic_yaml(300), HEAD + "tags: [[a, [b]], {c: d}]\n", HEAD + "x: [[[[[]]]]]\n"):
        data = parsing.parse(text).data
        with pytest.raises(fast.Unsupported):
            fast.parse_bounded(text, max_values=_count(data) - 1)


def _count(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(1 + _count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1


def test_node_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "MAX_NODES", 50)
    ok = HEAD + "premises:\n" + "".join(f"- text: Premise {i}.\n" for i in range(49))
    assert len(list(argmap.loads(ok).nodes())) == 50
    too_many = HEAD + "premises:\n" + "".join(f"- text: Premise {i}.\n" for i in range(50))
    assert problems(too_many) == ["m.yaml:54:3: the map has 51 nodes; the limit is 50"]


def test_node_count_limit_is_generous() -> None:
    from benchmarks.synth import synthetic_yaml

    assert validate.MAX_NODES >= 100_000
    assert len(list(argmap.loads(synthetic_yaml(2000)).nodes())) == 2000


def test_depth_limit() -> None:
    def chain(levels: int) -> str:
        lines = [HEAD.rstrip("\n"), "premises:"]
        for depth in range(levels):
            pad = "  " * depth
            lines.append(f"{pad}- text: Level {depth + 1}.")
            if depth < levels - 1:
                lines.append(f"{pad}  premises:")
        return "\n".join(lines) + "\n"

    assert argmap.loads(chain(validate.MAX_DEPTH)).depth("level-200") == validate.MAX_DEPTH
    found = problems(chain(validate.MAX_DEPTH + 1))
    assert found == [
        f"m.yaml:{5 + 2 * validate.MAX_DEPTH}:{2 * validate.MAX_DEPTH + 3}: nodes are nested "
        f"more than {validate.MAX_DEPTH} levels deep"
    ]


def test_deep_yaml_nesting_is_an_error_not_a_crash() -> None:
    for text in (
        HEAD + "note: " + "[" * 50_000 + "]" * 50_000 + "\n",
        HEAD + "note:\n" + "".join("  " * i + "- \n" for i in range(3000)),
        HEAD + "note: " + "{a: " * 20_000 + "b" + "}" * 20_000 + "\n",
    ):
        found = problems(text)
        assert len(found) == 1 and found[0].startswith("m.yaml:")
        assert found[0].endswith(f"lists and mappings are nested more than {fullyaml.MAX_NESTING:,} levels deep here")


def test_nesting_just_under_the_limit_reads() -> None:
    depth = fullyaml.MAX_NESTING - 2  # the top mapping and the claim's own keys use the rest
    found = problems(HEAD + "note: " + "[" * depth + "]" * depth + "\n")
    assert found == ["m.yaml:4:7: 'note' must be text, not a list"]


def test_text_length_limit() -> None:
    limit = validate.MAX_TEXT_LENGTH
    assert argmap.loads(HEAD + "note: " + "a" * limit + "\n").note == "a" * limit
    assert problems(HEAD + "note: " + "a" * (limit + 1) + "\n") == [
        f"m.yaml:4:7: 'note' is {limit + 1:,} characters long; the limit is {limit:,}"
    ]
    long_quote = (
        HEAD + "sources: {s: {title: S}}\npremises:\n- text: P.\n  cite:\n"
        f'    source: s\n    quote: "{"q" * (limit + 5)}"\n'
    )
    assert problems(long_quote) == [f"m.yaml:9:12: 'quote' is {limit + 5:,} characters long; the limit is {limit:,}"]
    long_key = HEAD + "sources:\n  ? " + "k" * (limit + 1) + "\n  : {title: S}\n"  # implicit keys stop at 1024
    assert problems(long_key)[0] == f"m.yaml:5:5: a key is {limit + 1:,} characters long; the limit is {limit:,}"


def test_text_length_limit_holds_for_a_block_of_short_lines() -> None:
    # Every line is short, so only the literal block's own length can reveal the overlong note.
    limit = validate.MAX_TEXT_LENGTH
    lines = limit // 50 + 1
    block = "".join("  " + "n" * 49 + "\n" for _ in range(lines))
    assert problems(HEAD + "note: |\n" + block) == [
        f"m.yaml:4:7: 'note' is {lines * 50:,} characters long; the limit is {limit:,}"
    ]


def test_text_length_is_checked_when_the_length_is_not_known() -> None:
    data = {"argmap": 1, "id": "x", "claim": "c" * (validate.MAX_TEXT_LENGTH + 1)}
    _, issues = validate.build(data)
    assert [i.message for i in issues] == [
        f"'claim' is {validate.MAX_TEXT_LENGTH + 1:,} characters long; the limit is {validate.MAX_TEXT_LENGTH:,}"
    ]


def test_many_siblings_with_the_same_text_load_in_linear_time() -> None:
    # Used to be quadratic (each duplicate searched every earlier suffix): 20,000 of them took minutes.
    text = HEAD + "premises:\n" + "- text: Same.\n" * 20_000
    ids = [n.id for n in argmap.loads(text).nodes()]
    assert len(set(ids)) == 20_001
    base = f"same-{_short_hash('limits' + chr(10) + 'Same.')}"
    assert ids[1:5] == ["same", base, f"{base}-2", f"{base}-3"]


def _assign_ids_reference(root_id, entries, reserved=()):  # the original, quadratic definition
    taken = {root_id, *reserved}
    taken.update(e for e, _, _ in entries if e)
    result = []
    for explicit, text, parent in entries:
        if explicit:
            result.append(explicit)
            continue
        candidate = slugify(text)
        if candidate in taken:
            parent_id = root_id if parent < 0 else result[parent]
            base = f"{candidate}-{_short_hash(parent_id + chr(10) + text)}"
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        result.append(candidate)
    return result


def test_linear_id_assignment_gives_the_same_ids_as_before() -> None:
    rng = random.Random(8)
    clash = "a-" + _short_hash("m\na")
    for _ in range(2000):
        entries = []
        for i in range(rng.randint(0, 30)):
            explicit = (
                rng.choice(["a", "b", clash, clash + "-3", clash + "-2", f"q{i}"]) if rng.random() < 0.3 else None
            )
            entries.append((explicit, rng.choice(["a", "b", "a b", "A"]), rng.randint(-1, i - 1)))
        assert assign_ids("m", entries) == _assign_ids_reference("m", entries)


def test_a_number_too_long_for_python_is_a_located_problem() -> None:
    # Python refuses to convert integers of more than 4,300 digits; that must not surface
    # as an internal error, and the message must not repeat the whole number.
    digits = "9" * 5000
    for text, where in ((HEAD + f"note: {digits}\n", "m.yaml:4:7:"), (HEAD + f"weight: {digits}\n", "m.yaml:4:9:")):
        found = problems(text)
        # One message: not also the faults validation finds in the text that stood in for it.
        assert found == [f"{where} a number of 5,000 digits is too long to read (write it in quotes if it is text)"]


def test_an_unreadable_value_is_reported_once_and_other_problems_still_are() -> None:
    text = HEAD + "weight: 2025-13-01\npremises:\n  - text: 1\n"
    assert problems(text) == [
        "m.yaml:4:9: cannot read value '2025-13-01': month must be in 1..12",
        "m.yaml:6:11: 'text' must be text, not a number (1) (put it in quotes)",
    ]


def test_numbers_past_pythons_digit_limit_in_imports_are_errors_not_crashes(tmp_path) -> None:
    from argmap.formats import import_file

    huge = "9" * 5000
    aif = tmp_path / "a.json"
    aif.write_text('{"nodes": [{"nodeID": ' + huge + ', "text": "a", "type": "I"}], "edges": []}')
    for source in (None, "aif", "json", "sadface"):
        with pytest.raises(MapError) as info:
            import_file(aif, source) if source else import_file(aif)
        assert "too long" in str(info.value) or "invalid JSON" in str(info.value)
    kialo = tmp_path / "k.txt"
    kialo.write_text(f"Discussion Title: T\n\n1. Thesis\n{huge}.1. Pro: x\n1.1. Pro: a reason\n")
    imported = import_file(kialo)
    assert [n.text for n in imported.map.nodes()][-1] == "a reason"


def test_a_signed_number_too_long_for_python_is_a_located_problem() -> None:
    found = problems(HEAD + f"note: -{'9' * 5000}\n")
    assert found == ["m.yaml:4:7: a number of 5,000 digits is too long to read (write it in quotes if it is text)"]
