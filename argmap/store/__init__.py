"""Storage: the only code that reads and writes map files and YAML.

Imports flow one way inside the package (see docs/architecture.md)::

    files, lock, data, origin        bytes and text, locking, comparing data, a map's origin
      <- fast, full, writer          the two readers, the one writer of fresh documents
      <- parsing                     which reader reads a text
      <- wholefile, linepatch        patching an existing text: ruamel round trip, changed lines only
      <- patching                    the line patcher when it is sure, the whole file otherwise
      <- loading                     load and validate, remembering the text
      <- merge                       three-way merge with another writer's save
      <- saving, retry               dumps and save; a change made again when a save clashes

The rest of argmap goes through the functions re-exported here.
"""

from .files import atomic_write, read_text
from .loading import load, load_many, loads
from .parsing import is_map_file, parse
from .saving import dumps, save
from .writer import dump

__all__ = ["atomic_write", "dump", "dumps", "is_map_file", "load", "load_many", "loads", "parse", "read_text", "save"]
