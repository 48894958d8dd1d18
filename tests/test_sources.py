"""Checking quotations against source texts: argmap.sources and `argmap sources check`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import loads
from argmap.cli import app
from argmap.sources import SourceText, check_quotes, normalize

SOURCE = textwrap.dedent("""\
    Chapter 1

    He opens with an observation: “The models seem smarter than their economic
    impact would imply.” It’s a puzzle.

    “From 2012 to 2020 it was the age of research. Now the scale is so big… it’s back
    to the age of research again – just with big computers.”
    """)


def write_map(folder: Path, body: str, name: str = "debate.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


MAP = """\
    argmap: 1
    id: debate
    claim: The age of scaling is over.
    cite: {source: talk, at: ch. 2, quote: "it's back to the age of research again"}
    sources:
      talk: {title: The talk, file: talk.txt}
    premises:
      - id: smarter
        text: Models look smarter than their impact.
        cite:
          source: talk
          at: ch. 1
          quote: "the models seem smarter than their economic impact would imply."
      - id: big-computers
        text: Research again, with big computers.
        cites:
          - {source: talk, quote: "Now the scale is so big... it's back to the age of research again -- just"}
          - {source: talk, quote: "It's a puzzle."}
    """


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "talk.txt").write_text(SOURCE, encoding="utf-8")
    return tmp_path


# -- normalising and finding ------------------------------------------------------------------------


def test_normalize_forgives_typography_but_not_words() -> None:
    assert normalize("“It’s  back”\n– now…") == '"It\'s back" - now...'
    assert normalize("a -- b") == normalize("a — b") == "a - b"
    assert normalize("soft\u00adhyphen") == "softhyphen"
    assert normalize("word") != normalize("Word")  # the first letter is handled when matching


def test_find_reports_line_and_column_in_the_source() -> None:
    text = SourceText(SOURCE)
    assert text.find("The models seem smarter than their economic impact would imply.").line == 3
    found = text.find("it's a puzzle")
    assert (found.line, found.col) == (4, 22)


def test_positions_stay_right_after_text_that_normalising_shortens_or_lengthens() -> None:
    text = SourceText("Wait…  and —— see­\n\n  “the  end” here")
    found = text.find('"The end" here')
    assert (found.line, found.col) == (3, 3)
    assert text.find("wait... and - see") is not None
    assert SourceText("a ​ b").find("a b") is not None


def test_only_the_first_letter_may_change_case() -> None:
    text = SourceText(SOURCE)
    assert text.find("the models seem smarter") is not None
    assert text.find("Just with big computers") is not None
    assert text.find("the Models seem smarter") is None


def test_a_quote_across_a_line_break_is_found() -> None:
    assert SourceText(SOURCE).find("their economic impact would imply") is not None


def test_a_changed_word_is_not_found_and_the_miss_is_explained() -> None:
    text = SourceText(SOURCE)
    quote = "The models seem smarter than their economic effect would imply."
    assert text.find(quote) is None
    why = text.explain_miss(quote)
    assert "first 44 characters match at line 3" in why
    assert "'impact would imply" in why and "'effect would imply" in why


def test_a_changed_first_word_is_explained_from_the_end() -> None:
    why = SourceText(SOURCE).explain_miss("Those models seem smarter than their economic impact")
    assert why.startswith("the last ")


def test_an_unrelated_quote_is_simply_not_found() -> None:
    assert SourceText(SOURCE).explain_miss("nothing like it at all") == "not found"


# -- checking a map ---------------------------------------------------------------------------------


def test_every_quote_of_a_faithful_map_is_found(folder: Path) -> None:
    report = check_quotes(write_map(folder, MAP))
    assert report.ok
    assert len(report.quotes) == 4
    assert report.found == 4
    assert [q.node for q in report.quotes] == ["debate", "smarter", "big-computers", "big-computers"]


def test_a_misquote_is_reported_at_the_quote_in_the_map(folder: Path) -> None:
    path = write_map(folder, MAP.replace("economic impact would", "economic effect would"))
    report = check_quotes(path)
    assert not report.ok
    [problem] = report.problems
    assert (problem.file, problem.line, problem.col) == (str(path), 13, 14)
    assert "not found in source 'talk' (talk.txt)" in problem.message


def test_a_misquote_in_a_cites_list_and_on_the_claim(folder: Path) -> None:
    body = MAP.replace("It's a puzzle.", "It is a puzzle.").replace("\"it's back to", '"it is back to')
    report = check_quotes(write_map(folder, body))
    assert [(p.line, p.col) for p in report.problems] == [(4, 40), (18, 31)]


def test_sources_folder_can_be_given(tmp_path: Path, folder: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    path = write_map(maps, MAP)
    assert not check_quotes(path).ok  # talk.txt is not beside the map
    assert check_quotes(path, folder).ok


def test_a_missing_source_file_is_an_error_at_its_declaration(tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP)
    report = check_quotes(path)
    [problem] = report.problems
    assert (problem.line, problem.col) == (6, 33)
    assert problem.message == f"source 'talk': file 'talk.txt' not found in {tmp_path}"
    assert report.unchecked == 4


def test_a_source_file_that_is_not_text(tmp_path: Path) -> None:
    (tmp_path / "talk.txt").write_bytes(b"\xff\xfe\x00binary")
    [problem] = check_quotes(write_map(tmp_path, MAP)).problems
    assert "is not UTF-8 text" in problem.message


def test_quotes_of_a_source_without_a_file_are_counted_not_failed(tmp_path: Path) -> None:
    report = check_quotes(write_map(tmp_path, MAP.replace(", file: talk.txt", "")))
    assert report.ok
    assert report.unchecked == 4


def test_a_loaded_map_can_be_checked(folder: Path) -> None:
    argmap = loads(textwrap.dedent(MAP))
    assert check_quotes(argmap, folder).ok


def test_an_invalid_map_reports_its_problems(folder: Path) -> None:
    report = check_quotes(write_map(folder, MAP.replace("source: talk\n", "source: tlak\n")))
    assert ["cites unknown source 'tlak'" in p.message for p in report.problems] == [True]


# -- the command ----------------------------------------------------------------------------------------


runner = CliRunner()


def test_cli_passes_a_faithful_map(folder: Path) -> None:
    result = runner.invoke(app, ["sources", "check", str(write_map(folder, MAP))])
    assert result.exit_code == 0, result.output
    assert "1 map, 4 quotes: 4 found" in result.stderr


def test_cli_reports_file_line_col_and_exits_1(folder: Path) -> None:
    path = write_map(folder, MAP.replace("economic impact would", "economic effect would"))
    result = runner.invoke(app, ["sources", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:13:14: quote ")
    assert "3 found, 1 not found" in result.stderr
    assert "Traceback" not in result.output


def test_cli_missing_source_file(tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP)
    result = runner.invoke(app, ["sources", "check", str(path)])
    assert result.exit_code == 1
    assert result.stdout.strip() == f"{path}:6:33: source 'talk': file 'talk.txt' not found in {tmp_path}"


def test_cli_usage_errors_exit_2(tmp_path: Path, folder: Path) -> None:
    path = write_map(folder, MAP)
    result = runner.invoke(app, ["sources", "check", str(path), "--sources", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such folder" in result.stderr
    assert runner.invoke(app, ["sources", "check", str(tmp_path / "missing.yaml")]).exit_code == 2
    result = runner.invoke(app, ["sources", "check", str(path), "--sources", str(path)])
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_cli_strict_fails_on_unchecked_quotes(tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP.replace(", file: talk.txt", ""))
    assert runner.invoke(app, ["sources", "check", str(path)]).exit_code == 0
    result = runner.invoke(app, ["sources", "check", "--strict", str(path)])
    assert result.exit_code == 1
    assert f"{path}:4:" in result.stdout and "cannot be checked" in result.stdout


def test_cli_help() -> None:
    result = runner.invoke(app, ["sources", "check", "--help"])
    assert result.exit_code == 0
    assert "--sources" in result.stdout


def test_cli_says_once_where_to_get_the_sources_when_many_maps_miss_them(tmp_path: Path) -> None:
    # Someone who has not fetched the sources gets one line telling them what to do,
    # not a line for every map and every source.
    for name in ("one", "two", "three"):
        body = MAP.replace("id: debate", f"id: {name}").replace(
            "file: talk.txt", "file: talk.txt, url: https://example.org/talk"
        )
        write_map(tmp_path, body, name=f"{name}.yaml")
    result = runner.invoke(app, ["sources", "check", str(tmp_path)])
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{tmp_path}: 3 maps quote source file that is not here (talk.txt); ")
    assert "(originals: https://example.org/talk)" in line and line.endswith("pass it with --sources DIR")
    assert "1 source file missing" in result.stderr


def test_a_folder_missing_files_for_one_map_keeps_located_lines(tmp_path: Path, folder: Path) -> None:
    good = write_map(folder, MAP)
    other = tmp_path / "other"
    other.mkdir()
    path = write_map(other, MAP.replace("id: debate", "id: other"), name="other.yaml")
    result = runner.invoke(app, ["sources", "check", str(good), str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:6:33: source 'talk': file 'talk.txt' not found in {other}"]
    assert "4 found" in result.stderr
