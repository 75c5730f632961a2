"""CLI commands of monitor.search: `monitor search`, `monitor reindex`."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum

import typer
from typer.core import TyperCommand

from monitor.cliutil import command_group, load_settings as _settings

app = command_group()


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class _QueryWords(TyperCommand):
    """`monitor search koperasi -bunga -n 5`: a word that starts with "-" is the query's NOT, not an option.

    The options (-n/--limit, --page, -f/--format, -h/--help, and anything else starting with "--", which
    click then refuses) are taken out in order and every other word goes after "--", so click reads it as
    part of QUERY whatever its first character."""

    VALUED = {"-n": "", "--limit": "", "--page": "", "-f": "", "--format": ""}

    def parse_args(self, ctx, args):  # noqa: ANN001, ANN201
        options, words, rest = [], [], list(args)
        while rest:
            a = rest.pop(0)
            if a == "--":
                words += rest
                break
            if a in self.VALUED:
                options += [a] + rest[:1]
                rest = rest[1:]
            elif a.startswith("--") or a == "-h" or (a[:2] == "-n" and a[2:].isdigit()) \
                    or (a[:2] == "-f" and a[2:] in {f.value for f in Format}):
                options.append(a)
            else:
                words.append(a)
        return super().parse_args(ctx, options + ["--"] + words if words else options)


@app.command(cls=_QueryWords)
def search(
    query: list[str] = typer.Argument(..., metavar="QUERY", show_default=False,
                                      help='Query, as one argument or several words: kemitraan org:kadin since:30d, or '
                                           '\'"porsi kredit" kind:figure\'. Among several words, one quoted with spaces '
                                           'in it is a phrase ("porsi kredit" kind:figure).'),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=200, help="Most hits to print."),
    page: int = typer.Option(1, "--page", min=1, help="Page of results (of --limit hits each)."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table, json (an object whose `results` is the list of hits) or csv."),
) -> None:
    """Search quotes, figures and titles.

    Words match any inflection (disalurkan finds menyalurkan), case and accents
    ignored; "exact phrases"; AND (implicit), OR, NOT or -word; prefix*; ( ).
    Filters on the claim's words: speaker:, org:, topic: (code or label: topic:inklusi), stance:pro|contra|neutral,
    assessment:positive|negative|neutral (quote "multi word" values).
    Filters on the record, applying to the whole query: kind:quote|figure|title,
    unit:percent|idr|usd|count|other, value:>50 (>=, <, <=, =, 10..20),
    outlet:kompas[,tempo], since:/until: YYYY-MM-DD, YYYY-MM, YYYY, 7d, 2w, 3m, 1y (WIB days).
    """
    from monitor.search.engine import SearchEngine, hit_json
    from monitor.search.query import SearchSyntaxError
    from monitor.store.db import open_store

    query = join_words(query)
    settings = _settings()
    from monitor.nlp.stance_topics import load_topics

    engine = SearchEngine(open_store(settings, must_exist=True), tz=settings.outlet_timezone,
                          rank_window=settings.search_rank_window, topics=tuple(t.id for t in load_topics(settings.topics_file)))
    try:
        result = engine.search(query, page=page, per_page=limit)
    except SearchSyntaxError as e:
        typer.echo(f"error: {e.line()}", err=True)
        raise typer.Exit(2)
    rows = [hit_json(h, settings.outlet_timezone) for h in result.hits]
    if format is Format.json:
        typer.echo(json.dumps({"query": query, "page": page, "per_page": limit, "has_more": result.has_more,
                               "took_ms": result.took_ms, "results": rows}, ensure_ascii=False, indent=2))
    elif format is Format.csv:
        cols = ["kind", "text", "speaker", "speaker_printed", "speaker_role", "speaker_org", "value", "unit", "outlet", "outlets",
                "published_local", "article_title", "article_url", "score"]
        w = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r | {"outlets": "; ".join(r["outlets"])})
    else:
        _table(query, result, rows, settings.outlet_timezone)


def join_words(words: list[str]) -> str:
    """The query from the shell's words. One argument is the query as written; among several, a word that
    the shell kept whole around spaces was quoted by the user, so it is a phrase (a filter's value too:
    speaker:"eka sastra")."""
    if len(words) == 1:
        return words[0]
    out = []
    for w in words:
        if any(c.isspace() for c in w) and '"' not in w:
            key, sep, value = w.partition(":")
            w = f'{key}:"{value}"' if sep and key.isalpha() and not any(c.isspace() for c in key) else f'"{w}"'
        out.append(w)
    return " ".join(out)


def _table(query: str, result, rows: list[dict], tz: str) -> None:  # noqa: ANN001
    from rich.console import Console

    from monitor import display
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{query!r}: {len(rows)} hasil{' (lagi: --page)' if result.has_more else ''}, "
                        f"{display.number(result.took_ms)} ms", show_lines=True, expand=True)
    for col, ratio in (("klaim", 6), ("siapa", 2), ("media", 2)):
        table.add_column(col, ratio=ratio, overflow="fold")
    table.add_column("tanggal", no_wrap=True)
    for hit, r in zip(result.hits, rows):
        text = Text()
        for seg, matched in hit.highlight:
            text.append(seg, style="bold yellow" if matched else None)
        if hit.kind == "figure" and hit.value is not None:
            text.append(f"\n[{display.figure(hit.value, hit.unit, hit.unit_word)}]", style="cyan")
        for t in hit.topics:
            text.append(f"\n{display.label('topic', t.topic)}: {display.label('stance', t.stance)}", style="dim")
        speaker = hit.speaker if hit.speaker_printed in (None, hit.speaker) else f"{hit.speaker} (tertulis “{hit.speaker_printed}”)"
        who = ", ".join(filter(None, (speaker, hit.speaker_role, display.org_beyond_role(hit.speaker_role, hit.speaker_org, hit.speaker)))) \
            or f"({display.label('kind', hit.kind)})"
        if hit.article_kind != "article":
            who += f"\n[{display.label('article_kind', hit.article_kind)}]"
        day, clock, zone = display.moment(hit.published, tz).rsplit(" ", 2)
        # plain Text: "[cuplikan]" or a name with brackets is not rich markup
        table.add_row(text, Text(who), Text(", ".join(hit.outlets)), f"{day}\n{clock} {zone}")
    Console().print(table)


@app.command()
def reindex() -> None:
    """Rebuild the claim search index from the store (after a bulk import or a stemmer change)."""
    from rich.progress import Progress

    from monitor.store import fts
    from monitor.store.db import open_store

    settings = _settings()
    engine = open_store(settings, must_exist=True)
    with Progress() as progress, engine.begin() as conn:
        task = progress.add_task("indexing articles", total=None)
        n = fts.rebuild(conn, progress=lambda done, total: progress.update(task, completed=done, total=total))
    typer.echo(f"indexed {n} claims")
