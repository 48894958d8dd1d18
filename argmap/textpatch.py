"""Old import path, kept for one release: the module now lives at `argmap.store.linepatch`."""

import sys

from .store import linepatch as _module

sys.modules[__name__] = _module
