"""Old import path, kept for one release: the module now lives at `argmap.store.fast`."""

import sys

from .store import fast as _module

sys.modules[__name__] = _module
