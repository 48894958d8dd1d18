"""Talking to the LLM through LiteLLM: the key check, structured output, retries, usage.

LiteLLM is an optional extra and is imported only here, on first use, with
``LITELLM_LOCAL_MODEL_COST_MAP=True`` so that importing it fetches nothing. Retries
are ours (LiteLLM's and the OpenAI client's are switched off) so that their number and
backoff are known and testable. Every message that leaves this module passes through
:class:`Redactor`, so an API key never reaches output, logs, errors, the cache or a map.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import os
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

from ..errors import ArgmapError
from .answer import ANSWER_SCHEMA
from .errors import CritiqueError, MissingKeyError, RequestFailed

#: The model used when neither ``--model`` nor ``ARGMAP_MODEL`` names one.
DEFAULT_MODEL = "openai/gpt-4.1-mini"
#: The environment variable that chooses the model.
MODEL_ENV = "ARGMAP_MODEL"
#: Seconds before the first retry; doubled each time (with jitter). ``ARGMAP_BACKOFF`` overrides it.
DEFAULT_BACKOFF = 1.0
#: Longest wait between two attempts, whatever a server's Retry-After says (seconds).
MAX_DELAY = 60.0
#: Providers that speak the OpenAI API; pointed at another server with ``api_base``, they need no key.
OPENAI_COMPATIBLE = {"openai", "hosted_vllm", "lm_studio", "llamafile", "openai_like"}
#: Sent as the key to an OpenAI-compatible server that needs none (the OpenAI client insists on one).
NO_KEY = "no-key"
#: The most bytes read of one answer; a larger one is refused as it streams in, never held whole.
MAX_ANSWER_BYTES = 1_000_000
#: Tokens allowed per candidate objection in an answer, and for the JSON around them.
TOKENS_PER_ITEM, TOKENS_OVERHEAD, MAX_TOKENS = 400, 300, 16_000

#: Where each provider's key is looked for, checked before LiteLLM is imported (importing it
#: takes seconds). Providers not listed here are checked by LiteLLM itself.
KEY_VARIABLES: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "mistral": ("MISTRAL_API_KEY",),
    "groq": ("GROQ_API_KEY",),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "openrouter": ("OPENROUTER_API_KEY", "OR_API_KEY"),
    "xai": ("XAI_API_KEY",),
}


def max_tokens_for(candidates: int) -> int:
    """The ``max_tokens`` of a request asking for ``candidates`` objections: room for each, and no more."""
    return min(MAX_TOKENS, TOKENS_OVERHEAD + TOKENS_PER_ITEM * max(1, candidates))


def check_api_base(api_base: Optional[str]) -> None:
    """Refuse an ``api_base`` that is not an http(s) URL (``localhost:8000/v1`` with the scheme left off)."""
    if api_base and not re.match(r"(?i)^https?://[^/\s]+", api_base):
        raise CritiqueError(
            f"--api-base {api_base!r} is not a URL: write it with http:// or https:// "
            f"(e.g. http://{api_base.split('://')[-1]})"
        )


#: Seconds to wait for a TCP connection to ``api_base`` before anything else is done.
CONNECT_TIMEOUT = 3.0


def check_reachable(api_base: Optional[str], timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise :class:`CritiqueError` "could not connect to URL" when nothing accepts a connection there.

    Done before LiteLLM is imported (seconds) and before any request is built, so a server
    that is not running, a wrong port or an unknown host is reported at once. Skipped
    when a proxy is configured, since the proxy, not this machine, makes the connection.
    """
    if not api_base or any(
        os.environ.get(name)
        for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
    ):
        return
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(api_base)
        host, port = parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise CritiqueError(f"--api-base {api_base!r} is not a valid URL ({exc})") from None
    if not host:
        raise CritiqueError(f"--api-base {api_base!r} names no host")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except ConnectionRefusedError:
        raise CritiqueError(f"could not connect to {api_base} (connection refused: is the server running?)") from None
    except socket.gaierror:
        raise CritiqueError(f"could not connect to {api_base} (unknown host {host!r})") from None
    except TimeoutError:
        raise CritiqueError(f"could not connect to {api_base} (no answer within {timeout:g} s)") from None
    except OSError as exc:
        raise CritiqueError(f"could not connect to {api_base} ({exc.strerror or exc})") from None


