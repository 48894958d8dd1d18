"""SADFace, the Simple Argument Description Format (JSON), read and written.

A SADFace document holds ``nodes`` and ``edges``. A node is an *atom* (a claim: ``text``,
``sources``, ``metadata``) or a *scheme* joining atoms; edges run from premises into a
scheme and from the scheme to its conclusion. Schemes are written ``{"type": "scheme",
"name": "support"}`` or ``"conflict"`` in the format's README and validator; the Python
tools also write ``{"type": "inference"}`` and ``{"type": "conflict"}`` nodes. Document
details sit in ``metadata.core`` (title, description, notes, analyst, dates);
``resources`` hold the texts that atoms' ``sources`` quote from.

Reading: every atom is a node; a supporting scheme (``support``, an inference, any named
scheme) gives support from each premise to the conclusion, a named scheme other than
"support" also a tag ``scheme:<name>``; a conflict gives an attack (aimed at a scheme it
undercuts that inference: an attack on its premises tagged ``undercut``). An atom's
``sources`` become cites of resources. The graph becomes a tree as for AIF
(:func:`argmap.formats.graph.graph_to_tree`).

Writing: an atom per node and a scheme per relation; what SADFace has no field for (by,
tags, weight, note, status, the id, cites and the question of a question-rooted map) is
kept in each atom's ``metadata`` under the namespace ``argmap``, as SADFace allows, and
read back from there.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Optional

from ..errors import MapError, Problem
from ..ids import is_slug
from ..model import ArgumentMap
from ._common import count_left_out, finish, line_of, parse_json
from .graph import UNDERCUT_TAG, Relation, TreeNode, graph_to_tree, made_question, tree_to_data
from .report import Exported, Imported, ImportReport, counted

#: The SADFace version the export says it follows.
SADFACE_VERSION = "0.5"
#: The metadata namespace argmap keeps its own fields in.
NAMESPACE = "argmap"
_NODE_TYPES = {"atom", "scheme", "inference", "conflict"}
_ATTACK_NAMES = {
    "conflict",
    "attack",
    "disagree",
    "defeat",
    "rebut",
    "rebuttal",
    "undercut",
    "undermine",
    "default conflict",
}
_PLAIN_SUPPORT = {"", "support", "inference", "default inference", "default support"}
_FIELDS = ("by", "tags", "weight", "note", "status")


def is_sadface(data: Any) -> bool:
    """True when parsed JSON looks like SADFace: atoms and schemes joined by ``source_id``/``target_id``
    edges, or an empty document with SADFace's ``metadata.core``."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        return False
    nodes = [n for n in data["nodes"] if isinstance(n, dict)]
    edges = [e for e in data["edges"] if isinstance(e, dict)]
    if any("nodeID" in n for n in nodes) or any("fromID" in e for e in edges):
        return False
    if any(n.get("type") in _NODE_TYPES for n in nodes) or any("source_id" in e for e in edges):
        return True
    core = data.get("metadata", {}).get("core") if isinstance(data.get("metadata"), dict) else None
    return not nodes and not edges and isinstance(core, dict)


