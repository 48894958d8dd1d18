"""The public surface: every exported name resolves, and every error argmap raises shares one base."""

from __future__ import annotations

import argmap
from argmap.critique.review import ReviewError


def test_every_exported_name_resolves() -> None:
    assert argmap.__all__ == sorted(argmap._LAZY)
    for name in argmap.__all__:
        assert getattr(argmap, name) is not None, name


def test_every_argmap_error_has_one_base() -> None:
    for error in (argmap.MapError, argmap.ConflictError, argmap.RenderError, argmap.CritiqueError, ReviewError,
                  argmap.UnknownIdError, argmap.NodeError):
        assert issubclass(error, argmap.ArgmapError), error
    try:
        argmap.loads("argmap: 1\nclaim: [\n")
    except argmap.ArgmapError as exc:
        assert "YAML" in str(exc)
    else:
        raise AssertionError("a broken map loaded")
