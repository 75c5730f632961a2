"""CLI command of monitor.web: `monitor serve`."""
from __future__ import annotations

from typing import Optional

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind (default: settings.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port (default: settings.port, 8000)."),
) -> None:
    """Serve the web workspace (search, article, speaker, organisation, figures and trends pages, saved searches) and the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from monitor.store.db import require_store
    from monitor.web.app import create_app, loopback

    settings = _settings()
    host = host or settings.host
    port = port or settings.port
    token = settings.api_token.get_secret_value() if settings.api_token else ""
    if not loopback(host) and not token:
        _fail(f"refusing to bind to {host}: set MONITOR_API_TOKEN to expose the server beyond this machine")
    require_store(settings)
    _check_listen(host, port)
    app = create_app(settings)
    app.state.warmer.start()  # charts drawn ahead after each change of the store (chart_prewarm_interval)
    try:
        uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
    finally:
        app.state.warmer.stop()


def _check_listen(host: str, port: int) -> None:
    """A port that is taken or an address this machine does not have is the operator's to fix: one line."""
    import os
    import socket

    try:
        socket.create_server((host, port)).close()
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {os.strerror(exc.errno) if exc.errno else exc} (choose another --port or MONITOR_PORT)")


users_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="People who sign in to the web app (their saved searches alert them by e-mail).")


@users_app.command("add")
def users_add(
    email: str = typer.Argument(..., help="The user's e-mail address (also where alerts go)."),
    reset: bool = typer.Option(False, "--reset", help="Give an existing user a new password."),
) -> None:
    """Add a user and print a new password once (stored only as a scrypt hash)."""
    from email.utils import parseaddr

    from monitor.store import saved
    from monitor.store.db import open_store, session_scope
    from monitor.web.auth import hash_password, new_password

    addr = parseaddr(email)[1]
    if not addr or "@" not in addr or addr != email.strip() or len(addr) > 320:
        _fail(f"{email!r} is not an e-mail address")
    password = new_password()
    with session_scope(open_store(_settings(), must_exist=False)) as s:
        if reset:
            if not saved.set_password(s, addr, hash_password(password)):
                _fail(f"no user {addr.lower()}: add them first (monitor users add {addr})")
        elif saved.add_user(s, addr, hash_password(password)) is None:
            _fail(f"user {addr.lower()} exists; use --reset for a new password")
    typer.echo(f"{addr.lower()}\t{password}")
    typer.echo("give this password to the user; it is not shown again (monitor users add --reset makes a new one)",
               err=True)


@users_app.command("list")
def users_list() -> None:
    """List users and their saved searches."""
    from monitor.store import saved
    from monitor.store.db import open_store, session_scope

    settings = _settings()
    with session_scope(open_store(settings, must_exist=True)) as s:
        for user in saved.list_users(s):
            searches = saved.searches_of(s, user.id)
            typer.echo(f"{user.email}\t{len(searches)} saved search{'es' if len(searches) != 1 else ''}")
