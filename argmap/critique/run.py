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
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, Optional, Sequence, Union

from ..errors import ConflictError, MapError
from ..model import NODE_CLASSES, ArgumentMap, Node, Proposal, utc_now
from .answer import Answer, InvalidAnswer, Suggestion, parse_answer
from .cache import AnswerCache, cache_key
from .errors import CritiqueError, RequestFailed
from .prompts import Prompt, build_prompt, proposal_kind
from .similar import Similar, normalise

Scope = Literal["all", "leaves"]
#: ``progress(done, total)`` is called as target nodes finish.
Progress = Callable[[int, int], None]

#: How many times a save is retried when the file keeps changing underneath it.
SAVE_ATTEMPTS = 5


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
    """Proposals left out because they repeat a node already in the map (or each other)."""
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

    def _add(self, target: str, nodes: list[Node], dropped: int) -> None:
        self.proposals.extend(nodes)
        self.dropped += dropped
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
        if self.dropped:
            lines[0] += f" ({_plural(self.dropped, 'repeat')} of what the map already says dropped)"
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


def select_targets(argmap: ArgumentMap, node_ids: Optional[Sequence[str]] = None,
                   scope: Optional[Scope] = None) -> list[str]:
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
        raise CritiqueError(f"{argmap.id!r} is the question: critique its positions (the default) or name them "
                            "with --node")
    for node_id in roots:
        if node_id not in argmap:
            close = difflib.get_close_matches(node_id, list(accepted), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CritiqueError(f"no node with id {node_id!r} in the map{hint}")
        if node_id not in accepted:
            raise CritiqueError(f"{node_id!r} is a proposal, or sits under one: review it first "
                                "(only accepted nodes are critiqued)")
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
                chosen.add(node.id)  # type: ignore[arg-type]
            stack.extend(children)
    return [node_id for node_id in accepted if node_id in chosen and not (question and node_id == argmap.id)]


def prompts_for(argmap: ArgumentMap, node_ids: Optional[Sequence[str]] = None, scope: Optional[Scope] = None,
                count: int = 3) -> list[Prompt]:
    """The exact prompts a critique would send (for ``--dry-run``); sends nothing."""
    _check_count(count)
    return [build_prompt(argmap, target, count) for target in select_targets(argmap, node_ids, scope)]


def _check_count(count: int) -> None:
    if not 1 <= count <= 20:
        raise ValueError(f"count must be between 1 and 20, not {count}")


# -- adding proposals to a map ---------------------------------------------------------------------


def add_proposals(argmap: ArgumentMap, target_id: str, suggestions: Sequence[Suggestion], model: str,
                  created: Optional[str] = None, everywhere: Optional[set[str]] = None,
                  refresh: bool = True) -> tuple[list[Node], int]:
    """Add suggestions under ``target_id`` as nodes with ``status: proposed`` and a ``proposal`` record.

    A suggestion is dropped when it says the same as any node of the map (after folding
    case and punctuation), or nearly the same as a child of the target whatever its status
    (accepted, proposed, rejected) or an earlier suggestion. The target and its path are
    not compared for near-duplicates: an objection often echoes the words it attacks. ``everywhere`` is the set of :func:`normalise`d texts of the
    map, when the caller keeps it. Returns the nodes added and how many were dropped.

    With ``refresh=False`` the new nodes get their ids only when the caller calls
    ``argmap.refresh()``: adding to many targets of a large map then re-derives ids once.
    """
    if everywhere is None:
        everywhere = {normalise(node.text) for node in argmap.nodes()}
    target = argmap[target_id]
    near = Similar(child.text for child in target.children())
    kind = proposal_kind(target)
    relation = kind + "s"
    created = created or utc_now()
    added: list[Node] = []
    dropped = 0
    for suggestion in suggestions:
        if normalise(suggestion.text) in everywhere or near.match(suggestion.text) is not None:
            dropped += 1
            continue
        details = {name: getattr(suggestion, name) for name in ("rationale", "scheme", "critical_question")
                   if getattr(suggestion, name)}
        proposal = Proposal(model=model, created=created, **details)
        # Appended directly rather than through argmap.add(), which re-derives every id of
        # the map per node: a new proposal has no written id and no cross-links to check.
        node = NODE_CLASSES[kind](text=suggestion.text, status="proposed", proposal=proposal)
        getattr(target, relation).append(node)
        target.model_fields_set.add(relation)
        added.append(node)
        near.add(suggestion.text)
        everywhere.add(normalise(suggestion.text))
    if added and refresh:
        argmap.refresh()
    return added, dropped


# -- running -----------------------------------------------------------------------------------------


@dataclass
class _Options:
    model: str
    count: int
    api_base: Optional[str]
    api_key: Optional[str]
    concurrency: int
    use_cache: bool
    temperature: Optional[float]
    timeout: float
    retries: int
    backoff: Optional[float]
    cache_dir: Optional[Path]


@dataclass
class _Outcome:
    target: str
    suggestions: Optional[list[Suggestion]] = None
    error: Optional[str] = None
    fatal: bool = False


Apply = Callable[[list[_Outcome]], None]


def critique(argmap: ArgumentMap, node_ids: Optional[Sequence[str]] = None, *, scope: Optional[Scope] = None,
             model: Optional[str] = None, count: int = 3, api_base: Optional[str] = None,
             api_key: Optional[str] = None, concurrency: int = 4, cache: bool = True,
             temperature: Optional[float] = None, timeout: float = 120.0, retries: int = 3,
             backoff: Optional[float] = None, cache_dir: Optional[Union[str, Path]] = None,
             progress: Optional[Progress] = None) -> CritiqueReport:
    """Ask an LLM to propose objections (rebuttals, for an objection) and add them to ``argmap``.

    Targets are chosen as in :func:`select_targets`. ``model`` is any LiteLLM model
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
    options = _options(model, count, api_base, api_key, concurrency, cache, temperature, timeout, retries,
                       backoff, cache_dir)
    targets = select_targets(argmap, node_ids, scope)
    report = CritiqueReport(model=options.model, targets=targets)
    prompts = [build_prompt(argmap, target, options.count) for target in targets]

    def apply(outcomes: list[_Outcome]) -> None:
        everywhere = {normalise(node.text) for node in argmap.nodes()}
        for outcome in outcomes:
            if outcome.suggestions is None:
                continue
            added, dropped = add_proposals(argmap, outcome.target, outcome.suggestions, options.model,
                                           everywhere=everywhere, refresh=False)
            report._add(outcome.target, added, dropped)
        argmap.refresh()

    _execute(prompts, options, report, apply, progress)
    return report


def critique_file(path: Union[str, Path], node_ids: Optional[Sequence[str]] = None, *,
                  scope: Optional[Scope] = None, model: Optional[str] = None, count: int = 3,
                  api_base: Optional[str] = None, api_key: Optional[str] = None, concurrency: int = 4,
                  cache: bool = True, temperature: Optional[float] = None, timeout: float = 120.0,
                  retries: int = 3, backoff: Optional[float] = None,
                  cache_dir: Optional[Union[str, Path]] = None,
                  progress: Optional[Progress] = None) -> CritiqueReport:
    """Like :func:`critique`, on a map file, saving the proposals of each node as they arrive.

    Each save loads the file afresh, adds the new proposals and writes it with
    :func:`argmap.save` (comments, key order and formatting are kept; the write is
    atomic), so edits made to the file during the run are kept too. Raises
    :class:`~argmap.MapError` when the file is not a valid map to begin with.
    """
    from ..yamlio import load

    options = _options(model, count, api_base, api_key, concurrency, cache, temperature, timeout, retries,
                       backoff, cache_dir)
    path = str(path)
    snapshot = load(path)
    targets = select_targets(snapshot, node_ids, scope)
    report = CritiqueReport(model=options.model, targets=targets, path=path)
    prompts = [build_prompt(snapshot, target, options.count) for target in targets]
    _execute(prompts, options, report, lambda outcomes: _save_outcomes(path, outcomes, options, report), progress)
    return report


def _save_outcomes(path: str, outcomes: list[_Outcome], options: _Options, report: CritiqueReport) -> None:
    """Load the file afresh, add the proposals that arrived, save; again if the file changed meanwhile."""
    from ..yamlio import load, save

    good = [outcome for outcome in outcomes if outcome.suggestions is not None]
    if not good:
        return
    for attempt in range(SAVE_ATTEMPTS):
        try:
            fresh = load(path)
        except MapError as exc:
            first = exc.problems[0] if exc.problems else exc
            for outcome in good:
                report.failures.append(NodeFailure(outcome.target, f"not saved, the file is not a valid map now "
                                                   f"({first}); the answer is cached: run again once it is fixed"))
            return
        everywhere = {normalise(node.text) for node in fresh.nodes()}
        results: list[tuple[str, list[Node], int]] = []
        gone: list[str] = []
        for outcome in good:
            if outcome.target not in fresh or not all(n.is_accepted for n in fresh.path(outcome.target)):
                gone.append(outcome.target)
                continue
            new, skipped = add_proposals(fresh, outcome.target, outcome.suggestions or [], options.model,
                                         everywhere=everywhere, refresh=False)
            results.append((outcome.target, new, skipped))
        fresh.refresh()
        if any(new for _, new, _ in results):
            try:
                save(fresh)
            except ConflictError:
                if attempt + 1 < SAVE_ATTEMPTS:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                for outcome in good:
                    report.failures.append(NodeFailure(outcome.target, "not saved: the file kept changing "
                                                       "while saving; the answer is cached, run again"))
                return
            except (MapError, OSError) as exc:
                for outcome in good:
                    report.failures.append(NodeFailure(outcome.target, f"not saved: {exc}"))
                return
        for target, new, skipped in results:
            report._add(target, new, skipped)
        for target in gone:
            report.failures.append(NodeFailure(target, "the node is no longer in the file (or is no longer "
                                               "accepted); its proposals were not added"))
        return


def _options(model: Optional[str], count: int, api_base: Optional[str], api_key: Optional[str],
             concurrency: int, cache: bool, temperature: Optional[float], timeout: float, retries: int,
             backoff: Optional[float], cache_dir: Optional[Union[str, Path]]) -> _Options:
    from .llm import resolve_model

    _check_count(count)
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout}")
    return _Options(model=resolve_model(model), count=count, api_base=api_base or None, api_key=api_key,
                    concurrency=concurrency, use_cache=cache, temperature=temperature, timeout=timeout,
                    retries=retries, backoff=backoff, cache_dir=Path(cache_dir) if cache_dir else None)


def _key(prompt: Prompt, options: _Options) -> str:
    return cache_key(model=options.model, api_base=options.api_base, messages=prompt.messages,
                     count=prompt.count, temperature=options.temperature)


def _cached(entry: Optional[dict[str, Any]]) -> Optional[list[Suggestion]]:
    if entry is None:
        return None
    try:
        return Answer.model_validate(entry.get("answer")).objections
    except Exception:
        return None  # an entry written by something else: ask again


def _execute(prompts: list[Prompt], options: _Options, report: CritiqueReport, apply: Apply,
             progress: Optional[Progress]) -> None:
    """Answer every prompt, from the cache where possible, handing results to ``apply`` as they come."""
    store = AnswerCache(options.cache_dir, enabled=options.use_cache)
    hits: list[_Outcome] = []
    todo: list[Prompt] = []
    for prompt in prompts:
        suggestions = _cached(store.get(_key(prompt, options)))
        if suggestions is not None:
            hits.append(_Outcome(prompt.target, suggestions[:prompt.count]))
        else:
            todo.append(prompt)
    client = None
    if todo:
        # Only now is LiteLLM needed, and the key checked: a run answered wholly from the
        # cache works without either. The check comes before anything is sent or changed.
        from .llm import Client, Redactor, check_key, load_litellm

        litellm = load_litellm()
        provider = check_key(litellm, options.model, options.api_base, options.api_key)
        client = Client(litellm, options.model, api_base=options.api_base, api_key=options.api_key,
                        provider=provider, temperature=options.temperature, timeout=options.timeout,
                        retries=options.retries, backoff=options.backoff, redact=Redactor([options.api_key]))
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
            raise CritiqueInterrupted(report)
        return
    holder: dict[str, Any] = {}

    async def main() -> None:
        holder["loop"], holder["task"] = asyncio.get_running_loop(), asyncio.current_task()
        await make()

    def work() -> None:
        try:
            asyncio.run(main())  # a loop of its own, cleaned up as asyncio.run always does
        except BaseException as exc:  # handed to the calling thread
            holder["error"] = exc

    thread = threading.Thread(target=work, name="argmap-critique", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)  # a short join lets Ctrl-C through to this thread
    except KeyboardInterrupt:
        if "task" in holder:
            holder["loop"].call_soon_threadsafe(holder["task"].cancel)
        thread.join()
        report.interrupted = True
    if "error" in holder and not isinstance(holder["error"], asyncio.CancelledError):
        raise holder["error"]
    if report.interrupted:
        raise CritiqueInterrupted(report)


async def _ask_all(prompts: list[Prompt], client: Any, store: AnswerCache, options: _Options,
                   report: CritiqueReport, apply: Apply, progress: Optional[Progress], done: int,
                   total: int) -> None:
    semaphore = asyncio.Semaphore(options.concurrency)

    async def one(prompt: Prompt) -> _Outcome:
        async with semaphore:
            return await _ask(prompt, client, store, options, report)

    inbox: asyncio.Queue[Optional[list[_Outcome]]] = asyncio.Queue()
    saver = asyncio.ensure_future(_saver(inbox, apply))
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


async def _saver(inbox: "asyncio.Queue[Optional[list[_Outcome]]]", apply: Apply) -> None:
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


async def _ask(prompt: Prompt, client: Any, store: AnswerCache, options: _Options,
               report: CritiqueReport) -> _Outcome:
    """One target: ask, check the answer, ask once to fix it if needed, cache it. Never raises."""

    def account(reply: Any) -> None:
        report.prompt_tokens += reply.prompt_tokens
        report.completion_tokens += reply.completion_tokens
        if reply.cost is None:
            report.unpriced += 1
        else:
            report.cost = (report.cost or 0.0) + reply.cost

    try:
        reply = await client.complete(prompt.messages)
        account(reply)
        try:
            suggestions = parse_answer(reply.text)
        except InvalidAnswer as first:
            retry = await client.complete(prompt.repair(reply.text or "(an empty answer)", str(first)))
            account(retry)
            try:
                suggestions = parse_answer(retry.text)
            except InvalidAnswer as second:
                return _Outcome(prompt.target, error=f"unusable answer, even after asking once to fix it: "
                                                     f"{client.redact(str(second))}")
    except RequestFailed as exc:
        return _Outcome(prompt.target, error=str(exc), fatal=exc.fatal)
    except Exception as exc:  # anything LiteLLM may throw that is not an HTTP error
        return _Outcome(prompt.target, error=client.redact(f"{type(exc).__name__}: {exc}"))
    redact = client.redact
    clean = [Suggestion(text=redact(s.text), rationale=redact(s.rationale),
                        scheme=redact(s.scheme) if s.scheme else None,
                        critical_question=redact(s.critical_question) if s.critical_question else None)
             for s in suggestions[:prompt.count]]
    store.put(_key(prompt, options), {
        "model": options.model,
        "created": utc_now(),
        "answer": {"objections": [s.model_dump() for s in clean]},
    })
    return _Outcome(prompt.target, clean)
