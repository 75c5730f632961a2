"""What every command module shares: Settings built once per command, and a one-line error exit."""
from __future__ import annotations

import typer

from monitor.settings import Settings


def load_settings() -> Settings:
    """Settings from the MONITOR_* environment, with logging set up as they say."""
    from monitor.logs import setup_logging

    settings = Settings()
    setup_logging(settings)
    return settings


def fail(message: str, code: int = 2) -> None:
    """An operator mistake: print `error: …` on stderr and exit, never a traceback."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def command_group() -> typer.Typer:
    """A command module's own Typer; monitor.cli copies its commands onto the `monitor` command."""
    return typer.Typer(add_completion=False)
