"""Old import path, kept for one release: the module now lives at `argmap.store.yamlio`."""

import sys

from .store import yamlio as _module

sys.modules[__name__] = _module
