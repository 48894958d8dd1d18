"""Old import path, kept for one release: the writer now lives at `argmap.store.writer`."""

import sys

from ..store import writer as _module

sys.modules[__name__] = _module
