"""CLI commands of monitor.digest."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()


@app.command()
def digest(
    day: Optional[str] = typer.Option(None, "--date", help="Day to digest, YYYY-MM-DD (default: yesterday in each subscriber's time zone)."),
    subscriber: Optional[str] = typer.Option(None, "--subscriber", help="Only this subscriber's address."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write .eml and .html files instead of sending."),
    out: Path = typer.Option(Path("digests"), "--out", help="Folder for --dry-run files."),
) -> None:
    """Build the daily digests and send them by SMTP (each subscriber and day at most once)."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from monitor.digest.send import send_now, write_digests
    from monitor.digest.subscribers import load_subscribers, placeholder_subscriber
    from monitor.errors import ConfigError
    from monitor.store.db import open_store

    settings = _settings()
    try:
        period = date.fromisoformat(day) if day else None
    except ValueError:
        _fail(f"--date {day!r} is not a date (YYYY-MM-DD)")
    if settings.subscribers_file is None:
        if not dry_run:
            _fail("no subscribers file: set MONITOR_SUBSCRIBERS_FILE, or use --dry-run to see a sample digest")
        subscribers = [placeholder_subscriber()]
    else:
        try:
            subscribers = load_subscribers(settings.subscribers_file)
        except ConfigError as exc:
            _fail(str(exc))
    if subscriber:
        subscribers = [s for s in subscribers if s.key == subscriber.strip().lower()]
        if not subscribers:
            _fail(f"--subscriber {subscriber}: not in {settings.subscribers_file}" if settings.subscribers_file else
                  f"--subscriber {subscriber}: no subscribers file (set MONITOR_SUBSCRIBERS_FILE; without it "
                  "--dry-run renders one all-topics digest)")
    engine = open_store(settings, must_exist=dry_run)
    console = Console(stderr=True)
    if dry_run:
        for path in write_digests(settings, engine, subscribers, period, out):
            typer.echo(str(path))
        return
    table = Table("subscriber", "period", "status", "attempts", "error")
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("sending digests", total=len(subscribers))
        def advance(result) -> None:  # noqa: ANN001  (a digest left for a retry round is not done yet)
            if result.status != "retry":
                progress.advance(task)

        results = send_now(settings, engine, subscribers, period, on_result=advance)
    for r in results:
        table.add_row(r.subscriber, r.period.isoformat(), r.status, str(r.attempts), r.error or "")
    console.print(table)
    if any(r.status in ("retry", "failed") for r in results):
        raise typer.Exit(1)


alerts_app = typer.Typer(add_completion=False, no_args_is_help=True, help="E-mail alerts of saved searches.")


@alerts_app.command("send")
def alerts_send() -> None:
    """E-mail every due saved search's new hits now (each hit at most once; `monitor run` does this each pass)."""
    from monitor.digest.alerts import send_due_alerts
    from monitor.store.db import open_store

    settings = _settings()
    results = send_due_alerts(settings, open_store(settings, must_exist=True))
    for r in results:
        typer.echo(f"{r.subscriber}\t{r.status}" + (f"\t{r.error}" if r.error else ""))
    typer.echo(f"{sum(r.status == 'sent' for r in results)} alert(s) sent", err=True)
    if any(r.status in ("retry", "failed") for r in results):
        raise typer.Exit(1)
