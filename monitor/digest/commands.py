"""CLI commands of monitor.digest (registered on monitor.cli.app)."""
from monitor.cli import app  # noqa: F401
