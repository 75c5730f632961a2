"""Per-outlet extraction rules from a YAML data file (host pattern → rules).

What differs between outlets (the query that shows a multi-page article on one
page, boilerplate blocks the generic rules miss, the zone of printed times,
the outlet's own names) is data, so a user can fix an outlet without a
release. The packaged file is monitor/extract/outlets.yaml; MONITOR_OUTLET_RULES
names another.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cssselect import GenericTranslator, SelectorError

from monitor import yamlfile
from monitor.errors import ConfigError

PACKAGED = Path(__file__).with_name("outlets.yaml")
_KEYS = {"hosts", "single_page", "prune", "timezone", "site_names"}


@dataclass(frozen=True)
class OutletRule:
    hosts: tuple[str, ...]
    single_page: str | None = None
    prune: tuple[str, ...] = ()  # XPath, translated from the file's CSS selectors
    timezone: str | None = None
    site_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutletRules:
    """All rules that apply to one URL, merged."""
    single_page: str | None = None
    prune: tuple[str, ...] = ()
    timezone: str | None = None
    site_names: tuple[str, ...] = ()


def host_matches(host: str, pattern: str) -> bool:
    host, pattern = host.lower().rstrip("."), pattern.lower().strip()
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatch(host, pattern)
    return host == pattern or host.endswith("." + pattern)


def parse_rules(text: str, name: str = "outlets.yaml") -> tuple[OutletRule, ...]:
    try:
        data = yamlfile.load(text) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError(f"{name}{f':{line + 1}' if line is not None else ''}: not valid YAML") from None
    items = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{name}: expected a list under 'outlets:'")
    out = []
    tr = GenericTranslator()
    for i, item in enumerate(items, 1):
        where = f"{name}: outlet #{i}"
        if not isinstance(item, dict) or not item.get("hosts"):
            raise ConfigError(f"{where}: needs 'hosts' (a list of host patterns)")
        unknown = set(item) - _KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown field {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS))})")
        hosts = item["hosts"] if isinstance(item["hosts"], list) else [item["hosts"]]
        prune = []
        for sel in item.get("prune") or []:
            try:
                prune.append(tr.css_to_xpath(str(sel)))
            except SelectorError as exc:
                raise ConfigError(f"{where}: bad CSS selector {sel!r} ({exc})") from None
        tz = item.get("timezone")
        if tz:
            try:
                ZoneInfo(str(tz))
            except (ZoneInfoNotFoundError, ValueError):
                raise ConfigError(f"{where}: unknown time zone {tz!r} (use e.g. Asia/Jakarta)") from None
        single = item.get("single_page")
        if single is not None and ("=" not in str(single) or "?" in str(single)):
            raise ConfigError(f"{where}: single_page must be a query such as 'page=all', got {single!r}")
        out.append(OutletRule(tuple(str(h) for h in hosts), str(single) if single else None, tuple(prune),
                              str(tz) if tz else None, tuple(str(s) for s in item.get("site_names") or [])))
    return tuple(out)


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> tuple[OutletRule, ...]:
    p = Path(path) if path else PACKAGED
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read outlet rules {p}: {exc.strerror}") from None
    return parse_rules(text, str(p))


def rules_for(url: str, rules: tuple[OutletRule, ...]) -> OutletRules:
    host = urlsplit(url).hostname or ""
    hit = [r for r in rules if any(host_matches(host, h) for h in r.hosts)]
    if not hit:
        return OutletRules()
    return OutletRules(next((r.single_page for r in hit if r.single_page), None),
                       tuple(x for r in hit for x in r.prune),
                       next((r.timezone for r in hit if r.timezone), None),
                       tuple(x for r in hit for x in r.site_names))


def single_page_url(url: str, rule: OutletRules) -> str:
    """The URL of the article's single-page view (the whole text of a multi-page article)."""
    if not rule.single_page:
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    add = parse_qsl(rule.single_page, keep_blank_values=True)
    keys = {k for k, _ in query}
    query += [(k, v) for k, v in add if k not in keys]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
