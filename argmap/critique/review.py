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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional, Protocol, TypeVar, Union

from rich.text import Text

from ..errors import ArgmapError
from ..model import REJECT_REASONS, AnyNode, ArgumentMap, Cite, Node, reject_reason, unset
from .answer import DETAILS

Decision = Literal["accept", "reject"]
#: Who decides, when not given: this variable, else git's user.name, else the login name.
REVIEWER_ENV = "ARGMAP_REVIEWER"
PathLike = Union[str, Path]

T = TypeVar("T")


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
        return self.node.id

    @property
    def target(self) -> AnyNode:
        """The node the proposal attacks."""
        return self.path[-1]

    def to_data(self) -> dict[str, Any]:
        """The proposal as ``argmap review --list --json`` prints it: id, kind, target, text and provenance."""
        node, proposal = self.node, self.node.proposal
        data: dict[str, Any] = {
            "id": node.id,
            "kind": node.kind,
            "target": self.target.id,
            "target_kind": self.target.kind,
            "text": node.text,
        }
        if proposal is not None:
            data.update(
                {
                    k: v
                    for k, v in proposal.to_data().items()
                    if k in ("model", "created", *DETAILS, "similar_to", "target_text")
                }
            )
            data["created"] = str(proposal.created)
        return data

    @property
    def similar_to(self) -> Optional[str]:
        """The id of an accepted node elsewhere that the proposal seems to repeat, if any."""
        proposal = self.node.proposal
        return proposal.similar_to if proposal is not None else None


def reviewer_name() -> str:
    """Who is reviewing: ``$ARGMAP_REVIEWER``, else git's ``user.name``, else the login name."""
    name = os.environ.get(REVIEWER_ENV, "").strip()
    if name:
        return name
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=3)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def parse_cite(text: str, argmap: ArgumentMap) -> Cite:
    """``SOURCE`` or ``SOURCE@AT`` as a citation of one of the map's sources; ReviewError when unknown."""
    source, _, at = text.partition("@")
    source = source.strip()
    if source not in argmap.sources:
        known = ", ".join(sorted(argmap.sources)) or "none: add one under 'sources:' first"
        raise ReviewError(f"no source {source!r} in the map (sources: {known})")
    return Cite(source=source, at=at.strip() or None) if at.strip() else Cite(source=source)


def pending(argmap: ArgumentMap) -> list[Pending]:
    """Every node with ``status: proposed``, in document order."""
    return [
        Pending(entry.node, argmap.path(entry.node.id)[:-1])
        for entry in argmap.walk()
        if entry.node.status == "proposed"
    ]


def _resolve_ids(
    argmap: ArgumentMap, ids: Union[str, Sequence[str]], decision: Decision, others: Sequence[str] = ()
) -> list[str]:
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


def decide(
    path: PathLike,
    ids: Union[str, Sequence[str]],
    decision: Decision,
    *,
    reason: str = "other",
    text: Optional[str] = None,
    expect_text: Optional[str] = None,
    weight: Optional[float] = None,
    by: Optional[str] = None,
    cite: Optional[str] = None,
    reviewer: Optional[str] = None,
    duplicate_of: Optional[str] = None,
) -> list[Node]:
    """Accept or reject proposals in a map file and save it; returns the nodes decided.

    ``ids`` is one id, a list of ids, or ``"all"`` (every pending proposal). ``text``
    (accept only, one id) replaces the proposal's text with the reviewer's edit.
    ``weight``, ``by`` and ``cite`` (``SOURCE`` or ``SOURCE@AT``) are set on accepted
    nodes: an accepted proposal otherwise counts with the default weight, no author and
    no source, which the reviewer should know. ``reviewer`` (default :func:`reviewer_name`)
    is kept in ``proposal.decided_by``. ``duplicate_of`` (reject only) names the existing
    node that already makes the point: the proposal is rejected as a duplicate and that
    node is linked to the proposal's target (``attacks``) instead. ``expect_text`` makes
    sure the node still says what the reviewer saw. All the decisions are saved
    together, or none is (an unknown id raises :class:`ReviewError`).
    """
    if decision == "accept" and duplicate_of:
        raise ReviewError("a duplicate is rejected, not accepted")
    accept, reject = (ids, ()) if decision == "accept" else ((), ids)
    accepted, rejected = decide_both(
        path,
        accept,
        reject,
        reason=reason,
        text=text,
        expect_text=expect_text,
        weight=weight,
        by=by,
        cite=cite,
        reviewer=reviewer,
        duplicate_of=duplicate_of,
    )
    return accepted if decision == "accept" else rejected


