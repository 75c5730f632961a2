"""YAML for monitor's data files, parsed by libyaml when PyYAML has it (it ships in PyYAML's wheels).

The NLP lexicons are read at every start of `monitor annotate`: PyYAML's pure-Python loader took
about a third of a second of a one-article run for them; the C loader builds the same objects."""
from __future__ import annotations

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):  # noqa: ANN201 - whatever the document holds
    """yaml.safe_load, through libyaml when present."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


def read(path):  # noqa: ANN001, ANN201
    """A YAML file's document; a file that does not parse is a ConfigError naming it and the line."""
    from pathlib import Path

    from monitor.errors import ConfigError

    text = Path(path).read_text(encoding="utf-8")
    try:
        return load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
