"""`monitor extract`: the pipeline's own extraction (monitor.extract) on one saved page or one URL.

What a user runs when one outlet comes out wrong: it prints what the pipeline
would store (title, authors, time with the rule that decided it, language,
kind, text), so a fix in outlets.yaml can be checked at once.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings
from monitor.errors import ConfigError, FetchError, MonitorError, Skip

app = command_group()

async def _fetch(settings, url: str, single_page: str | None):  # noqa: ANN001, ANN202
    from monitor.http import Fetcher

    async with Fetcher(settings) as fetcher:
        resp = await fetcher.get(url, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
        if single_page and resp.status < 400:
            full = await fetcher.get(single_page, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
            if full.status < 400:
                return full
        return resp


@app.command()
def extract(
    source: str = typer.Argument(..., metavar="PATH_OR_URL", help="A saved HTML page, or an article URL (fetched like the pipeline does)."),
    url: Optional[str] = typer.Option(None, "--url", help="The page's real URL (for a saved page: outlet rules, URL date)."),
    feed: Optional[str] = typer.Option(None, "--feed", help="Read the page as this feeds.yaml feed would (its time zone and language)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Extract one page as the pipeline would: title, authors, time and the rule that decided it, language, kind, text."""
    from monitor.extract.article import decode_html, extract_page
    from monitor.extract.language import detect_language
    from monitor.extract.outlets import load_rules, rules_for, single_page_url

    settings = _settings()
    tz, language = settings.outlet_timezone, None
    if feed:
        from monitor.feeds.config import load_feeds

        try:
            feeds = {f.id: f for f in load_feeds(settings.feeds_file)}
        except ConfigError as exc:
            _fail(str(exc))
        if feed not in feeds:
            _fail(f"no feed with id {feed!r} in {settings.feeds_file}")
        tz, language = feeds[feed].timezone or tz, feeds[feed].language
    try:
        rules_all = load_rules(str(settings.outlet_rules) if settings.outlet_rules else None)
    except ConfigError as exc:
        _fail(str(exc))
    is_url = source.startswith(("http://", "https://"))
    page_url = url or (source if is_url else "")
    rules = rules_for(page_url, rules_all) if page_url else rules_for("", ())
    try:
        if is_url:
            resp = asyncio.run(_fetch(settings, source, single_page_url(source, rules) if rules.single_page else None))
            if resp.status >= 400:
                _fail(f"extract: {source} answered HTTP {resp.status}")
            page_url = url or resp.final_url
            html = decode_html(resp.body, resp.encoding)
        else:
            path = Path(source)
            if not path.is_file():
                _fail(f"extract: no such file {source!r} (give a saved page or an http(s) URL)")
            html = decode_html(path.read_bytes(), None)
        art = extract_page(html, page_url or path.resolve().as_uri(), tz=tz, rules=rules,
                           min_chars=settings.min_article_chars)
    except Skip as exc:
        if as_json:
            out = {"skipped": exc.reason, "detail": exc.detail}
            if exc.reason == "listing":
                out["kind"] = "listing"
            typer.echo(json.dumps(out, ensure_ascii=False))
            raise typer.Exit(1)
        _fail(f"extract: skipped ({exc.reason}): {exc.detail}", code=1)
    except (FetchError, MonitorError, OSError) as exc:
        _fail(f"extract: {exc}")
    lang = detect_language(art.text) or language
    pub = art.published
    out = {
        "url": art.url, "title": art.title, "authors": list(art.authors), "editor": art.editor,
        "published": pub.astimezone(ZoneInfo(art.timezone)).isoformat() if pub else None,
        "published_utc": pub.isoformat().replace("+00:00", "Z") if pub else None,
        "published_source": art.published_source, "published_note": art.time_note,
        "language": lang, "accepted": lang in settings.languages, "kind": art.kind,
        "words": len(art.text.split()), "text": art.text,
    }
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(f"title:      {art.title}")
    typer.echo(f"authors:    {', '.join(art.authors) or '-'}" + (f"   (editor: {art.editor})" if art.editor else ""))
    if pub:
        from monitor import display  # babel: only this line needs it, not every `monitor` command

        typer.echo(f"published:  {display.moment(pub, art.timezone)} = {out['published_utc']}  "
                   f"[{art.published_source}: {art.time_note}]")
    else:
        typer.echo("published:  unknown")
    typer.echo(f"language:   {lang or 'unknown'}{'' if out['accepted'] else '  (not accepted: would be skipped)'}")
    typer.echo(f"kind:       {art.kind}")
    typer.echo(f"words:      {out['words']}")
    typer.echo("")
    typer.echo(art.text)
