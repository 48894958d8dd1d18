"""argmap: map debates as plain YAML.

Load a map with :func:`load` (or :func:`loads` for text), walk it with
``map.nodes()``, edit it with ``map.add()`` / ``map.remove()``, and write it back
with :func:`save`, which keeps the file's comments and layout.

Functions that need heavy modules (rendering, LLM clients, format converters) are
imported on first use, so ``import argmap`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Every public name is imported on first use (PEP 562), so that the command line can
# start without loading pydantic and friends. Name -> "module:attribute".
_LAZY: dict[str, str] = {
    "ArgumentMap": "argmap.model:ArgumentMap",
    "Cite": "argmap.model:Cite",
    "Entry": "argmap.model:Entry",
    "Node": "argmap.model:Node",
    "Objection": "argmap.model:Objection",
    "Premise": "argmap.model:Premise",
    "Proposal": "argmap.model:Proposal",
    "Rebuttal": "argmap.model:Rebuttal",
    "Source": "argmap.model:Source",
    "ArgmapError": "argmap.errors:ArgmapError",
    "QuestionMap": "argmap.model:QuestionMap",
    "Position": "argmap.model:Position",
    "ConflictError": "argmap.errors:ConflictError",
    "MapError": "argmap.errors:MapError",
    "NodeError": "argmap.errors:NodeError",
    "UnknownIdError": "argmap.errors:UnknownIdError",
    "Problem": "argmap.errors:Problem",
    "Stats": "argmap.summary:Stats",
    "stats": "argmap.summary:stats",
    "dumps": "argmap.store:dumps",
    "load": "argmap.store:load",
    "loads": "argmap.store:loads",
    "save": "argmap.store:save",
    "schema": "argmap.jsonschema:map_schema",
    "evaluate": "argmap.evaluation:evaluate",
    "evaluate_graph": "argmap.evaluation:evaluate_graph",
    "evaluation_document": "argmap.evaluation:evaluation_document",
    "Evaluation": "argmap.evaluation:Evaluation",
    "NodeResult": "argmap.evaluation:NodeResult",
    "evaluate_map": "argmap.positions:evaluate_map",
    "rank_positions": "argmap.positions:rank_positions",
    "check_quotes": "argmap.sources:check_quotes",
    "SourcesReport": "argmap.sources:SourcesReport",
    "SourceText": "argmap.sources:SourceText",
    "import_file": "argmap.formats:import_file",
    "import_text": "argmap.formats:import_text",
    "export_map": "argmap.formats:export_map",
    "guess_format": "argmap.formats:guess_format",
    "Imported": "argmap.formats:Imported",
    "ImportReport": "argmap.formats:ImportReport",
    "Exported": "argmap.formats:Exported",
    "render": "argmap.render:render",
    "RenderError": "argmap.render:RenderError",
    "RenderOptions": "argmap.render:RenderOptions",
    "merge_texts": "argmap.store.merge:merge_texts",
    "diff": "argmap.diff:diff",
    "Change": "argmap.diff:Change",
    "critique": "argmap.critique:critique",
    "CritiqueError": "argmap.critique:CritiqueError",
    "CritiqueOptions": "argmap.critique:CritiqueOptions",
    "CritiqueReport": "argmap.critique:CritiqueReport",
}

# Written out (not computed from _LAZY) so that tools reading the source see it; a test keeps the two equal.
__all__ = [
    "ArgmapError",
    "ArgumentMap",
    "Change",
    "Cite",
    "ConflictError",
    "CritiqueError",
    "CritiqueOptions",
    "CritiqueReport",
    "Entry",
    "Evaluation",
    "Exported",
    "ImportReport",
    "Imported",
    "MapError",
    "Node",
    "NodeError",
    "NodeResult",
    "Objection",
    "Position",
    "Premise",
    "Problem",
    "Proposal",
    "QuestionMap",
    "Rebuttal",
    "RenderError",
    "RenderOptions",
    "Source",
    "SourceText",
    "SourcesReport",
    "Stats",
    "UnknownIdError",
    "check_quotes",
    "critique",
    "diff",
    "dumps",
    "evaluate",
    "evaluate_graph",
    "evaluate_map",
    "evaluation_document",
    "export_map",
    "guess_format",
    "import_file",
    "import_text",
    "load",
    "loads",
    "merge_texts",
    "rank_positions",
    "render",
    "save",
    "schema",
    "stats",
]

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on demand (a test keeps this in step)
    from .critique import CritiqueError, CritiqueOptions, CritiqueReport, critique
    from .diff import Change, diff
    from .errors import ArgmapError, ConflictError, MapError, NodeError, Problem, UnknownIdError
    from .evaluation import Evaluation, NodeResult, evaluate, evaluate_graph, evaluation_document
    from .formats import Exported, Imported, ImportReport, export_map, guess_format, import_file, import_text
    from .jsonschema import map_schema as schema
    from .model import (
        ArgumentMap,
        Cite,
        Entry,
        Node,
        Objection,
        Position,
        Premise,
        Proposal,
        QuestionMap,
        Rebuttal,
        Source,
    )
    from .positions import evaluate_map, rank_positions
    from .render import RenderError, RenderOptions, render
    from .sources import SourcesReport, SourceText, check_quotes
    from .store import dumps, load, loads, save
    from .store.merge import merge_texts
    from .summary import Stats, stats


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    module_name, attribute = target.split(":")
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
