"""The JSON Schema of the map format, generated from the model."""

from __future__ import annotations

from typing import Any

from .model import ArgumentMap, QuestionMap
from .vocabulary import RELATIONS

SCHEMA_ID = "https://argmap.dev/schema/argmap-1.schema.json"

# A question-rooted map inherits these from the claim map in the model but never writes them.
_NOT_IN_QUESTION_MAPS = ("claim", *RELATIONS["claim"])


def map_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a version-1 map file satisfies.

    A map is rooted either in a central claim (``claim``, ``premises``, ``objections``) or
    in a question (``question`` and its ``positions``): one of the two shapes in ``$defs``.
    """
    claim_map = ArgumentMap.model_json_schema()
    question_map = QuestionMap.model_json_schema()
    defs = {**claim_map.pop("$defs", {}), **question_map.pop("$defs", {})}
    for key in _NOT_IN_QUESTION_MAPS:
        question_map["properties"].pop(key, None)
    question_map["title"] = "QuestionMap"
    claim_map["title"] = "ClaimMap"
    defs["ClaimMap"] = claim_map
    defs["QuestionMap"] = question_map
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "argmap map (format version 1)",
        "description": "A debate: a central claim with what supports and attacks it, or a question "
        "with the positions that answer it.",
        "oneOf": [{"$ref": "#/$defs/ClaimMap"}, {"$ref": "#/$defs/QuestionMap"}],
        "$defs": defs,
    }