def _named(ids: Union[str, Sequence[str]]) -> list[str]:
    """The ids written out in a decision (none for "all")."""
    listed = [ids] if isinstance(ids, str) else list(ids)
    return [] if listed == ["all"] else listed


def decide_both(
    path: PathLike,
    accept: Union[str, Sequence[str]] = (),
    reject: Union[str, Sequence[str]] = (),
    *,
    reason: str = "other",
    text: Optional[str] = None,
    expect_text: Optional[str] = None,
    weight: Optional[float] = None,
    by: Optional[str] = None,
    cite: Optional[str] = None,
    reviewer: Optional[str] = None,
    duplicate_of: Optional[str] = None,
) -> tuple[list[Node], list[Node]]:
    """Accept some proposals and reject others in one save; returns (accepted, rejected).

    Every id is checked before any is decided, so either all the decisions are saved or,
    with a :class:`ReviewError` naming the first bad id, none is. ``"all"`` on one side
    means every pending proposal the other side does not name. ``weight``, ``by`` and
    ``cite`` apply to the accepted ones, ``reason`` and ``duplicate_of`` to the rejected
    ones; see :func:`decide`.
    """
    if reject:
        try:
            reason = reject_reason("duplicate" if duplicate_of else reason)
        except ValueError as exc:
            raise ReviewError(str(exc)) from None
    if weight is not None and not 0 <= weight <= 1:
        raise ReviewError(f"weight must be between 0 and 1, not {weight}")
    named_accept, named_reject = _named(accept), _named(reject)
    both = set(named_accept) & set(named_reject)
    if both:
        raise ReviewError(f"{sorted(both)[0]!r} is both accepted and rejected")
    who = reviewer or reviewer_name()

    def change() -> tuple[Optional[ArgumentMap], tuple[list[Node], list[Node]]]:
        argmap = _load(path)
        to_accept = _resolve_ids(argmap, accept, "accept", named_reject) if accept else []
        to_reject = _resolve_ids(argmap, reject, "reject", named_accept) if reject else []
        chosen = to_accept + to_reject
        if expect_text is not None and len(chosen) == 1 and argmap[chosen[0]].text != expect_text:
            raise ReviewError(f"{chosen[0]!r} changed in the file meanwhile; look again")
        citation = parse_cite(cite, argmap) if cite and to_accept else None
        accepted, rejected = [], []
        for node_id in to_accept:
            node = argmap.accept(node_id, text=text)
            for name, value in (("weight", weight), ("by", by and " ".join(by.split())), ("cite", citation)):
                if value is not None and value != "":
                    setattr(node, name, value.model_copy() if isinstance(value, Cite) else value)
                    node.model_fields_set.add(name)
            accepted.append(node)
        for node_id in to_reject:
            if duplicate_of:
                _link_duplicate(argmap, node_id, duplicate_of)
            rejected.append(argmap.reject(node_id, reason=reason))
        for node in accepted + rejected:
            if node.proposal is not None:
                node.proposal.decided_by = who
        if any(n.weight != 0.5 or n.by or n.cite for n in accepted):
            argmap.refresh()
        return (argmap if chosen else None), (accepted, rejected)

    return _save(path, change, "decided")


def decision_lines(
    accepted: Sequence[Node], rejected: Sequence[Node], reason: str, duplicate_of: Optional[str] = None
) -> list[str]:
    """A line per decision of :func:`decide_both`, for people: ``accepted ID``, ``rejected ID (reason)``."""
    lines = [f"accepted {node.id}" for node in accepted]
    lines += [
        f"rejected {node.id} ({'duplicate' if duplicate_of else reason})"
        + (f"; {duplicate_of} now attacks its target" if duplicate_of else "")
        for node in rejected
    ]
    return lines


def _link_duplicate(argmap: ArgumentMap, node_id: str, other_id: str) -> None:
    """Record that proposal ``node_id`` repeats ``other_id``, and link ``other_id`` to the proposal's target."""
    other = argmap.find(other_id)
    if other is None:
        raise ReviewError(f"no node with id {other_id!r} to mark as the original")
    if not isinstance(other, Node) or not other.is_accepted:
        raise ReviewError(f"{other_id!r} must be an accepted node other than the central claim to be linked")
    target = argmap.parent(node_id)
    assert target is not None and target.id is not None
    if other_id == target.id or other_id == node_id:
        raise ReviewError(f"{other_id!r} is the proposal's own target; reject it as a duplicate instead")
    if argmap.parent(other_id) is not target and target.id not in other.attacks:
        other.attacks.append(target.id)
        other.model_fields_set.add("attacks")
    node = argmap[node_id]
    if isinstance(node, Node) and node.proposal is not None:
        node.proposal.duplicate_of = other_id


