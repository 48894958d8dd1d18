"""One critique run: choose the target nodes, ask about each (concurrently, cached),
and add what comes back to the map as proposals.

:func:`critique` works on a map in memory. :func:`critique_file` works on a file and
saves as it goes: each time answers arrive it loads the file afresh, adds them and saves
(a short read-modify-write through :func:`argmap.save`), so the proposals of finished
nodes are on disk even if later nodes fail or the run is interrupted, and a review saving
the same file meanwhile loses nothing.
"""

from __future__ import annotations

import asyncio
import difflib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional, Union

from ..errors import MapError
from ..model import NODE_CLASSES, ArgumentMap, Node, Proposal, utc_now
from .answer import DETAILS, Answer, InvalidAnswer, ReadAnswer, Suggestion, read_answer
from .cache import AnswerCache, cache_key
from .errors import CritiqueError, RequestFailed
from .options import CritiqueOptions, check_count
from .prompts import MapContext, Prompt, build_prompt, proposal_kind
from .similar import Similar

Scope = Literal["all", "leaves"]
#: ``progress(done, total)`` is called as target nodes finish.
Progress = Callable[[int, int], None]


@dataclass
class NodeFailure:
    """A target node whose proposals could not be had, and why."""

    target: str
    message: str

    def __str__(self) -> str:
        return f"{self.target}: {self.message}"


@dataclass
class CritiqueReport:
    """What a critique run did. Iterating over it yields the proposals added."""

    model: str
    targets: list[str]
    """Ids of the nodes asked about, in map order."""
    proposals: list[Node] = field(default_factory=list)
    """The nodes added, each with ``status: proposed``."""
    added_under: dict[str, int] = field(default_factory=dict)
    """How many proposals were added under each target."""
    failures: list[NodeFailure] = field(default_factory=list)
    dropped: int = 0
    """Candidates left out: repeats of the map or of each other, and those beyond ``count``."""
    drops: list[Drop] = field(default_factory=list)
    """Each candidate left out, with why."""
    invalid: list[tuple[str, str]] = field(default_factory=list)
    """``(target, problem)`` for each item of an answer that failed the checks and was dropped."""
    changed: list[str] = field(default_factory=list)
    """Targets whose text a person changed while the model was being asked."""
    requests: int = 0
    """HTTP requests sent, retries and repairs included."""
    cached: int = 0
    """Target nodes answered from the cache, with no request."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: Optional[float] = None
    """Summed cost in USD of the requests LiteLLM has prices for; None when it has none."""
    unpriced: int = 0
    """Answers whose cost is not known (local models, unlisted ones)."""
    not_run: list[str] = field(default_factory=list)
    """Targets not finished because the run was interrupted or stopped."""
    interrupted: bool = False
    error: Optional[str] = None
    """Why the run stopped early (an authentication failure, say), if it did."""
    notes: list[str] = field(default_factory=list)
    """Anything else worth telling, such as a cache that could not be written."""
    path: Optional[str] = None
    """The file the proposals were saved to (:func:`critique_file`)."""
    _target_of: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    def _add(self, target: str, nodes: list[Node], dropped: int, drops: Sequence[Drop] = ()) -> None:
        self.proposals.extend(nodes)
        self.dropped += dropped
        self.drops.extend(drops)
        self.added_under[target] = self.added_under.get(target, 0) + len(nodes)
        for node in nodes:
            self._target_of[id(node)] = target

    def __iter__(self) -> Iterator[Node]:
        return iter(self.proposals)

    def __len__(self) -> int:
        return len(self.proposals)

    def __getitem__(self, index: int) -> Node:
        return self.proposals[index]

    @property
    def ok(self) -> bool:
        """True when every target was answered and nothing stopped the run."""
        return not (self.failures or self.error or self.interrupted or self.not_run)

    def summary(self) -> str:
        """A few lines for people: proposals added, nodes failed and why, tokens and cost."""
        nodes = len(self.targets)
        where = f" to {self.path}" if self.path else ""
        under = len([n for n in self.added_under.values() if n])
        if self.proposals:
            lines = [f"added {_plural(len(self.proposals), 'proposal')} under {_plural(under, 'node')}{where}"]
        else:
            lines = [f"no new proposals{where}"]
        linked = [n for n in self.proposals if n.proposal is not None and n.proposal.similar_to]
        if linked:
            lines.append(
                f"{_plural(len(linked), 'proposal')} may repeat a node elsewhere in the map "
                f"({', '.join(sorted({str(n.proposal.similar_to) for n in linked if n.proposal}))}): "
                "review offers to link that node instead"
            )
        if self.drops:
            groups: dict[str, list[str]] = {}
            for drop in self.drops:
                groups.setdefault(drop.why, []).append(drop.other or "")
            parts = []
            for why, others in groups.items():
                named = sorted({o for o in others if o})
                parts.append(
                    f"{len(others)} {why}"
                    + (f" ({', '.join(named[:5])}{', ...' if len(named) > 5 else ''})" if named else "")
                )
            lines.append(f"dropped {_plural(len(self.drops), 'candidate')}: " + "; ".join(parts))
        if self.invalid:
            lines.append(
                f"dropped {_plural(len(self.invalid), 'invalid item')}: "
                + "; ".join(f"{target}: {problem}" for target, problem in self.invalid[:5])
                + (" ..." if len(self.invalid) > 5 else "")
            )
        for target in self.changed:
            lines.append(
                f"note: the text of {target} changed while the model was asked; its proposals answer "
                "the earlier text (kept in proposal.target_text)"
            )
        for failure in self.failures:
            lines.append(f"failed: {failure}")
        if self.not_run:
            lines.append(f"not run: {', '.join(self.not_run)}")
        usage = [f"{nodes} node{'s' if nodes != 1 else ''} asked about"]
        if self.cached:
            usage.append(f"{self.cached} answered from the cache")
        usage.append(f"{_plural(self.requests, 'request')}")
        if self.requests:
            usage.append(f"tokens {self.prompt_tokens:,} in, {self.completion_tokens:,} out")
            if self.cost is not None:
                usage.append(f"cost ${self.cost:.4f}" + (" (some requests unpriced)" if self.unpriced else ""))
            else:
                usage.append(f"cost unknown for {self.model}")
        lines.append("; ".join(usage))
        lines.extend(self.notes)
        if self.proposals and self.path:
            lines.append(f"next: argmap review {self.path}")
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class CritiqueInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; ``report`` says what was done (and saved) before it."""

    def __init__(self, report: CritiqueReport):
        super().__init__("interrupted")
        self.report = report


