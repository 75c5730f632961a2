"""The one settings object.

Built once by the CLI (or a test) and passed down; no module reads the
environment itself. Every field carries a description: `monitor settings`
prints them and a test checks that the README documents each one.
"""
from __future__ import annotations

import importlib.resources
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _default_models_dir() -> Path:
    """models/ of a source checkout (the source of truth, also for editable installs); otherwise
    the copy setup.py puts inside the installed package (monitor/_models)."""
    checkout = REPO_DIR / "models"
    if (REPO_DIR / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files(__package__) / "_models"))


_URL_SHAPE = re.compile(r"[\w+]+://")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MONITOR_", env_file=None, extra="ignore")

    # storage
    database_url: str = Field("sqlite:///monitor.db", description="SQLAlchemy URL of the store: a SQLite file (default, in the working directory) or postgresql+psycopg://…")
    sqlite_busy_timeout_ms: int = Field(30000, description="How long a SQLite writer waits for a lock before failing (ms).")

    # feeds and HTTP
    feeds_file: Path = Field(Path("feeds.yaml"), description="The feeds list (YAML) to poll.")
    user_agent: str = Field("monitor/0.1 (+https://github.com/monitor-id/monitor; news research bot)", description="User-Agent sent with every request.")
    connect_timeout: float = Field(10.0, description="Seconds to wait for a TCP/TLS connection.")
    read_timeout: float = Field(20.0, description="Seconds to wait for each read of a response.")
    total_timeout: float = Field(60.0, description="Wall-clock limit for one whole download, body included (stops slow-loris servers).")
    max_body_bytes: int = Field(10_000_000, description="Largest decoded response body accepted; larger downloads are aborted while streaming.")
    max_redirects: int = Field(5, description="Most redirects followed for one request.")
    max_retries: int = Field(3, description="Retries after a timeout, connection error, 5xx or 429 (with exponential backoff and jitter).")
    retry_backoff: float = Field(1.0, description="Base of the exponential backoff between retries (seconds).")
    retry_backoff_max: float = Field(30.0, description="Longest single backoff or Retry-After wait inside one poll (seconds); longer Retry-After values postpone the feed instead.")
    concurrency: int = Field(16, description="Most requests in flight at once.")
    per_host_concurrency: int = Field(2, description="Most requests in flight to one host.")
    per_host_delay: float = Field(1.0, description="Least time between two request starts to one host (seconds).")
    allow_private_networks: bool = Field(False, description="Allow URLs resolving to loopback, private, link-local or reserved addresses (off: such URLs are refused, against SSRF).")
    allowed_hosts: list[str] = Field(default_factory=list, description="Hosts or IPs allowed even when they resolve to private addresses (e.g. [\"127.0.0.1\"]).")
    respect_robots: bool = Field(True, description="Obey robots.txt for article pages.")

    # schedule
    poll_interval: int = Field(900, description="Default seconds between polls of a feed (feeds.yaml may set one per feed).")
    min_poll_interval: int = Field(300, description="Shortest adaptive poll interval (seconds).")
    max_poll_interval: int = Field(21600, description="Longest adaptive poll interval, also the cap of failure backoff (seconds).")
    validator_check_every: int = Field(12, description="Every Nth poll of a feed ignores ETag/Last-Modified, to catch servers whose validators do not change with the content.")
    stale_after_days: float = Field(3.0, description="`monitor feeds` warns about a feed that answers but has brought nothing new for this many days.")

    # articles
    fetch_articles: bool = Field(True, description="Fetch each entry's page (feeds may opt out with fetch_article: false).")
    languages: list[str] = Field(default_factory=lambda: ["id"], description="Article languages kept for analysis (ISO 639-1); others are counted and skipped.")
    min_article_chars: int = Field(200, description="Articles with less extracted text fall back to the feed's summary, or are skipped.")
    near_duplicate_threshold: float = Field(0.8, description="Estimated Jaccard similarity (MinHash over word 5-grams) above which an article is linked to the first-seen copy.")
    near_duplicate_window_days: int = Field(14, description="How far back near-duplicates are looked for.")
    outlet_timezone: str = Field("Asia/Jakarta", description="Time zone of dates printed without one (WIB); WITA/WIT are recognised in the text.")
    outlet_rules: Path | None = Field(None, description="YAML file of per-outlet extraction rules used instead of the packaged monitor/extract/outlets.yaml.")

    # NLP
    models_dir: Path = Field(default_factory=_default_models_dir, description="Folder holding trained pipelines (default: models/ in a source checkout, else the copy inside the installed package).")
    ner_model: str = Field("id_monitor_ner-0.2.0", description="Folder name (under models_dir) of the NER pipeline.")
    topics_file: Path | None = Field(None, description="YAML file of topics to use instead of the packaged one.")
    transformers_model: Path | None = Field(None, description="Local directory of an optional transformers model for stance (needs the `transformers` extra).")
    max_article_chars_nlp: int = Field(100_000, description="Articles longer than this are stored and marked, not analysed.")
    nlp_batch_size: int = Field(16, description="Articles per nlp.pipe batch.")
    nlp_threads: int = Field(1, ge=0, description="Threads of the NER's e5 encoder per process (0: all cores, "
                             "or their share when several worker or annotate processes run).")
    e5_engine: Literal["auto", "c", "numpy"] = Field("auto", description="Engine of the NER's e5 encoder: `c` (built at install when a C compiler is present), `numpy` (the same network in numpy/BLAS) or `auto` (numpy, measured faster).")
    cache_dir: Path | None = Field(None, description="Folder for what the NER derives once from the e5 weights and reuses in every later process (the numpy engine's float32 layers, about 64 MB, and the weights' checksum). Empty: the per-user cache folder ($XDG_CACHE_HOME/monitor or ~/.cache/monitor on Linux). When it cannot be written, that work is redone at each start.")

    # scale path
    broker_url: str | None = Field(None, description="Celery broker (redis://…); set it to run the pipeline on workers.")

    queue_prefix: str = Field("", description="Prefix of every broker key (queues, unacknowledged tasks), so several deployments or test runs can share one Redis.")
    task_visibility_timeout: int = Field(3600, description="Seconds before a task taken by a worker that vanished is handed to another (Redis visibility timeout).")
    task_max_retries: int = Field(5, description="Retries of a failing pipeline task (with exponential backoff) before it goes to the dead-letter table.")
    worker_queues: list[str] = Field(default_factory=lambda: ["poll", "fetch", "analyse"], description="Queues `monitor worker` consumes by default (slow NLP has its own queue so it never starves polling).")

    # serving
    host: str = Field("127.0.0.1", description="Address `monitor serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `monitor serve` listens on.")
    api_token: SecretStr | None = Field(None, description="Bearer token required by the API; without it the server only binds to loopback.")
    base_url: str = Field("http://127.0.0.1:8000", description="Public URL of the web app, used for links in digests.")

    chart_prewarm_interval: float = Field(30.0, ge=0, description="Seconds between the web server's checks for a changed store; on a change it draws the dashboard's, the figures page's and the most quoted speakers' and organisations' charts ahead of visitors. 0 turns this off.")
    search_rank_window: int | None = Field(25000, description="On SQLite, a query matching more claims than this is ranked among its most recently indexed N matches (FTS5 scores every match); empty ranks all.")

    # digest
    subscribers_file: Path | None = Field(None, description="YAML file of digest subscribers.")
    smtp_host: str = Field("127.0.0.1", description="SMTP server host.")
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP server port.")
    smtp_security: str = Field("none", description="none, starttls or ssl.")
    smtp_user: str | None = Field(None, description="SMTP user name.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password (environment only: MONITOR_SMTP_PASSWORD).")
    mail_from: str = Field("monitor <monitor@localhost>", description="From address of digests.")
    unsubscribe_mailto: str = Field("mailto:unsubscribe@localhost", description="mailto link in List-Unsubscribe.")
    unsubscribe_url: str = Field("https://localhost/unsubscribe", description="https link in List-Unsubscribe.")

    # service
    log_level: str = Field("INFO", description="Log level.")
    log_format: str = Field("text", description="text, or json for structured log lines.")
    demo_port: int = Field(8765, ge=0, le=65535, description="Loopback port of `monitor demo`'s sample server (stable, so re-runs find the same URLs; a free port is used if it is taken).")
    run_interval: float = Field(30.0, description="Seconds the `monitor run` loop sleeps between checks of due feeds.")

    @field_validator("cache_dir", mode="before")
    @classmethod
    def _cache_dir(cls, value):  # noqa: ANN001, ANN206
        """MONITOR_CACHE_DIR= (empty) means the default folder, not the current directory."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("not a log level: DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @field_validator("smtp_security", "log_format")
    @classmethod
    def _choice(cls, value: str, info) -> str:  # noqa: ANN001
        choices = {"smtp_security": ("none", "starttls", "ssl"), "log_format": ("text", "json")}[info.field_name]
        if value.lower() not in choices:
            raise ValueError(f"must be {', '.join(choices[:-1])} or {choices[-1]}")
        return value.lower()

    @field_validator("outlet_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a time zone name (e.g. Asia/Jakarta, Asia/Makassar)") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        """A typo here used to surface as a SQLAlchemy traceback deep inside the first command. The
        check is SQLAlchemy's own URL shape (`name://...`, sqlalchemy.engine.url._parse_url), without
        importing SQLAlchemy: every command builds Settings, and that import cost 0.2 s each."""
        if not _URL_SHAPE.match(value):
            raise ValueError("not a database URL (e.g. sqlite:///monitor.db or "
                             "postgresql+psycopg://user@host:5432/monitor)")
        if not value.split("://", 1)[0].split("+", 1)[0].lower() in ("sqlite", "postgresql", "postgres"):
            raise ValueError("monitor stores in SQLite or PostgreSQL: sqlite:///monitor.db or "
                             "postgresql+psycopg://user@host:5432/monitor")
        return value
