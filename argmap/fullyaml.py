"""Old import path, kept for one release: the module now lives at `argmap.store.full`."""

import sys

from .store import full as _module

sys.modules[__name__] = _module
