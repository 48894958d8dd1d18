"""Old import path, kept for one release: the module now lives at `argmap.store.lock`."""

import sys

from .store import lock as _module

sys.modules[__name__] = _module
