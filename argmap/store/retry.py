"""A short read-modify-write of a map file that is done again when another writer got in first.

Reviewing, critiquing and an assistant's proposals all change a file that someone else may
be saving at the same moment. Each loads it afresh, makes its change and saves through
:func:`argmap.save`, which merges with the other writer's change or, when the two clash,
raises :class:`~argmap.errors.ConflictError`; then the whole change is made again on the
newer file, a few times, before giving up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Optional, TypeVar, Union

from ..errors import ArgmapError, ConflictError, MapError
from . import saving

if TYPE_CHECKING:
    from ..model import ArgumentMap

T = TypeVar("T")
#: How many times a change is made and saved when the file keeps changing underneath it.
SAVE_ATTEMPTS = 5


class SaveFailed(ArgmapError):
    """Saving the changed map failed; ``kept_changing`` when every attempt met another writer's
    change, else ``cause`` is the error the save raised."""

    def __init__(self, cause: Exception, kept_changing: bool):
        super().__init__(str(cause))
        self.cause = cause
        self.kept_changing = kept_changing


def save_with_retry(
    change: Callable[[], tuple[Optional[ArgumentMap], T]],
    path: Optional[Union[str, Path]] = None,
    *,
    attempts: int = SAVE_ATTEMPTS,
) -> T:
    """Call ``change`` (which loads the file afresh and changes the map), save the map it returns
    (to ``path``, else where it was loaded from) and return its result; when the save meets a
    clashing change, wait a little and call ``change`` again.

    ``change`` returns ``(map, result)``; a map of None means there is nothing to save. Errors
    ``change`` raises pass through; a failed save raises :class:`SaveFailed`.
    """
    for attempt in range(attempts):
        argmap, result = change()
        if argmap is None:
            return result
        try:
            saving.save(argmap, path)
        except ConflictError as exc:
            if attempt + 1 < attempts:
                time.sleep(0.05 * (attempt + 1))
                continue
            raise SaveFailed(exc, kept_changing=True) from None
        except (MapError, OSError) as exc:
            raise SaveFailed(exc, kept_changing=False) from None
        return result
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover
