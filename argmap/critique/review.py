"""Reviewing proposals: list them, accept or reject them by id, or decide one by one at a terminal.

Every decision is its own short read-modify-write: load the file afresh, apply the
decision, save with :func:`argmap.save`. A critique adding proposals to the same file
meanwhile loses nothing, and a decision is on disk the moment it is made.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional, Protocol, Sequence, Union

from rich.text import Text

from ..errors import ArgmapError, ConflictError
from ..model import REJECT_REASONS, AnyNode, ArgumentMap, Node, reject_reason

Decision = Literal["accept", "reject"]
PathLike = Union[str, Path]

#: How many times a decision is saved again when the file changed underneath it.
SAVE_ATTEMPTS = 5


class ReviewError(ArgmapError):
    """A decision could not be made or saved; the message is one line."""


@dataclass
class Pending:
    """A proposal awaiting review, with what a reviewer needs to judge it."""

    node: Node
    """The proposed node."""
    path: list[AnyNode]
    """From the central claim down to the node's target (the node itself not included)."""

    @property
    def id(self) -> str:
        """The proposal's id."""
        return self.node.id  # type: ignore[return-value]

    @property
    def target(self) -> AnyNode:
        """The node the proposal attacks."""
        return self.path[-1]

    def to_data(self) -> dict[str, Any]:
        """The proposal as ``argmap review --list --json`` prints it: id, kind, target, text and provenance."""
        node, proposal = self.node, self.node.proposal
        data: dict[str, Any] = {"id": node.id, "kind": node.kind, "target": self.target.id,
                                "target_kind": self.target.kind, "text": node.text}
        if proposal is not None:
            data.update({k: v for k, v in proposal.to_data().items() if k in
                         ("model", "created", "rationale", "scheme", "critical_question")})
            data["created"] = str(proposal.created)
        return data


def pending(argmap: ArgumentMap) -> list[Pending]:
    """Every node with ``status: proposed``, in document order."""
    return [Pending(entry.node, argmap.path(entry.node.id)[:-1])  # type: ignore[arg-type]
            for entry in argmap.walk() if entry.node.status == "proposed"]


def _resolve_ids(argmap: ArgumentMap, ids: Union[str, Sequence[str]], decision: Decision,
                 others: Sequence[str] = ()) -> list[str]:
    """The ids a decision applies to ("all": every pending one except ``others``, which the
    other decision names); ReviewError, before anything is decided, for any that cannot be."""
    waiting = [p.id for p in pending(argmap)]
    if ids == "all" or (not isinstance(ids, str) and list(ids) == ["all"]):
        return [node_id for node_id in waiting if node_id not in others]
    wanted = [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))
    for node_id in wanted:
        node = argmap.find(node_id)
        if node is None:
            from ..ids import did_you_mean

            hint = did_you_mean(node_id, waiting) or did_you_mean(node_id, (n.id for n in argmap.nodes()))
            raise ReviewError(f"no node with id {node_id!r}{hint}")
        if node.status != "proposed" and not (decision == "accept" and node.status == "rejected"):
            state = "already rejected" if node.status == "rejected" else "not a pending proposal"
            raise ReviewError(f"{node_id!r} is {state}")
    return wanted


def decide(path: PathLike, ids: Union[str, Sequence[str]], decision: Decision, *, reason: str = "other",
           text: Optional[str] = None, expect_text: Optional[str] = None) -> list[Node]:
    """Accept or reject proposals in a map file and save it; returns the nodes decided.

    ``ids`` is one id, a list of ids, or ``"all"`` (every pending proposal). ``text``
    (accept only, one id) replaces the proposal's text with the reviewer's edit.
    ``expect_text`` makes sure the node still says what the reviewer saw. All the
    decisions are saved together, or none is (an unknown id raises :class:`ReviewError`).
    """
    accept, reject = (ids, ()) if decision == "accept" else ((), ids)
    accepted, rejected = decide_both(path, accept, reject, reason=reason, text=text, expect_text=expect_text)
    return accepted if decision == "accept" else rejected


def _named(ids: Union[str, Sequence[str]]) -> list[str]:
    """The ids written out in a decision (none for "all")."""
    listed = [ids] if isinstance(ids, str) else list(ids)
    return [] if listed == ["all"] else listed


