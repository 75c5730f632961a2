"""The scale path: pipeline stages as Celery tasks on a Redis broker.

poll_feed → fetch_entry → analyse_article, each on its own queue so slow NLP
never starves polling. Tasks are acknowledged late and re-queued when their
worker dies; transient failures retry with exponential backoff; a task that
still fails goes to the dead_letter table (`monitor replay` runs it again).
The stage code is the same as the in-process path (monitor.jobs.run): this
module only moves work between processes.
"""
from __future__ import annotations

import asyncio
import logging
import os
import traceback as tb
from dataclasses import dataclass, field
from datetime import timedelta

from celery import Celery, Task
from celery.signals import worker_process_init
from sqlalchemy.engine import Engine

from monitor.extract.dedupe import NearDuplicates, minhash_from_bytes
from monitor.feeds.poll import poll_feed
from monitor import retry
from monitor.http import Fetcher
from monitor.jobs.run import store_poll
from monitor.settings import Settings
from monitor.store import crud, work
from monitor.store.db import open_store, session_scope
from monitor.store.ingest import active_source, entry_outcome, feed_state, utcnow

log = logging.getLogger(__name__)
QUEUES = {"monitor.poll_feed": "poll", "monitor.fetch_entry": "fetch", "monitor.analyse_article": "analyse",
          "monitor.analyse_articles": "analyse"}
TRANSIENT_FETCH = {"timeout", "connection", "server_error", "rate_limited", "dns"}


@dataclass
class _ProcessState:
    """What one worker process loads once: its engine, the NLP pipeline, the near-duplicate index."""

    pid: int
    database_url: str
    engine: Engine
    near: NearDuplicates
    near_max_id: int = 0
    nlp: object | None = None
    extra: dict = field(default_factory=dict)


_STATE: _ProcessState | None = None


def process_state(settings: Settings) -> _ProcessState:
    global _STATE
    # engines must not cross a fork, nor serve another store's settings (tasks run in-process by tests)
    if _STATE is None or _STATE.pid != os.getpid() or _STATE.database_url != settings.database_url:
        _STATE = _ProcessState(pid=os.getpid(), database_url=settings.database_url,
                               engine=open_store(settings, upgrade=False),
                               near=NearDuplicates(settings.near_duplicate_threshold))
    return _STATE


def _refresh_near(state: _ProcessState, settings: Settings) -> None:
    """Add articles stored by any worker since this process last looked."""
    since = utcnow() - timedelta(days=settings.near_duplicate_window_days)
    with session_scope(state.engine) as s:
        rows = work.recent_minhashes(s, since, after_id=state.near_max_id)
    for aid, mh in rows:
        state.near.add(aid, minhash_from_bytes(mh))
        state.near_max_id = max(state.near_max_id, aid)


class PipelineTask(Task):
    """Late ack, re-queue on a lost worker, and a dead letter after the last retry."""

    acks_late = True
    reject_on_worker_lost = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):  # noqa: ANN001
        settings: Settings = self.app.conf.monitor_settings
        try:
            with session_scope(process_state(settings).engine) as s:
                work.add_dead_letter(s, self.name, list(args), f"{type(exc).__name__}: {exc}",
                                     str(einfo) if einfo else tb.format_exc(), self.request.retries + 1, utcnow())
        except Exception:
            log.exception("could not record dead letter", extra={"task": self.name, "args": args})


