"""The one retry policy, on tenacity: exponential backoff, a cap, and a server's Retry-After honoured.

Three callers share it: HTTP (monitor.http, retried in place with full jitter), digest delivery and
pipeline tasks (retried later: the wait is stored as a next attempt or a Celery countdown, so it is
deterministic there).
"""
from __future__ import annotations

from types import SimpleNamespace

from tenacity import RetryCallState, wait_exponential, wait_random_exponential
from tenacity.wait import wait_base


def jittered(base: float, cap: float) -> wait_base:
    """Full jitter: before retry n, a random wait in [0, min(cap, base * 2**(n-1))]."""
    return wait_random_exponential(multiplier=base, max=cap, exp_base=2)


class wait_retry_after(wait_base):
    """The server's Retry-After (an exception's `retry_after` seconds) when it gave one, else `fallback`."""

    def __init__(self, fallback: wait_base):
        self.fallback = fallback

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        after = getattr(exc, "retry_after", None)
        return float(after) if after is not None else self.fallback(retry_state)


def delay(attempt: int, base: float, cap: float) -> float:
    """The wait before retry number `attempt` (1, 2, …) when it is scheduled rather than slept:
    min(cap, base * 2**(attempt-1)), without jitter so the stored schedule is reproducible."""
    return wait_exponential(multiplier=base, max=cap, exp_base=2)(SimpleNamespace(attempt_number=max(1, attempt)))
