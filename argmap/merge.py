"""Old import path, kept for one release: the module now lives at `argmap.store.merge`."""

import sys

from .store import merge as _module

sys.modules[__name__] = _module
