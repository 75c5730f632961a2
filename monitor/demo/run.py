"""`monitor demo`: the whole pipeline, offline, on the bundled samples."""
from __future__ import annotations

import asyncio

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor import display
from monitor.demo.server import DemoServer
from monitor.jobs.run import RunReport, run_pass
from monitor.settings import Settings
from monitor.store.db import location, open_store
from monitor.store.work import sample_claims, stats


def demo_settings(settings: Settings) -> Settings:
    """The demo talks to its own loopback server, quickly."""
    hosts = sorted(set(settings.allowed_hosts) | {"127.0.0.1"})
    return settings.model_copy(update={"allowed_hosts": hosts, "per_host_delay": 0.0, "per_host_concurrency": 8})


def run_demo(settings: Settings, console: Console, analyse: bool = True) -> RunReport:
    settings = demo_settings(settings)
    engine = open_store(settings)
    with DemoServer.on_port(settings.demo_port) as server:
        console.print(f"serving the bundled sample feeds at {server.base}")
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console) as progress:
            report = asyncio.run(run_pass(settings, engine, server.feeds(), force=True, analyse=analyse,
                                          progress=progress))
    counts = stats(engine)
    console.print(f"[bold]database[/]: {location(settings)}")
    console.print(f"articles {counts['articles']}, duplicates linked {counts['duplicates_linked']} "
                  f"(near {counts['near_duplicates_linked']}), skipped {sum(counts['skipped_by_reason'].values())}"
                  f"{' (' + display.counts(counts['skipped_by_reason']) + ')' if counts['skipped_by_reason'] else ''}, "
                  f"analysed {counts['analysed_articles']}: {counts['entities']} entities, {counts['quotes']} quotes, "
                  f"{counts['figures']} figures")
    quotes, figures = sample_claims(engine)
    for q, title in quotes:
        console.print(escape(f"  “{display.shorten(display.quote(q.text), 100)}” — {q.speaker or '?'} "
                             f"({display.shorten(title or '', 60)})"))
    for f in figures:
        about = f" — {f.subject}" if f.subject else ""
        console.print(escape(f"  {display.figure(f.value, f.unit, f.unit_word)}{about} (“{f.text}”)"))
    console.print("\nnext: [bold]monitor stats[/], [bold]monitor feeds[/], [bold]monitor search \"kemitraan\"[/], "
                  "[bold]monitor digest --dry-run --out digest/[/], [bold]monitor export mentions -o mentions.csv[/], "
                  "[bold]monitor serve[/]")
    return report