def undo(path: PathLike, *, reviewer: Optional[str] = None) -> Optional[tuple[Node, str]]:
    """Undo the last decision saved in a map file: the proposal decided most recently is pending again.

    An accepted proposal goes back to its proposed text, without the weight, author and
    citation the reviewer gave it; a rejected one loses its reason, and a link made for a
    duplicate is removed. Returns the node and what was undone (``"accept"`` or
    ``"reject"``), or None when no decision is recorded.
    """

    def change() -> tuple[Optional[ArgumentMap], Optional[tuple[Node, str]]]:
        argmap = _load(path)
        decided = [
            (str(n.proposal.decided), i, n)
            for i, n in enumerate(argmap.nodes())
            if isinstance(n, Node) and n.proposal is not None and n.proposal.decided is not None
        ]
        if not decided:
            return None, None
        _, _, node = max(decided, key=lambda t: (t[0], t[1]))
        proposal = node.proposal
        assert proposal is not None
        was = "reject" if node.status == "rejected" else "accept"
        if was == "accept":
            if proposal.original_text:
                node.text = proposal.original_text
                unset(proposal, "original_text")
            for name in ("weight", "by", "cite"):
                unset(node, name)
        else:
            unset(proposal, "reason")
            if proposal.duplicate_of:
                other = argmap.find(proposal.duplicate_of)
                target = argmap.parent(node.id)
                if isinstance(other, Node) and target is not None and target.id in other.attacks:
                    other.attacks = [t for t in other.attacks if t != target.id]
                    if not other.attacks:
                        unset(other, "attacks")
                unset(proposal, "duplicate_of")
        node.status = "proposed"
        node.model_fields_set.add("status")
        for name in ("decided", "decided_by"):
            unset(proposal, name)
        argmap.refresh()
        return argmap, (node, was)

    return _save(path, change, "undone")


def _load(path: PathLike) -> ArgumentMap:
    """The map in ``path``, loaded afresh; a map that does not load is a :class:`ReviewError`."""
    from ..errors import MapError
    from ..store import load

    try:
        return load(path)
    except MapError as exc:
        first = exc.problems[0] if exc.problems else exc
        raise ReviewError(f"cannot load the map: {first}") from None


def _save(path: PathLike, change: Callable[[], tuple[Optional[ArgumentMap], T]], done: str) -> T:
    """:func:`~argmap.store.retry.save_with_retry`, with a failed save told as a :class:`ReviewError`."""
    from ..store.retry import SaveFailed, save_with_retry

    try:
        return save_with_retry(change)
    except SaveFailed as exc:
        if exc.kept_changing:
            raise ReviewError(f"{path}: the file kept changing while saving; nothing was {done}") from None
        raise ReviewError(f"cannot save: {exc.cause}") from None


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
    linked: int = 0
    """Proposals rejected as duplicates of an existing node, which was linked instead."""
    undone: int = 0
    left: int = 0
    """Proposals still pending when the review ended."""
    quit: bool = False

    def __str__(self) -> str:
        edited = f" ({self.edited} edited)" if self.edited else ""
        return (
            f"{self.accepted} accepted{edited}, {self.rejected} rejected, {self.skipped} skipped; "
            f"{self.left} still pending"
        )


_ACTIONS = "[a]ccept  [w]eight/by/source, then accept  [e]dit  [r]eject  [d]uplicate of...  [u]ndo last  [s]kip  [q]uit"
_REASON_KEYS = "".join(str(i + 1) for i in range(len(REJECT_REASONS)))


