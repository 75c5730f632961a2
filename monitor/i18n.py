"""UI strings from gettext catalogs (monitor/locale/<lang>/LC_MESSAGES/<domain>.po), read with Babel.

Translators edit the .po files (any gettext tool opens them); code asks for a string by its msgid.
A message whose msgstr is deliberately empty stays empty (gettext would fall back to the msgid).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def languages(domain: str) -> tuple[str, ...]:
    """The languages that have a catalog for this domain."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.po")))


@lru_cache(maxsize=None)
def catalog(domain: str, lang: str) -> Mapping[str, str]:
    """msgid → msgstr of one domain in one language (read once); KeyError for a language without a catalog."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        raise KeyError(lang)
    with path.open("rb") as f:
        cat = read_po(f, locale=lang, domain=domain)
    return MappingProxyType({m.id: m.string for m in cat if m.id})
