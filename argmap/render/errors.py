"""The one exception rendering raises for anything a user can fix."""

from __future__ import annotations

from ..errors import ArgmapError


class RenderError(ArgmapError):
    """A map could not be rendered as asked; the message is one line that says why and what to do."""
