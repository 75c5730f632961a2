"""One pass of the pipeline: poll → fetch → extract → dedupe → store, then analyse.

The one place where stage errors are handled: each feed's poll result is
stored in one transaction and each entry is processed in its own, so a crash
or kill at any moment leaves nothing half-written, and the next run resumes
with the entries still pending.
"""
from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from rich.progress import Progress
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.errors import ConfigError, FetchError, Skip
from monitor.extract.article import check_language, decode_html, extract_page, is_teaser
from monitor.extract.dedupe import NearDuplicates, canonical_url, clean_link, content_hash, minhash, minhash_bytes, minhash_from_bytes
from monitor.extract.outlets import load_rules, rules_for, single_page_url
from monitor.feeds.keys import entry_rows
from monitor.feeds.poll import poll_feed
from monitor.feeds.schedule import next_interval
from monitor.http import Fetcher
from monitor.settings import Settings
from monitor.store import crud, ingest, work
from monitor.store.db import session_scope
from monitor.store.ingest import due_sources, feed_state, sync_sources, utcnow
from monitor.store.models import Entry
from monitor.types import ExtractedArticle, FeedSource, FetchedEntry, PollResult

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
POLL_STORE_BATCH = 25  # feeds stored per transaction


@dataclass
class RunReport:
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feed_errors: Counter = field(default_factory=Counter)
    new_entries: int = 0
    articles_stored: int = 0
    duplicates: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    fetch_errors: Counter = field(default_factory=Counter)
    analysed: int = 0


class _Progress:
    """A rich progress bar when asked for, else nothing."""

    def __init__(self, progress: Progress | None):
        self.p = progress

    def task(self, name: str, total: int | None):
        return self.p.add_task(name, total=total) if self.p else None

    def advance(self, task, n: int = 1) -> None:  # noqa: ANN001
        if self.p and task is not None:
            self.p.advance(task, n)


def load_near_index(session: Session, settings: Settings) -> NearDuplicates:
    index = NearDuplicates(settings.near_duplicate_threshold)
    since = utcnow() - timedelta(days=settings.near_duplicate_window_days)
    for aid, mh in work.recent_minhashes(session, since):
        index.add(aid, minhash_from_bytes(mh))
    return index


def store_poll(session: Session, source_id: str, result: PollResult, now: datetime, settings: Settings) -> int:
    """Store a poll's new entries and the feed's health, and schedule its next poll; returns new entries."""
    new = ingest.insert_entries(session, entry_rows(source_id, result.entries, now))
    source = ingest.record_poll(session, source_id, result, new, now)
    base = source.interval or settings.poll_interval
    interval, reason = next_interval(source.current_interval, base, new, source.consecutive_failures,
                                     settings.min_poll_interval, max(settings.max_poll_interval, base),
                                     result.retry_after)
    ingest.schedule_next_poll(session, source, interval, reason, now)
    return new


async def poll_all(settings: Settings, engine: Engine, fetcher: Fetcher, report: RunReport, *,
                   feed_id: str | None = None, force: bool = False, progress: Progress | None = None) -> None:
    bar = _Progress(progress)
    with session_scope(engine) as session:
        sources = [(s.id, feed_state(s)) for s in due_sources(session, utcnow(), feed_id, force)]
    task = bar.task("polling feeds", len(sources))

    async def one(sid, state):  # noqa: ANN001
        return sid, await poll_feed(fetcher, sid, state, settings.validator_check_every)

    def store(batch: list) -> None:
        """One transaction for a batch of feeds (cheaper than one each); if it fails, one per feed,
        so a feed whose result cannot be stored does not hold back the others."""
        try:
            with session_scope(engine) as session:
                counts = [store_poll(session, sid, result, utcnow(), settings) for sid, result in batch]
        except Exception:
            if len(batch) > 1:
                for item in batch:
                    store([item])
                return
            log.exception("storing poll result failed", extra={"feed": batch[0][0]})
            report.feed_errors["store"] += 1
            return
        for (sid, result), new in zip(batch, counts):
            report.feeds_polled += 1
            report.new_entries += new
            if result.status == "not_modified":
                report.feeds_not_modified += 1
            elif result.status == "error":
                report.feed_errors[result.error_kind or "error"] += 1
                log.warning("feed poll failed", extra={"feed": sid, "kind": result.error_kind, "error": result.error})
            bar.advance(task)

    pending: list = []
    for fut in asyncio.as_completed([one(sid, st) for sid, st in sources]):
        pending.append(await fut)
        if len(pending) >= POLL_STORE_BATCH:
            store(pending)
            pending = []
    if pending:
        store(pending)


# Page verdicts after which the feed's own text is not stored instead: the page is not an article.
_FINAL_SKIPS = {"listing", "empty", "binary", "bad_date"}
_HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}


@lru_cache(maxsize=4)
def _feeds_by_id(path: str, mtime: float) -> dict[str, FeedSource]:
    from monitor.feeds.config import load_feeds

    return {f.id: f for f in load_feeds(Path(path))}


def _feed_config(settings: Settings, source_id: str) -> FeedSource | None:
    """The feeds.yaml entry of a source (its time zone and language), if the file still names it."""
    try:
        path = Path(settings.feeds_file)
        return _feeds_by_id(str(path), path.stat().st_mtime).get(source_id)
    except Exception:  # a missing or broken feeds.yaml is reported by poll; here the defaults do
        return None


def _outlet_rules(settings: Settings) -> tuple:
    """The outlet rules; a broken rules file is logged and the generic rules alone are used."""
    try:
        return load_rules(str(settings.outlet_rules) if settings.outlet_rules else None)
    except ConfigError as exc:
        log.error("outlet rules not used", extra={"error": str(exc)})
        return ()


async def fetch_one(settings: Settings, fetcher: Fetcher, entry: Entry, fetch_article: bool) -> FetchedEntry:
    """Fetch and extract the entry's page (or take the feed's own text); never raises a FetchError or Skip."""
    feed_text = entry.summary or ""
    feed = _feed_config(settings, entry.source_id)
    tz = (feed.timezone if feed else None) or settings.outlet_timezone
    feed_lang = feed.language if feed else None
    if fetch_article and settings.fetch_articles and entry.url:
        try:
            if not await fetcher.robots_allow(entry.url):
                raise Skip("robots", f"robots.txt disallows {entry.url}")
            rules = rules_for(entry.url, _outlet_rules(settings))
            resp = None
            if rules.single_page:  # the whole of a multi-page article
                full = single_page_url(entry.url, rules)
                resp = await fetcher.get(full, _HTML) if await fetcher.robots_allow(full) else None
                resp = resp if resp is not None and resp.status < 400 else None
            via_single = resp is not None
            resp = resp or await fetcher.get(entry.url, _HTML)
            if resp.status in (404, 410):
                raise Skip(f"http_{resp.status}", entry.url)
            if resp.status >= 400:
                raise FetchError(f"http_{resp.status}", entry.url, status=resp.status)
            html = decode_html(resp.body, resp.encoding)
            art = await asyncio.to_thread(
                extract_page, html, resp.final_url, fallback_title=entry.title, feed_published=entry.published,
                tz=tz, rules=rules, min_chars=settings.min_article_chars)
            # the single-page view is how the text was read, not the article's address
            art = replace(art, url=entry.url if via_single else resp.final_url, lang=feed_lang)
            return FetchedEntry(entry.id, art, "page")
        except FetchError as exc:
            return FetchedEntry(entry.id, error=exc)
        except Skip as exc:
            if exc.reason in _FINAL_SKIPS or len(feed_text) < settings.min_article_chars and not is_teaser(feed_text):
                return FetchedEntry(entry.id, skip=exc)
            log.info("using the feed's text", extra={"entry": entry.id, "reason": exc.reason})
    if is_teaser(feed_text) and len(feed_text) >= 40:
        # stored and counted, not analysed
        return FetchedEntry(entry.id, ExtractedArticle(url=entry.url or "", title=entry.title, text=feed_text,
                                                       published=entry.published, lang=feed_lang, kind="teaser"), "feed")
    if len(feed_text) < settings.min_article_chars:
        return FetchedEntry(entry.id, skip=Skip("no_text", f"feed text of {len(feed_text)} characters"))
    return FetchedEntry(entry.id, ExtractedArticle(url=entry.url or "", title=entry.title, text=feed_text,
                                                   published=entry.published, lang=feed_lang), "feed")