def read_sadface(text: str, file: str = "<string>") -> Imported:
    """Read a SADFace document into a map.

    Raises :class:`~argmap.MapError` (one located problem) for JSON that is not SADFace.
    """
    data = parse_json(text, file)
    if not is_sadface(data):
        raise MapError(
            Problem(
                "not SADFace: expected a JSON object with 'nodes' (atoms and schemes) and 'edges' "
                "(source_id, target_id)",
                file=file,
                line=1,
                col=1,
            )
        )
    report = ImportReport(file=file, format="SADFace", unit="nodes")
    meta = _mapping(data.get("metadata"))
    core = _mapping(meta.get("core"))
    if not core:  # the first version kept these at the top of the document
        core = {
            k: data[k]
            for k in ("title", "description", "notes", "analyst_name", "analyst_email", "created", "edited")
            if isinstance(data.get(k), str)
        }
    ours = _mapping(meta.get(NAMESPACE))
    if core.get("version"):
        report.variant = f"version {core['version']}"
    raw_nodes = [n for n in data["nodes"] if isinstance(n, dict) and n.get("id") is not None]
    report.read = len(data["nodes"])
    report.drop(len(data["nodes"]) - len(raw_nodes), "nodes without an id", "nothing can refer to them")

    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    nodes: dict[str, TreeNode] = {}
    roles: dict[str, str] = {}
    sources = _resources(data.get("resources"), ours, report)
    empty = other = 0
    for raw in raw_nodes:
        node_id = str(raw["id"])
        kind = str(raw.get("type") or "")
        if node_id in kinds:
            raise MapError(
                Problem(f"node id {node_id!r} is used twice", file=file, line=line_of(text, node_id, 2), col=1)
            )
        kinds[node_id] = kind
        names[node_id] = str(raw.get("name") or "").strip()
        if kind != "atom":
            other += kind not in _NODE_TYPES
            continue
        raw_text = raw.get("text")
        claim = raw_text.strip() if isinstance(raw_text, str) else ""
        if not claim:
            empty += 1
            continue
        node = nodes[node_id] = TreeNode(claim)
        kept = _mapping(raw.get("metadata")).get(NAMESPACE)
        if isinstance(kept, dict):
            _restore(node, kept, roles, node_id)
        _sources(node, raw.get("sources"), sources)
    report.drop(empty, "atoms with no text", "argmap nodes need text")
    report.drop(other, "nodes of other types", "SADFace nodes are atoms and schemes")

    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    bad = 0
    for edge in data["edges"]:
        if (
            not isinstance(edge, dict)
            or str(edge.get("source_id")) not in kinds
            or str(edge.get("target_id")) not in kinds
        ):
            bad += 1
            continue
        source, target = str(edge["source_id"]), str(edge["target_id"])
        outgoing.setdefault(source, []).append(target)
        incoming.setdefault(target, []).append(source)
    report.drop(bad, "edges to or from unknown nodes", "one end is not in the file")

    relations: list[Relation] = []
    incomplete = 0
    premises_of = {n: [s for s in incoming.get(n, ()) if s in nodes] for n in kinds if kinds[n] != "atom"}
    for node_id, kind in kinds.items():
        if kind == "atom":
            continue
        name = names[node_id]
        attack = kind == "conflict" or (kind == "scheme" and name.lower() in _ATTACK_NAMES)
        sources_in = premises_of[node_id]
        targets = [t for t in outgoing.get(node_id, ()) if t in nodes]
        schemes = [t for t in outgoing.get(node_id, ()) if t in kinds and kinds[t] != "atom"]
        if attack and not targets and schemes:
            for scheme in schemes:
                for premise in premises_of.get(scheme, ()):
                    relations.extend(Relation(s, premise, "attack", (UNDERCUT_TAG,)) for s in sources_in)
            continue
        if not sources_in or not targets:
            incomplete += 1
            continue
        tags: tuple[str, ...] = ()
        if not attack and name.lower() not in _PLAIN_SUPPORT:
            tags = (f"scheme:{name}",)
        for target in targets:
            relations.extend(Relation(s, target, "attack" if attack else "support", tags) for s in sources_in)
    report.drop(incomplete, "schemes missing a premise or a conclusion", "there is no relation to make of them")

    question_key = next((k for k, role in roles.items() if role == "question" and k in nodes), None)
    question = nodes.pop(question_key) if question_key is not None else None
    if question is not None:
        question.kind = "question"
    positions = [k for k, role in roles.items() if role == "position" and k in nodes]
    stem = PurePath(file).stem if file not in ("<string>", "<stdin>") else None
    title = core.get("title") if isinstance(core.get("title"), str) and core["title"].strip() else None
    made = made_question("SADFace document", title, file)
    root = graph_to_tree(nodes, relations, report, made, question=question, forced_tops=positions)
    if isinstance(core.get("notes"), str) and core["notes"].strip() and "note" not in root.fields:
        root.fields["note"] = core["notes"].strip()
    extra: dict[str, Any] = {}
    if isinstance(core.get("description"), str) and core["description"].strip():
        extra["description"] = core["description"].strip()
    if sources:
        extra["sources"] = sources
    analyst = [k for k in ("analyst_name", "analyst_email", "created", "edited") if core.get(k)]
    report.drop(
        len(analyst), f"document details ({', '.join(analyst)})", "argmap maps do not record who analysed them or when"
    )
    map_id = ours.get("id") if isinstance(ours.get("id"), str) and is_slug(ours["id"]) else None
    data_out = tree_to_data(root, title=title or (stem if root is made else None), map_id=map_id, extra=extra)
    return finish(data_out, report, file)


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one: the document's parts are optional."""
    return value if isinstance(value, dict) else {}