def quick_key_check(model: str, api_base: Optional[str] = None, api_key: Optional[str] = None) -> None:
    """Raise :class:`MissingKeyError` when a well-known provider's key is plainly missing.

    Works from the model string and the environment alone, without importing LiteLLM, so a
    missing key is reported in a fraction of a second. Anything it is unsure of is left to
    :func:`check_key`.
    """
    if api_key or "/" not in model:
        return
    provider = model.split("/", 1)[0].lower()
    names = KEY_VARIABLES.get(provider)
    if not names or any(os.environ.get(name) for name in names):
        return
    if api_base and provider in OPENAI_COMPATIBLE:
        return  # a local OpenAI-compatible server may need no key
    raise MissingKeyError(provider, [names[0]])


def resolve_model(model: Optional[str] = None) -> str:
    """The model to use: ``model``, else ``$ARGMAP_MODEL``, else :data:`DEFAULT_MODEL`."""
    return (model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL).strip()


def default_backoff() -> float:
    """Seconds before the first retry: ``$ARGMAP_BACKOFF`` or :data:`DEFAULT_BACKOFF`."""
    try:
        return max(0.0, float(os.environ.get("ARGMAP_BACKOFF", DEFAULT_BACKOFF)))
    except ValueError:
        return DEFAULT_BACKOFF


def load_litellm() -> Any:
    """Import LiteLLM quietly, or explain how to install it."""
    # Without this, importing LiteLLM downloads its model price list from the internet.
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    try:
        import litellm
    except ImportError:
        raise CritiqueError("LiteLLM is not installed: pip install 'argmap[llm]'") from None
    litellm.suppress_debug_info = True  # else it prints "Give Feedback / Get Help" on every error
    if not os.environ.get("ARGMAP_DEBUG"):
        for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    return litellm


# -- keeping keys out of everything -------------------------------------------------------------

_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL", re.IGNORECASE)
_BEARER = re.compile(r"(?i)(bearer\s+|api[_-]?key[\"']?\s*[:=]\s*[\"']?)([^\s\"',}]+)")


class Redactor:
    """Replaces secrets in text: a key passed in, the values of environment variables
    whose names look secret (``*_API_KEY``, ``*_TOKEN``, ...), and bearer tokens.

    A secret is caught whatever its case, and so is any word that shares twelve
    characters or more with one (a key with its prefix cut off, say).
    """

    def __init__(self, extra: Iterable[Optional[str]] = ()):
        values = {v for k, v in os.environ.items() if _SECRET_NAME.search(k) and len(v) >= 8}
        values.update(v for v in extra if v and len(v) >= 8 and v != NO_KEY)
        self._values = sorted(values, key=len, reverse=True)
        self._exact = [re.compile(re.escape(v), re.IGNORECASE) for v in self._values]
        self._folded = [v.casefold() for v in self._values]

    def __call__(self, text: str) -> str:
        for pattern in self._exact:
            text = pattern.sub("[redacted]", text)
        if self._folded:
            text = _WORD.sub(self._word, text)
        return _BEARER.sub(lambda m: m.group(1) + "[redacted]", text)

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0).casefold()
        for secret in self._folded:
            common = difflib.SequenceMatcher(None, word, secret, autojunk=False).find_longest_match(
                0, len(word), 0, len(secret)
            )
            if common.size >= min(12, len(secret)):
                return "[redacted]"
        return match.group(0)


_WORD = re.compile(r"[A-Za-z0-9_\-.+/=]{12,}")


# -- before sending -----------------------------------------------------------------------------


