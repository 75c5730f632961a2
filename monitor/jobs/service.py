"""`monitor run`: the long-running service loop.

Polls feeds when due, fetches, analyses and sends digests on schedule. SIGTERM
and SIGINT end the loop after the current step; every step is transactional,
so even a SIGKILL loses nothing.
"""
from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime, timezone
from typing import Awaitable, Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from monitor.feeds.config import load_feeds
from monitor.jobs.run import run_pass
from monitor.settings import Settings

log = logging.getLogger(__name__)


def _first_line(exc: OperationalError) -> str:
    """The driver's message without SQLAlchemy's SQL echo and background link."""
    return (str(exc.orig or exc).splitlines() or [""])[0][:300]


async def loop_forever(settings: Settings, tick: Callable[[], Awaitable[None]], *, once: bool = False,
                       name: str = "service", **started: object) -> None:
    """The one scheduler loop (in-process service and distributed scheduler): run `tick` every
    settings.run_interval seconds until SIGTERM/SIGINT, which end it after the current tick. `tick`
    handles its own errors; one that escapes is logged and the loop goes on."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    log.info(f"{name} started", extra=started)
    while not stop.is_set():
        try:
            await tick()
        except Exception:
            log.exception(f"{name}: step failed")
        if once:
            break
        try:
            await asyncio.wait_for(stop.wait(), timeout=settings.run_interval)
        except asyncio.TimeoutError:
            pass
    log.info(f"{name} stopped")


async def serve_forever(settings: Settings, engine: Engine, *, once: bool = False, feeds=None) -> None:  # noqa: ANN001
    async def tick() -> None:
        try:
            sources = feeds if feeds is not None else load_feeds(settings.feeds_file)
            report = await run_pass(settings, engine, sources)
            log.info("pass done", extra={"polled": report.feeds_polled, "not_modified": report.feeds_not_modified,
                                         "new_entries": report.new_entries, "articles": report.articles_stored,
                                         "duplicates": sum(report.duplicates.values()),
                                         "skipped": sum(report.skipped.values()),
                                         "feed_errors": sum(report.feed_errors.values()), "analysed": report.analysed})
        except OperationalError as exc:  # database down or restarting: one line, and try again next pass
            log.error("pass failed: database unavailable", extra={"error": _first_line(exc)})
        except Exception:  # the service must survive any one pass failing
            log.exception("pass failed")
        try:
            from monitor.digest.send import send_due_digests

            await asyncio.to_thread(send_due_digests, settings, engine, datetime.now(timezone.utc))
        except ImportError:
            pass
        except OperationalError as exc:
            log.error("digest sending failed: database unavailable", extra={"error": _first_line(exc)})
        except Exception:
            log.exception("digest sending failed")
        try:
            from monitor.digest.alerts import send_due_alerts

            await asyncio.to_thread(send_due_alerts, settings, engine, datetime.now(timezone.utc))
        except OperationalError as exc:
            log.error("alert sending failed: database unavailable", extra={"error": _first_line(exc)})
        except Exception:
            log.exception("alert sending failed")

    await loop_forever(settings, tick, once=once, name="service",
                       database=engine.url.render_as_string(hide_password=True))
