"""Language of an article: lingua for id/ms/en and others, plus a Javanese check.

lingua has no Javanese model and labels Javanese text Indonesian, so a small
function-word count decides between the two. Malay is accepted as Indonesian
only when lingua's confidence for Indonesian is close (news Malay is rare in
Indonesian feeds; misreading Indonesian as Malay is the commoner error).
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-zA-Z']+")
JAVANESE = {"ora", "karo", "kanthi", "ingkang", "punika", "menika", "wonten", "sing", "iki", "kuwi", "uga", "saka",
            "marang", "amarga", "nanging", "sampun", "dereng", "kula", "panjenengan", "ngendika", "ugi", "lan",
            "supaya", "luwih", "akeh", "wis", "arep", "dadi", "ing", "mau", "bakal", "iku", "kudu", "ditindakake"}
INDONESIAN = {"yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "tidak", "akan", "pada", "juga", "dalam",
              "karena", "sudah", "bahwa", "tersebut", "oleh", "atau", "kata", "mengatakan", "para", "saat"}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.INDONESIAN, Language.MALAY, Language.ENGLISH, Language.DUTCH, Language.TAGALOG,
             Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.CHINESE, Language.ARABIC]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None if it cannot tell."""
    sample = text[:3000]
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 5:
        return None
    jv = sum(w in JAVANESE for w in words)
    idn = sum(w in INDONESIAN for w in words)
    lang = _detector().detect_language_of(sample)
    if lang is None:
        return None
    code = lang.iso_code_639_1.name.lower()
    if code in ("id", "ms"):
        if jv > max(3, idn):
            return "jv"
        return "id"
    return code
