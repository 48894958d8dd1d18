"""LLM critique and human review: an LLM proposes objections, a person decides on each.

:func:`critique` asks any LiteLLM model for objections (rebuttals, against an
objection) and adds them to a map with ``status: proposed``; :func:`critique_file` does
the same on a file, saving as answers arrive. :class:`CritiqueOptions` holds how to ask
(model, server, count, limits). Nothing proposed counts until a person
accepts it: see :mod:`argmap.critique.review` and ``map.accept()`` / ``map.reject()``.

``argmap.critique(...)`` works whether ``argmap.critique`` is this package or the
function: the package is callable and calls :func:`critique`.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .errors import CritiqueError, MissingKeyError, RequestFailed
from .options import CritiqueOptions
from .run import (
    CritiqueInterrupted,
    CritiqueReport,
    Drop,
    NodeFailure,
    add_proposals,
    critique,
    critique_file,
    prompts_for,
    select_targets,
)

__all__ = [
    "CritiqueError",
    "CritiqueInterrupted",
    "CritiqueOptions",
    "CritiqueReport",
    "Drop",
    "MissingKeyError",
    "NodeFailure",
    "RequestFailed",
    "add_proposals",
    "critique",
    "critique_file",
    "prompts_for",
    "select_targets",
]


class _CallablePackage(types.ModuleType):
    # Importing this package binds the name ``critique`` in ``argmap`` to the package,
    # shadowing the function of the same name; calling the package calls the function.
    def __call__(self, *args: Any, **kwargs: Any) -> CritiqueReport:
        return critique(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
