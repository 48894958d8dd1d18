"""What can go wrong when asking an LLM for proposals."""

from __future__ import annotations

from ..errors import ArgmapError


class CritiqueError(ArgmapError):
    """A critique cannot run (no API key, LiteLLM missing, an unknown node); the message is one line."""


class MissingKeyError(CritiqueError):
    """The chosen provider needs an API key and none is set; ``variables`` lists where to set one."""

    def __init__(self, provider: str, variables: list[str]):
        self.provider = provider
        self.variables = list(variables)
        names = " or ".join(self.variables)
        super().__init__(f"no API key for {provider}: set {names}")


class RequestFailed(CritiqueError):
    """One request failed for good (after any retries); ``fatal`` when no other request can succeed either."""

    def __init__(self, message: str, fatal: bool = False):
        self.fatal = fatal
        super().__init__(message)
