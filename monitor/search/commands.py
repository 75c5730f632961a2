"""CLI commands of monitor.search (registered on monitor.cli.app)."""
from monitor.cli import app  # noqa: F401
