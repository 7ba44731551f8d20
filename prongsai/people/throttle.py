"""Login throttling: a cache counter of failed logins per (username, client address).

After `PRONGSAI_LOGIN_MAX_FAILURES` failures (default 5) that pair is locked out for
`PRONGSAI_LOGIN_LOCKOUT_SECONDS` (default 900). The key is a hash, so the cache holds neither
the username nor the address. The same lockout applies whether or not the account exists.
Counters live in Django's default cache: use a shared cache (Redis, database) when several
server processes run.
"""
from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def max_failures() -> int:
    return getattr(settings, "PRONGSAI_LOGIN_MAX_FAILURES", 5)


def lockout_seconds() -> int:
    return getattr(settings, "PRONGSAI_LOGIN_LOCKOUT_SECONDS", 900)


def client_address(request) -> str:
    """The client's address, for rate limits and lockouts (never stored with a response).

    Without proxies (settings.PRONGSAI_PROXIES = 0) the peer address, REMOTE_ADDR. With N
    proxies of our own in front, each appending the address it was contacted from to
    X-Forwarded-For, the N-th entry from the right: the client as the outermost proxy saw it. Entries
    further left are whatever the client claimed and are never used; a header shorter than N
    (a request that bypassed a proxy) falls back to REMOTE_ADDR."""
    if request is None:
        return ""
    proxies = getattr(settings, "PRONGSAI_PROXIES", 0)
    if proxies > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
        # every client would share the proxy's address (one allowance, lockouts for all):
        # the proxies do not append to X-Forwarded-For as PRONGSAI_PROXIES says they do
        logger.warning("PRONGSAI_PROXIES=%s but X-Forwarded-For has %s address(es): using REMOTE_ADDR", proxies, len(chain))
    return request.META.get("REMOTE_ADDR") or ""


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().casefold()}|{address}".encode()).hexdigest()
    return f"prongsai:login-failures:{digest}"


def is_locked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= max_failures()


def failed(username: str, address: str) -> int:
    """Count one failure; return the number of failures so far."""
    key = _key(username, address)
    if cache.add(key, 1, lockout_seconds()):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, lockout_seconds())
        count = 1
    if count >= max_failures():
        cache.touch(key, lockout_seconds())  # the lockout runs from the last failure
    return count


def succeeded(username: str, address: str) -> None:
    cache.delete(_key(username, address))
