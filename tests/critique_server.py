"""A local OpenAI-compatible chat server for the critique tests (stdlib only, 127.0.0.1).

Each request is handed to ``server.respond(request)``, which returns a :class:`Reply`
(status, content or raw body, delay, headers). The default answers every request with
objections derived from the target's text, so different targets get different
proposals. The server records every request and the most requests it had in flight at
once.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional


@dataclass
class Request:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", [])

    @property
    def map_data(self) -> dict[str, Any]:
        """The JSON between <map-data> and </map-data> in the first user message."""
        user = next(m["content"] for m in self.messages if m["role"] == "user")
        inside = user.split("<map-data>", 1)[1].split("</map-data>", 1)[0]
        return json.loads(inside)

    @property
    def target_text(self) -> str:
        return self.map_data["target"]["text"]

    @property
    def is_repair(self) -> bool:
        return any(m["role"] == "assistant" for m in self.messages)


@dataclass
class Reply:
    """What the server sends back."""

    content: Optional[str] = None
    status: int = 200
    body: Optional[str] = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    wait: Optional[threading.Event] = None
    chunked: bool = False
    """Send the body in chunks with no content-length, as a streaming server does."""


def answer(*texts: str, scheme: Optional[str] = "example to generalisation", extra: Optional[dict] = None) -> str:
    """A well-formed answer proposing ``texts``."""
    items = []
    for text in texts:
        item = {
            "text": text,
            "rationale": f"Because {text.lower()}",
            "scheme": scheme,
            "critical_question": "Are the examples typical?",
        }
        item.update(extra or {})
        items.append(item)
    return json.dumps({"objections": items})


def default_reply(request: Request) -> Reply:
    """Two objections built from the target's text."""
    target = request.target_text.rstrip(".")
    return Reply(
        answer(
            f"It is doubtful that {target.lower()} holds in general",
            f"The evidence offered for '{target}' comes from a handful of unusual cases",
        )
    )


class FakeLLM:
    """The server; use as a context manager. ``base`` is the URL to pass as ``--api-base``."""

    def __init__(self, respond: Callable[[Request], Reply] = default_reply):
        self.respond = respond
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.requests.append(request)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    reply = server.respond(request)
                    if reply.wait is not None:
                        reply.wait.wait(60)
                    if reply.delay:
                        time.sleep(reply.delay)
                    self._send(reply, body.get("model", "test-model"))
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _send(self, reply: Reply, model: str) -> None:
                if reply.body is not None:
                    data = reply.body.encode()
                elif reply.status == 200:
                    data = json.dumps(
                        {
                            "id": f"chatcmpl-{len(server.requests)}",
                            "object": "chat.completion",
                            "created": int(time.time()),
                            "model": model,
                            "choices": [
                                {
                                    "index": 0,
                                    "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": reply.content},
                                }
                            ],
                            "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
                        }
                    ).encode()
                else:
                    data = json.dumps({"error": {"message": reply.content or "error", "type": "server_error"}}).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                if reply.chunked:
                    self.send_header("transfer-encoding", "chunked")
                else:
                    self.send_header("content-length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not reply.chunked:
                    self.wfile.write(data)
                    return
                for start in range(0, len(data), 65536):
                    piece = data[start : start + 65536]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def for_target(self, text_part: str) -> list[Request]:
        """The requests about the target whose text contains ``text_part``."""
        return [r for r in self.requests if text_part in r.target_text]
