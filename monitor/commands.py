"""Registers every command module on monitor.cli.app (imported by cli.main)."""
import monitor.jobs.commands  # noqa: F401
import monitor.search.commands  # noqa: F401
import monitor.digest.commands  # noqa: F401
import monitor.export.commands  # noqa: F401
import monitor.speakers.commands  # noqa: F401
