"""The ``argmap`` command line: a thin layer over the library.

Each command is one function. Heavy modules (rendering, LLM clients) are imported
inside the commands that need them, so ``argmap --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Optional

import typer

if TYPE_CHECKING:  # for annotations only: importing these at start-up would slow down --help
    from rich.console import Console

    from .critique.run import Scope
    from .errors import MapError
    from .model import ArgumentMap

app = typer.Typer(
    name="argmap",
    help="Map debates as plain YAML: validate, show, render, evaluate, convert and critique them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

MAP_ARG = typer.Argument(..., help="A map file (YAML).", show_default=False)


# -- shared helpers ------------------------------------------------------------------------------


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _print_problems(error: MapError) -> None:
    for problem in error.problems:
        typer.echo(str(problem), err=True)


def _load(path: Path) -> ArgumentMap:
    """Load a map for a command, or print its problems and exit 1 (2 when the file is missing)."""
    from .errors import MapError
    from .store import load

    if not path.exists():
        _fail(f"{path}: no such file", 2)
    try:
        return load(path)
    except MapError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from None


def _map_files(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every *.yaml / *.yml below the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            files.extend(sorted(found))
        elif path.exists():
            files.append(path)
        else:
            _fail(f"{path}: no such file or directory", 2)
    return files


def _check_output(target: Path | str, inputs: list[Path], force: bool, replaces: Optional[Path] = None) -> None:
    """Apply argmap.outputs.check_output: refusals are usage errors (exit 2)."""
    from .outputs import OutputError, check_output

    try:
        check_output(target, inputs, force=force, replaces=replaces)
    except OutputError as exc:
        _fail(str(exc), 2)


def _write(target: Path, text: str | bytes) -> None:
    """Write a file atomically, or exit 1 with one line (read-only folder, full disk, ...)."""
    from .errors import MapError
    from .store import atomic_write

    try:
        atomic_write(target, text)
    except MapError as exc:
        _fail(str(exc))


FORCE = typer.Option(False, "--force", help="Overwrite the output file if it exists (never one of the inputs).")


def _console(stderr: bool = False) -> Console:
    from .terminal import console

    return console(stderr=stderr)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Map debates as plain YAML: validate, show, render, evaluate, convert and critique them."""


# -- commands ---------------------------------------------------------------------------------------


@app.command()
def validate(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Map files, or folders to search for *.yaml and *.yml.", show_default=False
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary."),
) -> None:
    """Check maps and report every problem as FILE:LINE:COL: message.

    Exit status: 0 when every map is valid, 1 when any is invalid, 2 for usage errors.
    """
    from .errors import MapError
    from .store import load

    files = _map_files(paths)
    if not files:
        _fail("no map files found (looked for *.yaml and *.yml)", 2)
    invalid = problems = 0
    for file in files:
        try:
            load(file)
        except MapError as exc:
            invalid += 1
            problems += len(exc.problems)
            for problem in exc.problems:
                typer.echo(str(problem))
    if not quiet:
        valid = len(files) - invalid
        summary = f"{len(files)} map{'s' if len(files) != 1 else ''} checked: {valid} valid"
        if invalid:
            summary += f", {invalid} invalid ({problems} problem{'s' if problems != 1 else ''})"
        typer.echo(summary, err=True)
    raise typer.Exit(1 if invalid else 0)


