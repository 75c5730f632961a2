"""CLI commands of monitor.export: `monitor export`, `monitor chart`."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()


def _date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} wants an ISO date (YYYY-MM-DD), not {value!r}")


def _query(since, until, by, topic, outlet):
    from monitor.export.trends import PERIODS, ExportQuery

    if by not in PERIODS:
        _fail(f"--by is one of {', '.join(PERIODS)}")
    try:
        q = ExportQuery(since=_date(since, "--since"), until=_date(until, "--until"), by=by, topic=topic, outlet=outlet)
    except ValueError as exc:
        _fail(str(exc))
    if q.since and q.until and q.since > q.until:
        _fail("--since is after --until")
    return q


@app.command("export")
def export_cmd(
    kind: str = typer.Argument(..., help="mentions, entities, speakers, figures or quotes."),
    since: Optional[str] = typer.Option(None, "--since", help="First local (WIB) date, YYYY-MM-DD (default: the oldest article)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last local (WIB) date, inclusive (default: the newest article)."),
    by: str = typer.Option("day", "--by", help="Period: day, week (from Monday) or month."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only articles touching this topic (umkm_partnership, financial_inclusion)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only articles carried by this outlet (source id or name)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv, parquet, xlsx, json or csv-excel (CSV with a UTF-8 "
                                      "byte-order mark, for Excel) (default: from -o's extension, else csv)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output, csv/json only)."),
    describe: bool = typer.Option(False, "--describe", help="Print the data dictionary of KIND instead of exporting."),
    groups: Optional[Path] = typer.Option(None, "--groups", help="YAML of pinned/renamed measure groups (figures)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0, max=100, help="Fuzzy match threshold 0–100 for measure groups (figures)."),
    series: bool = typer.Option(False, "--series", help="figures: one row per measure group with its claims over time."),
) -> None:
    """Export counts, stance and claimed figures over time for analysts (see docs/exports.md)."""
    from monitor.export import dictionary, formats
    from monitor.export.trends import export_table

    if kind not in dictionary.KINDS:
        _fail(f"KIND is one of {', '.join(dictionary.KINDS)}")
    if series:
        if kind != "figures":
            _fail("--series goes with figures")
        kind = "series"
    if describe:
        typer.echo(dictionary.describe(kind))
        return
    q = _query(since, until, by, topic, outlet)
    fmt = formats.format_for(output, fmt)
    if fmt not in formats.FORMATS:
        _fail(f"--format is one of {', '.join(formats.FORMATS)}")
    if output is None and fmt in ("parquet", "xlsx"):
        _fail(f"{fmt} needs a file: add -o PATH")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from monitor.store.db import open_store

    settings = _settings()
    engine = open_store(settings, must_exist=True)
    _check_names(engine, q, settings)
    kwargs = {}
    if kind in ("figures", "series") and (groups or threshold is not None):
        from monitor.export.measures import GROUPS_FILE, MeasureGrouper

        kwargs["grouper"] = MeasureGrouper.default(groups or GROUPS_FILE, threshold)
    try:
        with engine.connect() as conn, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                                TimeElapsedColumn(), transient=True, console=_stderr_console()) as bar:
            task = bar.add_task(f"export {kind}: counting", total=None)
            table = export_table(conn, kind, q, **kwargs)
            bar.update(task, description=f"export {kind}: writing {fmt}", total=table.total)
            n = formats.write(table, fmt, path=output, out=None if output else sys.stdout.buffer,
                              progress=lambda k: bar.advance(task, k))
    except ValueError as exc:
        _fail(str(exc))
    finally:
        engine.dispose()
    if output is not None:
        typer.echo(f"{n} rows -> {output}", err=True)


def _check_names(engine, q, settings) -> None:  # noqa: ANN001
    """An unknown --topic or --outlet is a typo, not a request for zeros: say which names exist."""
    from sqlmodel import Session, select

    from monitor.store.models import Source, StanceRow

    with Session(engine) as s:
        if q.topic:
            from monitor.nlp.stance_topics import load_topics

            topics = {t.id for t in load_topics(settings.topics_file)} | set(s.exec(select(StanceRow.topic).distinct()))
            if q.topic not in topics:
                _fail(f"--topic: no topic {q.topic!r}; topics: {', '.join(sorted(topics))}")
        if q.outlet:
            sources = s.exec(select(Source.id, Source.name)).all()
            if q.outlet.lower() not in {n.lower() for row in sources for n in row if n}:
                names = ", ".join(sorted(sid for sid, _name in sources)) or "none yet"
                _fail(f"--outlet: no outlet {q.outlet!r} in the store (by id or name); outlets: {names}")


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command("chart")
def chart_cmd(
    kind: str = typer.Argument(..., help="volume (by stance), assessment (balance), speakers (top), figure (a measure group's claims)."),
    output: Path = typer.Option(..., "-o", "--output", help="FILE.png or FILE.svg."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Topic to chart (default: all topics)."),
    group: Optional[str] = typer.Option(None, "--group", help="Measure group for the figure chart (as in the figures export)."),
    since: Optional[str] = typer.Option(None, "--since", help="First local (WIB) date, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last local (WIB) date, inclusive."),
    by: str = typer.Option("day", "--by", help="Period: day, week or month."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only articles carried by this outlet."),
    lang: str = typer.Option("id", "--lang", help="Language of titles and labels: id or en."),
    top: int = typer.Option(10, "--top", min=1, help="Speakers shown by the speakers chart."),
) -> None:
    """Draw a chart for reports and slides (PNG or SVG, 1280×720)."""
    from monitor.export import charts
    from monitor.store.db import open_store

    fmt = output.suffix.lstrip(".").lower()
    if fmt not in ("png", "svg"):
        _fail("-o must end in .png or .svg")
    if lang not in charts.LANGUAGES:
        _fail("--lang is id or en")
    q = _query(since, until, by, topic, outlet)
    settings = _settings()
    engine = open_store(settings, must_exist=True)
    _check_names(engine, q, settings)
    try:
        with engine.connect() as conn:
            data = charts.render(charts.chart(conn, kind, q, lang=lang, group=group, top=top), fmt)
    except ValueError as exc:
        _fail(str(exc))
    finally:
        engine.dispose()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    typer.echo(f"{kind} chart -> {output}", err=True)
