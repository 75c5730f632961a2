"""The one module that speaks HTTP, for feeds, robots.txt and article pages.

Why hand-rolled redirects: every hop must pass the SSRF check and the hop
count, and a permanent redirect must be reported so the stored feed URL is
updated. Bodies are streamed and cut at `max_body_bytes` *after* decoding, so
a gzip bomb is stopped too. Retries (timeouts, connection errors, 5xx, 429)
use exponential backoff with full jitter; Retry-After is honoured up to
`retry_backoff_max`, beyond which the caller is told to come back later.

Why the address is checked twice: `check_url` refuses a non-public target early
with a clear message, but the name is resolved again when the connection is
made, so a DNS answer that changes in between (DNS rebinding) could slip
through. `GuardedBackend` resolves once at connect time, checks every address
and connects to the checked one; TLS still verifies the original host name.
"""
from __future__ import annotations

import asyncio
import contextlib
import email.utils
import ipaddress
import logging
import socket
import time
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from monitor import retry
from monitor.errors import FetchError
from monitor.settings import Settings
from monitor.types import RawPage

log = logging.getLogger(__name__)
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
_TRANSIENT = {"timeout", "connection", "rate_limited", "server_error"}  # FetchError kinds worth retrying


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def address_is_public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


async def checked_addresses(host: str, port: int, allowed: set[str], when: str = "") -> list[str]:
    """Resolve host; every address must be public or allowed, else FetchError (dns / blocked_address)."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", f"{host}: {exc}") from None
    ips = [info[4][0] for info in infos]
    for ip in ips:
        if ip not in allowed and not address_is_public(ip):
            raise FetchError("blocked_address", f"{host} resolves to non-public address {ip}{when}")
    if not ips:
        raise FetchError("dns", f"{host}: no addresses")
    return ips


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to public addresses (or allowed hosts/addresses)."""

    def __init__(self, settings: Settings, allowed: set[str], inner: httpcore.AsyncNetworkBackend | None = None):
        self.settings = settings
        self.allowed = allowed
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options=None) -> httpcore.AsyncNetworkStream:  # noqa: ANN001
        if self.settings.allow_private_networks or host.lower() in self.allowed:
            return await self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        ips = await checked_addresses(host, port, self.allowed, when=" at connect time")
        last: Exception | None = None
        for ip in dict.fromkeys(ips):  # the checked addresses, in resolver order
            try:
                return await self.inner.connect_tcp(ip.split("%")[0], port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last  # type: ignore[misc]

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


# httpcore exception → the httpx exception the Fetcher handles (most specific first)
_EXC = ((httpcore.ConnectTimeout, httpx.ConnectTimeout), (httpcore.ReadTimeout, httpx.ReadTimeout),
        (httpcore.WriteTimeout, httpx.WriteTimeout), (httpcore.PoolTimeout, httpx.PoolTimeout),
        (httpcore.TimeoutException, httpx.TimeoutException), (httpcore.ConnectError, httpx.ConnectError),
        (httpcore.ReadError, httpx.ReadError), (httpcore.WriteError, httpx.WriteError),
        (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
        (httpcore.LocalProtocolError, httpx.LocalProtocolError), (httpcore.ProtocolError, httpx.ProtocolError),
        (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol), (httpcore.NetworkError, httpx.NetworkError))


@contextlib.contextmanager
def _httpx_errors():
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise next(to for frm, to in _EXC if isinstance(exc, frm))(str(exc)) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise next(to for frm, to in _EXC if isinstance(exc, frm))(str(exc)) from exc


class _BodyStream(httpx.AsyncByteStream):
    def __init__(self, stream) -> None:  # noqa: ANN001
        self._stream = stream

    async def __aiter__(self):  # noqa: ANN204
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        if hasattr(self._stream, "aclose"):
            await self._stream.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore connection pool built with GuardedBackend as its network
    backend, through httpcore's public constructor (httpx itself takes no network backend), so the
    connect-time address check cannot silently fall away when a library renames an internal."""

    def __init__(self, settings: Settings, allowed: set[str], limits: httpx.Limits):
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            http1=True, http2=False, network_backend=GuardedBackend(settings, allowed))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        req = httpcore.Request(method=request.method,
                               url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                                                port=request.url.port, target=request.url.raw_path),
                               headers=request.headers.raw, content=request.stream, extensions=request.extensions)
        with _httpx_errors():
            resp = await self._pool.handle_async_request(req)
        return httpx.Response(status_code=resp.status, headers=resp.headers, stream=_BodyStream(resp.stream),
                              extensions=resp.extensions)

    async def aclose(self) -> None:
        await self._pool.aclose()


class Fetcher:
    """Async HTTP with politeness (per-host limit and delay), safety and retries."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
        self._allowed = {h.lower() for h in settings.allowed_hosts}
        if transport is None:
            transport = GuardedTransport(settings, self._allowed, limits)
        self.client = httpx.AsyncClient(timeout=timeout, limits=limits, follow_redirects=False, transport=transport,
                                        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_start: dict[str, float] = {}
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._robots: dict[str, Protego | None] = {}  # origin → rules (protego: RFC 9309, wildcards and $)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    # -- safety -------------------------------------------------------------
    async def check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("bad_url", f"not an http(s) URL: {url!r}")
        host = parts.hostname.lower()
        if self.settings.allow_private_networks or host in self._allowed:
            return
        await checked_addresses(host, parts.port or 443, self._allowed)

    # -- politeness ---------------------------------------------------------
    async def _polite(self, host: str) -> None:
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            delay = self.settings.per_host_delay
            last = self._last_start.get(host)
            now = time.monotonic()
            if last is not None and delay > 0 and now - last < delay:
                await asyncio.sleep(delay - (now - last))
            self._last_start[host] = time.monotonic()

    # -- one request, redirects followed by hand ------------------------------
    async def _once(self, url: str, headers: dict[str, str]) -> RawPage:
        current, permanent_only, hops = url, True, 0
        while True:
            await self.check_url(current)
            host = urlsplit(current).hostname or ""
            sem = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host_concurrency))
            async with self._global, sem:
                await self._polite(host)
                status, resp_headers, body = await self._stream(current, headers)
            if status in REDIRECTS and "location" in resp_headers:
                hops += 1
                if hops > self.settings.max_redirects:
                    raise FetchError("too_many_redirects", f"more than {self.settings.max_redirects} redirects from {url}")
                permanent_only = permanent_only and status in PERMANENT
                current = urljoin(current, resp_headers["location"])
                continue
            return RawPage(url=url, final_url=current, status=status, body=body, headers=resp_headers,
                            permanent_url=current if hops and permanent_only else None)

    async def _stream(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        limit = self.settings.max_body_bytes
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                async with self.client.stream("GET", url, headers=headers) as resp:
                    hdrs = {k.lower(): v for k, v in resp.headers.items()}
                    if resp.status_code in REDIRECTS or resp.status_code == 304:
                        return resp.status_code, hdrs, b""
                    declared = hdrs.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit and "content-encoding" not in hdrs:
                        raise FetchError("too_large", f"{url}: declared {declared} bytes > {limit}")
                    chunks, total = [], 0
                    async for chunk in resp.aiter_bytes():
                        total += len(chunk)
                        if total > limit:
                            raise FetchError("too_large", f"{url}: body over {limit} bytes")
                        chunks.append(chunk)
                    return resp.status_code, hdrs, b"".join(chunks)
        except TimeoutError:
            raise FetchError("timeout", f"{url}: no complete answer in {self.settings.total_timeout:.0f} s") from None
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: {type(exc).__name__}") from None
        except httpx.DecodingError as exc:
            raise FetchError("bad_encoding", f"{url}: {exc}") from None
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise FetchError("connection", f"{url}: {type(exc).__name__}: {exc}") from None

    # -- retries --------------------------------------------------------------
    async def get(self, url: str, headers: dict[str, str] | None = None) -> RawPage:
        """GET with retries (monitor.retry's policy). Returns any final response (caller judges 4xx); raises FetchError."""
        s = self.settings

        def transient(exc: BaseException) -> bool:
            # a Retry-After beyond retry_backoff_max is not waited for here: the caller postpones the feed
            return isinstance(exc, FetchError) and exc.kind in _TRANSIENT and (exc.retry_after or 0) <= s.retry_backoff_max

        def announce(state: RetryCallState) -> None:
            log.info("retrying", extra={"url": url, "attempt": state.attempt_number,
                                        "wait_s": round(state.next_action.sleep, 2), "error": str(state.outcome.exception())})

        async for attempt in AsyncRetrying(stop=stop_after_attempt(s.max_retries + 1), retry=retry_if_exception(transient),
                                           wait=retry.wait_retry_after(retry.jittered(s.retry_backoff, s.retry_backoff_max)),
                                           before_sleep=announce, sleep=asyncio.sleep, reraise=True):
            with attempt:
                resp = await self._once(url, dict(headers or {}))
                if resp.status in (429, 503) or resp.status >= 500:
                    retry_after = parse_retry_after(resp.headers.get("retry-after")) if resp.status in (429, 503) else None
                    kind = "rate_limited" if resp.status == 429 else "server_error"
                    raise FetchError(kind, f"{url}: HTTP {resp.status}", status=resp.status, retry_after=retry_after)
                return resp
        raise AssertionError("unreachable: tenacity returns or re-raises")

    # -- robots.txt -----------------------------------------------------------
    async def robots_allow(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: Protego | None
            try:
                resp = await self.get(origin + "/robots.txt")
                if resp.status >= 500:
                    parser = None  # RFC 9309: unreachable robots.txt means disallow for now
                elif resp.status >= 400:
                    parser = Protego.parse("")  # RFC 9309: unavailable (4xx) means no rules
                else:
                    parser = Protego.parse(resp.body.decode(resp.encoding or "utf-8", "replace"))
            except FetchError:
                parser = None
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is not None and parser.can_fetch(url, self.settings.user_agent)
