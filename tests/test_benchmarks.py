"""The load benchmarks run end to end on every map shape. Their timings are not checked here
(speed is measured by running the scripts, not in tests); what they print is."""

from __future__ import annotations

import pytest

from benchmarks import bench_load, bench_parsers
from benchmarks.synth import SHAPES, synthetic_data


def test_load_benchmark_reports_every_shape_with_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench_load.main(["--nodes", "60", "--runs", "1", "--parts"])
    lines = capsys.readouterr().out.splitlines()
    header, rows, last = lines[1].split(), lines[2:-1], lines[-1]
    assert {"ratio", "pydantic", "floor"} <= set(header)
    assert [row.split()[0] for row in rows] == list(SHAPES)
    assert all(len(row.split()) == len(lines[2].split()) for row in rows)
    assert last.startswith("worst ratio ") and code == (0 if float(last.split()[2]) <= bench_load.TARGET else 1)


def test_flat_shape_holds_texts_alone() -> None:
    data = synthetic_data(50, shape="flat")
    children = data.get("premises", []) + data.get("objections", [])
    assert len(children) == 49 and all(set(child) == {"text"} for child in children)


def test_parser_comparison_reads_every_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_parsers.main(["--nodes", "40", "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("shape"))
    rows = lines[header + 1 :]
    assert [row.split()[0] for row in rows] == list(SHAPES)
    # argmap's reader and the C loader read every shape; only the optional parsers may fail or differ
    assert all(cell.endswith("ms") for row in rows for cell in row.split()[2:5])
