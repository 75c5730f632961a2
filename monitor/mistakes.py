"""An operator's mistake, said in one line.

The CLI runs every command through `explain`: exceptions that come from
what the person typed or configured (a bad setting, a database that cannot
be opened, a missing optional package, a missing file) become one line
`error: …` and exit code 2; anything else is a bug and keeps its traceback.
`monitor --debug` shows the traceback for these too.
"""
from __future__ import annotations

# optional packages → the extra that installs them
EXTRAS = {"psycopg": "postgres", "psycopg2": "postgres", "celery": "scale", "redis": "scale", "kombu": "scale",
          "transformers": "transformers", "torch": "transformers", "floret": "train"}


def explain(exc: BaseException) -> str | None:
    """The one-line message for an operator's mistake, or None for a bug."""
    from pydantic import ValidationError
    from sqlalchemy import exc as sa

    from monitor.errors import MonitorError

    if isinstance(exc, MonitorError):
        return str(exc)
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        return "; ".join(_setting_error(e) for e in exc.errors())
    if isinstance(exc, ImportError) and (exc.name or "").split(".")[0] in EXTRAS:
        top = exc.name.split(".")[0]
        return (f"this needs the '{top}' package, which is not installed: "
                f"pip install -e '.[{EXTRAS[top]}]' (or pip install 'monitor[{EXTRAS[top]}]')")
    if isinstance(exc, sa.NoSuchModuleError):
        return f"MONITOR_DATABASE_URL names a database this installation cannot use ({exc})"
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)):
        return f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc)
    return None


def _setting_error(error: dict) -> str:
    name = "MONITOR_" + "_".join(str(p) for p in error.get("loc", ()) if isinstance(p, str)).upper()
    given = error.get("input")
    secret = "password" in name.lower() or "token" in name.lower()
    shown = "" if isinstance(given, dict) or secret else f"={given!r}"
    return f"{name}{shown}: {error.get('msg', 'invalid').removeprefix('Value error, ')}"
