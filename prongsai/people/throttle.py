"""Login throttling: a cache counter of failed logins per (username, client address).

After `PRONGSAI_LOGIN_MAX_FAILURES` failures (default 5) that pair is locked out for
`PRONGSAI_LOGIN_LOCKOUT_SECONDS` (default 900). The key is a hash, so the cache holds neither
the username nor the address. The same lockout applies whether or not the account exists.
Counters live in Django's default cache: use a shared cache (Redis, database) when several
server processes run.
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def max_failures() -> int:
    return getattr(settings, "PRONGSAI_LOGIN_MAX_FAILURES", 5)


def lockout_seconds() -> int:
    return getattr(settings, "PRONGSAI_LOGIN_LOCKOUT_SECONDS", 900)


def client_address(request) -> str:
    """The peer address (REMOTE_ADDR). A proxy in front must set it; headers are not trusted."""
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


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
