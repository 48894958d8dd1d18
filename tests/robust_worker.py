"""A separate process that writes a map, for the crash-safety and concurrent-writer tests.

    python tests/robust_worker.py save-loop MAP NODE_ID TEXT_A TEXT_B
    python tests/robust_worker.py write-loop TARGET FILE_A FILE_B
    python tests/robust_worker.py add MAP LABEL COUNT GO_FILE [--reload]
    python tests/robust_worker.py edit MAP NODE_ID TEXT GO_FILE

Loops run until the process is killed; ``ready`` on stdout says the work has started.
``edit`` exits 0 when its save went through and 10 on a ConflictError (message on stderr).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import argmap
from argmap.store.yamlio import atomic_write


def wait_for(path: str) -> None:
    while not os.path.exists(path):
        time.sleep(0.001)


def ready() -> None:
    sys.stdout.write("ready\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "save-loop":
        path, node_id, text_a, text_b = args
        m = argmap.load(path)
        node = m[node_id]
        ready()
        while True:
            node.text = text_b if node.text == text_a else text_a
            argmap.save(m)
    if command == "write-loop":
        target, file_a, file_b = args
        texts = [Path(file_a).read_text(encoding="utf-8"), Path(file_b).read_text(encoding="utf-8")]
        ready()
        i = 0
        while True:
            atomic_write(target, texts[i % 2])
            i += 1
    if command == "add":
        path, label, count, go = args[:4]
        reload = "--reload" in args
        wait_for(go)
        m = argmap.load(path)
        for i in range(int(count)):
            if reload:
                m = argmap.load(path)
            m.add(m.id, f"Objection {i} from {label}.", kind="objection")
            argmap.save(m)
        return 0
    if command == "edit":
        path, node_id, text, go = args
        m = argmap.load(path)
        m[node_id].text = text
        ready()
        wait_for(go)
        try:
            argmap.save(m)
        except argmap.ConflictError as exc:
            sys.stderr.write(str(exc) + "\n")
            return 10
        return 0
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