def _restore(node: TreeNode, extra: dict[str, Any], roles: dict[str, str], key: str) -> None:
    """argmap's own fields from an atom's ``metadata.argmap``, when they are well formed."""
    if isinstance(extra.get("id"), str) and is_slug(extra["id"]):
        node.id_hint = extra["id"]
    if isinstance(extra.get("by"), str) and extra["by"].strip():
        node.fields["by"] = extra["by"]
    if isinstance(extra.get("tags"), list):
        node.fields["tags"] = [str(t) for t in extra["tags"] if str(t).strip()]
    weight = extra.get("weight")
    if isinstance(weight, (int, float)) and not isinstance(weight, bool) and 0 <= weight <= 1:
        node.fields["weight"] = float(weight)
    if isinstance(extra.get("note"), str) and extra["note"].strip():
        node.fields["note"] = extra["note"]
    if extra.get("status") in ("proposed", "rejected"):
        node.fields["status"] = extra["status"]
    for field in ("cite", "cites"):
        if extra.get(field):
            node.fields[field] = extra[field]
    if extra.get("role") in ("question", "position"):
        roles[key] = extra["role"]


def _resources(resources: Any, ours: dict[str, Any], report: ImportReport) -> dict[str, Any]:
    """Sources: argmap's own (kept in the document's metadata) and SADFace resources."""
    out: dict[str, Any] = {}
    if isinstance(ours.get("sources"), dict):
        for key, value in ours["sources"].items():
            if isinstance(value, dict) and isinstance(value.get("title"), str) and value["title"].strip():
                out[str(key)] = {k: v for k, v in value.items() if isinstance(v, (str, int, float))}
    texts = 0
    for resource in resources if isinstance(resources, list) else ():
        if not isinstance(resource, dict) or resource.get("id") is None:
            continue
        meta = resource.get("metadata", {}).get("core", {}) if isinstance(resource.get("metadata"), dict) else {}
        meta = meta if isinstance(meta, dict) else {}
        content = resource.get("content")
        content = content if isinstance(content, str) else ""
        title = meta.get("title") or meta.get("url") or " ".join(content.split()[:12]) or str(resource["id"])
        source: dict[str, Any] = {"title": str(title)}
        if isinstance(meta.get("url"), str):
            source["url"] = meta["url"]
        out[f"resource-{resource['id']}"] = source
        texts += bool(content)
    report.drop(
        texts, "resource texts (the analysed text itself)", "argmap keeps where a point comes from, not the whole text"
    )
    return out


def _sources(node: TreeNode, raw: Any, sources: dict[str, Any]) -> None:
    if "cite" in node.fields or "cites" in node.fields or not isinstance(raw, list):
        return
    cites = []
    for item in raw:
        if isinstance(item, dict) and f"resource-{item.get('resource_id')}" in sources:
            cite: dict[str, Any] = {"source": f"resource-{item['resource_id']}"}
            if isinstance(item.get("text"), str) and item["text"].strip():
                cite["quote"] = item["text"].strip()
            if isinstance(item.get("offset"), int):
                cite["at"] = item["offset"]
            cites.append(cite)
    if len(cites) == 1:
        node.fields["cite"] = cites[0]
    elif cites:
        node.fields["cites"] = cites


# -- writing -----------------------------------------------------------------------------------------


