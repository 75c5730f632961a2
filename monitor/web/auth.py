"""Sign-in for the web pages: scrypt password hashes, an HMAC-signed session cookie and CSRF tokens.

Stdlib only (hashlib.scrypt, hmac). The signing key is derived from MONITOR_API_TOKEN when it is set, otherwise from
a random secret generated once and kept in the database (app_secret), so sessions survive a restart either way.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

COOKIE = "monitor_session"
SESSION_DAYS = 14
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    salt, _, want = stored.partition("$")
    try:
        got = hash_password(password, bytes.fromhex(salt)).partition("$")[2]
    except ValueError:
        return False
    return hmac.compare_digest(got, want)


def new_password() -> str:
    return secrets.token_urlsafe(12)


class Signer:
    """Session cookies "user_id.expiry.mac" and per-session CSRF tokens."""

    def __init__(self, secret: str | None):
        self.key = hashlib.sha256(b"monitor-session:" + secret.encode()).digest() if secret else secrets.token_bytes(32)

    def _mac(self, value: str) -> str:
        return hmac.new(self.key, value.encode(), hashlib.sha256).hexdigest()

    def session(self, user_id: int, now: float | None = None) -> str:
        value = f"{user_id}.{int((now or time.time()) + SESSION_DAYS * 86400)}"
        return f"{value}.{self._mac(value)}"

    def user_id(self, cookie: str | None, now: float | None = None) -> int | None:
        """The signed-in user's id, or None for a missing, forged or expired cookie."""
        try:
            uid, expiry, mac = (cookie or "").split(".")
            if not hmac.compare_digest(mac, self._mac(f"{uid}.{expiry}")) or int(expiry) < (now or time.time()):
                return None
            return int(uid)
        except ValueError:
            return None

    def csrf(self, cookie: str | None) -> str:
        """The form token bound to this session (or to 'anonymous' for the sign-in form)."""
        return self._mac("csrf:" + (cookie or "anonymous"))

    def check_csrf(self, cookie: str | None, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf(cookie), token or "")