def provider_of(litellm: Any, model: str, api_base: Optional[str] = None) -> str:
    """The LiteLLM provider of ``model`` (``openai``, ``anthropic``, ...), or a CritiqueError."""
    try:
        return str(litellm.get_llm_provider(model=model, api_base=api_base)[1])
    except Exception:
        raise CritiqueError(
            f"unknown model {model!r}: give a LiteLLM model string such as "
            f"{DEFAULT_MODEL}, anthropic/claude-sonnet-4-5, gemini/gemini-2.5-flash "
            "or ollama/llama3.1"
        ) from None


def check_key(litellm: Any, model: str, api_base: Optional[str] = None, api_key: Optional[str] = None) -> str:
    """Make sure a key is at hand for the model's provider, before anything is sent.

    Returns the provider. Raises :class:`MissingKeyError` naming the environment
    variable(s) to set. Providers that authenticate otherwise (AWS, Vertex AI, a local
    Ollama) are not held back here; an OpenAI-compatible server given with ``api_base``
    may need no key at all.
    """
    provider = provider_of(litellm, model, api_base)
    if api_key:
        return provider
    try:
        env = litellm.validate_environment(model=model, api_base=api_base)
    except Exception:
        return provider
    missing = [name for name in env.get("missing_keys") or [] if name.endswith(("_API_KEY", "_TOKEN"))]
    if env.get("keys_in_environment") or not missing:
        return provider
    if api_base and provider in OPENAI_COMPATIBLE:
        return provider
    raise MissingKeyError(provider, missing)


def response_format(litellm: Any, model: str, provider: str) -> Optional[dict[str, Any]]:
    """Structured output where the model supports it, else JSON mode, else None (the prompt asks for JSON)."""
    try:
        if litellm.supports_response_schema(model=model, custom_llm_provider=provider):
            return {
                "type": "json_schema",
                "json_schema": {"name": "proposals", "schema": ANSWER_SCHEMA, "strict": True},
            }
    except Exception:
        pass
    try:
        if "response_format" in (litellm.get_supported_openai_params(model=model, custom_llm_provider=provider) or []):
            return {"type": "json_object"}
    except Exception:
        pass
    return None


# -- sending ------------------------------------------------------------------------------------


@dataclass
class Reply:
    """One answer from the model."""

    text: Optional[str]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: Optional[float] = None


_TRANSIENT = (
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
    "Timeout",
    "APIConnectionError",
)
_FATAL = (
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "BudgetExceededError",
    "PaymentRequiredError",
)
_PREFIX = re.compile(r"^(?:litellm\.\w+:\s*)?(?:\w+(?:Error|Exception):\s*)*(?:\w+Exception\s*-\s*)?")


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