def review(path: PathLike, terminal: Terminal, reviewer: Optional[str] = None) -> ReviewSummary:
    """Go through the pending proposals of a map file one by one, saving each decision as it is made.

    The file is read again before each proposal, so proposals that a critique adds
    meanwhile are reviewed too. ``u`` undoes the last decision and shows that proposal again.
    """
    from ..store import load

    summary = ReviewSummary()
    who = reviewer or reviewer_name()
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
        console.print(proposal_view(item, done + 1, done + len(waiting), argmap))
        action = ""
        while True:
            try:
                action = terminal.key(_ACTIONS, "awerdusq")
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
                if action == "u":
                    undone = undo(path, reviewer=who)
                    if undone is None:
                        console.print("nothing to undo")
                        continue
                    node, was = undone
                    # Both come round again: the one undone first (document order), then this one.
                    seen = {key for key in seen if key[0] not in (node.id, item.id)}
                    summary.undone += 1
                    console.print(f"[yellow]undone[/]: {was} of #{node.id}; it is pending again")
                    done = max(0, done - 1)
                    break
                if action in "aw":
                    extra: dict[str, Any] = {}
                    if action == "w":
                        details = _ask_details(terminal, argmap, item)
                        if details is None:
                            continue
                        extra = details
                    decide(path, item.id, "accept", expect_text=item.node.text, reviewer=who, **extra)
                    summary.accepted += 1
                    console.print("[green]accepted[/]")
                    break
                if action == "e":
                    edited = terminal.edit(item.node.text)
                    if edited is None or not edited.strip() or " ".join(edited.split()) == item.node.text:
                        console.print("edit abandoned (the text is unchanged); choose again")
                        continue
                    node = decide(
                        path, item.id, "accept", text=" ".join(edited.split()), expect_text=item.node.text, reviewer=who
                    )[0]
                    summary.accepted += 1
                    summary.edited += 1
                    console.print(f"[green]accepted as edited[/] (#{node.id})")
                    break
                if action == "d":
                    default = item.similar_to or ""
                    hint = f" [{default}]" if default else ""
                    try:
                        other = terminal.line(f"Duplicate of which node id{hint}").strip() or default
                    except EOFError:
                        other = ""
                    if not other:
                        continue
                    decide(path, item.id, "reject", duplicate_of=other, expect_text=item.node.text, reviewer=who)
                    summary.rejected += 1
                    summary.linked += 1
                    console.print(
                        f"[red]rejected[/] as a duplicate of #{other}; #{other} now attacks #{item.target.id}"
                    )
                    break
                if action == "r":
                    reason = _ask_reason(terminal)
                    if reason is None:
                        continue
                    decide(path, item.id, "reject", reason=reason, expect_text=item.node.text, reviewer=who)
                    summary.rejected += 1
                    console.print(f"[red]rejected[/] ({reason})")
                    break
            except ReviewError as exc:
                console.print(f"[yellow]{exc}[/]")
                break
        if action != "u":
            done += 1
    summary.left = len(pending(load(path)))
    return summary


def _ask_details(terminal: Terminal, argmap: ArgumentMap, item: Pending) -> Optional[dict[str, Any]]:
    """Weight, author and source for an accepted proposal, asked one line each (Enter leaves one unset)."""
    proposal = item.node.proposal
    suggested = proposal.suggested_weight if proposal is not None else None
    hint = f", the model suggests {suggested:g}" if suggested is not None else ""
    try:
        raw = terminal.line(f"Weight 0-1 (Enter: 0.5{hint})").strip()
        weight = float(raw) if raw else None
        if weight is not None and not 0 <= weight <= 1:
            raise ValueError
    except ValueError:
        terminal.console.print("[yellow]a weight is a number from 0 to 1[/]; choose again")
        return None
    except EOFError:
        return None
    try:
        by = terminal.line("Who argues it (Enter: nobody named)").strip() or None
        sources = ", ".join(sorted(argmap.sources))
        cite = terminal.line(f"Source, as SOURCE or SOURCE@AT ({sources or 'the map has none'}; Enter: none)").strip()
    except EOFError:
        return None
    if cite:
        try:
            parse_cite(cite, argmap)
        except ReviewError as exc:
            terminal.console.print(f"[yellow]{exc}[/]; choose again")
            return None
    return {"weight": weight, "by": by, "cite": cite or None}


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


