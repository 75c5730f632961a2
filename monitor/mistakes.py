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
    setting = _unparsed_setting(exc)
    if setting:
        return setting
    if isinstance(exc, ImportError) and (exc.name or "").split(".")[0] in EXTRAS:
        top = exc.name.split(".")[0]
        return (f"this needs the '{top}' package, which is not installed: "
                f"pip install -e '.[{EXTRAS[top]}]' (or pip install 'monitor[{EXTRAS[top]}]')")
    if isinstance(exc, sa.NoSuchModuleError):
        return f"MONITOR_DATABASE_URL names a database this installation cannot use ({exc})"
    if isinstance(exc, FileExistsError) and exc.filename:  # mkdir of an output's folder where a file is
        return f"cannot make the folder {exc.filename}: a file of that name is there"
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)):
        return f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc)
    return None


def _unparsed_setting(exc: BaseException) -> str | None:
    """A list setting whose value is not JSON (MONITOR_LANGUAGES=id): pydantic-settings says only the field."""
    import re

    try:
        from pydantic_settings import SettingsError
    except ImportError:  # pragma: no cover
        return None
    m = re.search(r'field "(\w+)"', str(exc)) if isinstance(exc, SettingsError) else None
    if not m:
        return None
    import os

    import json

    name = f"MONITOR_{m.group(1).upper()}"
    given = os.environ.get(name, "")
    example = json.dumps([v.strip() for v in given.strip("[]").split(",") if v.strip()] or ["…"], ensure_ascii=False)
    return f"{name}={given!r}: not JSON; list settings are JSON, e.g. {name}='{example}'"


def _setting_error(error: dict) -> str:
    name = "MONITOR_" + "_".join(str(p) for p in error.get("loc", ()) if isinstance(p, str)).upper()
    given = error.get("input")
    secret = "password" in name.lower() or "token" in name.lower()
    shown = "" if isinstance(given, dict) or secret else f"={given!r}"
    return f"{name}{shown}: {error.get('msg', 'invalid').removeprefix('Value error, ')}"