class AnswerTooLarge(ArgmapError):
    """The server sent more than :data:`MAX_ANSWER_BYTES`."""


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from, outermost first."""
    seen: list[BaseException] = []
    current: Optional[BaseException] = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


_UNREACHABLE = (
    "ConnectionRefusedError",
    "gaierror",
    "InvalidURL",
    "UnsupportedProtocol",
    "ClientConnectorError",
    "ClientConnectorDNSError",
    "InvalidUrlClientError",
    "ConnectError",
)
_TIMEOUTS = ("Timeout", "TimeoutException", "APITimeoutError", "TimeoutError", "ReadTimeout", "ConnectTimeout")


def _unreachable(exc: BaseException) -> bool:
    """Whether nothing answered at all: a refused connection, an unknown host or a malformed URL.

    LiteLLM reports these as a "500 Connection error"; retrying them only makes the user wait.
    """
    names = set().union(*(_names(e) for e in _chain(exc)))
    return bool(names & set(_UNREACHABLE)) and not names & set(_TIMEOUTS)


def _too_large(exc: BaseException) -> bool:
    return any(isinstance(e, AnswerTooLarge) for e in _chain(exc))


def capped_http_client(limit: int = MAX_ANSWER_BYTES, timeout: float = 120.0) -> Any:
    """An httpx client whose responses may not exceed ``limit`` bytes (checked as they stream in)."""
    import httpx

    class CappedStream(httpx.AsyncByteStream):
        def __init__(self, inner: Any):
            self.inner = inner

        async def __aiter__(self) -> Any:
            read = 0
            async for chunk in self.inner:
                read += len(chunk)
                if read > limit:
                    raise AnswerTooLarge(f"the answer is larger than {limit:,} bytes")
                yield chunk

        async def aclose(self) -> None:
            await self.inner.aclose()

    class CappedTransport(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: Any) -> Any:
            response = await self.inner.handle_async_request(request)
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                await response.aclose()
                raise AnswerTooLarge(f"the answer is larger than {limit:,} bytes ({int(length):,} announced)")
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=CappedStream(response.stream),
                extensions=response.extensions,
            )

        async def aclose(self) -> None:
            await self.inner.aclose()

    return httpx.AsyncClient(transport=CappedTransport(), timeout=timeout, follow_redirects=True)


def _status(exc: BaseException) -> Optional[int]:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> Optional[float]:
    for source in (
        getattr(getattr(exc, "response", None), "headers", None),
        getattr(exc, "litellm_response_headers", None),
    ):
        try:
            value = source.get("retry-after") if source is not None else None
        except Exception:
            value = None
        if value is not None:
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


class Client:
    """Sends chat requests for one critique run, retrying transient failures with backoff.

    ``requests`` counts the HTTP requests made (retries included).
    """

    def __init__(
        self,
        litellm: Any,
        model: str,
        *,
        api_base: Optional[str] = None,
        api_key: Optional[str] = None,
        provider: str = "",
        temperature: Optional[float] = None,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: Optional[float] = None,
        redact: Optional[Redactor] = None,
        max_tokens: Optional[int] = None,
        max_bytes: int = MAX_ANSWER_BYTES,
    ):
        self.litellm = litellm
        self.model = model
        self.api_base = api_base
        self.provider = provider or provider_of(litellm, model, api_base)
        self.api_key = api_key
        if not api_key and api_base and self.provider in OPENAI_COMPATIBLE:
            env = litellm.validate_environment(model=model, api_base=api_base)
            if not env.get("keys_in_environment"):
                self.api_key = NO_KEY
        self.temperature = temperature
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = default_backoff() if backoff is None else max(0.0, backoff)
        self.redact = redact or Redactor([api_key])
        self.response_format = response_format(litellm, model, self.provider)
        self.requests = 0
        self.max_tokens = max_tokens
        self.max_bytes = max_bytes
        self._openai: Any = None

    def _openai_client(self) -> Any:
        """For OpenAI and OpenAI-compatible servers, a client whose answers are size-capped.

        Made inside the running event loop (httpx clients belong to one), once per run.
        Other providers go through LiteLLM's own HTTP client, bounded by ``max_tokens``.
        """
        if self.provider != "openai":
            return None
        if self._openai is None:
            from openai import AsyncOpenAI

            self._openai = AsyncOpenAI(
                api_key=self.api_key or os.environ.get("OPENAI_API_KEY") or NO_KEY,
                base_url=self.api_base or os.environ.get("OPENAI_BASE_URL") or None,
                max_retries=0,
                timeout=self.timeout,
                http_client=capped_http_client(self.max_bytes, self.timeout),
            )
        return self._openai

    async def aclose(self) -> None:
        """Close the HTTP client of the run, if one was made."""
        if self._openai is not None:
            try:
                await self._openai.close()
            except Exception:
                pass
            self._openai = None

    async def complete(self, messages: list[dict[str, str]]) -> Reply:
        """Send ``messages`` and return the answer; raises :class:`RequestFailed` when it cannot."""
        attempt = 0
        while True:
            self.requests += 1
            fmt = self.response_format
            try:
                response = await self.litellm.acompletion(**self._arguments(messages, fmt))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                names = _names(exc)
                if fmt is not None and "BadRequestError" in names and _about_format(exc):
                    # The server does not take this response_format: ask in plainer terms.
                    self.response_format = {"type": "json_object"} if fmt["type"] == "json_schema" else None
                    continue
                if _unreachable(exc) or _too_large(exc):
                    # Nothing is listening there, or it sends too much: asking again changes neither.
                    raise RequestFailed(self._describe(exc, attempt), fatal=_unreachable(exc)) from None
                transient = bool(names & set(_TRANSIENT)) or (_status(exc) or 0) >= 500
                if transient and attempt < self.retries:
                    await asyncio.sleep(self._delay(attempt, exc))
                    attempt += 1
                    continue
                raise RequestFailed(self._describe(exc, attempt), fatal=bool(names & set(_FATAL))) from None
            return self._reply(response)

    def _arguments(self, messages: list[dict[str, str]], fmt: Optional[dict[str, Any]]) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": self.timeout,
            "num_retries": 0,
            "max_retries": 0,
            "drop_params": True,
        }
        if self.api_base:
            arguments["api_base"] = self.api_base
        if self.api_key:
            arguments["api_key"] = self.api_key
        if fmt is not None:
            arguments["response_format"] = fmt
        if self.max_tokens:
            arguments["max_tokens"] = self.max_tokens
        client = self._openai_client()
        if client is not None:
            arguments["client"] = client
        if self.temperature is not None:
            arguments["temperature"] = self.temperature
        return arguments

    def _delay(self, attempt: int, exc: BaseException) -> float:
        delay = self.backoff * (2**attempt) * random.uniform(0.5, 1.0)
        after = _retry_after(exc)
        if after is not None:
            delay = max(delay, after)
        return min(delay, MAX_DELAY)

    def _reply(self, response: Any) -> Reply:
        try:
            text = response.choices[0].message.content
        except (AttributeError, IndexError, TypeError):
            text = None
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        try:
            cost: Optional[float] = float(self.litellm.completion_cost(completion_response=response))
        except Exception:
            cost = None  # models LiteLLM has no price for (local ones, say)
        return Reply(text, prompt_tokens, completion_tokens, cost)

    def _describe(self, exc: BaseException, retries: int) -> str:
        names = _names(exc)
        status = _status(exc)
        detail = " ".join(_PREFIX.sub("", str(exc)).split())
        if len(detail) > 200:
            detail = detail[:197] + "..."
        after = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
        where = self.api_base or self.provider
        if _too_large(exc):
            message = f"the answer from {where} is larger than {self.max_bytes:,} bytes; it was not read"
        elif _unreachable(exc):
            names_in_chain = set().union(*(_names(e) for e in _chain(exc)))
            reason = (
                "connection refused"
                if "ConnectionRefusedError" in names_in_chain
                else "unknown host"
                if names_in_chain & {"gaierror", "ClientConnectorDNSError"}
                else "not a valid URL"
                if names_in_chain & {"InvalidURL", "InvalidUrlClientError", "UnsupportedProtocol"}
                else detail
            )
            message = f"could not connect to {where} ({reason})"
        elif "RateLimitError" in names:
            message = f"rate limited (429){after}"
        elif "Timeout" in names:
            message = f"no answer within {self.timeout:g} s{after}"
        elif "APIConnectionError" in names:
            message = f"cannot reach {where}{after}: {detail}"
        elif "AuthenticationError" in names:
            message = f"authentication failed at {where} (401): check the API key ({detail})"
        elif "PermissionDeniedError" in names:
            message = f"permission denied at {where} (403): {detail}"
        elif "NotFoundError" in names:
            message = f"model {self.model!r} not found at {where} (404): {detail}"
        elif "ContextWindowExceededError" in names:
            message = f"the prompt is too long for {self.model}: {detail}"
        elif status is not None and status >= 500:
            message = f"server error ({status}){after}: {detail}"
        elif status is not None:
            message = f"request refused ({status}): {detail}"
        else:
            message = f"{type(exc).__name__}{after}: {detail}"
        return self.redact(message)


def _about_format(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(word in text for word in ("response_format", "json_schema", "json_object", "response format"))