def write_sadface(argmap: ArgumentMap, statuses: Optional[set[str]] = None) -> Exported:
    """Write a map as a SADFace document (atoms, ``support``/``conflict`` schemes, edges).

    Only accepted nodes are written unless ``statuses`` says otherwise. Fields SADFace has no
    place for travel in each atom's ``metadata.argmap``.
    """
    statuses = statuses or {"accepted"}
    result = Exported("", "SADFace")
    count_left_out(argmap, statuses, result)
    question = argmap.kind == "question"
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []

    def edge(source: str, target: str) -> None:
        edges.append({"id": f"e{len(edges) + 1}", "source_id": source, "target_id": target})

    entries = list(argmap.walk(statuses))
    written: set[str] = set()
    for entry in entries:
        node = entry.node
        extra: dict[str, Any] = {}
        if not getattr(node, "derived_id", False) and node is not argmap:
            extra["id"] = node.id
        for field in _FIELDS:
            value = getattr(node, field, None)
            if value not in (None, [], 0.5):
                extra[field] = value
        if node.cite is not None:
            extra["cite"] = node.cite.to_data()
        if node.cites:
            extra["cites"] = [c.to_data() for c in node.cites]
        if node is argmap and question:
            extra["role"] = "question"
        elif entry.relation == "positions":
            extra["role"] = "position"
        metadata: dict[str, Any] = {"core": {}}
        if extra:
            metadata[NAMESPACE] = extra
        nodes.append({"id": node.id, "type": "atom", "text": node.text, "sources": [], "metadata": metadata})
        written.add(node.id)
    inference_of: dict[str, str] = {}
    undercuts = 0
    for entry in entries:
        if entry.parent is None or entry.parent.id not in written or entry.relation == "positions":
            continue
        node = entry.node
        scheme = next((t[len("scheme:") :] for t in node.tags if t.startswith("scheme:")), None)
        attack = entry.relation != "premises"
        scheme_id = f"{node.id}--{'conflict' if attack else 'support'}"
        nodes.append(
            {
                "id": scheme_id,
                "type": "scheme",
                "name": "conflict" if attack else (scheme or "support"),
                "metadata": {"core": {}},
            }
        )
        target = entry.parent.id
        if attack and UNDERCUT_TAG in node.tags:
            if entry.parent.id in inference_of:
                target = inference_of[entry.parent.id]
            else:
                undercuts += 1
        if not attack:
            inference_of[node.id] = scheme_id
        edge(node.id, scheme_id)
        edge(scheme_id, target)
    links = lost = 0
    for source_id, link, target_id in argmap.cross_links():
        if source_id in written and target_id in written:
            kind = "support" if link == "supports" else "conflict"
            scheme_id = f"{source_id}--{link}--{target_id}"
            nodes.append({"id": scheme_id, "type": "scheme", "name": kind, "metadata": {"core": {}}})
            edge(source_id, scheme_id)
            edge(scheme_id, target_id)
            links += 1
        else:
            lost += 1
    core: dict[str, Any] = {"version": SADFACE_VERSION, "id": argmap.id}
    if argmap.title:
        core["title"] = argmap.title
    if argmap.description:
        core["description"] = argmap.description
    doc_meta: dict[str, Any] = {"core": core, NAMESPACE: {"id": argmap.id}}
    if argmap.sources:
        doc_meta[NAMESPACE]["sources"] = {k: s.to_data() for k, s in argmap.sources.items()}
    document = {"metadata": doc_meta, "resources": [], "nodes": nodes, "edges": edges}
    result.text = json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    result.nodes = len(written)
    if links:
        result.converted.append(f"{counted(links, 'cross-link')} written as support/conflict schemes")
    if any(NAMESPACE in n.get("metadata", {}) for n in nodes):
        result.converted.append(
            f"by, tags, weights, notes, cites and written ids kept in each atom's metadata under "
            f"'{NAMESPACE}' (other SADFace tools keep them but do not show them)"
        )
    if question:
        result.converted.append(
            f"the question and its positions are atoms marked in metadata.{NAMESPACE}.role "
            "(SADFace has no questions of its own)"
        )
    result.drop(lost, "cross-links to or from nodes left out", "their other end is not written")
    result.drop(
        undercuts,
        "'undercut' tags on attacks on the central claim (or a position)",
        "it is not the conclusion of an inference, so there is none to undercut: written as plain conflicts "
        "(the tag is kept in metadata)",
    )
    return result
