"""Coverage-guided fuzz target for the map loader (atheris / libFuzzer).

    python fuzz/run.py --time 600          # the usual way: seeds, dictionary, limits
    python fuzz/fuzz_load.py CORPUS_DIR -max_total_time=600 -dict=fuzz/yaml.dict

Every input is decoded as a map file would be and loaded. The properties checked:

- loading raises nothing but MapError (no RecursionError, parser or pydantic exception);
- a map that loads saves back byte for byte when unchanged, and its data written as a
  fresh document loads back as the same data;
- nothing runs longer than libFuzzer's -timeout (hangs are reported as crashes).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["argmap"]):
    import argmap
    from argmap import MapError
    from argmap.store.yamlio import dump_data, dumps


def check(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    try:
        loaded = argmap.loads(text, "fuzz.yaml")
    except MapError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    assert dumps(loaded) == text, "an unchanged map must save byte for byte"
    fresh = dump_data(loaded.to_data())
    again = argmap.loads(fresh, "fresh.yaml")
    assert again.to_data() == loaded.to_data(), "a map written anew must load as the same map"


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
