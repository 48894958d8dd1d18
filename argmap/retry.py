"""Old import path, kept for one release: the module now lives at `argmap.store.retry`."""

import sys

from .store import retry as _module

sys.modules[__name__] = _module
