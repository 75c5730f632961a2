"""Ingestion and service commands: poll, run, worker, backfill, replay, feeds, stats, settings, check."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()
from monitor.errors import ConfigError

console = Console(stderr=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False)


def _engine(settings, must_exist: bool = False):  # noqa: ANN001, ANN202
    from monitor.store.db import open_store

    return open_store(settings, must_exist=must_exist)


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """'1 article', '2 articles': operator output reads as English."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _print_report(report) -> None:  # noqa: ANN001
    console.print(f"polled {_n(report.feeds_polled, 'feed')} ({report.feeds_not_modified} unchanged), "
                  f"{_n(report.new_entries, 'new entry', 'new entries')}, {_n(report.articles_stored, 'article')} stored, "
                  f"{_n(sum(report.duplicates.values()), 'duplicate')} linked{_by(report.duplicates)}, "
                  f"{sum(report.skipped.values())} skipped{_by(report.skipped)}, "
                  f"{report.analysed} analysed")
    if report.feed_errors or report.fetch_errors:
        console.print(f"[yellow]errors: feeds {sum(report.feed_errors.values())}{_by(report.feed_errors)}, "
                      f"articles {sum(report.fetch_errors.values())}{_by(report.fetch_errors)}[/]")


def _by(counts) -> str:  # noqa: ANN001
    """' (url 2, near 1)': the counts behind a total, as words (no Python dict)."""
    from monitor import display

    return f" ({display.counts(dict(counts))})" if counts else ""


@app.command()
def poll(feed: Optional[str] = typer.Option(None, "--feed", help="Poll only this feed id."),
         analyse: bool = typer.Option(True, "--analyse/--no-analyse", help="Run the NLP pipeline on new articles.")) -> None:
    """One pass: poll every feed (or one), fetch and extract new articles, analyse them."""
    from monitor.feeds.config import load_feeds
    from monitor.jobs.run import run_pass

    settings = _settings()
    try:
        feeds = load_feeds(settings.feeds_file)
    except ConfigError as exc:
        _fail(str(exc))
    if feed and feed not in {f.id for f in feeds}:
        _fail(f"no feed with id {feed!r} in {settings.feeds_file}")
    engine = _engine(settings)
    with _progress() as progress:
        report = asyncio.run(run_pass(settings, engine, feeds, feed_id=feed, force=True, analyse=analyse,
                                      progress=progress))
    _print_report(report)
    failed = sum(report.feed_errors.values())
    if failed and failed >= report.feeds_polled:
        # nothing could be read: a scheduler (cron, systemd) must see it; exit 1, not an operator mistake (2)
        console.print(f"[red]every feed failed ({failed} of {max(failed, report.feeds_polled)}): "
                      f"see `monitor feeds` for each one's last error[/]")
        raise typer.Exit(1)


@app.command()
def run(once: bool = typer.Option(False, "--once", help="One pass of the loop, then exit."),
        distributed: bool = typer.Option(False, "--distributed", help="Enqueue due polls for Celery workers "
                                         "(needs MONITOR_BROKER_URL) instead of running the stages here.")) -> None:
    """The service: poll on schedule, fetch, extract, analyse, send digests; stops cleanly on SIGTERM/SIGINT."""
    from monitor.feeds.config import load_feeds

    settings = _settings()
    try:
        load_feeds(settings.feeds_file)
    except ConfigError as exc:
        _fail(str(exc))
    if distributed:
        from monitor.jobs.distributed import schedule_forever
        from monitor.jobs.tasks import make_celery

        if not settings.broker_url:
            _fail("--distributed needs MONITOR_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
        asyncio.run(schedule_forever(settings, _engine(settings), make_celery(settings),
                                     lambda: load_feeds(settings.feeds_file), once=once))
        return
    from monitor.jobs.service import serve_forever

    asyncio.run(serve_forever(settings, _engine(settings), once=once))


@app.command()
def worker(queues: Optional[str] = typer.Option(None, "--queues", help="Comma-separated queues (default: poll,fetch,analyse)."),
           concurrency: int = typer.Option(1, "--concurrency", help="Worker processes."),
           loglevel: str = typer.Option("INFO", "--loglevel")) -> None:
    """Start a Celery worker for the pipeline stages (needs MONITOR_BROKER_URL)."""
    from monitor.jobs.tasks import make_celery

    settings = _settings()
    if not settings.broker_url:
        _fail("monitor worker needs MONITOR_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    _engine(settings).dispose()  # migrate once before the pool forks
    from monitor.nlp.e5.features import for_processes

    settings = for_processes(settings, concurrency)  # each pool process encodes with its share of the cores
    app_ = make_celery(settings)
    qs = queues or ",".join(settings.worker_queues)
    app_.conf.monitor_queues = qs.split(",")
    app_.worker_main(["worker", "-Q", qs, "-c", str(concurrency), "--pool", "prefork", "-l", loglevel,
                      "-n", f"monitor-{qs.replace(',', '-')}@%h", "--without-gossip", "--without-mingle"])


@app.command()
def backfill(since: str = typer.Option(..., "--since", help="ISO date: (re-)analyse articles published since then."),
             feed: Optional[str] = typer.Option(None, "--feed", help="Only articles from this feed.")) -> None:
    """Re-analyse stored history (e.g. with a new model version): enqueued on workers, or run here without a broker."""
    from monitor.jobs.distributed import backfill_ids
    from monitor.extract.dates import parse_iso

    settings = _settings()
    when = parse_iso(since if "T" in since else since + "T00:00:00+07:00")
    if when is None:
        _fail(f"--since: not an ISO date: {since!r}")
    engine = _engine(settings, must_exist=True)
    ids = backfill_ids(engine, when, feed)
    if settings.broker_url:
        from monitor.jobs.tasks import make_celery

        app_ = make_celery(settings)
        with _progress() as progress:
            task = progress.add_task("enqueueing", total=len(ids))
            size = max(1, settings.nlp_batch_size)
            for i in range(0, len(ids), size):
                app_.send_task("monitor.analyse_articles", args=[ids[i:i + size], True])
                progress.advance(task, len(ids[i:i + size]))
        console.print(f"enqueued {_n(len(ids), 'article')} for analysis")
        return
    from monitor.nlp.pipeline import analyse_texts, load_pipeline
    from monitor.store import crud
    from monitor.store.db import session_scope
    from monitor.store.work import article_text

    nlp = load_pipeline(settings)
    with _progress() as progress:
        task = progress.add_task("re-analysing", total=len(ids))
        for aid in ids:
            with session_scope(engine) as s:
                item = article_text(s, aid)
            if item is None:  # deleted since it was listed
                progress.advance(task)
                continue
            analysis = next(analyse_texts(nlp, [item]))
            with session_scope(engine) as s:
                crud.save_analysis(s, aid, analysis)
            progress.advance(task)
    console.print(f"re-analysed {_n(len(ids), 'article')}")


@app.command()
def replay(letter_id: Optional[int] = typer.Option(None, "--id", help="Replay one dead letter (default: all not yet replayed)."),
           list_only: bool = typer.Option(False, "--list", help="Only list the dead letters.")) -> None:
    """Re-run pipeline tasks that ended in the dead-letter table."""
    from sqlmodel import Session

    from monitor.jobs.distributed import mark_replayed, replay_in_process
    from monitor.store.work import dead_letters

    settings = _settings()
    engine = _engine(settings, must_exist=True)
    with Session(engine) as s:
        letters = dead_letters(s, letter_id)
    if letter_id is not None and not letters:
        _fail(f"no dead letter {letter_id} (monitor replay --list shows those waiting)")
    if list_only or not letters:
        for d in letters:
            typer.echo(f"{d.id}\t{d.task}\t{d.args}\t{d.created_at:%Y-%m-%d %H:%M}\t{d.error[:100]}")
        if not letters:
            console.print("no dead letters to replay")
        return
    app_ = None
    if settings.broker_url:
        from monitor.jobs.tasks import make_celery

        app_ = make_celery(settings)
    for d in letters:
        if app_ is not None:
            app_.send_task(d.task, args=d.args)
        else:
            replay_in_process(settings, engine, d)
        mark_replayed(engine, d.id)
    console.print(f"replayed {_n(len(letters), 'task')} {'on the workers' if app_ else 'in this process'}")


def _ago(when: datetime | None) -> str:
    if when is None:
        return "never"
    secs = (datetime.now(timezone.utc) - when).total_seconds()
    for unit, n in (("d", 86400), ("h", 3600), ("m", 60)):
        if secs >= n:
            return f"{secs / n:.0f}{unit} ago"
    return f"{secs:.0f}s ago"


@app.command()
def feeds(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Health of every feed: last status, successes, failures, items, and why it is polled at its interval."""
    from sqlmodel import Session

    from monitor.store.work import active_sources

    from monitor import display

    settings = _settings()
    engine = _engine(settings, must_exist=True)
    now = datetime.now(timezone.utc)
    with Session(engine) as session:
        sources = active_sources(session)
    stale = settings.stale_after_days * 86400
    rows = []
    for s in sources:
        warn = ""
        if s.last_success and (s.last_new_item is None or (now - s.last_new_item).total_seconds() > stale) \
                and s.polls > 1:
            warn = f"answers but nothing new for {settings.stale_after_days:g}+ days"
        if s.consecutive_failures >= 3:
            warn = f"failing ({s.consecutive_failures} in a row): {s.last_error or ''}"[:120]
        rows.append({"id": s.id, "name": s.name, "url": s.url, "last_status": s.last_status,
                     "last_success": s.last_success.isoformat() if s.last_success else None,
                     "consecutive_failures": s.consecutive_failures, "items_seen": s.items_seen,
                     "last_new_item": s.last_new_item.isoformat() if s.last_new_item else None,
                     "interval_s": s.current_interval, "interval_reason": s.interval_reason,
                     "validators_trusted": s.validators_trusted, "warning": warn or None,
                     "_last_success": s.last_success, "_last_new": s.last_new_item})
    if as_json:
        typer.echo(json.dumps([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], indent=2))
        return
    from rich.markup import escape

    table = Table(title=f"{len(rows)} feeds")
    for col in ("feed", "status", "last success", "fails", "items", "last new", "interval", "why", "warning"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], r["last_status"] or "-", _ago(r["_last_success"]), str(r["consecutive_failures"]),
                      display.number(r["items_seen"]), _ago(r["_last_new"]),
                      f"{(r['interval_s'] or settings.poll_interval) // 60} min", r["interval_reason"] or "not polled yet",
                      f"[yellow]{escape(r['warning'])}[/]" if r["warning"] else "")
    Console().print(table)


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON (snake_case keys).")) -> None:
    """Counts: sources, feed entries, articles, duplicates, skipped by reason, analysed, entities, quotes, figures."""
    from monitor.store.work import stats as compute

    from monitor import display
    from monitor.store.db import location

    settings = _settings()
    data = compute(_engine(settings, must_exist=True))
    typer.echo(f"database: {location(settings)}", err=as_json)
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    table = Table(title="monitor stats")
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in data.items():
        shown = (display.counts(v) or "-") if isinstance(v, dict) else display.number(v) if isinstance(v, (int, float)) else str(v)
        table.add_row(k.replace("_", " "), shown)
    Console().print(table)


@app.command("settings")
def show_settings(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every setting with its environment variable, current value and meaning."""
    from monitor.settings import Settings

    settings = _settings()
    rows = []
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if "password" in name or "token" in name:
            value = "***" if value else None
        rows.append({"env": f"MONITOR_{name.upper()}", "value": str(value) if value is not None else None,
                     "description": field.description})
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="settings (environment variables)")
    for col in ("variable", "value", "meaning"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["env"], r["value"] or "", r["description"])
    Console().print(table)


@app.command()
def check(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Check the store: database integrity, orphan rows, search index in step. Exit 1 when something is wrong."""
    from monitor.store.check import check_store

    settings = _settings()
    findings = check_store(_engine(settings, must_exist=True))
    bad = [f for f in findings if not f.ok]
    if as_json:
        typer.echo(json.dumps([{"check": f.check, "problems": f.problems, "detail": f.detail} for f in findings], indent=2))
    else:
        table = Table(title="monitor check")
        for col in ("check", "result"):
            table.add_column(col)
        for f in findings:
            table.add_row(f.check, "[green]ok[/]" if f.ok else f"[red]{f.problems} problem(s)[/] {f.detail}")
        Console().print(table)
    if bad:
        raise typer.Exit(1)
