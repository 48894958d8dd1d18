"""The JSON Schema of the map format, generated from the model."""

from __future__ import annotations

from typing import Any

from .model import ArgumentMap

SCHEMA_ID = "https://argmap.dev/schema/argmap-1.schema.json"


def map_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a version-1 map file satisfies."""
    body = ArgumentMap.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "argmap map (format version 1)",
        **{k: v for k, v in body.items() if k != "title"},
    }
