"""The LLM's answer: untrusted text, checked with pydantic before anything uses it.

The expected shape is ``{"objections": [{"text", "rationale", "scheme",
"critical_question"}]}``. Only those fields are ever read; anything else in the
answer (ids, statuses, cross-links, instructions) is ignored, so an answer cannot
make a proposal anything but a proposal.
"""

from __future__ import annotations

import json
import re
from typing import Any, List, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

#: Longest text accepted for each field (characters); longer answers are asked to be fixed.
MAX_TEXT, MAX_RATIONALE, MAX_SCHEME, MAX_QUESTION = 1000, 2000, 100, 500
#: At most this many items are read from one answer, whatever was asked for.
MAX_ITEMS = 50


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _one_line(value: Any) -> Any:
    # Proposals are short claims: runs of spaces and line breaks become single spaces, and
    # control characters (terminal escape sequences, say) have no business in them.
    return " ".join(_CONTROL.sub(" ", value).split()) if isinstance(value, str) else value


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

    @field_validator("text", "rationale", "scheme", "critical_question", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return _one_line(value)

    @field_validator("rationale", mode="before")
    @classmethod
    def _no_rationale(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("scheme", "critical_question", mode="after")
    @classmethod
    def _blank_is_none(cls, value: Optional[str]) -> Optional[str]:
        return value or None


class Answer(BaseModel):
    """The whole answer."""

    model_config = ConfigDict(extra="ignore")

    objections: List[Suggestion] = Field(max_length=MAX_ITEMS)


#: JSON Schema of the answer, for providers that support structured output.
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "objections": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "rationale": {"type": "string"},
                    "scheme": {"type": ["string", "null"]},
                    "critical_question": {"type": ["string", "null"]},
                },
                "required": ["text", "rationale", "scheme", "critical_question"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["objections"],
    "additionalProperties": False,
}


class InvalidAnswer(ValueError):
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
    return stripped[start:end + 1] if 0 <= start < end else stripped


def parse_answer(text: Optional[str]) -> list[Suggestion]:
    """The suggestions in an answer; raises :class:`InvalidAnswer` when it is unusable."""
    if text is None or not text.strip():
        raise InvalidAnswer("the answer was empty")
    try:
        # strict=False: a line break inside a string is a common slip, and harmless here.
        data = json.loads(_json_text(text), strict=False)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"the answer is not valid JSON ({exc.msg}; line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # an answer is untrusted: JSON nested deeper than Python's reader recurses
        raise InvalidAnswer("the answer is JSON nested too deeply to read") from None
    if not isinstance(data, dict):
        raise InvalidAnswer(f"the answer is a JSON {type(data).__name__}, not an object with an \"objections\" list")
    try:
        answer = Answer.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(describe(exc)) from None
    return answer.objections


def describe(error: ValidationError) -> str:
    """A short account of what is wrong with an answer: the first few problems, with where they are."""
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(p) for p in item["loc"]) or "the answer"
        message = item["msg"]
        if item["type"] == "missing":
            message = "is missing"
        parts.append(f"{where} {message[0].lower() + message[1:]}" if message else where)
    more = len(error.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
