"""The LLM's answer: untrusted text, checked with pydantic before anything uses it.

The expected shape is ``{"objections": [{"text", "rationale", "attack", "part", "scheme",
"critical_question", "evidence_needed", "suggested_weight", "similar_to"}]}``. Only those
fields are ever read; anything else in the answer (ids, statuses, cross-links,
instructions) is ignored, so an answer cannot make a proposal anything but a proposal.
Each item is checked on its own (:func:`read_answer`): a bad item is dropped and
reported, the good ones are kept. Bidi controls and zero-width characters are removed
from every text, so what a reviewer sees is what is stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import ArgmapError
from ..invisible import one_line

#: Longest text accepted for each field (characters); longer answers are asked to be fixed.
MAX_TEXT, MAX_RATIONALE, MAX_SCHEME, MAX_QUESTION = 1000, 2000, 100, 500
MAX_PART, MAX_EVIDENCE, MAX_ID = 300, 500, 100
#: At most this many items are read from one answer, whatever was asked for.
MAX_ITEMS = 50


#: The argumentation schemes an answer may name (after Walton); ``prompts/schemes.txt`` describes each.
SCHEMES: tuple[str, ...] = (
    "expert opinion",
    "position to know",
    "cause to effect",
    "correlation to cause",
    "consequences",
    "practical reasoning",
    "analogy",
    "example to generalisation",
    "sign",
    "popular opinion",
    "popular practice",
    "circumstantial ad hominem",
    "bias",
    "verbal classification",
    "argument from ignorance",
    "inconsistent commitment",
)
#: How an objection attacks its target: its conclusion, a premise it rests on, or the step between.
ATTACKS: tuple[str, ...] = ("rebut", "undermine", "undercut")


def _one_line(value: Any) -> Any:
    # Proposals are short claims: runs of spaces and line breaks become single spaces, and
    # control characters (terminal escape sequences, say) have no business in them; nor
    # have bidi overrides and zero-width characters, which make text read other than it is.
    return one_line(value) if isinstance(value, str) else value


def _scheme_name(value: Any) -> Any:
    """A scheme named loosely ("Argument from Expert Opinion", "expert_opinion") as in :data:`SCHEMES`; else None."""
    if not isinstance(value, str):
        return value
    name = " ".join(value.lower().replace("_", " ").replace("-", " ").split())
    for prefix in ("argument from ", "argument by ", "argument to ", "the "):
        if name.startswith(prefix) and name[len(prefix) :] in SCHEMES:
            name = name[len(prefix) :]
    aliases = {
        "expert": "expert opinion",
        "ad hominem": "circumstantial ad hominem",
        "ignorance": "argument from ignorance",
        "generalisation": "example to generalisation",
        "generalization": "example to generalisation",
        "example to generalization": "example to generalisation",
    }
    name = aliases.get(name, name)
    return name if name in SCHEMES else None


#: The details of a suggestion that the proposal made of it keeps (its text becomes the node's text).
DETAILS: tuple[str, ...] = (
    "rationale",
    "scheme",
    "critical_question",
    "attack",
    "part",
    "evidence_needed",
    "suggested_weight",
)


class Suggestion(BaseModel):
    """One proposed objection (or rebuttal) as the LLM wrote it."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    """The objection itself."""
    rationale: str = Field("", max_length=MAX_RATIONALE)
    """Why it holds and matters."""
    scheme: Optional[str] = Field(None, max_length=MAX_SCHEME)
    """The argumentation scheme whose critical question it raises."""
    critical_question: Optional[str] = Field(None, max_length=MAX_QUESTION)
    """That critical question."""
    attack: Optional[str] = None
    """``rebut`` (denies the target), ``undermine`` (a premise it rests on) or ``undercut`` (the inference)."""
    part: Optional[str] = Field(None, max_length=MAX_PART)
    """The part of a compound target that is attacked, in the target's words."""
    evidence_needed: Optional[str] = Field(None, max_length=MAX_EVIDENCE)
    """What evidence would settle the point."""
    suggested_weight: Optional[float] = None
    """How strong the model thinks the point is, 0..1 (clamped)."""
    similar_to: Optional[str] = Field(None, max_length=MAX_ID)
    """The id of an existing node the model thinks this repeats."""

    @field_validator(
        "text", "rationale", "scheme", "critical_question", "part", "evidence_needed", "similar_to", mode="before"
    )
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return _one_line(value)

    @field_validator("scheme", mode="before")
    @classmethod
    def _known_scheme(cls, value: Any) -> Any:
        return _scheme_name(_one_line(value))

    @field_validator("attack", mode="before")
    @classmethod
    def _known_attack(cls, value: Any) -> Any:
        # An unknown kind of attack is no reason to lose the objection: it is left unsaid.
        if isinstance(value, str):
            word = value.strip().lower()
            return word if word in ATTACKS else None
        return None

    @field_validator("suggested_weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return None
        return min(1.0, max(0.0, float(value)))

    @field_validator("rationale", mode="before")
    @classmethod
    def _no_rationale(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("scheme", "critical_question", "part", "evidence_needed", "similar_to", mode="after")
    @classmethod
    def _blank_is_none(cls, value: Optional[str]) -> Optional[str]:
        return value or None


class Answer(BaseModel):
    """The whole answer."""

    model_config = ConfigDict(extra="ignore")

    objections: list[Suggestion] = Field(max_length=MAX_ITEMS)


_ITEM_PROPERTIES: dict[str, Any] = {
    "text": {"type": "string"},
    "rationale": {"type": "string"},
    "attack": {"type": ["string", "null"], "enum": [*ATTACKS, None]},
    "part": {"type": ["string", "null"]},
    "scheme": {"type": ["string", "null"], "enum": [*SCHEMES, None]},
    "critical_question": {"type": ["string", "null"]},
    "evidence_needed": {"type": ["string", "null"]},
    "suggested_weight": {"type": ["number", "null"]},
    "similar_to": {"type": ["string", "null"]},
}


#: JSON Schema of the answer, for providers that support structured output.
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "objections": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": _ITEM_PROPERTIES,
                "required": list(_ITEM_PROPERTIES),
                "additionalProperties": False,
            },
        }
    },
    "required": ["objections"],
    "additionalProperties": False,
}


