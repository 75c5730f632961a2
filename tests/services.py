"""What a test does when a service it needs (PostgreSQL, Redis, Chromium) is missing.

Locally it skips, so a laptop without the services still runs everything else. With CI=true it
FAILS with a message: CI installs and starts every service (.ci/run), so a missing one there is a
broken CI machine, not a reason to pass.
"""
from __future__ import annotations

import os
import uuid

import pytest

# One per test process: Redis keys (Celery queues, unacked sets) of this run carry it, so two runs
# sharing one Redis never take each other's tasks, and cleaning up deletes only this run's keys.
RUN_PREFIX = f"monitor-test-{uuid.uuid4().hex[:12]}:"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(service: str, why: str) -> None:
    """Skip (locally) or fail (CI=true) the calling test: `service` is not available."""
    message = f"{service} is not available: {why}"
    if in_ci():
        pytest.fail(f"CI=true and {message} (.ci/run should have installed and started it)", pytrace=False)
    pytest.skip(message)


def delete_run_keys(redis_client, prefix: str = RUN_PREFIX) -> None:
    """Remove this run's keys only (never FLUSHDB: another run may share the database)."""
    keys = list(redis_client.scan_iter(match=prefix + "*", count=500))
    if keys:
        redis_client.delete(*keys)
