"""Digest subscribers, from the YAML file named by settings.subscribers_file.

The file is read on every scheduler cycle, so edits apply without a restart;
a mistake is reported with the file, the line and the field (ConfigError).

    subscribers:
      - email: analis@contoh.co.id
        name: Analis Kebijakan
        topics: [umkm_partnership, financial_inclusion]   # default: all
        outlets: [Kompas, Antara]        # optional filters (case-insensitive)
        speakers: [Teten Masduki]
        organisations: [OJK]
        language: id                      # id (default) or en: headings
        send_time: "06:30"                # local time, default 06:00
        timezone: Asia/Jakarta            # default WIB
        send_empty: true                  # a short "nothing new" mail on empty days
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor import yamlfile
from monitor.errors import ConfigError

TOPICS = ("umkm_partnership", "financial_inclusion")
PLACEHOLDER_EMAIL = "pembaca@example.invalid"
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class Subscriber:
    email: str
    name: str = ""
    topics: tuple[str, ...] = TOPICS
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    language: str = "id"
    send_time: time = time(6, 0)
    timezone: str = "Asia/Jakarta"
    send_empty: bool = True

    @property
    def key(self) -> str:
        """The send-log key: the address, lower-cased."""
        return self.email.strip().lower()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def placeholder_subscriber() -> Subscriber:
    """The all-topics reader a dry run renders for when no subscriber file is configured."""
    return Subscriber(email=PLACEHOLDER_EMAIL, name="Pembaca monitor")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str
    name: str = ""
    topics: list[str] = Field(default_factory=lambda: list(TOPICS))
    outlets: list[str] = Field(default_factory=list)
    speakers: list[str] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    language: str = "id"
    send_time: time = time(6, 0)
    timezone: str = "Asia/Jakarta"
    send_empty: bool = True

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        v = v.strip()
        if not _EMAIL.match(v):
            raise ValueError(f"not an e-mail address: {v!r}")
        return v

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: list[str]) -> list[str]:
        unknown = [t for t in v if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; known: {list(TOPICS)}")
        return v or list(TOPICS)

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        if v not in ("id", "en"):
            raise ValueError("language must be 'id' or 'en'")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Asia/Jakarta)") from exc
        return v

    @field_validator("send_time", mode="before")
    @classmethod
    def _send_time(cls, v: object) -> object:
        if isinstance(v, int):  # YAML 1.1 reads 06:30 unquoted as sexagesimal minutes
            return time(v // 60 % 24, v % 60)
        return v


def _item_lines(text: str) -> list[int]:
    """1-based line of each subscriber entry, to point errors at the right place."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if root is not None and isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "subscribers":
                root = value
                break
    if isinstance(root, yaml.SequenceNode):
        return [node.start_mark.line + 1 for node in root.value]
    return []


def load_subscribers(path: Path) -> list[Subscriber]:
    """Parse and validate the subscribers file; raise ConfigError naming file, line and field."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the subscribers file ({exc.strerror or exc})") from exc
    try:
        data = yamlfile.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if isinstance(data, dict):
        unknown = set(data) - {"subscribers"}
        if unknown:
            raise ConfigError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected 'subscribers'")
        data = data.get("subscribers")
    if data is None:
        return []
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of subscribers under 'subscribers:'")
    lines = _item_lines(text)
    out: list[Subscriber] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data):
        where = f"{path}:{lines[i]}" if i < len(lines) else f"{path}: subscriber #{i + 1}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: a subscriber must be a mapping with at least 'email'")
        try:
            e = _Entry.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors())
            raise ConfigError(f"{where}: {problems}") from exc
        sub = Subscriber(email=e.email, name=e.name, topics=tuple(dict.fromkeys(e.topics)), outlets=tuple(e.outlets),
                         speakers=tuple(e.speakers), organisations=tuple(e.organisations), language=e.language,
                         send_time=e.send_time, timezone=e.timezone, send_empty=e.send_empty)
        if sub.key in seen:
            raise ConfigError(f"{where}: email: {sub.email} is listed twice (first at subscriber #{seen[sub.key] + 1})")
        seen[sub.key] = i
        out.append(sub)
    return out
