"""YAML for monitor's data files, parsed by libyaml when PyYAML has it (it ships in PyYAML's wheels).

The NLP lexicons are read at every start of `monitor annotate`: PyYAML's pure-Python loader took
about a third of a second of a one-article run for them; the C loader builds the same objects."""
from __future__ import annotations

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):  # noqa: ANN201 - whatever the document holds
    """yaml.safe_load, through libyaml when present."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
