"""Scheduling, backfill and replay for the scale path (and their in-process twins).

With MONITOR_BROKER_URL set, due feeds and backfills are enqueued for
workers; without it the same commands run the stages in this process.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.settings import Settings
from monitor.store.db import session_scope
from monitor.store.ingest import lease_due_sources, sync_sources, utcnow
from monitor.store import work
from monitor.store.models import DeadLetter
from monitor.types import FeedSource

log = logging.getLogger(__name__)


def enqueue_due(settings: Settings, engine: Engine, app, feeds: list[FeedSource] | None, *,  # noqa: ANN001
                force: bool = False) -> int:
    """Enqueue a poll task for every due feed, leased so the next tick does not enqueue it again."""
    now = utcnow()
    with session_scope(engine) as s:
        if feeds is not None:
            sync_sources(s, feeds, now)
        # a lease, not the schedule: the poll task sets the real next poll; if the task is lost
        # (broker restart), the feed falls due again after the visibility timeout
        ids = lease_due_sources(s, now, now + timedelta(seconds=settings.task_visibility_timeout), force=force)
    for sid in ids:
        app.send_task("monitor.poll_feed", args=[sid])
    return len(ids)


def requeue_stale(settings: Settings, engine: Engine, app, limit: int = 5000) -> int:  # noqa: ANN001
    """Re-enqueue work whose task was lost (a broker restarted without persistence, a purged queue):
    entries still pending and articles still unanalysed well after they were stored. Tasks are
    idempotent, so a task that was merely slow and runs twice does no harm."""
    cutoff = utcnow() - timedelta(seconds=settings.task_visibility_timeout)
    with Session(engine) as s:
        entries, articles = work.stale_work(s, cutoff, limit)
    for eid in entries:
        app.send_task("monitor.fetch_entry", args=[eid])
    size = max(1, settings.nlp_batch_size)
    for i in range(0, len(articles), size):
        app.send_task("monitor.analyse_articles", args=[list(articles[i:i + size])])
    if entries or articles:
        log.info("stale work re-enqueued", extra={"entries": len(entries), "articles": len(articles)})
    return len(entries) + len(articles)


async def schedule_forever(settings: Settings, engine: Engine, app, load_feeds, *, once: bool = False) -> None:  # noqa: ANN001
    """The distributed scheduler: the service loop, enqueueing due polls and lost work instead of running them."""
    from monitor.jobs.service import loop_forever

    async def tick() -> None:
        try:
            n = enqueue_due(settings, engine, app, load_feeds())
            if n:
                log.info("polls enqueued", extra={"feeds": n})
            requeue_stale(settings, engine, app)
        except Exception:
            log.exception("scheduling failed")

    await loop_forever(settings, tick, once=once, name="distributed scheduler", broker=settings.broker_url)


def backfill_ids(engine: Engine, since: datetime, feed_id: str | None = None) -> list[int]:
    with Session(engine) as s:
        return work.article_ids_since(s, since, feed_id)


def replay_in_process(settings: Settings, engine: Engine, letter: DeadLetter) -> None:
    """Run a dead task's stage here (used when there is no broker)."""
    from monitor.jobs.run import RunReport, analyse_pending, fetch_pending, poll_all
    from monitor.http import Fetcher
    from monitor.store import crud
    from monitor.nlp.pipeline import analyse_texts, load_pipeline

    if letter.task == "monitor.analyse_article":
        with Session(engine) as s:
            item = work.article_text(s, letter.args[0])
        if item is not None:
            analysis = next(analyse_texts(load_pipeline(settings), [item]))
            with session_scope(engine) as s:
                crud.save_analysis(s, letter.args[0], analysis)
        return

    async def go() -> None:
        report = RunReport()
        async with Fetcher(settings) as fetcher:
            if letter.task == "monitor.poll_feed":
                await poll_all(settings, engine, fetcher, report, feed_id=letter.args[0], force=True)
            await fetch_pending(settings, engine, fetcher, report)
    asyncio.run(go())
    analyse_pending(settings, engine)


def mark_replayed(engine: Engine, letter_id: int) -> None:
    with session_scope(engine) as s:
        work.mark_replayed(s, letter_id)
