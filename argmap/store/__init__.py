"""Storage: the only code that reads and writes map files and YAML.

Reading (bytes and UTF-8, the fast subset reader, the full position-aware reader), the one
writer of fresh documents, line and whole-file patching, merging with another writer's save,
and locking. The rest of argmap goes through the functions re-exported here.
"""

from .yamlio import atomic_write, dumps, is_map_file, load, loads, read_text, save

__all__ = ["atomic_write", "dumps", "is_map_file", "load", "loads", "read_text", "save"]