def decide_both(path: PathLike, accept: Union[str, Sequence[str]] = (), reject: Union[str, Sequence[str]] = (),
                *, reason: str = "other", text: Optional[str] = None,
                expect_text: Optional[str] = None) -> tuple[list[Node], list[Node]]:
    """Accept some proposals and reject others in one save; returns (accepted, rejected).

    Every id is checked before any is decided, so either all the decisions are saved or,
    with a :class:`ReviewError` naming the first bad id, none is. ``"all"`` on one side
    means every pending proposal the other side does not name. See :func:`decide`.
    """
    from ..errors import MapError
    from ..yamlio import load, save

    if reject:
        try:
            reason = reject_reason(reason)
        except ValueError as exc:
            raise ReviewError(str(exc)) from None
    named_accept, named_reject = _named(accept), _named(reject)
    both = set(named_accept) & set(named_reject)
    if both:
        raise ReviewError(f"{sorted(both)[0]!r} is both accepted and rejected")
    for attempt in range(SAVE_ATTEMPTS):
        try:
            argmap = load(path)
        except MapError as exc:
            first = exc.problems[0] if exc.problems else exc
            raise ReviewError(f"cannot load the map: {first}") from None
        to_accept = _resolve_ids(argmap, accept, "accept", named_reject) if accept else []
        to_reject = _resolve_ids(argmap, reject, "reject", named_accept) if reject else []
        chosen = to_accept + to_reject
        if expect_text is not None and len(chosen) == 1 and argmap[chosen[0]].text != expect_text:
            raise ReviewError(f"{chosen[0]!r} changed in the file meanwhile; look again")
        accepted = [argmap.accept(node_id, text=text) for node_id in to_accept]
        rejected = [argmap.reject(node_id, reason=reason) for node_id in to_reject]
        if not chosen:
            return [], []
        try:
            save(argmap)
        except ConflictError:
            if attempt + 1 < SAVE_ATTEMPTS:
                time.sleep(0.05 * (attempt + 1))
                continue
            raise ReviewError(f"{path}: the file kept changing while saving; nothing was decided") from None
        except (MapError, OSError) as exc:
            raise ReviewError(f"cannot save: {exc}") from None
        return accepted, rejected
    return [], []  # pragma: no cover - the loop always returns or raises


# -- the interactive review -------------------------------------------------------------------------


class Terminal(Protocol):
    """What the interactive review needs from a terminal (a test can script it)."""

    console: Any

    def key(self, prompt: str, keys: str) -> str:
        """Show ``prompt`` and wait for one of ``keys``; returns it (lowercase)."""

    def line(self, prompt: str) -> str:
        """Ask for a line of text."""

    def edit(self, text: str) -> Optional[str]:
        """Let the reviewer edit ``text``; None when the edit was abandoned."""


@dataclass
class ReviewSummary:
    """What an interactive review did."""

    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    skipped: int = 0
    left: int = 0
    """Proposals still pending when the review ended."""
    quit: bool = False


_ACTIONS = "[a]ccept  [e]dit  [r]eject  [s]kip  [q]uit"
_REASON_KEYS = "".join(str(i + 1) for i in range(len(REJECT_REASONS)))


def review(path: PathLike, terminal: Terminal) -> ReviewSummary:
    """Go through the pending proposals of a map file one by one, saving each decision as it is made.

    The file is read again before each proposal, so proposals that a critique adds
    meanwhile are reviewed too.
    """
    from ..yamlio import load

    summary = ReviewSummary()
    seen: set[tuple[str, str]] = set()
    done = 0
    console = terminal.console
    while True:
        argmap = load(path)
        waiting = [p for p in pending(argmap) if (p.id, p.node.text) not in seen]
        if not waiting:
            break
        item = waiting[0]
        seen.add((item.id, item.node.text))
        console.print(proposal_view(item, done + 1, done + len(waiting)))
        while True:
            try:
                action = terminal.key(_ACTIONS, "aersq")
            except EOFError:
                action = "q"
            if action == "q":
                summary.quit = True
                summary.left = len(pending(load(path)))
                return summary
            if action == "s":
                summary.skipped += 1
                break
            try:
                if action == "a":
                    decide(path, item.id, "accept", expect_text=item.node.text)
                    summary.accepted += 1
                    console.print("[green]accepted[/]")
                    break
                if action == "e":
                    edited = terminal.edit(item.node.text)
                    if edited is None or not edited.strip() or " ".join(edited.split()) == item.node.text:
                        console.print("edit abandoned (the text is unchanged); choose again")
                        continue
                    node = decide(path, item.id, "accept", text=" ".join(edited.split()),
                                  expect_text=item.node.text)[0]
                    summary.accepted += 1
                    summary.edited += 1
                    console.print(f"[green]accepted as edited[/] (#{node.id})")
                    break
                if action == "r":
                    reason = _ask_reason(terminal)
                    if reason is None:
                        continue
                    decide(path, item.id, "reject", reason=reason, expect_text=item.node.text)
                    summary.rejected += 1
                    console.print(f"[red]rejected[/] ({reason})")
                    break
            except ReviewError as exc:
                console.print(f"[yellow]{exc}[/]")
                break
        done += 1
    summary.left = len(pending(load(path)))
    return summary