# -- choosing targets --------------------------------------------------------------------------------


def select_targets(
    argmap: ArgumentMap, node_ids: Optional[Sequence[str]] = None, scope: Optional[Scope] = None
) -> list[str]:
    """The ids of the nodes to critique, in map order.

    The central claim by default; else the nodes in ``node_ids``. With ``scope="all"``
    every accepted node under them (the central claim when no ids are given), with
    ``scope="leaves"`` only those without accepted children. Proposed and rejected
    nodes, and anything under them, are never targets. Raises :class:`CritiqueError`
    for an unknown id or a node that is not accepted.
    """
    if scope not in (None, "all", "leaves"):
        raise ValueError(f"scope must be 'all', 'leaves' or None, not {scope!r}")
    accepted = {entry.node.id: entry for entry in argmap.walk({"accepted"})}
    # A question is answered, not attacked: a question-rooted map's positions are critiqued instead.
    question = argmap.kind == "question"
    default = [p.id for p in argmap.children() if p.is_accepted] if question else [argmap.id]
    roots = list(dict.fromkeys(node_ids or default))
    if question and argmap.id in roots and scope is None:
        raise CritiqueError(
            f"{argmap.id!r} is the question: critique its positions (the default) or name them with --node"
        )
    for node_id in roots:
        if node_id not in argmap:
            close = difflib.get_close_matches(node_id, list(accepted), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CritiqueError(f"no node with id {node_id!r} in the map{hint}")
        if node_id not in accepted:
            raise CritiqueError(
                f"{node_id!r} is a proposal, or sits under one: review it first (only accepted nodes are critiqued)"
            )
    chosen: set[str] = set()
    for node_id in roots:
        if scope is None:
            chosen.add(node_id)
            continue
        stack = [argmap[node_id]]
        while stack:
            node = stack.pop()
            children = [c for c in node.children() if c.is_accepted]
            if scope == "all" or not children:
                chosen.add(node.id)
            stack.extend(children)
    return [node_id for node_id in accepted if node_id in chosen and not (question and node_id == argmap.id)]


def prompts_for(
    argmap: ArgumentMap, node_ids: Optional[Sequence[str]] = None, scope: Optional[Scope] = None, count: int = 3
) -> list[Prompt]:
    """The exact prompts a critique would send (for ``--dry-run``); sends nothing."""
    check_count(count)
    return _prompts(argmap, select_targets(argmap, node_ids, scope), count)


def _prompts(argmap: ArgumentMap, targets: Sequence[str], count: int) -> list[Prompt]:
    context = MapContext(argmap)  # once per map, not once per target
    return [build_prompt(argmap, target, count, context) for target in targets]


# -- adding proposals to a map ---------------------------------------------------------------------


@dataclass
class Drop:
    """A candidate left out, and why."""

    target: str
    text: str
    why: str
    """``repeat the map``, ``repeat pending proposals``, ``repeat rejected proposals``,
    ``repeat accepted proposals' original wording``, ``repeat the target's children``,
    ``repeat other candidates`` or ``beyond --count``."""
    other: Optional[str] = None
    """The id of the node it repeats, when it repeats one."""


class MapIndex:
    """Every text of a map a new proposal must not repeat: each node (accepted, proposed or
    rejected) and the original wording of every accepted proposal that a reviewer edited.

    Built once per save and updated as proposals are added, so a batch of answers is
    checked against the whole map and against each other.
    """

    def __init__(self, argmap: ArgumentMap):
        self.similar = Similar()
        for node in argmap.nodes():
            state = "node" if node.is_accepted else node.status or "node"
            self.similar.add(node.text, (state, node.id))
            proposal = getattr(node, "proposal", None)
            if proposal is not None and proposal.original_text:
                self.similar.add(proposal.original_text, ("original", node.id))

    def add(self, text: str, key: tuple[str, Optional[str]]) -> None:
        """Remember a new text."""
        self.similar.add(text, key)


_WHY = {
    "proposed": "repeat pending proposals",
    "rejected": "repeat rejected proposals",
    "original": "repeat accepted proposals' original wording",
    "candidate": "repeat other candidates",
}


def add_proposals(
    argmap: ArgumentMap,
    target_id: str,
    suggestions: Sequence[Suggestion],
    model: str,
    created: Optional[str] = None,
    everywhere: Optional[MapIndex] = None,
    refresh: bool = True,
    count: Optional[int] = None,
    drops: Optional[list[Drop]] = None,
    target_text: Optional[str] = None,
) -> tuple[list[Node], int]:
    """Add the best of ``suggestions`` under ``target_id`` as nodes with ``status: proposed``.

    A suggestion is dropped when, after folding case and punctuation, it says the same as
    any node of the map, or nearly the same (:mod:`.similar`) as a child of the target, a
    pending or rejected proposal anywhere, the original wording of an accepted proposal,
    or an earlier suggestion. A near repeat of an accepted node elsewhere in the map is
    kept, marked ``proposal.similar_to`` with that node's id, so that the review can offer
    to link that node instead. The target and its path are not compared for near repeats:
    an objection often echoes the words it attacks. Of what is left, at most ``count``
    are kept, preferring suggestions that raise a scheme not raised yet (in the model's
    order otherwise). ``drops`` receives each suggestion left out and why.

    ``target_text`` is the target's text when the model was asked; when the target now
    says something else, it is kept in each proposal's ``proposal.target_text``.
    ``everywhere`` is a :class:`MapIndex` of the map, when the caller keeps one. Returns
    the nodes added and how many suggestions were dropped. With ``refresh=False`` the new
    nodes get their ids only when the caller calls ``argmap.refresh()``.
    """
    index = everywhere if everywhere is not None else MapIndex(argmap)
    target = argmap[target_id]
    path = {node.id for node in argmap.path(target_id)}
    children = {child.id for child in target.children()}
    kind = proposal_kind(target)
    relation = kind + "s"
    created = created or utc_now()
    left_out = drops if drops is not None else []
    before = len(left_out)
    survivors: list[tuple[Suggestion, Optional[str]]] = []
    earlier = Similar()  # this answer's own candidates: only those kept join the map's index
    for suggestion in suggestions:
        found = index.similar.find(suggestion.text, skip=lambda key: key[1] in path) or earlier.find(suggestion.text)
        similar_to = None
        if found is not None:
            state, other = found[1]
            if state == "node" and other not in children and other not in path:
                similar_to = other  # said elsewhere: a link may be the better answer
            else:
                why = (
                    "repeat the target's children"
                    if state == "node" and other in children
                    else _WHY.get(state, "repeat the map")
                )
                left_out.append(Drop(target_id, suggestion.text, why, other if state != "candidate" else None))
                continue
        if similar_to is None and suggestion.similar_to and suggestion.similar_to not in path:
            named = argmap.find(suggestion.similar_to)
            if named is not None and named.is_accepted and suggestion.similar_to not in children:
                similar_to = suggestion.similar_to
        survivors.append((suggestion, similar_to))
        earlier.add(suggestion.text, ("candidate", None))
    chosen = _select(survivors, count if count is not None else len(survivors))
    for suggestion, _ in survivors:
        if not any(suggestion is kept for kept, _ in chosen):
            left_out.append(Drop(target_id, suggestion.text, "beyond --count"))
    changed = target_text is not None and target_text != target.text
    added: list[Node] = []
    for suggestion, similar_to in chosen:
        details = {name: getattr(suggestion, name) for name in DETAILS if getattr(suggestion, name) not in (None, "")}
        if similar_to:
            details["similar_to"] = similar_to
        if changed:
            details["target_text"] = target_text
        proposal = Proposal(model=model, created=created, **details)
        # Appended directly rather than through argmap.add(), which re-derives every id of
        # the map per node: a new proposal has no written id and no cross-links to check.
        node = NODE_CLASSES[kind](text=suggestion.text, status="proposed", proposal=proposal)
        getattr(target, relation).append(node)
        target.model_fields_set.add(relation)
        added.append(node)
        index.add(suggestion.text, ("proposed", None))
    if added and refresh:
        argmap.refresh()
    return added, len(left_out) - before


def _select(items: list[tuple[Suggestion, Optional[str]]], count: int) -> list[tuple[Suggestion, Optional[str]]]:
    """The best ``count`` independent items: first one per scheme, in the model's order (best first), then the rest."""
    if len(items) <= count:
        return list(items)
    chosen: list[int] = []
    seen: set[tuple[Optional[str], Optional[str]]] = set()
    for i, (suggestion, _) in enumerate(items):
        if len(chosen) < count and (suggestion.scheme, suggestion.attack) not in seen:
            chosen.append(i)
            seen.add((suggestion.scheme, suggestion.attack))
    for i in range(len(items)):
        if len(chosen) < count and i not in chosen:
            chosen.append(i)
    return [items[i] for i in sorted(chosen)]


# -- running -----------------------------------------------------------------------------------------


@dataclass
class _Outcome:
    target: str
    suggestions: Optional[list[Suggestion]] = None
    error: Optional[str] = None
    fatal: bool = False
    invalid: list[str] = field(default_factory=list)
    """What was wrong with each item of the answer that was dropped."""
    target_text: Optional[str] = None
    """The target's text as the model was shown it."""


Apply = Callable[[list[_Outcome]], None]


def critique(
    argmap: ArgumentMap,
    node_ids: Optional[Sequence[str]] = None,
    *,
    scope: Optional[Scope] = None,
    options: Optional[CritiqueOptions] = None,
    progress: Optional[Progress] = None,
    **settings: Any,
) -> CritiqueReport:
    """Ask an LLM to propose objections (rebuttals, for an objection) and add them to ``argmap``.

    Targets are chosen as in :func:`select_targets`. ``options`` (a :class:`CritiqueOptions`)
    says how to ask; its fields may also be given as keywords (``model=``, ``count=``,
    ``api_base=``, ...), which change those of ``options``. ``model`` is any LiteLLM model
    string (default: ``$ARGMAP_MODEL``, else ``openai/gpt-4.1-mini``); ``api_base``
    points at any OpenAI-compatible server. Up to ``count`` proposals per target come
    back, each added with ``status: proposed`` until a person accepts it. Answers are
    cached on disk (``cache=False`` asks again). Transient errors are retried
    ``retries`` times with exponential backoff starting at ``backoff`` seconds.

    Returns a :class:`CritiqueReport`; iterating over it yields the proposals. Raises
    :class:`CritiqueError` before sending anything when there is no API key for the
    provider, and :class:`CritiqueInterrupted` on Ctrl-C (answers already received
    are in the map). Call :func:`argmap.save` to write the map.
    """
    run = CritiqueOptions.merge(options, **settings).resolved()
    targets = select_targets(argmap, node_ids, scope)
    report = CritiqueReport(model=run.model_name, targets=targets)
    prompts = _prompts(argmap, targets, run.count)

    def apply(outcomes: list[_Outcome]) -> None:
        everywhere = MapIndex(argmap)
        for outcome in outcomes:
            if outcome.suggestions is None:
                continue
            _place(argmap, outcome, run, everywhere, report)
        argmap.refresh()

    _execute(prompts, run, report, apply, progress)
    return report


def critique_file(
    path: Union[str, Path],
    node_ids: Optional[Sequence[str]] = None,
    *,
    scope: Optional[Scope] = None,
    options: Optional[CritiqueOptions] = None,
    progress: Optional[Progress] = None,
    **settings: Any,
) -> CritiqueReport:
    """Like :func:`critique`, on a map file, saving the proposals of each node as they arrive.

    Each save loads the file afresh, adds the new proposals and writes it with
    :func:`argmap.save` (comments, key order and formatting are kept; the write is
    atomic), so edits made to the file during the run are kept too. Raises
    :class:`~argmap.MapError` when the file is not a valid map to begin with.
    """
    from ..store import load

    run = CritiqueOptions.merge(options, **settings).resolved()
    path = str(path)
    snapshot = load(path)
    targets = select_targets(snapshot, node_ids, scope)
    report = CritiqueReport(model=run.model_name, targets=targets, path=path)
    prompts = _prompts(snapshot, targets, run.count)
    _execute(prompts, run, report, lambda outcomes: _save_outcomes(path, outcomes, run, report), progress)
    return report


def _save_outcomes(path: str, outcomes: list[_Outcome], options: CritiqueOptions, report: CritiqueReport) -> None:
    """Load the file afresh, add the proposals that arrived, save; again if the file changed meanwhile."""
    from ..store import load
    from ..store.retry import SaveFailed, save_with_retry

    good = [outcome for outcome in outcomes if outcome.suggestions is not None]
    if not good:
        return
    Placed = tuple[ArgumentMap, list[tuple[_Outcome, list[Node], list[Drop]]], list[str]]

    def change() -> tuple[Optional[ArgumentMap], Optional[Placed]]:
        try:
            fresh = load(path)
        except MapError as exc:
            first = exc.problems[0] if exc.problems else exc
            again = (
                "the answer is cached: run again once it is fixed"
                if options.cache
                else "run again once it is fixed (the answer was not cached: --no-cache)"
            )
            for outcome in good:
                report.failures.append(
                    NodeFailure(outcome.target, f"not saved, the file is not a valid map now ({first}); {again}")
                )
            return None, None
        everywhere = MapIndex(fresh)
        results: list[tuple[_Outcome, list[Node], list[Drop]]] = []
        gone: list[str] = []
        for outcome in good:
            if outcome.target not in fresh or not all(n.is_accepted for n in fresh.path(outcome.target)):
                gone.append(outcome.target)
                continue
            new, drops = _add(fresh, outcome, options, everywhere)
            results.append((outcome, new, drops))
        fresh.refresh()
        return (fresh if any(new for _, new, _ in results) else None), (fresh, results, gone)

    try:
        placed = save_with_retry(change)
    except SaveFailed as exc:
        cached = "; the answer is cached, run again" if options.cache else ""
        for outcome in good:
            report.failures.append(
                NodeFailure(
                    outcome.target,
                    f"not saved: the file kept changing while saving{cached or '; run again'}"
                    if exc.kept_changing
                    else f"not saved: {exc.cause}",
                )
            )
        return
    if placed is None:
        return
    fresh, results, gone = placed
    for outcome, new, drops in results:
        _record_placed(report, outcome, new, drops, fresh)
    for target in gone:
        report.failures.append(
            NodeFailure(
                target, "the node is no longer in the file (or is no longer accepted); its proposals were not added"
            )
        )


def _add(
    argmap: ArgumentMap, outcome: _Outcome, options: CritiqueOptions, everywhere: MapIndex
) -> tuple[list[Node], list[Drop]]:
    # One node's answer added as proposals, in memory or in a file's fresh copy alike.
    drops: list[Drop] = []
    added, _ = add_proposals(
        argmap,
        outcome.target,
        outcome.suggestions or [],
        options.model_name,
        everywhere=everywhere,
        refresh=False,
        count=options.count,
        drops=drops,
        target_text=outcome.target_text,
    )
    return added, drops


def _place(
    argmap: ArgumentMap, outcome: _Outcome, options: CritiqueOptions, everywhere: MapIndex, report: CritiqueReport
) -> None:
    added, drops = _add(argmap, outcome, options, everywhere)
    _record_placed(report, outcome, added, drops, argmap)


def _record_placed(
    report: CritiqueReport, outcome: _Outcome, added: list[Node], drops: list[Drop], argmap: ArgumentMap
) -> None:
    report._add(outcome.target, added, len(drops), drops)
    report.invalid.extend((outcome.target, problem) for problem in outcome.invalid)
    if (
        outcome.target_text is not None
        and outcome.target in argmap
        and argmap[outcome.target].text != outcome.target_text
        and outcome.target not in report.changed
    ):
        report.changed.append(outcome.target)


def _key(prompt: Prompt, options: CritiqueOptions) -> str:
    return cache_key(
        model=options.model_name,
        api_base=options.api_base,
        messages=prompt.key_messages or prompt.messages,
        count=prompt.count,
        temperature=options.temperature,
    )


def _cached(entry: Optional[dict[str, Any]]) -> Optional[list[Suggestion]]:
    if entry is None:
        return None
    try:
        return Answer.model_validate(entry.get("answer")).objections
    except Exception:
        return None  # an entry written by something else: ask again


def _execute(
    prompts: list[Prompt], options: CritiqueOptions, report: CritiqueReport, apply: Apply, progress: Optional[Progress]
) -> None:
    """Answer every prompt, from the cache where possible, handing results to ``apply`` as they come."""
    store = AnswerCache(Path(options.cache_dir) if options.cache_dir else None, enabled=options.cache)
    hits: list[_Outcome] = []
    todo: list[Prompt] = []
    for prompt in prompts:
        suggestions = _cached(store.get(_key(prompt, options)))
        if suggestions is not None:
            hits.append(_Outcome(prompt.target, suggestions, target_text=prompt.target_text))
        else:
            todo.append(prompt)
    client = None
    if todo:
        # Only now is LiteLLM needed, and the key checked: a run answered wholly from the
        # cache works without either. The check comes before anything is sent or changed.
        from .llm import Client, Redactor, check_key, check_reachable, load_litellm, max_tokens_for, quick_key_check

        # Before the slow import of LiteLLM (seconds): a missing key, or nothing listening at api_base.
        quick_key_check(options.model_name, options.api_base, options.api_key)
        check_reachable(options.api_base)
        litellm = load_litellm()
        provider = check_key(litellm, options.model_name, options.api_base, options.api_key)
        client = Client(
            litellm,
            options.model_name,
            api_base=options.api_base,
            api_key=options.api_key,
            provider=provider,
            temperature=options.temperature,
            timeout=options.timeout,
            retries=options.retries,
            backoff=options.backoff,
            redact=Redactor([options.api_key]),
            max_tokens=max_tokens_for(max(p.candidates or p.count for p in todo)),
        )
    total = len(prompts)
    done = 0
    if progress:
        progress(0, total)
    if hits:
        report.cached = len(hits)
        apply(hits)
        done = len(hits)
        if progress:
            progress(done, total)
    try:
        if todo:
            assert client is not None
            _run_async(lambda: _ask_all(todo, client, store, options, report, apply, progress, done, total), report)
    finally:
        if client is not None:
            report.requests += client.requests
        if store.write_error:
            report.notes.append(store.write_error)
        order = {target: i for i, target in enumerate(report.targets)}
        report.failures.sort(key=lambda f: order.get(f.target, len(order)))
        report.proposals.sort(key=lambda node: order.get(report._target_of.get(id(node), ""), len(order)))


def _run_async(make: Callable[[], Any], report: CritiqueReport) -> None:
    """Run the coroutine ``make()`` to the end; in a notebook (a loop already running) on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        try:
            asyncio.run(make())
        except KeyboardInterrupt:
            report.interrupted = True
        if report.interrupted:
            raise CritiqueInterrupted(report) from None  # not "during handling of" no running loop
        return
    holder: dict[str, Any] = {}

    async def main() -> None:
        holder["loop"], holder["task"] = asyncio.get_running_loop(), asyncio.current_task()
        await make()

    # The end of the run is an event, not thread.join(): a Ctrl-C that lands inside join() can
    # leave CPython believing the thread has ended while it still runs (its lock is released on
    # the way out), and the report would then be read before the run has finished writing it.
    finished = threading.Event()

    def work() -> None:
        try:
            asyncio.run(main())  # a loop of its own, cleaned up as asyncio.run always does
        except BaseException as exc:  # handed to the calling thread
            holder["error"] = exc
        finally:
            finished.set()

    thread = threading.Thread(target=work, name="argmap-critique", daemon=True)
    thread.start()
    try:
        while not finished.wait(0.1):  # a short wait lets Ctrl-C through to this thread
            pass
    except KeyboardInterrupt:
        if "task" in holder:
            holder["loop"].call_soon_threadsafe(holder["task"].cancel)
        finished.wait()
        report.interrupted = True
    if "error" in holder and not isinstance(holder["error"], asyncio.CancelledError):
        raise holder["error"]
    if report.interrupted:
        raise CritiqueInterrupted(report)


async def _ask_all(
    prompts: list[Prompt],
    client: Any,
    store: AnswerCache,
    options: CritiqueOptions,
    report: CritiqueReport,
    apply: Apply,
    progress: Optional[Progress],
    done: int,
    total: int,
) -> None:
    semaphore = asyncio.Semaphore(options.concurrency)

    async def one(prompt: Prompt) -> _Outcome:
        async with semaphore:
            return await _ask(prompt, client, store, options, report)

    inbox: asyncio.Queue[Optional[list[_Outcome]]] = asyncio.Queue()
    saver = asyncio.ensure_future(_saver(inbox, apply))
    try:
        await _gather(prompts, one, inbox, saver, report, progress, done, total)
    finally:
        await client.aclose()


async def _gather(
    prompts: list[Prompt],
    one: Any,
    inbox: asyncio.Queue[Optional[list[_Outcome]]],
    saver: Any,
    report: CritiqueReport,
    progress: Optional[Progress],
    done: int,
    total: int,
) -> None:
    tasks = {asyncio.ensure_future(one(prompt)): prompt.target for prompt in prompts}
    pending = set(tasks)
    try:
        while pending:
            finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            outcomes = [task.result() for task in finished]
            _record(outcomes, report)
            inbox.put_nowait(outcomes)
            done += len(outcomes)
            if progress:
                progress(done, total)
            fatal = next((o for o in outcomes if o.fatal), None)
            if fatal is not None:
                report.error = fatal.error
                break
    except asyncio.CancelledError:
        report.interrupted = True
        # Answers that arrived at the moment of the interruption are still worth keeping.
        arrived = [t for t in pending if t.done() and not t.cancelled() and t.exception() is None]
        if arrived:
            pending -= set(arrived)
            outcomes = [task.result() for task in arrived]
            _record(outcomes, report)
            inbox.put_nowait(outcomes)
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        left = {tasks[task] for task in pending}
        report.not_run = [target for target in report.targets if target in left]
        inbox.put_nowait(None)
        await saver  # whatever arrived is saved before the run ends, interrupted or not


async def _saver(inbox: asyncio.Queue[Optional[list[_Outcome]]], apply: Apply) -> None:
    """Hand answers to ``apply`` on a worker thread, one batch at a time.

    Saving a large map takes a while; requests go on meanwhile, and everything that
    arrives during one save goes into the next, so a run makes few saves, not one per node.
    """
    while True:
        batch = await inbox.get()
        stop = batch is None
        outcomes = list(batch or [])
        while not inbox.empty():
            more = inbox.get_nowait()
            if more is None:
                stop = True
            else:
                outcomes.extend(more)
        if outcomes:
            await asyncio.to_thread(apply, outcomes)
        if stop:
            return


def _record(outcomes: list[_Outcome], report: CritiqueReport) -> None:
    for outcome in outcomes:
        if outcome.error is not None:
            report.failures.append(NodeFailure(outcome.target, outcome.error))


async def _ask(
    prompt: Prompt, client: Any, store: AnswerCache, options: CritiqueOptions, report: CritiqueReport
) -> _Outcome:
    """One target: ask, check the answer, ask once to fix it if needed, cache it. Never raises."""

    def account(reply: Any) -> None:
        report.prompt_tokens += reply.prompt_tokens
        report.completion_tokens += reply.completion_tokens
        if reply.cost is None:
            report.unpriced += 1
        else:
            report.cost = (report.cost or 0.0) + reply.cost

    problems: list[str] = []
    read: Optional[ReadAnswer]
    try:
        reply = await client.complete(prompt.messages)
        account(reply)
        try:
            read = read_answer(reply.text)
        except InvalidAnswer as exc:
            read, whole = None, str(exc)
        if read is not None and not read.items and read.problems:
            whole = "; ".join(read.problems[:3])
            read = None
        if read is not None and read.problems and len(read.items) < prompt.count:
            # Some items were good, too few to choose from: keep them, and ask again for
            # replacements of the bad ones only. Whatever that answer holds is a bonus.
            failed = len(read.problems)
            note = (
                f"{'; '.join(read.problems[:3])}. The other items were fine and are kept: send only "
                f"{failed} replacement{'s' if failed != 1 else ''} for the item{'s' if failed != 1 else ''} "
                "that failed"
            )
            try:
                retry = await client.complete(prompt.repair(reply.text or "", note, count=failed))
                account(retry)
                extra = read_answer(retry.text)
                read.items.extend(extra.items[:failed])
            except InvalidAnswer:
                pass  # the first answer's good items stand; its bad ones are reported below
        if read is None:
            # Nothing usable: ask once to fix it.
            retry = await client.complete(prompt.repair(reply.text or "(an empty answer)", whole))
            account(retry)
            try:
                read = read_answer(retry.text)
            except InvalidAnswer as second:
                return _Outcome(
                    prompt.target,
                    error=f"unusable answer, even after asking once to fix it: {client.redact(str(second))}",
                )
            if not read.items and read.problems:
                return _Outcome(
                    prompt.target,
                    error=f"unusable answer, even after asking once to fix it: "
                    f"{client.redact('; '.join(read.problems[:3]))}",
                )
        suggestions, problems = read.items, read.problems
    except RequestFailed as exc:
        return _Outcome(prompt.target, error=str(exc), fatal=exc.fatal)
    except Exception as exc:  # anything LiteLLM may throw that is not an HTTP error
        return _Outcome(prompt.target, error=client.redact(f"{type(exc).__name__}: {exc}"))
    redact = client.redact
    clean = [
        s.model_copy(
            update={
                name: redact(value)
                for name in (
                    "text",
                    "rationale",
                    "scheme",
                    "critical_question",
                    "part",
                    "evidence_needed",
                    "similar_to",
                )
                if isinstance(value := getattr(s, name), str)
            }
        )
        for s in suggestions
    ]
    try:
        store.put(
            _key(prompt, options),
            {
                "model": options.model_name,
                "created": utc_now(),
                "answer": {"objections": [s.model_dump() for s in clean]},
            },
        )
    except Exception as exc:  # a cache is a convenience: never worth the answers just paid for
        store.write_error = store.write_error or f"cannot write the cache: {exc}"
    return _Outcome(prompt.target, clean, invalid=[redact(p) for p in problems], target_text=prompt.target_text)