class InvalidAnswer(ArgmapError, ValueError):
    """The answer is not JSON of the expected shape; the message says what is wrong, briefly."""


_FENCED = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def _json_text(text: str) -> str:
    """The JSON object in an answer, forgiving a Markdown code fence or words around it."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return stripped
    fenced = _FENCED.search(stripped)
    if fenced:
        return fenced.group(1).strip()
    start, end = stripped.find("{"), stripped.rfind("}")
    return stripped[start : end + 1] if 0 <= start < end else stripped


def _answer_data(text: Optional[str]) -> dict[str, Any]:
    """The answer's JSON object; raises :class:`InvalidAnswer` when there is none."""
    if text is None or not text.strip():
        raise InvalidAnswer("the answer was empty")
    try:
        # strict=False: a line break inside a string is a common slip, and harmless here.
        data = json.loads(_json_text(text), strict=False)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(
            f"the answer is not valid JSON ({exc.msg}; line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # an answer is untrusted: JSON nested deeper than Python's reader recurses
        raise InvalidAnswer("the answer is JSON nested too deeply to read") from None
    if not isinstance(data, dict):
        raise InvalidAnswer(f'the answer is a JSON {type(data).__name__}, not an object with an "objections" list')
    return data


def parse_answer(text: Optional[str]) -> list[Suggestion]:
    """The suggestions in an answer; raises :class:`InvalidAnswer` when any part of it is unusable."""
    data = _answer_data(text)
    try:
        answer = Answer.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(describe(exc)) from None
    return answer.objections


@dataclass
class ReadAnswer:
    """What could be used of an answer: the valid items, and a line for each item dropped."""

    items: list[Suggestion] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per invalid item, e.g. ``objections.1.text string should have at least 1 character``."""


def read_answer(text: Optional[str]) -> ReadAnswer:
    """Every valid item of an answer, and what was wrong with each invalid one.

    Raises :class:`InvalidAnswer` only when nothing in the answer can be read as a list
    of items (not JSON, not an object, no ``objections`` list). Items beyond
    :data:`MAX_ITEMS` are dropped and reported.
    """
    data = _answer_data(text)
    raw = data.get("objections")
    if "objections" not in data:
        raise InvalidAnswer("objections is missing")
    if not isinstance(raw, list):
        raise InvalidAnswer(f"objections should be a list, not a JSON {type(raw).__name__}")
    result = ReadAnswer()
    for index, item in enumerate(raw):
        if index >= MAX_ITEMS:
            result.problems.append(f"{len(raw) - MAX_ITEMS} items beyond the first {MAX_ITEMS} ignored")
            break
        if not isinstance(item, dict):
            result.problems.append(f"objections.{index} is a JSON {type(item).__name__}, not an object")
            continue
        try:
            result.items.append(Suggestion.model_validate(item))
        except ValidationError as exc:
            result.problems.append(describe(exc, prefix=f"objections.{index}"))
    return result


def describe(error: ValidationError, prefix: str = "") -> str:
    """A short account of what is wrong with an answer: the first few problems, with where they are."""
    parts = []
    for item in error.errors()[:3]:
        where = ".".join([prefix] * bool(prefix) + [str(p) for p in item["loc"]]) or "the answer"
        message = item["msg"]
        if item["type"] == "missing":
            message = "is missing"
        parts.append(f"{where} {message[0].lower() + message[1:]}" if message else where)
    more = len(error.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
