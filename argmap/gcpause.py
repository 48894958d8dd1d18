"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Below this many new objects, a young collection over them costs too little to avoid.
PROMOTE_ABOVE = 20_000


class Paused:
    """What :func:`gc_paused` yields: whether the collector was on, and a way to keep what the block made."""

    def __init__(self, was_enabled: bool):
        self.was_enabled = was_enabled

    def promote_young(self) -> None:
        """Move the objects made since the last collection into the oldest generation, without
        a collection: call it once the block has made what it keeps.

        A loaded map is ten objects a node that live as long as the map. Left young, the next
        collection walks all of them (10 ms for 10,000 nodes), finds nothing to free, and moves
        them up a generation, where the same happens once more: two passes for nothing. Moved
        straight to the oldest generation they are walked only by full collections, as they
        would be in the end anyway. Other young objects move with them, so cyclic garbage made
        just before is freed by the next full collection instead of a young one; nothing is
        leaked. Done only when the collector was on, the block made many objects, and nothing
        is frozen (``gc.unfreeze`` would also thaw what a program froze itself, e.g. before forking).
        """
        if self.was_enabled and gc.get_count()[0] > PROMOTE_ABOVE and gc.get_freeze_count() == 0:
            gc.freeze()  # every tracked object into the permanent generation, counts reset...
            gc.unfreeze()  # ...and from there into the oldest one


@contextlib.contextmanager
def gc_paused() -> Iterator[Paused]:
    """Run the block with the cyclic garbage collector off, then restore it as it was.

    Loading, saving, evaluating and rendering a large map allocate a great many small objects
    and no reference cycles; each collection those allocations trigger walks everything in
    memory, so on a large map the collector would cost a third of the work for nothing.
    Reference counting still frees everything as usual.
    """
    paused = Paused(gc.isenabled())
    gc.disable()
    try:
        yield paused
    finally:
        if paused.was_enabled:
            gc.enable()
