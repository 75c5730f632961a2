"""Ingestion and service commands: poll, run, feeds, stats, demo."""
from monitor.cli import app  # noqa: F401