@app.command()
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    force: bool = FORCE,
) -> None:
    """Print the JSON Schema of the map format (for editors and other tools)."""
    from .jsonschema import map_schema

    text = json.dumps(map_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        _check_output(output, [], force)
        _write(output, text)


@app.command()
def show(
    map_file: Path = MAP_ARG,
    depth: Optional[int] = typer.Option(None, "--depth", "-d", min=0, help="Show only this many levels."),
    ids: bool = typer.Option(True, "--ids/--no-ids", help="Show node ids."),
    accepted_only: bool = typer.Option(False, "--accepted-only", help="Hide proposed nodes."),
    rejected: bool = typer.Option(False, "--rejected", help="Also show rejected proposals."),
) -> None:
    """Show a map as a tree in the terminal, coloured by kind, with ids."""
    from .terminal import map_tree

    argmap = _load(map_file)
    statuses = {"accepted"} if accepted_only else {"accepted", "proposed"}
    if rejected:
        statuses.add("rejected")
    _console().print(map_tree(argmap, depth=depth, show_ids=ids, statuses=statuses))


@app.command()
def new(
    path: Optional[Path] = typer.Argument(None, help="File to create (default: ID.yaml).", show_default=False),
    title: Optional[str] = typer.Option(None, "--title", "-t", help="A short title for the debate."),
    claim: Optional[str] = typer.Option(None, "--claim", "-c", help="The central claim."),
    question: Optional[str] = typer.Option(
        None, "--question", help="Root the debate in this question instead of a claim."
    ),
    positions: list[str] = typer.Option(
        [], "--position", "-p", metavar="<str>", help="A position answering the question (repeat for each)."
    ),
    by: Optional[str] = typer.Option(None, "--by", help="Who argues the claim."),
    map_id: Optional[str] = typer.Option(None, "--id", help="The map's id (default: derived from the title)."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite an existing file."),
) -> None:
    """Create a new, valid map from a title and a claim (or a question and its positions)."""
    from .errors import MapError
    from .scaffold import scaffold, schema_reference

    interactive = sys.stdin.isatty()
    if title is None and interactive:
        title = typer.prompt("Title")
    if claim is not None and question is not None:
        _fail("argmap new: give either --claim or --question, not both", 2)
    if claim is None and question is None:
        if not interactive:
            _fail("argmap new: give the central claim with --claim (or a question with --question)", 2)
        claim = typer.prompt("Central claim")
    try:
        text, map_id = scaffold(title=title, claim=claim, by=by, map_id=map_id, question=question, positions=positions)
        target = path or Path(f"{map_id}.yaml")
        schema_path, schema_found = schema_reference(target)
        text, _ = scaffold(
            title=title, claim=claim, by=by, map_id=map_id, schema=schema_path, question=question, positions=positions
        )
    except (MapError, ValueError) as exc:
        _fail(f"argmap new: {exc}", 2)
    _check_output(target, [], force)
    _write(target, text)
    if not schema_found:
        typer.echo(
            f"editors complete and check maps with the schema: argmap schema -o {target.parent / schema_path}", err=True
        )
    typer.echo(f"created {target}", err=True)


@app.command()
def stats(
    map_files: list[Path] = typer.Argument(..., metavar="MAP", help="Map files or folders.", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Count nodes by kind, depth, cross-links and the share of nodes with a source."""
    from .errors import MapError
    from .store import is_map_file, load
    from .summary import stats as compute
    from .terminal import stats_view

    rows, failed = [], False
    for path in _map_files(map_files):
        try:
            rows.append(compute(load(path)))
        except MapError as exc:
            if not is_map_file(path):  # docker-compose.yml and friends in the same folder
                typer.echo(f"{path}: skipped, not a map (no 'argmap:' key)", err=True)
                continue
            _print_problems(exc)
            failed = True
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], indent=2))
    elif rows:
        console = _console()
        if not console.is_terminal:
            console.width = max(console.width, 200)  # piped output: never fold the table
        console.print(stats_view(rows, console))
    raise typer.Exit(1 if failed else 0)


# -- sources: checking quotations against the documents they come from ----------------------------

sources_app = typer.Typer(
    help="Work with the sources a map cites.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sources_app, name="sources")


@sources_app.command("check")
def sources_check(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Map files, or folders to search for *.yaml and *.yml.", show_default=False
    ),
    sources_dir: Optional[Path] = typer.Option(
        None,
        "--sources",
        "-s",
        show_default=False,
        help="Folder that each source's 'file:' is relative to (default: the map's own folder).",
    ),
    strict: bool = typer.Option(False, "--strict", help="Also fail on quotes whose source declares no 'file:'."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary."),
) -> None:
    """Check that every quoted cite is found verbatim in its source's text file.

    Whitespace, the case of the first letter, straight or curly quotes, dashes and
    '...' versus '…' may differ; nothing else. Each quote that is not found is reported
    as FILE:LINE:COL: message, at the quote in the map. Source files missing from a folder
    for several maps are reported once, with where the originals are.

    Exit status: 0 when every quote is found, 1 when any is not (or a source file is
    missing), 2 for usage errors.
    """
    from .sources import SourcesReport, check_quotes

    if sources_dir is not None and not sources_dir.is_dir():
        _fail(f"{sources_dir}: {'not a folder' if sources_dir.exists() else 'no such folder'} (--sources)", 2)
    files = _map_files(paths)
    if not files:
        _fail("no map files found (looked for *.yaml and *.yml)", 2)
    report = SourcesReport()
    for file in files:
        report.extend(check_quotes(file, sources_dir))
    for line in report.lines():
        typer.echo(line)
    unchecked = [q for q in report.quotes if not q.checked]
    if strict:
        for quote in unchecked:
            typer.echo(
                f"{quote.file}:{quote.line}:{quote.col}: quote on node {quote.node!r} cannot be checked: "
                f"source {quote.source!r} declares no readable 'file:'"
            )
    if not quiet:
        missing = sum(1 for q in report.quotes if q.checked and q.found is None)
        summary = (
            f"{len(files)} map{'s' if len(files) != 1 else ''}, {len(report.quotes)} "
            f"quote{'s' if len(report.quotes) != 1 else ''}: {report.found} found"
        )
        if missing:
            summary += f", {missing} not found"
        if unchecked:
            summary += f", {len(unchecked)} not checked (no source file)"
        if report.missing:
            absent = len({(m.folder, m.file) for m in report.missing})
            summary += f"; {absent} source file{'s' if absent != 1 else ''} missing"
        other = len(report.problems) - missing - len(report.missing)
        if other:
            summary += f"; {other} other problem{'s' if other != 1 else ''}"
        typer.echo(summary, err=True)
    raise typer.Exit(1 if report.problems or (strict and unchecked) else 0)


# -- evaluate: which claims still stand ------------------------------------------------------------


@app.command()
def evaluate(
    map_file: Path = MAP_ARG,
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON: semantics, extensions, then each node's label, strength and acceptance."
    ),
    depth: Optional[int] = typer.Option(
        None, "--depth", "-d", min=0, help="List only this many levels (the whole map is still evaluated)."
    ),
    semantics: str = typer.Option(
        "grounded",
        "--semantics",
        "-s",
        metavar="NAME",
        help="Extensions to list: grounded, complete, preferred or stable.",
    ),
    gradual: str = typer.Option(
        "dfquad",
        "--gradual",
        "-g",
        metavar="NAME",
        help="Strengths by dfquad (DF-QuAD), qe (quadratic energy) or euler (Euler-based).",
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        "-x",
        help="Say what decides the verdict: each node's impact, and the smallest sets of nodes that flip it.",
    ),
    flip_size: int = typer.Option(2, "--flip-size", min=1, max=5, help="With --explain: the most nodes per flip set."),
    expect: Optional[str] = typer.Option(
        None,
        "--expect",
        metavar="VERDICT",
        help="stands, falls or undecided: exit 1 when the verdict differs (for CI and pre-commit).",
    ),
) -> None:
    """Say which claims still stand: grounded labels (in/out/undec) and strengths (DF-QuAD by default).

    Objections and rebuttals attack the node they sit under, premises support it, and
    cross-links add attacks and supports. Proposed and rejected nodes are left out.
    The table ends with a verdict on the central claim; a map rooted in a question gets
    no verdict but a ranking of its positions (so does a map whose central claim an earlier
    version added on import, tagged added-on-import). See docs/evaluation.md.

    Exit status: 0, or 1 when the map is invalid or the verdict differs from --expect;
    2 for usage errors.
    """
    from .evaluation import evaluate as compute
    from .evaluation import evaluation_document
    from .evaluation_text import VERDICTS, evaluation_table, explanation_view
    from .model import is_question_map
    from .positions import evaluate_map, evaluation_json, ranking_table
    from .provenance import verdict_basis

    if expect is not None and expect not in VERDICTS.values():
        _fail(f"--expect: unknown verdict {expect!r}; choose one of: {', '.join(VERDICTS.values())}", 2)
    argmap = _load(map_file)
    from .formats.legacy import as_question

    upgraded, _ = as_question(argmap)
    if upgraded is not None:  # an earlier import invented the central claim: no verdict on it
        typer.echo(
            f"note: {map_file}: its central claim was added on import by an earlier version; evaluated as "
            f"the question “{upgraded.text}”, its theses as positions",
            err=True,
        )
        argmap = upgraded
    if is_question_map(argmap):
        if expect is not None:
            _fail(f"{map_file}: a map rooted in a question has no verdict to expect; evaluate its positions", 2)
        try:
            ranked = evaluate_map(argmap, compute, semantics=semantics.lower(), gradual=gradual)
        except ValueError as exc:
            _fail(f"argmap evaluate: {exc}", 2 if "unknown" in str(exc) else 1)
        if as_json:
            typer.echo(evaluation_json(argmap, ranked))
        else:
            _console().print(ranking_table(argmap, ranked, depth=depth))
        return
    try:
        if as_json:
            document = evaluation_document(
                argmap, semantics=semantics.lower(), gradual=gradual, explain=explain, flip_size=flip_size
            )
            typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
            label = document["nodes"][argmap.id]["label"]
        else:
            result = compute(argmap, semantics=semantics.lower(), gradual=gradual)
            console = _console()
            console.print(evaluation_table(argmap, result, depth=depth))
            for line in verdict_basis(argmap, result).lines():  # a verdict resting on LLM points says so
                console.print(line, style="yellow", markup=False)
            if explain:
                from .explain import explain as explain_verdict

                console.print(explanation_view(argmap, result, explain_verdict(result, flip_size=flip_size)))
            label = result.verdict.label
    except ValueError as exc:
        _fail(f"argmap evaluate: {exc}", 2 if "unknown" in str(exc) else 1)
    if expect is not None and VERDICTS[label] != expect:
        _fail(f"{map_file}: the verdict is '{VERDICTS[label]}', not '{expect}' as expected", 1)


# -- render: maps to SVG, PNG, PDF, DOT and HTML ---------------------------------------------------


@app.command()
def render(
    map_files: list[Path] = typer.Argument(..., metavar="MAP", help="Map files (YAML).", show_default=False),
    output: Optional[str] = typer.Option(
        None,
        "--output",
        "-o",
        show_default=False,
        help="Output file; DIR/ for one file per map in a folder; - for stdout. Default: the map file's name "
        "with the format's extension, here (cars.yaml -> cars.svg; --focus/--tag/--depth add a suffix).",
    ),
    fmt: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        show_default=False,
        help="svg, png, pdf, dot or html. Default: from the output's extension, else svg.",
    ),
    engine: str = typer.Option("auto", "--engine", help="Graphviz to run: native (system dot), embedded, or auto."),
    layout: str = typer.Option(
        "auto", "--layout", help="dot (Graphviz), tree (argmap's tidy tree, fast on large maps), or auto by size."
    ),
    direction: str = typer.Option(
        "auto",
        "--direction",
        help="Where the central claim sits: TB, BT, LR, RL, or auto (top-down unless "
        "that makes a strip too wide for a page).",
    ),
    depth: Optional[int] = typer.Option(
        None, "--depth", min=0, help="Draw only this many levels below the claim (or below --focus)."
    ),
    focus: Optional[str] = typer.Option(None, "--focus", help="Draw only this node, its ancestors and its subtree."),
    tag: Optional[str] = typer.Option(None, "--tag", help="Draw only nodes with this tag, and their ancestors."),
    theme: str = typer.Option(
        "light", "--theme", help="light, dark, or print (greyscale; attacks dashed, kinds told apart by outline)."
    ),
    legend: bool = typer.Option(True, "--legend/--no-legend", help="Draw a small legend."),
    accepted_only: bool = typer.Option(False, "--accepted-only", help="Hide proposed (LLM) nodes."),
    evaluate: bool = typer.Option(False, "--evaluate", help="Mark each node in/out/undec with its strength."),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="With --evaluate (implied): mark the nodes the verdict rests on and show each node's impact on the claim.",
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Say which engine and layout ran, and how long it took."
    ),
    max_nodes: int = typer.Option(
        300,
        "--max-nodes",
        min=0,
        help="SVG, PNG and PDF draw at most this many nodes: a bigger map is cut to its "
        "first levels, with a message (0: no limit). HTML is never cut.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the paths written."),
    force: bool = typer.Option(
        False,
        "--force",
        help="Overwrite an existing -o FILE (never a map being drawn). "
        "Pictures named after their map are always redrawn.",
    ),
) -> None:
    """Render maps as SVG (default), PNG, PDF, DOT or a self-contained interactive HTML page.

    Uses the system Graphviz when it is installed, else the embedded one that pip
    installs; maps larger than a few thousand nodes use argmap's fast tidy-tree layout.
    """
    from .render import RenderError, RenderOptions, render_map, with_verdicts, write_bytes
    from .render.names import Destination, DestinationError

    try:
        destination = Destination.choose(output, fmt, len(map_files))
        options = RenderOptions(
            direction=direction,
            depth=depth,
            focus=focus,
            tag=tag,
            theme=theme,
            legend=legend,
            accepted_only=accepted_only,
            layout=layout,
            engine=engine,
            max_nodes=max_nodes or None,
        )
    except DestinationError as exc:
        _fail(str(exc), 2)
    except ValueError as exc:
        _fail(f"argmap render: {exc}", 2)
    maps = [(path, _load(path)) for path in map_files]
    try:
        destination.check_names(map_files, options)
    except DestinationError as exc:
        _fail(str(exc), 2)
    if destination.folder is not None:
        destination.folder.mkdir(parents=True, exist_ok=True)
    for path, argmap in maps:
        drawn = with_verdicts(argmap, options, explain) if evaluate or explain else options
        try:
            result = render_map(argmap, destination.format, drawn)
        except RenderError as exc:
            _fail(f"{path}: {exc}")
        out_path = destination.path(path, options)
        if out_path is None:
            sys.stdout.buffer.write(result.data)
            sys.stdout.flush()
            target = "stdout"
        else:
            _check_output(out_path, map_files, force or destination.named_after_maps)
            try:
                write_bytes(out_path, result.data)
            except OSError as exc:
                _fail(f"{out_path}: cannot write: {exc.strerror or exc}")
            target = str(out_path)
        if verbose:
            typer.echo(
                f"{path} -> {target}: {result.nodes} node{'' if result.nodes == 1 else 's'}, {result.format.upper()}, "
                f"{result.layout} layout, {result.engine}, {result.seconds:.2f} s",
                err=True,
            )
        elif not quiet and not destination.stdout:
            typer.echo(f"wrote {target}", err=True)
        if result.note:
            typer.echo(f"{path}: {result.note}", err=True)


# -- import / export: Kialo, Argdown, AIF, Markdown and JSON (argmap/formats) ---------------------


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ...,
        show_default=False,
        help="A Kialo text export, an Argdown file, AIF JSON (AIFdb or OVA) or a map as JSON; - reads stdin.",
    ),
    from_: Optional[str] = typer.Option(
        None,
        "--from",
        "-f",
        show_default=False,
        help="kialo, argdown, aif, sadface or json. Default: guessed from the content.",
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", show_default=False, help="Write the map to this file. Default: stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    lenient: bool = typer.Option(
        False,
        "--lenient",
        help="Read past what the source format's own parser rejects (Argdown), "
        "with a warning for each in the report, instead of stopping.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the import report on stderr."),
) -> None:
    """Import a debate from Kialo, Argdown, AIF, SADFace or JSON as a new argmap map (YAML).

    The report on stderr says how much was read, how many nodes were created, and what
    was dropped and why.
    """
    from .errors import MapError
    from .formats import IMPORT_FORMATS, decode, import_file, import_text
    from .store import atomic_write

    if from_ is not None and from_.lower() not in IMPORT_FORMATS:
        _fail(f"--from: unknown format {from_!r}; choose one of: {', '.join(IMPORT_FORMATS)}", 2)
    fmt = from_.lower() if from_ else None
    if output is not None:
        _check_output(output, [file], force)
    try:
        if str(file) == "-":
            imported = import_text(decode(sys.stdin.buffer.read(), "<stdin>"), fmt, "<stdin>", lenient=lenient)
        else:
            imported = import_file(file, fmt, lenient=lenient)
    except MapError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from None
    text = imported.yaml()
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            atomic_write(output, text)
        except MapError as exc:  # the folder is missing, the disk is full, ...
            _fail(str(exc))
    if not quiet:
        for line in imported.report.lines():
            typer.echo(line, err=True)
        if output is not None:
            typer.echo(f"  wrote {output}", err=True)


@app.command("export")
def export(
    map_file: Path = MAP_ARG,
    to: str = typer.Option(
        ..., "--to", "-t", show_default=False, help="argdown, aif, sadface, kialo, markdown or json."
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", show_default=False, help="Write to this file. Default: stdout."
    ),
    include_proposed: bool = typer.Option(
        False, "--include-proposed", help="Also export proposed (LLM) nodes; rejected ones never are."
    ),
    kialo_variant: str = typer.Option(
        "v2", "--kialo-variant", help="Kialo text format: v2 (current, with sources) or v1 (older)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print what the format could not hold."),
) -> None:
    """Export a map as Argdown, AIF JSON, SADFace JSON, a Kialo text export, a Markdown outline or JSON.

    What the format cannot hold (tags in AIF, sources in older Kialo files, ...) is
    listed on stderr.
    """
    from .formats import EXPORT_FORMATS, export_map

    fmt = to.lower()
    if fmt not in EXPORT_FORMATS:
        _fail(f"--to: unknown format {to!r}; choose one of: {', '.join(EXPORT_FORMATS)}", 2)
    if kialo_variant not in ("v1", "v2"):
        _fail(f"--kialo-variant: must be v1 or v2, not {kialo_variant!r}", 2)
    if output is not None:  # never over the map being read; over another file only with --force
        _check_output(output, [map_file], force)
    argmap = _load(map_file)
    result = export_map(argmap, fmt, include_proposed=include_proposed, kialo_variant=kialo_variant)
    if output is None:
        sys.stdout.write(result.text)
    else:
        _write(output, result.text)
    if not quiet:
        for line in result.lines(str(output) if output else None):
            typer.echo(line, err=True)


# -- critique and review: an LLM proposes objections, a person decides (argmap/critique) ----------


@app.command()
def critique(
    map_file: Path = MAP_ARG,
    node: list[str] = typer.Option(
        [],
        "--node",
        "-n",
        show_default=False,
        metavar="ID",
        help="Critique this node (repeatable). Default: the central claim.",
    ),
    all_nodes: bool = typer.Option(False, "--all", help="Every accepted node (under --node, when given)."),
    leaves: bool = typer.Option(
        False, "--leaves", help="Every accepted node with no accepted children (under --node, when given)."
    ),
    model: Optional[str] = typer.Option(
        None,
        "--model",
        "-m",
        show_default=False,
        help="Any LiteLLM model string (openai/..., anthropic/..., gemini/..., "
        "ollama/...). Default: $ARGMAP_MODEL, else openai/gpt-4.1-mini.",
    ),
    count: int = typer.Option(
        3,
        "--count",
        "-c",
        min=1,
        max=20,
        help="Proposals kept per node, at most (twice as many candidates are asked for; "
        "repeats of the map are dropped first).",
    ),
    api_base: Optional[str] = typer.Option(
        None, "--api-base", show_default=False, help="URL of an OpenAI-compatible server, a local one included."
    ),
    concurrency: int = typer.Option(
        4, "--concurrency", "-j", min=1, max=64, help="How many nodes are asked about at the same time."
    ),
    timeout: float = typer.Option(120.0, "--timeout", min=1, help="Seconds to wait for each answer."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the exact prompts and send nothing."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Ask again even when an answer is cached."),
    target: Optional[str] = typer.Option(
        None,
        "--target",
        metavar="impact",
        help="impact: critique where it could change the verdict, the --top nodes "
        "helping the claim most and the --top strongest attacks on it.",
    ),
    top: int = typer.Option(3, "--top", min=1, help="With --target impact: how many nodes of each kind."),
) -> None:
    """Ask an LLM to propose objections (rebuttals, against an objection) for a person to review.

    Proposals are saved into the map under their target with status: proposed as each
    node's answer arrives; they count nowhere until accepted with `argmap review`. Needs
    the llm extra (pip install 'argmap[llm]') and the provider's key, e.g. OPENAI_API_KEY.
    Answers are cached (see docs/critique.md), so the same question is never paid twice.

    Exit status: 0 when every node was answered, 1 when some failed, 2 for usage errors
    (no API key, unknown node), 130 when interrupted.
    """
    import warnings

    from .critique import CritiqueError, CritiqueInterrupted, CritiqueOptions, critique_file, prompts_for
    from .errors import MapError
    from .terminal import progress_bar, visible

    # Requests cancelled by Ctrl-C or by a failure that stops the run leave LiteLLM
    # coroutines that never ran; Python would warn about each one on exit.
    warnings.filterwarnings("ignore", message=r"coroutine .* was never awaited", category=RuntimeWarning)
    if all_nodes and leaves:
        _fail("argmap critique: give --all or --leaves, not both", 2)
    if target is not None:
        if target != "impact":
            _fail(f"argmap critique: unknown --target {target!r}; the only one is 'impact'", 2)
        if node or all_nodes or leaves:
            _fail("argmap critique: --target impact chooses the nodes itself; drop --node, --all and --leaves", 2)
        from .evaluation import targets_by_impact

        node = targets_by_impact(_load(map_file), top)
    scope: Optional[Scope] = "all" if all_nodes else "leaves" if leaves else None
    try:
        if dry_run:
            prompts = prompts_for(_load(map_file), node or None, scope, count)
            for i, prompt in enumerate(prompts, 1):
                typer.echo(visible(prompt.text(i, len(prompts))) + "\n")
            typer.echo(f"{len(prompts)} prompt{'s' if len(prompts) != 1 else ''}; nothing was sent", err=True)
            return
        if not map_file.exists():
            _fail(f"{map_file}: no such file", 2)
        options = CritiqueOptions(
            model=model, count=count, api_base=api_base, concurrency=concurrency, cache=not no_cache, timeout=timeout
        )
        with progress_bar("critique", "nodes") as progress:
            report = critique_file(map_file, node or None, scope=scope, options=options, progress=progress)
    except CritiqueInterrupted as stop:
        typer.echo(visible(stop.report.summary()))
        _fail(f"interrupted: the proposals of finished nodes are saved in {map_file}", 130)
    except MapError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from None
    except (CritiqueError, ValueError) as exc:
        _fail(f"argmap critique: {visible(str(exc))}", 2)
    typer.echo(visible(report.summary()))  # failures quote what servers said
    if report.error:
        _fail(f"argmap critique: stopped: {visible(report.error)}", 1)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def review(
    map_file: Path = MAP_ARG,
    list_: bool = typer.Option(False, "--list", "-l", help="Print the pending proposals and exit."),
    as_json: bool = typer.Option(False, "--json", help="With --list, print JSON."),
    accept: list[str] = typer.Option(
        [], "--accept", "-a", show_default=False, metavar="ID|all", help="Accept this proposal (repeatable), or 'all'."
    ),
    reject: list[str] = typer.Option(
        [], "--reject", "-r", show_default=False, metavar="ID|all", help="Reject this proposal (repeatable), or 'all'."
    ),
    reason: str = typer.Option(
        "other",
        "--reason",
        help="Why, for --reject: duplicate, unsupported, unclear, irrelevant, "
        "not-a-claim or other ('other: why' to explain).",
    ),
    weight: Optional[float] = typer.Option(
        None, "--weight", min=0, max=1, show_default=False, help="With --accept: the accepted nodes' weight (else 0.5)."
    ),
    by: Optional[str] = typer.Option(
        None, "--by", show_default=False, metavar="NAME", help="With --accept: who argues the accepted point."
    ),
    cite: Optional[str] = typer.Option(
        None,
        "--cite",
        show_default=False,
        metavar="SOURCE[@AT]",
        help="With --accept: the source (a key of the map's sources) and where in it.",
    ),
    duplicate_of: Optional[str] = typer.Option(
        None,
        "--duplicate-of",
        show_default=False,
        metavar="ID",
        help="With --reject: the node that already makes the point; it is linked to the proposal's target instead.",
    ),
    undo_last: bool = typer.Option(False, "--undo", help="Undo the last decision: that proposal is pending again."),
    reviewer: Optional[str] = typer.Option(
        None,
        "--as",
        show_default=False,
        metavar="NAME",
        help="Who decides, kept in proposal.decided_by (default: $ARGMAP_REVIEWER, else git's user.name).",
    ),
) -> None:
    """Decide on proposals: accept, edit or reject each one, saved as you go.

    On a terminal, with no options, shows each pending proposal in context (its target,
    the path to the central claim, rationale, scheme and critical question) and waits
    for a key: a accept, e edit in $EDITOR then accept, r reject with a reason, s skip,
    q quit; w sets weight, author and source before accepting, d rejects a duplicate and
    links the node it repeats instead, u undoes the last decision. Accepted proposals
    become ordinary nodes (their provenance stays in 'proposal': model, who accepted,
    when); rejected ones stay in the file, never drawn, evaluated or exported, so later
    critiques do not propose them again.
    """
    from .critique.review import ConsoleTerminal, ReviewError, decide_both, decision_lines, pending, pending_list, undo
    from .critique.review import review as review_interactively
    from .model import reject_reason

    argmap = _load(map_file)
    if undo_last:
        try:
            undone = undo(map_file, reviewer=reviewer)
        except ReviewError as exc:
            _fail(f"argmap review: {map_file}: {exc}", 2)
        if undone is None:
            _fail(f"argmap review: {map_file}: no decision to undo", 1)
        typer.echo(f"undone: {undone[1]} of {undone[0].id}; it is pending again")
        return
    if list_:
        items = pending(argmap)
        if as_json:
            typer.echo(json.dumps([item.to_data() for item in items], indent=2, ensure_ascii=False))
        elif items:
            _console().print(pending_list(items))
        else:
            typer.echo(f"{map_file}: no pending proposals", err=True)
        return
    if duplicate_of and not reject:
        _fail("argmap review: --duplicate-of goes with --reject ID", 2)
    if (weight is not None or by or cite) and not accept:
        _fail("argmap review: --weight, --by and --cite go with --accept ID", 2)
    if accept or reject:
        try:
            reason = reject_reason(reason)
        except ValueError as exc:
            _fail(f"argmap review: --reason: {exc}", 2)
        try:
            accepted, rejected = decide_both(
                map_file,
                accept,
                reject,
                reason=reason,
                weight=weight,
                by=by,
                cite=cite,
                reviewer=reviewer,
                duplicate_of=duplicate_of,
            )
        except ReviewError as exc:
            _fail(f"argmap review: {map_file}: {exc}", 2)
        for line in decision_lines(accepted, rejected, reason, duplicate_of):
            typer.echo(line)
        left = len(pending(_load(map_file)))
        typer.echo(f"{map_file}: {len(accepted)} accepted, {len(rejected)} rejected, {left} still pending", err=True)
        return
    if not pending(argmap):
        typer.echo(f"{map_file}: no pending proposals", err=True)
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _fail(
            "argmap review: the interactive review needs a terminal; use --list, --accept ID|all "
            "or --reject ID|all [--reason R]",
            2,
        )
    from .errors import MapError

    try:
        summary = review_interactively(map_file, ConsoleTerminal(_console()), reviewer=reviewer)
    except KeyboardInterrupt:
        _fail(f"interrupted: the decisions made so far are saved in {map_file}", 130)
    except MapError as exc:  # the file was broken by an edit made during the review
        _print_problems(exc)
        _fail(f"argmap review: stopped; the decisions made so far are saved in {map_file}", 1)
    typer.echo(f"{map_file}: {summary}")


# -- merge: a three-way merge of two versions of a map, for git (argmap/merge.py) ------------------


@app.command()
def merge(
    base: Path = typer.Argument(..., help="The version both started from (git's %O).", show_default=False),
    ours: Path = typer.Argument(..., help="Our version (git's %A).", show_default=False),
    theirs: Path = typer.Argument(..., help="Their version (git's %B).", show_default=False),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the merged map here (for git: %A). Default: stdout."
    ),
    name: Optional[str] = typer.Option(None, "--name", help="The map's name in messages (for git: %P)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file other than OURS."),
) -> None:
    """Merge two versions of a map against the one they started from (a git merge driver).

    Changes to different nodes or fields combine, and nodes added on both sides are all
    kept; the result keeps OURS's comments and layout. When both sides changed the same
    thing differently, the result holds every clean change and git's conflict markers
    (<<<<<<< ours, =======, >>>>>>> theirs) around each clash, each reported as
    FILE:LINE:COL; `argmap validate` points at markers left in. To have git merge maps this way:

        git config merge.argmap.driver "argmap merge %O %A %B -o %A --name %P"

        echo "*.yaml merge=argmap" >> .gitattributes

    Exit status: 0 when merged, 1 on a conflict or an invalid map, 2 for usage errors.
    """
    from .errors import ConflictError, MapError
    from .store import read_text
    from .store.merge import merge_texts

    if output is not None:
        _check_output(output, [base, theirs], force, replaces=ours)
    try:
        base_text, ours_text, theirs_text = (read_text(path) for path in (base, ours, theirs))
        merged = merge_texts(base_text, ours_text, theirs_text, file=name or str(output or ours), markers=True)
    except ConflictError as exc:
        if exc.text is None:
            _print_problems(exc)
            raise typer.Exit(1) from None
        merged = exc.text
        _print_problems(exc)
        typer.echo(
            f"{name or output or ours}: {len(exc.problems)} conflict{'s' if len(exc.problems) != 1 else ''} "
            "left between <<<<<<< and >>>>>>> markers; edit them, then run argmap validate",
            err=True,
        )
        if output is not None:
            _write(output, merged)
        else:
            sys.stdout.write(merged)
        raise typer.Exit(1) from None
    except MapError as exc:
        _print_problems(exc)
        raise typer.Exit(1) from None
    if output is not None:
        _write(output, merged)
    else:
        sys.stdout.write(merged)


# -- diff: what changed between two versions of a map, as an argument (argmap/diff.py) -------------


@app.command()
def diff(
    old: Path = typer.Argument(..., help="The older version of the map.", show_default=False),
    new: Path = typer.Argument(..., help="The newer version.", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
) -> None:
    """Say which nodes were added, removed, changed or moved between two versions of a map.

    Nodes are matched by id, so a reworded node shows as changed, not as one removed and
    one added. One line per node: + added, - removed, ~ changed, > moved; then = lines
    for what that did to the verdict (the central claim's label and strength, and
    every node whose label flipped). With git:

        git difftool -y -x "argmap diff" HEAD~1 -- maps/debate.yaml

    Exit status: 0 when the maps are the same argument, 1 when they differ or a map is
    invalid, 2 for usage errors.
    """
    from .diff import diff as diff_maps
    from .diff import verdict_changes

    old_map, new_map = _load(old), _load(new)
    changes = diff_maps(old_map, new_map)
    moved = verdict_changes(old_map, new_map)
    if as_json:
        data = [change.to_data() for change in changes] + [change.to_data() for change in moved]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        console = _console()
        for change in [*changes, *moved]:
            console.print(str(change), markup=False, highlight=False, soft_wrap=True)
        counts = {kind: sum(c.change == kind for c in changes) for kind in ("added", "removed", "changed", "moved")}
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no changes to the argument"
        flipped = sum(not change.claim for change in moved)
        if flipped:
            summary += f"; {flipped} label{'s' if flipped != 1 else ''} flipped"
        typer.echo(f"{old} -> {new}: {summary}", err=True)
    if changes:
        raise typer.Exit(1)


# -- editors and assistants: a language server (argmap/lsp) and an MCP server (argmap/agents) ------


@app.command()
def lsp(
    stdio: bool = typer.Option(
        True,
        "--stdio",
        show_default=False,
        help="Speak LSP on stdin and stdout (the only way; accepted because clients pass it).",
    ),
) -> None:
    """Run the language server for maps: diagnostics, hover, definitions, rename, completion, code actions.

    Editors start it themselves; see docs/editors.md. Needs the lsp extra
    (pip install 'argmap[lsp]').
    """
    try:
        from .lsp.server import serve
    except ImportError as exc:
        _fail(f"argmap lsp needs the lsp extra: pip install 'argmap[lsp]' ({exc})", 2)
    serve()


@app.command("mcp")
def mcp_(
    root: Path = typer.Option(
        ...,
        "--root",
        show_default=False,
        help="The workspace folder: tools read and write maps below it, and nothing else.",
    ),
) -> None:
    """Run the MCP server through which an AI assistant reads maps and proposes objections for review.

    Tools: validate, outline, evaluate, render, propose, proposals. Proposals are saved with
    status: proposed and count nowhere until a person accepts them (argmap review). Clients
    start it themselves; see docs/agents.md. Needs the mcp extra (pip install 'argmap[mcp]').
    """
    if not root.is_dir():
        _fail(f"--root: {root}: {'not a folder' if root.exists() else 'no such folder'}", 2)
    try:
        from .agents.server import serve
    except ImportError as exc:
        _fail(f"argmap mcp needs the mcp extra: pip install 'argmap[mcp]' ({exc})", 2)
    serve(str(root))


def main() -> None:
    """Entry point of the ``argmap`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: keep it to one line unless asked
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        typer.echo(f"argmap: internal error: {type(exc).__name__}: {exc} (set ARGMAP_DEBUG=1 for details)", err=True)
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()
