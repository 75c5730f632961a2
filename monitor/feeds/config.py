"""feeds.yaml → FeedSource records, with errors that name the line and field.

The file is data, not settings: a list under `feeds:` (or a bare list) of
{id, name, url, tags, interval, fetch_article, timezone, language}. We
validate with pydantic and map each error back to the YAML node's line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor import yamlfile
from monitor.errors import ConfigError
from monitor.types import FeedSource

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class _FeedModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    name: str
    url: str
    tags: list[str] = Field(default_factory=list)
    interval: int | None = Field(None, ge=60, description="seconds between polls")
    fetch_article: bool = True
    timezone: str | None = None
    language: str = "id"

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("must be lower-case letters, digits, '-', '_' or '.'")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^/\s]+", v):
            raise ValueError("must be an http(s) URL")
        return v


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk the composed YAML node tree along a pydantic error location."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        elif isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                break
            node = match[1]
        else:
            break
        line = node.start_mark.line + 1
    return line


def parse_feeds(text: str, path: str = "feeds.yaml") -> list[FeedSource]:
    try:
        root = yaml.compose(text)
        data = yamlfile.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    items_node = root
    if isinstance(data, dict):
        if "feeds" not in data:
            raise ConfigError(f"{path}:1: expected a list of feeds under the key 'feeds'")
        data = data["feeds"]
        items_node = next(v for k, v in root.value if k.value == "feeds")
    if not isinstance(data, list):
        raise ConfigError(f"{path}:1: expected a list of feeds")
    feeds: list[FeedSource] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data):
        line = _line_of(items_node, (i,))
        if not isinstance(item, dict):
            raise ConfigError(f"{path}:{line}: feed #{i + 1} must be a mapping with id, name and url")
        try:
            model = _FeedModel.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "?"
            eline = _line_of(items_node, (i, *err["loc"])) or line
            what = "missing" if err["type"] == "missing" else err["msg"]
            raise ConfigError(f"{path}:{eline}: feed #{i + 1} ({item.get('id', '?')}): field '{field}': {what}") from None
        if model.id in seen:
            raise ConfigError(f"{path}:{line}: field 'id': duplicate id {model.id!r} (first on line {seen[model.id]})")
        seen[model.id] = line or 0
        feeds.append(FeedSource(id=model.id, name=model.name, url=model.url, tags=tuple(model.tags),
                                interval=model.interval, fetch_article=model.fetch_article,
                                timezone=model.timezone, language=model.language))
    return feeds


def load_feeds(path: Path) -> list[FeedSource]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read feeds file: {exc.strerror}") from None
    return parse_feeds(text, str(path))
