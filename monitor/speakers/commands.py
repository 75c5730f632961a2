"""`monitor speakers`: one speaker across articles (list, merge, split); see monitor.store.speakers."""
from __future__ import annotations

import json

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()
speakers_app = typer.Typer(help="Speakers across articles: list them, merge two, split one off.",
                           invoke_without_command=True)
app.add_typer(speakers_app, name="speakers")


@speakers_app.callback()
def speakers_list(ctx: typer.Context,
                  as_json: bool = typer.Option(False, "--json", help="One JSON object per speaker instead of a table.")) -> None:
    """List speakers with their aliases, quote and article counts, roles and organisations."""
    if ctx.invoked_subcommand is not None:
        return
    from monitor.store.db import open_store, session_scope
    from monitor.store.speakers import speaker_records

    with session_scope(open_store(_settings(), must_exist=True)) as session:
        recs = speaker_records(session)
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in recs], ensure_ascii=False, indent=2))
        return
    for r in recs:
        roles = "; ".join(f"{x.role or ''}{' (' + x.org + ')' if x.org and x.org not in (x.role or '') else ''}"
                          for x in r.roles[:2])
        aka = f"  aka {', '.join(r.aliases)}" if r.aliases else ""
        typer.echo(f"{r.quotes:>5} quotes {r.articles:>4} articles  {r.name}{aka}{'  — ' + roles if roles else ''}")


@speakers_app.command("merge")
def speakers_merge(keep: str = typer.Argument(..., help="The speaker name that stays."),
                   other: str = typer.Argument(..., help="A name of the same person (joins KEEP).")) -> None:
    """Record that OTHER is the same speaker as KEEP (kept when articles are re-analysed)."""
    from monitor.store.db import open_store, session_scope
    from monitor.store.speakers import UnknownSpeaker, merge

    try:
        with session_scope(open_store(_settings(), must_exist=True)) as session:
            merge(session, keep, other)
    except UnknownSpeaker as exc:
        _fail(f"speakers merge: {exc}")
    typer.echo(f"merged {other!r} into {keep!r}")


@speakers_app.command("split")
def speakers_split(name: str = typer.Argument(..., help="The name that is a speaker of its own.")) -> None:
    """Record that NAME is its own speaker, whatever it was grouped with (kept across re-analysis)."""
    from monitor.store.db import open_store, session_scope
    from monitor.store.speakers import UnknownSpeaker, split

    try:
        with session_scope(open_store(_settings(), must_exist=True)) as session:
            split(session, name)
    except UnknownSpeaker as exc:
        _fail(f"speakers split: {exc}")
    typer.echo(f"{name!r} now stands alone")
