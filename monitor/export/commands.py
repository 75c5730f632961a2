"""CLI commands of monitor.export (registered on monitor.cli.app)."""
from monitor.cli import app  # noqa: F401
