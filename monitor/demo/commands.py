"""CLI command of monitor.demo: `monitor demo`."""
from __future__ import annotations

from rich.console import Console

from monitor.cliutil import command_group, load_settings

app = command_group()


@app.command()
def demo() -> None:
    """Offline end-to-end demo: serves bundled sample feeds on loopback and runs the whole pipeline on them."""
    from monitor.demo.run import run_demo

    run_demo(load_settings(), Console(stderr=True))