def _ask_reason(terminal: Terminal) -> Optional[str]:
    choices = "  ".join(f"[{i + 1}] {reason}" for i, reason in enumerate(REJECT_REASONS))
    try:
        key = terminal.key(f"Reason: {choices}  [c]ancel", _REASON_KEYS + "c")
    except EOFError:
        return None
    if key == "c":
        return None
    reason = REJECT_REASONS[int(key) - 1]
    if reason == "other":
        try:
            why = terminal.line("Why (optional)").strip()
        except EOFError:
            why = ""
        if why:
            reason = f"other: {' '.join(why.split())}"
    return reason


def proposal_view(item: Pending, index: int, total: int) -> Any:
    """A proposal in context, for the terminal: the path to it, its rationale, scheme and question."""
    from rich.console import Group
    from rich.rule import Rule

    from ..terminal import STYLES

    node = item.node
    proposal = node.proposal
    heading = f"proposal {index} of {total}: {node.kind} against the {_kind_name(item.target)}"
    lines: list[Any] = [Rule(Text(heading, style="bold"), align="left")]
    for depth, step in enumerate(item.path):
        style, marker = STYLES[step.kind]
        body = Text(f"{_kind_name(step)}: ", style=f"{style} dim")
        body.append(step.text, style="bold" if step is item.target else "")
        lines.append(_hanging(2 * depth, Text(marker, style=style), body))
    style, marker = STYLES[node.kind]
    body = Text(f"proposed {node.kind}: ", style="yellow")
    body.append(node.text, style="bold yellow")
    body.append(f"  #{node.id}", style="cyan dim")
    lines.append(_hanging(2 * len(item.path), Text(marker, style=style), body))
    if proposal is not None:
        lines.append(Text())
        for label, value in (("Rationale:", proposal.rationale), ("Scheme:", proposal.scheme),
                             ("Critical question:", proposal.critical_question)):
            if value:
                lines.append(_hanging(0, Text(label, style="bold"), Text(value)))
        lines.append(Text(f"Proposed by {proposal.model}, {proposal.created}", style="dim"))
    return Group(*lines)


def _hanging(indent: int, head: Text, body: Text) -> Any:
    """``head body`` with ``body`` wrapped under itself, not under ``head`` or the margin, so that
    a long text stays readable as one block on a narrow terminal."""
    from rich.padding import Padding
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(head, body)
    return Padding(grid, (0, 0, 0, indent)) if indent else grid


def _kind_name(node: AnyNode) -> str:
    return "central claim" if node.kind == "claim" else node.kind


# -- a real terminal --------------------------------------------------------------------------------


EDIT_HELP = """
# Edit the proposal above, then save and close the editor to accept it.
# Lines starting with '#' are ignored. Leave the text unchanged or empty to go back.
"""


def editor_command() -> list[str]:
    """The reviewer's editor: ``$VISUAL``, else ``$EDITOR``, else notepad (Windows) or vi."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("notepad" if sys.platform == "win32" else "vi")
    return shlex.split(command, posix=sys.platform != "win32")


def edit_text(text: str) -> Optional[str]:
    """Open ``text`` in the reviewer's editor and return what they saved (comment lines removed).

    Returns None when the editor cannot be run or exits with an error.
    """
    fd, name = tempfile.mkstemp(prefix="argmap-proposal-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n" + EDIT_HELP)
        try:
            result = subprocess.run([*editor_command(), name])
        except (OSError, ValueError):
            return None
        if result.returncode != 0:
            return None
        with open(name, encoding="utf-8") as handle:
            kept = [line for line in handle.read().splitlines() if not line.lstrip().startswith("#")]
        return "\n".join(kept).strip()
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


class ConsoleTerminal:
    """The interactive review on a real terminal: single keys, a line prompt, ``$EDITOR``."""

    def __init__(self, console: Any):
        self.console = console

    def key(self, prompt: str, keys: str) -> str:
        """Wait for one of ``keys``; Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError."""
        import click

        self.console.print(prompt + " ", end="", markup=False, highlight=False)
        while True:
            char = click.getchar()
            if char in ("\x04", "\x1a"):
                self.console.print()
                raise EOFError
            if char == "\x03":
                self.console.print()
                raise KeyboardInterrupt
            if char.lower() in keys:
                self.console.print(char.lower(), markup=False)
                return char.lower()

    def line(self, prompt: str) -> str:
        """Ask for a line of text."""
        import click

        return str(click.prompt(prompt, default="", show_default=False))

    def edit(self, text: str) -> Optional[str]:
        """Edit in ``$VISUAL`` / ``$EDITOR``."""
        edited = edit_text(text)
        if edited is None:
            self.console.print(f"[yellow]the editor ({' '.join(editor_command())}) could not be run or failed; "
                               "set $EDITOR[/]")
        return edited