def transport_options(settings: Settings) -> dict:
    """Redis transport options. A task taken by a worker that vanished is handed on after the visibility
    timeout, but kombu only looks for such tasks every tenth sweep of ten seconds (about 100 s) and behind a
    lock that a worker killed while sweeping holds for 300 s: each sweep looks now, at least every
    timeout/2 seconds, and the lock lasts no longer than the timeout."""
    timeout = settings.task_visibility_timeout
    return {"visibility_timeout": timeout,
            "unacked_restore_interval": max(1, min(10, timeout // 2)),
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": max(1, min(300, timeout)),
            **({"global_keyprefix": settings.queue_prefix} if settings.queue_prefix else {})}


def make_celery(settings: Settings) -> Celery:
    if not settings.broker_url:
        raise ValueError("MONITOR_BROKER_URL is not set: the pipeline runs in-process")
    app = Celery("monitor", broker=settings.broker_url, task_cls=PipelineTask)
    app.conf.update(
        monitor_settings=settings,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_routes={name: {"queue": q} for name, q in QUEUES.items()},
        task_default_queue="poll",
        broker_transport_options=transport_options(settings),
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    # not shared: a shared task is added to every later app in this process, closing over the first settings
    retry_kw = dict(bind=True, shared=False, max_retries=settings.task_max_retries)

    def backoff(task: Task) -> float:
        """Countdown before the task's next try (Celery schedules it): monitor.retry's policy."""
        return retry.delay(task.request.retries + 1, settings.retry_backoff, settings.retry_backoff_max * 10)

    @app.task(name="monitor.poll_feed", **retry_kw)
    def poll_feed_task(self: Task, source_id: str) -> int:
        state = process_state(settings)
        with session_scope(state.engine) as s:
            src = active_source(s, source_id)
            if src is None:
                return 0
            fs = feed_state(src)

        async def go():
            async with Fetcher(settings) as fetcher:
                return await poll_feed(fetcher, source_id, fs, settings.validator_check_every)
        result = asyncio.run(go())
        with session_scope(state.engine) as s:
            new = store_poll(s, source_id, result, utcnow(), settings)
            pending = work.pending_entry_ids(s, source_id)
        for entry_id in pending:
            app.send_task("monitor.fetch_entry", args=[entry_id])
        return new

    @app.task(name="monitor.fetch_entry", **retry_kw)
    def fetch_entry_task(self: Task, entry_id: int) -> int | None:
        from monitor.jobs.run import RunReport, fetch_one, store_fetched

        state = process_state(settings)
        with session_scope(state.engine) as s:
            row = work.entry_with_flag(s, entry_id)
        if row is None:
            return None
        entry, fetch_article = row
        if entry.status != "pending":
            # a redelivery: the worker that stored the article may have died before it enqueued the
            # analysis, so enqueue it again while the article is unanalysed (analysis is idempotent)
            if entry.article_id is not None:
                with session_scope(state.engine) as s:
                    unanalysed = work.is_unanalysed(s, entry.article_id)
                if unanalysed:
                    app.send_task("monitor.analyse_article", args=[entry.article_id])
            return entry.article_id

        async def go():
            async with Fetcher(settings) as fetcher:
                return await fetch_one(settings, fetcher, entry, fetch_article)
        fetched = asyncio.run(go())
        _refresh_near(state, settings)
        report = RunReport()
        with session_scope(state.engine) as s:
            store_fetched(s, settings, fetched, state.near, report)
            status, article_id = entry_outcome(s, entry_id)
        if fetched.error is not None and status == "pending" and fetched.error.kind in TRANSIENT_FETCH:
            raise self.retry(exc=fetched.error, countdown=backoff(self))
        if fetched.error is not None and status == "pending":
            raise fetched.error
        if report.articles_stored and article_id is not None:
            app.send_task("monitor.analyse_article", args=[article_id])
        return article_id

    def analyse_ids(article_ids: list[int], reanalyse: bool) -> int:
        from monitor.nlp.pipeline import analyse_texts, load_pipeline
        from monitor.types import Analysis

        state = process_state(settings)
        with session_scope(state.engine) as s:
            todo = work.texts_of(s, article_ids, reanalyse=reanalyse)
        ok = [(aid, t, h) for aid, t, h in todo if len(t) <= settings.max_article_chars_nlp]
        if ok and state.nlp is None:
            state.nlp = load_pipeline(settings)
        results = list(analyse_texts(state.nlp, [(t, h) for _, t, h in ok], batch_size=settings.nlp_batch_size)) if ok else []
        analyses = dict(zip([aid for aid, _, _ in ok], results))
        with session_scope(state.engine) as s:
            for aid, _, _ in todo:
                crud.save_analysis(s, aid, analyses.get(aid) or Analysis(model_version="none", skipped="too_long"))
        return len(todo)

    @app.task(name="monitor.analyse_article", **retry_kw)
    def analyse_article_task(self: Task, article_id: int, reanalyse: bool = False) -> bool:
        return analyse_ids([article_id], reanalyse) == 1

    @app.task(name="monitor.analyse_articles", **retry_kw)
    def analyse_articles_task(self: Task, article_ids: list[int], reanalyse: bool = False) -> int:
        """A batch, so nlp.pipe can batch (backfills send these)."""
        return analyse_ids(article_ids, reanalyse)

    @worker_process_init.connect(weak=False)
    def _preload(**_kw) -> None:  # noqa: ANN003
        """Load the store and the NLP pipeline once per worker process, before the first task."""
        from monitor.nlp.pipeline import load_pipeline

        state = process_state(settings)
        if "analyse" in (app.conf.get("monitor_queues") or ["analyse"]) and state.nlp is None:
            state.nlp = load_pipeline(settings)

    return app


def enqueue(app: Celery, task: str, *args) -> None:  # noqa: ANN002
    app.send_task(task, args=list(args))
