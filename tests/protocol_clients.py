"""Minimal clients for the two stdio servers, written from the protocols' framing rules.

``LspClient`` speaks JSON-RPC with ``Content-Length`` headers (the Language Server
Protocol's base protocol); ``McpClient`` speaks newline-delimited JSON-RPC (MCP's stdio
transport). Each starts ``argmap ...`` as a subprocess, as an editor or an assistant would,
and reads its output on a thread so a test can wait for a message with a timeout.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any, Optional


class _Client:
    def __init__(self, command: list[str], cwd: Optional[str] = None):
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []  # notifications and server requests, in arrival order
        self.next_id = 0
        self.stderr = b""
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for chunk in iter(lambda: self.process.stderr.read(4096), b""):  # type: ignore[union-attr]
            self.stderr += chunk

    def _read_loop(self) -> None:
        raise NotImplementedError

    def _write(self, message: dict[str, Any]) -> None:
        raise NotImplementedError

    def _take(self, matches: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for message in self.seen:
            if matches(message):
                self.seen.remove(message)
                return message
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"no matching message; server stderr: {self.stderr.decode(errors='replace')[-2000:]}"
                )
            try:
                message = self.inbox.get(timeout=min(left, 0.5))
            except queue.Empty:
                if not self._reader.is_alive() and self.inbox.empty():
                    # The server closed its output (it exited, or never started): nothing more
                    # will come, so say why now rather than at the end of the timeout.
                    raise EOFError(
                        f"the server closed its output (exit code {self.process.poll()}); "
                        f"its stderr: {self.stderr.decode(errors='replace')[-2000:]}"
                    ) from None
                continue
            if "method" in message and "id" in message:
                self._answer(message)
            if matches(message):
                return message
            if "method" in message:
                self.seen.append(message)

    def _answer(self, request: dict[str, Any]) -> None:
        result: Any = {"applied": True} if request["method"] == "workspace/applyEdit" else None
        self._write({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def request(self, method: str, params: Any = None, timeout: float = 30) -> dict[str, Any]:
        """Send a request and return the whole response (``result`` or ``error``)."""
        self.next_id += 1
        number = self.next_id
        self._write({"jsonrpc": "2.0", "id": number, "method": method, "params": params or {}})
        return self._take(lambda m: m.get("id") == number and "method" not in m, timeout)

    def notify(self, method: str, params: Any = None) -> None:
        """Send a notification."""
        self._write({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def wait_for(
        self, method: str, matches: Callable[[dict[str, Any]], bool] = lambda m: True, timeout: float = 30
    ) -> dict[str, Any]:
        """The next notification (or server request) ``method`` whose message ``matches``."""
        return self._take(lambda m: m.get("method") == method and matches(m), timeout)

    def close(self) -> int:
        """Close stdin and wait for the server to exit; returns its exit code."""
        try:
            assert self.process.stdin is not None
            self.process.stdin.close()
        except OSError:
            pass
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


class LspClient(_Client):
    """A language client over stdio."""

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read_loop(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.inbox.put(json.loads(stream.read(length).decode("utf-8")))

    def initialize(self, root_uri: Optional[str] = None) -> dict[str, Any]:
        """The initialize handshake; returns the server's result (its capabilities)."""
        capabilities = {
            "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "rename": {"prepareSupport": True},
                "publishDiagnostics": {"versionSupport": True},
                "codeAction": {
                    "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source", "refactor"]}}
                },
            },
            "workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": False}},
            "general": {"positionEncodings": ["utf-16"]},
        }
        response = self.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": capabilities})
        self.notify("initialized", {})
        return response["result"]

    def shutdown(self) -> int:
        """shutdown, exit, and the server's exit code."""
        self.request("shutdown")
        self.notify("exit")
        return self.close()


class McpClient(_Client):
    """An MCP client over stdio."""

    def _write(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def _read_loop(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        for line in iter(stream.readline, b""):
            if line.strip():
                self.inbox.put(json.loads(line))

    def initialize(self, name: str = "test-assistant", version: str = "1.0") -> dict[str, Any]:
        """The initialize handshake; returns the server's result."""
        response = self.request(
            "initialize",
            {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": name, "version": version}},
        )
        self.notify("notifications/initialized")
        return response["result"]

    def call(self, tool: str, **arguments: Any) -> tuple[str, bool]:
        """Call a tool; returns its text and whether it is an error."""
        result = self.request("tools/call", {"name": tool, "arguments": arguments})["result"]
        text = "\n".join(part["text"] for part in result["content"] if part.get("type") == "text")
        return text, bool(result.get("isError"))
