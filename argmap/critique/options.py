"""How a critique run asks: the model, the server, how many proposals, and the limits of each request.

One :class:`CritiqueOptions` goes from the command line (or the caller) through the run to
each request, so a setting is named and checked in one place. The functions of
:mod:`argmap.critique` still take these settings as keywords too; the keywords change the
fields of ``options``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Optional, Union


@dataclass(frozen=True)
class CritiqueOptions:
    """The settings of a critique run; every field has the default ``argmap critique`` uses.

    The values are checked when the object is made: ``ValueError`` for a ``count``,
    ``concurrency`` or ``timeout`` out of range, :class:`~argmap.critique.CritiqueError`
    for an ``api_base`` that is not an http(s) URL. The API key is left out of ``repr``.
    """

    model: Optional[str] = None
    """Any LiteLLM model string; None for ``$ARGMAP_MODEL``, else ``openai/gpt-4.1-mini`` (:attr:`model_name`)."""
    count: int = 3
    """Proposals kept per target, at most (1 to 20)."""
    api_base: Optional[str] = None
    """The URL of an OpenAI-compatible server; None for the provider's own."""
    api_key: Optional[str] = field(default=None, repr=False)
    """The key to send; None for the provider's environment variable (``OPENAI_API_KEY``, ...)."""
    concurrency: int = 4
    """How many targets are asked about at the same time."""
    cache: bool = True
    """Answer from the on-disk cache when the same question was asked before; False asks again."""
    temperature: Optional[float] = None
    """The sampling temperature; None for the model's default."""
    timeout: float = 120.0
    """Seconds to wait for each answer."""
    retries: int = 3
    """How many times a request that failed for a passing reason (rate limit, 5xx) is sent again."""
    backoff: Optional[float] = None
    """Seconds before the first retry, doubling after; None for ``$ARGMAP_BACKOFF``, else 1."""
    cache_dir: Optional[Union[str, Path]] = None
    """The cache folder (answers go in its ``critique/`` subfolder); None for argmap's own
    (``$ARGMAP_CACHE_DIR``, else the user's cache folder)."""

    def __post_init__(self) -> None:
        from .llm import check_api_base

        check_count(self.count)
        check_api_base(self.api_base)
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {self.concurrency}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")

    @property
    def model_name(self) -> str:
        """The model asked: :attr:`model`, else ``$ARGMAP_MODEL``, else ``openai/gpt-4.1-mini``."""
        from .llm import resolve_model

        return resolve_model(self.model)

    @classmethod
    def merge(cls, options: Optional[CritiqueOptions] = None, **settings: Any) -> CritiqueOptions:
        """``options`` (else the defaults) with the fields named in ``settings`` changed.

        Raises ``TypeError`` for a name that is not a field, as a misspelt keyword would.
        """
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - names)
        if unknown:
            raise TypeError(f"unexpected critique option {unknown[0]!r}; the options are: {', '.join(sorted(names))}")
        base = options if options is not None else cls()
        return replace(base, **settings) if settings else base

    def resolved(self) -> CritiqueOptions:
        """These options as a run uses them: the model named, an empty ``api_base`` as None, ``cache_dir`` a path."""
        return replace(
            self,
            model=self.model_name,
            api_base=self.api_base or None,
            cache_dir=Path(self.cache_dir) if self.cache_dir else None,
        )


def check_count(count: int) -> None:
    """Raise ``ValueError`` unless 1 <= ``count`` <= 20 (proposals per target)."""
    if not 1 <= count <= 20:
        raise ValueError(f"count must be between 1 and 20, not {count}")
