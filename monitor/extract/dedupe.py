"""Identity of articles: canonical URL, content hash and MinHash near-duplicates.

The same story reaches us as tracking-tagged links, AMP and mobile variants,
under a reused GUID, or republished by several outlets from one wire; each of
these keys catches one of those cases.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan
import numpy as np
from datasketch import MinHash, MinHashLSH

# courlan removes the common trackers (utm_*, fbclid, gclid, mc_* …); these are the ones Indonesian
# outlets' feeds add on top of them.
TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_[a-z]+|_ga|ref|ref_src|src|source|from|cmpid|"
                      r"xtor|wt_mc|ncid|share|igshid|yclid|spm|tracking|rss|feed|amp|)$", re.I)
NUM_PERM = 64
SCHEME = "affine32"  # stored signatures must be compared under the scheme that made them
_WORD = re.compile(r"\w+", re.UNICODE)


def _normalise(url: str) -> tuple:
    """courlan's normal form (lower-case host, no default port, trackers out, sorted query), split;
    a URL courlan cannot read is only split."""
    url = url.strip()
    try:
        url = courlan.normalize_url(url)
    except (ValueError, AttributeError, TypeError):
        pass
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    return parts, urlencode(sorted(query))


@lru_cache(maxsize=65536)
def clean_link(url: str) -> str:
    """The link as stored and shown: tracking parameters and the fragment removed, nothing else changed."""
    parts, query = _normalise(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """Stable form of an article URL: also no AMP or mobile variant, one scheme, no trailing slash."""
    parts, query = _normalise(url)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    path = re.sub(r"/amp/?$", "/", path)
    path = re.sub(r"^/amp/", "/", path)
    path = re.sub(r"\.amp(\.html?)?$", r"\1", path)
    if len(path) > 1:
        path = path.rstrip("/")
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def minhash(text: str) -> MinHash:
    words = normalise_text(text).split()
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def minhash_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicates:
    """An LSH index of recent articles; `find` returns the first-seen similar article id."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[int, MinHash] = {}

    def add(self, article_id: int, m: MinHash) -> None:
        if article_id not in self.sigs:
            self.lsh.insert(article_id, m)
            self.sigs[article_id] = m

    def find(self, m: MinHash) -> int | None:
        hits = [a for a in self.lsh.query(m) if self.sigs[a].jaccard(m) >= self.threshold]
        return min(hits) if hits else None
