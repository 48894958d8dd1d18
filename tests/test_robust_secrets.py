"""Provider keys in the environment never leave it: not in output, files, the cache or logs.

Every command runs as a real process with a fake key for each provider LiteLLM knows
in its environment, and a home, cache and temporary folder of its own. The critique
talks to a local fake provider that echoes the Authorization header it received into
its answers and its error messages, as real providers partly do. Afterwards no output
and no file anywhere in the test's folder holds any key, or a long piece of one.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .critique_server import FakeLLM, Reply, Request, answer

PROVIDERS = [
    "OPENAI",
    "ANTHROPIC",
    "GEMINI",
    "GOOGLE",
    "MISTRAL",
    "GROQ",
    "COHERE",
    "DEEPSEEK",
    "XAI",
    "OPENROUTER",
    "TOGETHERAI",
    "HUGGINGFACE",
    "AZURE",
    "AZURE_OPENAI",
    "FIREWORKS_AI",
    "PERPLEXITYAI",
]
KEYS = {f"{name}_API_KEY": f"sk-{name.lower()}-{secrets.token_hex(16)}" for name in PROVIDERS}
KEYS["AWS_ACCESS_KEY_ID"] = "AKIA" + secrets.token_hex(8).upper()
KEYS["AWS_SECRET_ACCESS_KEY"] = secrets.token_hex(20)
KEYS["ARGMAP_API_KEY"] = "sk-argmap-" + secrets.token_hex(16)

MAP = """\
# A map for the secrets test.
argmap: 1
id: secrets
title: Keys stay in the environment
claim: A tool that calls LLMs must never write its keys anywhere.
sources:
  s: {title: A source, url: "https://example.org/s"}
premises:
  - id: p1
    text: Keys in files end up in git.
    cite: {source: s, at: "1:00", quote: Keys in files}
objections:
  - id: o1
    text: Nobody reads the cache.
    rebuttals:
      - text: Backups and shared folders do.
"""


def fragments(key: str) -> Iterator[str]:
    """The key, and every 12-character piece of it: a partly masked key still leaks."""
    yield key
    for start in range(len(key) - 11):
        yield key[start : start + 12]


def leaks(text: str) -> list[str]:
    return sorted({name for name, key in KEYS.items() for piece in fragments(key) if piece in text})


def echo_the_key(request: Request) -> Reply:
    auth = request.headers.get("authorization", "") + " " + request.headers.get("x-api-key", "")
    if "the cache" in request.target_text:
        # As providers do on a bad key: the key, partly masked, in the error message.
        return Reply(f"Incorrect API key provided: {auth}. You can find your API key at ...", status=401)
    return Reply(answer(f"The request carried {auth}", f"The key was {auth.split()[-1]}"))


@pytest.fixture
def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    for folder in ("home", "xdg-cache", "xdg-config", "tmp", "work"):
        (tmp_path / folder).mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith(("_API_KEY", "_SECRET_ACCESS_KEY", "_KEY_ID"))
        and not k.startswith(("ARGMAP_", "LITELLM", "OPENAI_"))
    }
    env.update(KEYS)
    env.update(
        {
            "HOME": str(tmp_path / "home"),
            "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "TMPDIR": str(tmp_path / "tmp"),
            "ARGMAP_BACKOFF": "0.01",
            "NO_COLOR": "1",
            "COLUMNS": "120",
        }
    )
    (tmp_path / "work" / "secrets.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path, env


def run(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "argmap", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stdout + done.stderr


def all_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path


def test_no_command_lets_a_key_out(sandbox: tuple[Path, dict[str, str]]) -> None:
    root, env = sandbox
    work = root / "work"
    commands = [
        ["--help"],
        ["--version"],
        ["validate", "secrets.yaml"],
        ["schema", "-o", "schema.json"],
        ["show", "secrets.yaml"],
        ["stats", "secrets.yaml", "--json"],
        ["evaluate", "secrets.yaml", "--json"],
        ["new", "fresh.yaml", "--title", "Fresh", "--claim", "A fresh claim."],
        ["render", "secrets.yaml", "-o", "secrets.svg", "--layout", "tree"],
        ["render", "secrets.yaml", "-o", "secrets.html", "--layout", "tree"],
        ["render", "secrets.yaml", "-f", "dot", "-o", "secrets.dot"],
        ["export", "secrets.yaml", "--to", "argdown", "-o", "secrets.argdown"],
        ["export", "secrets.yaml", "--to", "aif", "-o", "secrets.json"],
        ["export", "secrets.yaml", "--to", "kialo", "-o", "secrets.txt"],
        ["export", "secrets.yaml", "--to", "markdown", "-o", "secrets.md"],
        ["import", "secrets.argdown", "-o", "imported.yaml"],
        ["sources", "check", "secrets.yaml"],
        ["critique", "secrets.yaml", "--dry-run", "--all"],
    ]
    outputs = {}
    codes = {}
    for command in commands:
        codes[" ".join(command)], outputs[" ".join(command)] = run(env, work, *command)
    if importlib.util.find_spec("litellm") is not None:
        with FakeLLM(echo_the_key) as server:
            for model in ("openai/test-model", "anthropic/claude-test", "mistral/test-model"):
                command = ["critique", "secrets.yaml", "--all", "--model", model, "--api-base", server.base]
                codes[" ".join(command)], outputs[" ".join(command)] = run(env, work, *command)
            assert server.requests, "the fake provider was never asked"
            sent = " ".join(
                r.headers.get("authorization", "") + r.headers.get("x-api-key", "") for r in server.requests
            )
            assert KEYS["OPENAI_API_KEY"] in sent  # the key really went where it belongs
        codes["review --accept all"], outputs["review --accept all"] = run(
            env, work, "review", "secrets.yaml", "--accept", "all"
        )
        codes["review --list"], outputs["review --list"] = run(env, work, "review", "secrets.yaml", "--list")
    for command, output in outputs.items():
        assert "Traceback" not in output, (command, output[-2000:])
        assert leaks(output) == [], (command, leaks(output))
    assert codes["validate secrets.yaml"] == 0 and codes["render secrets.yaml -o secrets.svg --layout tree"] == 0
    written = list(all_files(root))
    assert any(p.name == "secrets.svg" for p in written) and any(p.name == "secrets.md" for p in written)
    for path in written:
        content = path.read_bytes().decode("utf-8", errors="replace")
        assert leaks(content) == [], (str(path.relative_to(root)), leaks(content))
