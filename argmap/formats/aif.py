"""AIF, the Argument Interchange Format, in the JSON that AIFdb and OVA use.

An AIF graph has information nodes (I: claims) and scheme nodes that join them: RA
(inference: premises to a conclusion), CA (conflict: an attack), MA (rephrase). Dialogue
nodes (L: locutions, YA: illocutions, TA: transitions) describe who said what when.

Reading: every I-node becomes a node. An RA gives a support relation from each premise to
its conclusion, a CA an attack (an undercut when it targets an RA: the attack then falls
on that inference's premises, tagged ``undercut``), an MA a premise tagged ``rephrase``.
A named scheme ("Expert Opinion") is kept as a tag ``scheme:<name>`` on the premise.
The relations are arranged as a tree by :func:`argmap.formats.graph.graph_to_tree`. The
dialogue layer is not part of the map, but the speaker of a locution that asserts a claim
(``"Lisa Nandy : ..."`` joined to the I-node through a YA node) becomes the claim's
``by``.

Writing: one I-node per node, an RA (or MA) node per premise and a CA node per objection
or rebuttal, cross-links included; ``by`` is written as a locution with an Asserting
node, so that it survives the trip back.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import PurePath
from typing import Any, Optional

from ..errors import MapError, Problem
from ..model import ArgumentMap
from ._common import count_left_out, finish, line_of, parse_json
from .graph import (
    REPHRASE_TAG,
    THESIS_TAG,
    UNDERCUT_TAG,
    Relation,
    TreeNode,
    graph_to_tree,
    made_question,
    tree_to_data,
)
from .report import Exported, Imported, ImportReport, counted

#: Scheme names that only say "an inference", "a conflict", "a rephrase" in one corpus or another.
DEFAULT_SCHEMES = {
    "RA": {"", "ra", "default inference", "default support", "inference"},
    "CA": {"", "ca", "default conflict", "conflict"},
    "MA": {"", "ma", "default rephrase", "rephrase"},
}
SCHEME_TAG_PREFIX = "scheme:"
_DIALOGUE = {"L", "YA", "TA"}
_SPEAKER_PATTERNS = (
    re.compile(r"(\S.*?) : \S"),  # AIFdb: "Lisa Nandy : I got slightly worried"
    re.compile(r"(\S+) says ['\"]"),  # Araucaria: "VCBrown says '...'"
    re.compile(r"([^:]{1,80}?): \S"),  # OVA3: "Participant Rachel: A"
)


def is_aif(data: Any) -> bool:
    """True when parsed JSON looks like AIF (AIFdb ``{nodes, edges}`` or OVA's ``{AIF: ...}``)."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("AIF"), dict):
        return True
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges", []), list) or "argmap" in data:
        return False
    # AIF's own keys: nodes with a nodeID, edges with fromID/toID; an empty graph with its locutions list.
    nodes = [n for n in data["nodes"] if isinstance(n, dict)]
    edges = [e for e in data.get("edges", []) if isinstance(e, dict)]
    if nodes or edges:
        return any("nodeID" in n for n in nodes) or any("fromID" in e or "toID" in e for e in edges)
    return "locutions" in data


def read_aif(text: str, file: str = "<string>") -> Imported:
    """Read AIF JSON (AIFdb or an OVA export) into a map.

    Raises :class:`~argmap.MapError` (one located problem) for JSON that is not AIF.
    """
    data = parse_json(text, file)
    if not is_aif(data):
        raise MapError(
            Problem(
                "not AIF: expected a JSON object with 'nodes' and 'edges' (or an OVA export with 'AIF')",
                file=file,
                line=1,
                col=1,
            )
        )
    variant = "AIFdb JSON"
    report = ImportReport(file=file, format="AIF", variant=variant, unit="nodes")
    if isinstance(data.get("AIF"), dict):
        report.variant = "OVA export"
        if data.get("text"):
            report.drop(
                1, "analysed source text (OVA 'text')", "the map holds the arguments, not the text they were found in"
            )
        if data.get("OVA"):
            report.drop(1, "OVA diagram layout", "argmap lays maps out itself")
        data = data["AIF"]
    raw_nodes = data.get("nodes") or []
    raw_edges = data.get("edges") or []
    if not isinstance(raw_nodes, list) or not isinstance(raw_edges, list):
        raise MapError(Problem("'nodes' and 'edges' must be lists", file=file, line=line_of(text, '"nodes"'), col=1))
    report.read = len(raw_nodes)

    kinds: dict[str, str] = {}
    texts: dict[str, str] = {}
    scheme_names: dict[str, str] = {}
    order: list[str] = []
    types: Counter[str] = Counter()
    no_id = 0
    for raw in raw_nodes:
        if not isinstance(raw, dict) or raw.get("nodeID") is None:
            no_id += 1
            continue
        node_id = str(raw["nodeID"])
        kind = str(raw.get("type") or "").strip().upper()
        types[kind] += 1
        if node_id in kinds:
            raise MapError(
                Problem(
                    f"node id {node_id!r} is used twice",
                    file=file,
                    line=line_of(text, f'"{raw["nodeID"]}"', nth=2),
                    col=1,
                )
            )
        kinds[node_id] = kind
        raw_text = raw.get("text")
        texts[node_id] = raw_text if isinstance(raw_text, str) else ""
        # The text names the scheme for people ("Expert Opinion"); 'scheme' sometimes for machines.
        scheme = raw.get("scheme")
        name = texts[node_id].strip()
        if name.lower() in DEFAULT_SCHEMES.get(kind, ()) and isinstance(scheme, str) and scheme.strip():
            name = scheme.strip()
        scheme_names[node_id] = name
        order.append(node_id)
    report.drop(no_id, "nodes without a nodeID", "nothing can refer to them")

    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    loops = unknown = 0
    for edge in raw_edges:
        if not isinstance(edge, dict):
            unknown += 1
            continue
        source, target = str(edge.get("fromID")), str(edge.get("toID"))
        if source not in kinds or target not in kinds:
            unknown += 1
            continue
        if source == target:
            loops += 1
            continue
        outgoing.setdefault(source, []).append(target)
        incoming.setdefault(target, []).append(source)
    report.drop(loops, "edges from a node to itself", "they join nothing")
    report.drop(unknown, "edges to or from unknown nodes", "one end is not in the file")

    nodes: dict[str, TreeNode] = {}
    empty = 0
    for node_id in order:
        if kinds[node_id] != "I":
            continue
        claim = texts[node_id].strip()
        if not claim:
            empty += 1
            continue
        nodes[node_id] = TreeNode(claim)
    report.drop(empty, "I-nodes with no text", "argmap nodes need text")

    relations = _relations(order, kinds, scheme_names, incoming, outgoing, nodes, report)
    question, positions = _question(order, kinds, texts, incoming, outgoing, nodes, relations)
    has_parent = {r.child for r in relations}
    if question is not None and not {n for n in nodes if n not in has_parent and n != question} <= set(positions):
        # A question asked somewhere in a dialogue is not the root of the whole graph unless its
        # replies are all the graph's top claims.
        question, positions = None, []
    spoken = _speakers(data, order, kinds, texts, incoming, outgoing, nodes)
    if spoken:
        report.note(
            f"{counted(spoken, 'claim')} attributed ('by') to the speaker of the locution that asserts "
            f"{'it' if spoken == 1 else 'them'}"
        )
    dialogue = sum(types[k] for k in _DIALOGUE)
    if dialogue:
        detail = ", ".join(f"{types[k]} {k}" for k in ("L", "YA", "TA") if types[k])
        report.drop(
            dialogue,
            f"dialogue nodes ({detail})",
            "the map keeps the arguments, not the dialogue (speakers are kept as 'by')",
        )
    other = {k: n for k, n in types.items() if k not in _DIALOGUE | {"I", "RA", "CA", "MA"}}
    if other:
        report.drop(
            sum(other.values()),
            f"nodes of other types ({', '.join(sorted(other))})",
            "argmap has no counterpart for them",
        )
    if data.get("locutions"):
        report.drop(
            len(data["locutions"]),
            "locution records (times, speakers' ids)",
            "the map keeps the arguments, not the dialogue",
        )

    stem = PurePath(file).stem if file not in ("<string>", "<stdin>") else None
    question_node = None
    if question is not None:
        question_node = nodes.pop(question)
        question_node.kind = "question"
        report.note(
            "the I-node put as a question (a YA 'Questioning' node) that nothing relates to became the "
            "question of the map"
        )
    made = made_question("AIF graph", None, file)
    root = graph_to_tree(nodes, relations, report, made, question=question_node, forced_tops=positions)
    data_out = tree_to_data(root, title=stem if root is made else None, map_id=None)
    return finish(data_out, report, file)


def _relations(
    order: list[str],
    kinds: dict[str, str],
    schemes: dict[str, str],
    incoming: dict[str, list[str]],
    outgoing: dict[str, list[str]],
    nodes: dict[str, TreeNode],
    report: ImportReport,
) -> list[Relation]:
    relations: list[Relation] = []
    linked = incomplete = 0
    odd_conclusions: list[str] = []

    def ends(node_id: str) -> tuple[list[str], list[str]]:
        return (
            [s for s in incoming.get(node_id, ()) if s in nodes],
            [t for t in outgoing.get(node_id, ()) if t in nodes],
        )

    # Which premises each RA joins: an undercut (a CA aimed at an RA) falls on them.
    premises_of = {n: ends(n)[0] for n in order if kinds[n] in ("RA", "MA")}
    for node_id in order:
        kind = kinds[node_id]
        if kind not in ("RA", "CA", "MA"):
            continue
        sources, targets = ends(node_id)
        scheme_targets = [t for t in outgoing.get(node_id, ()) if kinds.get(t) in ("RA", "MA", "CA")]
        if kind == "CA" and not targets and scheme_targets:
            for target in scheme_targets:
                for premise in premises_of.get(target, []):
                    relations.extend(Relation(s, premise, "attack", (UNDERCUT_TAG,)) for s in sources)
            if not sources:
                incomplete += 1
            continue
        if not sources or not targets:
            incomplete += 1
            continue
        others = [t for t in outgoing.get(node_id, ()) if t not in nodes and kinds.get(t) not in _DIALOGUE | {"YA"}]
        dialogue_targets = [t for t in outgoing.get(node_id, ()) if kinds.get(t) == "L"]
        if len(targets) + len(dialogue_targets) + len(others) > 1:
            parts = [f"{kinds[t]}-node {t}" for t in outgoing.get(node_id, ()) if kinds.get(t) != "YA"]
            what = (
                "joined its premises to each I-node conclusion"
                if len(targets) > 1
                else f"used the I-node {targets[0]} as its conclusion"
            )
            odd_conclusions.append(f"{kind} node {node_id} has {len(parts)} conclusions ({', '.join(parts)}): {what}")
        if kind == "RA" and len(sources) > 1:
            linked += 1
        tags: tuple[str, ...] = ()
        name = schemes[node_id].strip()
        if kind == "MA":
            tags = (REPHRASE_TAG,)
        if name.lower() not in DEFAULT_SCHEMES[kind]:
            tags += (SCHEME_TAG_PREFIX + name,)
        polarity = "attack" if kind == "CA" else "support"
        for target in targets:
            relations.extend(Relation(s, target, polarity, tags) for s in sources)
    for line in odd_conclusions:
        report.note(line)
    if linked:
        report.note(
            f"{counted(linked, 'inference')} with several premises (linked arguments): each premise supports "
            "the conclusion on its own"
        )
    report.drop(
        incomplete,
        "scheme nodes (RA, CA, MA) missing a premise or a conclusion",
        "there is no relation to make of them",
    )
    return relations


def _question(
    order: list[str],
    kinds: dict[str, str],
    texts: dict[str, str],
    incoming: dict[str, list[str]],
    outgoing: dict[str, list[str]],
    nodes: dict[str, TreeNode],
    relations: list[Relation],
) -> tuple[Optional[str], list[str]]:
    """The I-node a locution puts as a question (through a YA "... Questioning" node) that no
    inference or conflict touches, and the I-nodes asserted in reply to that locution (reached
    from it through a TA node): the question of a question-rooted map and its positions."""
    related = {r.child for r in relations} | {r.parent for r in relations}
    for node_id in order:
        if kinds[node_id] != "YA" or "questioning" not in texts[node_id].lower():
            continue
        for target in outgoing.get(node_id, ()):
            if target in nodes and target not in related:
                replies: list[str] = []
                for locution in incoming.get(node_id, ()):
                    for transition in outgoing.get(locution, ()):
                        if kinds.get(transition) != "TA":
                            continue
                        for answer in outgoing.get(transition, ()):
                            for act in outgoing.get(answer, ()):
                                if kinds.get(act) == "YA":
                                    replies.extend(t for t in outgoing.get(act, ()) if t in nodes and t != target)
                return target, list(dict.fromkeys(replies))
    return None, []


def _speakers(
    data: dict[str, Any],
    order: list[str],
    kinds: dict[str, str],
    texts: dict[str, str],
    incoming: dict[str, list[str]],
    outgoing: dict[str, list[str]],
    nodes: dict[str, TreeNode],
) -> int:
    """Set ``by`` from the locutions that assert each claim; return how many claims got one."""
    people = {}
    for person in data.get("participants") or []:
        if isinstance(person, dict) and person.get("participantID") is not None:
            name = " ".join(str(person.get(k) or "").strip() for k in ("firstname", "surname")).strip()
            if name:
                people[str(person["participantID"])] = name
    speaker_of_locution = {}
    for locution in data.get("locutions") or []:
        if isinstance(locution, dict) and str(locution.get("personID")) in people:
            speaker_of_locution[str(locution.get("nodeID"))] = people[str(locution["personID"])]
    count = 0
    for node_id in order:
        if (
            kinds[node_id] != "YA"
            or texts[node_id].strip().lower() == "analysing"
            or "questioning" in texts[node_id].lower()
        ):
            continue
        said = {texts[t].strip() for t in outgoing.get(node_id, ())}
        # A locution that is just the claim's own text names no speaker.
        speakers = [
            speaker_of_locution.get(s) or _speaker(texts[s])
            for s in incoming.get(node_id, ())
            if kinds.get(s) == "L" and texts[s].strip() not in said
        ]
        speakers = [s for s in speakers if s]
        if not speakers:
            continue
        for target in outgoing.get(node_id, ()):
            node = nodes.get(target)
            if node is not None and "by" not in node.fields:
                node.fields["by"] = speakers[0]
                count += 1
    return count


def _speaker(locution: str) -> Optional[str]:
    for pattern in _SPEAKER_PATTERNS:
        m = pattern.match(locution.strip())
        if m:
            return m.group(1).strip()
    return None


# -- writing -----------------------------------------------------------------------------------------


def write_aif(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> Exported:
    """Write a map as AIF JSON (AIFdb style: ``nodes``, ``edges``, ``locutions``).

    Only accepted nodes are written unless ``statuses`` says otherwise.
    """
    statuses = statuses or {"accepted"}
    result = Exported("", "AIF")
    count_left_out(argmap, statuses, result)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    aif_id: dict[str, str] = {}
    inference_of: dict[str, str] = {}  # argmap id -> the RA/MA node joining it to its parent

    def new_node(text: str, kind: str, **extra: Any) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, **extra})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target})

    entries = list(argmap.walk(statuses))
    for entry in entries:
        aif_id[entry.node.id] = new_node(entry.node.text, "I")
    lost: Counter[str] = Counter()
    for entry in entries:
        node = entry.node
        if entry.parent is None:
            lost["notes"] += bool(node.note)
            continue
        tags = list(node.tags)
        source, target = aif_id[node.id], aif_id[entry.parent.id]
        scheme = next((t[len(SCHEME_TAG_PREFIX) :] for t in tags if t.startswith(SCHEME_TAG_PREFIX)), None)
        if entry.relation == "positions":
            continue  # a position answers the question: no inference or conflict joins them
        if entry.relation == "premises":
            if REPHRASE_TAG in tags:
                middle = new_node(scheme or "Default Rephrase", "MA")
            else:
                middle = new_node(scheme or "Default Inference", "RA")
            inference_of[node.id] = middle
        else:
            middle = new_node(scheme or "Default Conflict", "CA")
            if UNDERCUT_TAG in tags and entry.parent.id in inference_of:
                target = inference_of[entry.parent.id]
            elif UNDERCUT_TAG in tags:
                lost["undercuts"] += 1
        edge(source, middle)
        edge(middle, target)

    links = 0
    for source_id, link, target_id in argmap.cross_links():
        if source_id in aif_id and target_id in aif_id:
            middle = new_node(
                "Default Inference" if link == "supports" else "Default Conflict", "RA" if link == "supports" else "CA"
            )
            edge(aif_id[source_id], middle)
            edge(middle, aif_id[target_id])
            links += 1
        else:
            lost["links"] += 1
    if links:
        result.converted.append(f"{counted(links, 'cross-link')} written as RA/CA nodes")

    answers: set[str] = set()
    if argmap.kind == "question" and argmap.id in aif_id:
        # AIF+ puts a question as a locution whose illocution (YA "Pure Questioning") has the
        # question's content, an I-node, as its target; each position is a reply to it: a
        # locution asserting the position, reached from the question by a transition (TA).
        def say(node: Any, illocution: str) -> str:
            locution = new_node(f"{node.by} : {node.text}" if node.by else node.text, "L")
            act = new_node(illocution, "YA")
            edge(locution, act)
            edge(act, aif_id[node.id])
            locutions.append({"nodeID": locution})
            return locution

        asked = say(argmap, "Pure Questioning")
        for entry in entries:
            if entry.relation == "positions":
                replied = say(entry.node, "Asserting")
                transition = new_node("Default Transition", "TA")
                edge(asked, transition)
                edge(transition, replied)
                answers.add(entry.node.id)
        result.converted.append(
            "the question written as an I-node put by a locution through a YA 'Pure "
            "Questioning' node, each position as a reply to it (TA, then YA 'Asserting')"
        )
    for entry in entries:
        node = entry.node
        if node.id not in aif_id:
            continue
        if node.by and not (node is argmap and argmap.kind == "question") and node.id not in answers:
            locution = new_node(f"{node.by} : {node.text}", "L")
            asserting = new_node("Asserting", "YA")
            edge(locution, asserting)
            edge(asserting, aif_id[node.id])
            locutions.append({"nodeID": locution})
        if entry.parent is not None:
            lost["notes"] += bool(node.note)
        lost["tags"] += len(
            [
                t
                for t in node.tags
                if t not in (THESIS_TAG, UNDERCUT_TAG, REPHRASE_TAG) and not t.startswith(SCHEME_TAG_PREFIX)
            ]
        )
        lost["weights"] += node.weight != 0.5
        lost["cites"] += len(node.all_cites)
    if any(e.node.by for e in entries if e.node.id in aif_id):
        result.converted.append("'by' written as locutions (L) asserting (YA) their claims")
    result.text = (
        json.dumps({"nodes": nodes, "edges": edges, "locutions": locutions}, indent=2, ensure_ascii=False) + "\n"
    )
    result.nodes = len(aif_id)
    why = "AIF has no place for them"
    result.drop(lost["tags"], "tags", why)
    result.drop(lost["weights"], "weights", why)
    result.drop(lost["notes"], "notes", why)
    result.drop(lost["cites"], "cites", why)
    result.drop(len(argmap.sources) if lost["cites"] else 0, "sources", why)
    result.drop(lost["links"], "cross-links to or from nodes left out", "their other end is not written")
    result.drop(
        lost["undercuts"],
        "'undercut' tags on attacks on the central claim (or a position)",
        "it is not the conclusion of an inference, so there is none to undercut: written as plain conflicts",
    )
    result.drop(1 if argmap.title else 0, "map title", why)
    result.drop(1, "map id", "AIF names nodes by number; the id comes back from the text")
    return result