def store_fetched(session: Session, settings: Settings, f: FetchedEntry, near: NearDuplicates, report: RunReport) -> None:
    """Decide what a fetched entry becomes (failed, skipped, a duplicate's link, a new article) and store it."""
    entry = ingest.lock_pending_entry(session, f.entry_id)
    if entry is None:
        return
    if f.error is not None:
        report.fetch_errors[f.error.kind] += 1
        ingest.entry_failed(session, entry, str(f.error), give_up=entry.attempts >= MAX_ATTEMPTS)
        return
    try:
        if f.skip is not None:
            raise f.skip
        lang = check_language(f.article.text, settings.languages,
                              fallback=f.article.lang if f.article.kind != "article" else None)
    except Skip as exc:
        report.skipped[exc.reason] += 1
        ingest.entry_skipped(session, entry, exc.reason)
        return
    art = f.article
    url = art.url or entry.url or ""
    canon = canonical_url(url) if url else f"entry:{entry.id}"
    chash = content_hash(art.text)
    sig = minhash(art.text)
    found = ingest.stored_copy(session, canon, entry.canonical_url, chash)
    if found is None and (near_id := near.find(sig)) is not None:
        found = (near_id, "near")
    if found is not None:
        ingest.link_entry(session, entry, found[0], found[1])
        report.duplicates[found[1]] += 1
        return
    values = dict(source_id=entry.source_id, url=clean_link(url) if url else canon, canonical_url=canon,
                  title=art.title or entry.title, author=", ".join(art.authors) or None,
                  published=art.published or entry.published, fetched_at=utcnow(), text=art.text,
                  lang=lang, content_hash=chash, minhash=minhash_bytes(sig), text_source=f.text_source, kind=art.kind)
    if art.kind != "article":  # teasers, photo and video pages are stored and counted, not analysed as prose
        values.update(analysed_at=utcnow(), analysis_skipped=f"kind:{art.kind}")
    article_id, new = ingest.insert_article(session, values)
    if not new:
        ingest.link_entry(session, entry, article_id, "url")
        report.duplicates["url"] += 1
        return
    ingest.link_entry(session, entry, article_id)
    near.add(article_id, sig)
    if art.kind != "article":  # never analysed, so indexed here: its title is found in search, marked with its kind
        from monitor.store import fts

        fts.reindex_article(session, article_id)
    report.articles_stored += 1


async def fetch_pending(settings: Settings, engine: Engine, fetcher: Fetcher, report: RunReport, *,
                        feed_id: str | None = None, progress: Progress | None = None, limit: int = 5000) -> None:
    bar = _Progress(progress)
    with session_scope(engine) as session:
        pending = work.pending_entries(session, feed_id=feed_id, limit=limit)
        near = load_near_index(session, settings)
    task = bar.task("fetching articles", len(pending))
    sem = asyncio.Semaphore(settings.concurrency)

    async def one(entry: Entry, fetch_article: bool) -> FetchedEntry:
        async with sem:
            return await fetch_one(settings, fetcher, entry, fetch_article)

    # Store in publication order: the earliest copy of a story is the one kept, whatever the poll order.
    tasks = [asyncio.ensure_future(one(e, fa)) for e, fa in pending]
    for t in tasks:
        fetched = await t
        try:
            with session_scope(engine) as session:
                store_fetched(session, settings, fetched, near, report)
        except Exception:
            log.exception("storing article failed", extra={"entry": fetched.entry_id})
            report.fetch_errors["store"] += 1
        bar.advance(task)


def analyse_pending(settings: Settings, engine: Engine, *, progress: Progress | None = None, limit: int | None = None,
                    reanalyse: bool = False) -> int:
    """Run the NLP pipeline over stored articles not yet analysed (or all, with reanalyse)."""
    from monitor.nlp.pipeline import analyse_texts, load_pipeline
    from monitor.types import Analysis

    bar = _Progress(progress)
    with session_scope(engine) as session:
        todo = work.texts_to_analyse(session, reanalyse=reanalyse, limit=limit)
    if not todo:
        return 0
    task = bar.task("analysing articles", len(todo))
    nlp = load_pipeline(settings)
    done = 0
    chunk = max(1, settings.nlp_batch_size) * 4
    for i in range(0, len(todo), chunk):
        batch = todo[i:i + chunk]
        ok = [(aid, text, title) for aid, text, title in batch if len(text) <= settings.max_article_chars_nlp]
        too_long = [aid for aid, text, _ in batch if len(text) > settings.max_article_chars_nlp]
        # (text, headline): stance weighs the headline most
        analyses = analyse_texts(nlp, ((t, h) for _, t, h in ok), batch_size=settings.nlp_batch_size)
        for (aid, _, _), analysis in zip(ok, analyses):
            with session_scope(engine) as session:
                crud.save_analysis(session, aid, analysis)
            done += 1
            bar.advance(task)
        for aid in too_long:
            with session_scope(engine) as session:
                crud.save_analysis(session, aid, Analysis(model_version="none", skipped="too_long"))
            bar.advance(task)
    return done


async def run_pass(settings: Settings, engine: Engine, feeds: list[FeedSource] | None, *, feed_id: str | None = None,
                   force: bool = False, analyse: bool = True, progress: Progress | None = None,
                   fetcher: Fetcher | None = None) -> RunReport:
    """Sync sources, poll due (or all, with force) feeds, fetch pending entries, analyse."""
    report = RunReport()
    if feeds is not None:
        with session_scope(engine) as session:
            sync_sources(session, feeds, utcnow())
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        await poll_all(settings, engine, fetcher, report, feed_id=feed_id, force=force, progress=progress)
        await fetch_pending(settings, engine, fetcher, report, feed_id=feed_id, progress=progress)
    finally:
        if own:
            await fetcher.aclose()
    if analyse:
        report.analysed = await asyncio.to_thread(analyse_pending, settings, engine, progress=progress)
    return report