def proposal_view(item: Pending, index: int, total: int, argmap: Optional[ArgumentMap] = None) -> Any:
    """A proposal in context, for the terminal.

    The path to its target; the target's siblings and existing children (so a repeat is
    plain to see); the proposal with its rationale, kind of attack, scheme, critical
    question and the evidence that would settle it; the node it seems to repeat, with the
    offer to link that node instead; and who proposed it.
    """
    from rich.console import Group
    from rich.rule import Rule

    from ..terminal import STYLES

    node = item.node
    proposal = node.proposal
    heading = f"proposal {index} of {total}: {node.kind} against the {_kind_name(item.target)}"
    lines: list[Any] = [Rule(Text(heading, style="bold"), align="left")]

    def row(step: AnyNode, depth: int, label: str, bold: bool = False, dim: bool = False) -> Any:
        style, marker = STYLES[step.kind]
        body = Text(f"{label}: ", style=f"{style} dim")
        body.append(step.text, style="bold" if bold else "dim" if dim else "")
        if step.id:
            body.append(f"  #{step.id}", style="cyan dim")
        if bold:
            body.append("  \u25c0 target", style="yellow")
        return _hanging(2 * depth, Text(marker, style=style), body)

    for depth, step in enumerate(item.path):
        lines.append(row(step, depth, _kind_name(step), bold=step is item.target))
    depth = len(item.path)
    for child in item.target.children():
        if child.is_accepted:
            lines.append(row(child, depth, f"existing {child.kind}"))
    style, marker = STYLES[node.kind]
    body = Text(f"proposed {node.kind}: ", style="yellow")
    body.append(node.text, style="bold yellow")
    body.append(f"  #{node.id}", style="cyan dim")
    lines.append(_hanging(2 * depth, Text(marker, style=style), body))
    if len(item.path) > 1:
        siblings = [s for s in item.path[-2].children() if s is not item.target and s.is_accepted]
        if siblings:
            lines.append(
                Text(f"{'  ' * (depth - 1)}beside the target, under the same {_kind_name(item.path[-2])}:", style="dim")
            )
            lines.extend(row(sibling, depth - 1, f"sibling {sibling.kind}", dim=True) for sibling in siblings)
    if proposal is not None:
        lines.append(Text())
        if proposal.similar_to:
            offer = Text(f"This repeats {proposal.similar_to}: link instead? ", style="bold magenta")
            if argmap is not None and argmap.find(proposal.similar_to) is not None:
                offer.append(f"(\u201c{argmap[proposal.similar_to].text}\u201d) ", style="magenta")
            offer.append("press d to link it to the target and reject this one", style="magenta")
            lines.append(offer)
        if proposal.target_text:
            lines.append(
                _hanging(
                    0,
                    Text("Note:", style="bold"),
                    Text(f"this answers an earlier wording of the target: \u201c{proposal.target_text}\u201d"),
                )
            )
        for label, value in (
            ("Rationale", proposal.rationale),
            ("Attack", proposal.attack),
            ("Part attacked", proposal.part),
            ("Scheme", proposal.scheme),
            ("Critical question", proposal.critical_question),
            ("Evidence needed", proposal.evidence_needed),
        ):
            if value:
                lines.append(_hanging(0, Text(f"{label}:", style="bold"), Text(str(value))))
        if proposal.suggested_weight is not None:
            lines.append(
                _hanging(
                    0,
                    Text("Suggested weight:", style="bold"),
                    Text(f"{proposal.suggested_weight:g} (accepted with a, it counts as 0.5; w sets it)"),
                )
            )
        lines.append(Text(f"Proposed by {proposal.model}, {proposal.created}", style="dim"))
    return Group(*lines)


def pending_list(items: Sequence[Pending]) -> Any:
    """``review --list`` for the terminal: one block per proposal, its id and what it answers on
    one line, its text indented below, and the node it seems to repeat.

    A table squeezed the text into a narrow column on an 80-column terminal; blocks give the
    text the whole width, which is what a reviewer reads. Lines carry no trailing spaces.
    """
    from rich.console import Group
    from rich.padding import Padding

    from ..terminal import Trimmed

    blocks: list[Any] = []
    for item in items:
        proposal = item.node.proposal
        head = Text()
        head.append(str(item.id), style="bold")
        head.append(f"  {item.node.kind} against ", style="dim")
        head.append(str(item.target.id))
        if proposal is not None and proposal.scheme:
            head.append(f"  ({proposal.scheme})", style="dim")
        body = Text(item.node.text)
        if item.similar_to:
            body.append(
                f"\nrepeats {item.similar_to}: link instead? (--reject {item.id} --duplicate-of {item.similar_to})",
                style="magenta",
            )
        blocks += [head, Padding(body, (0, 0, 1, 4))]
    return Trimmed(Group(*blocks))


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
            self.console.print(
                f"[yellow]the editor ({' '.join(editor_command())}) could not be run or failed; set $EDITOR[/]"
            )
        return edited
