"""CLI command of monitor.web: `monitor serve`."""
from __future__ import annotations

from typing import Optional

import typer

from monitor.cliutil import command_group, fail as _fail, load_settings as _settings

app = command_group()


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind (default: settings.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port (default: settings.port, 8000)."),
) -> None:
    """Serve the search page and the HTTP API (FastAPI; OpenAPI docs at /docs)."""
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
    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level.lower())
