"""Abuse control for the public questionnaires: a per-client counter in Django's cache.

The client is known only by a salted hash of its IP address, kept in the cache for one
window and never written next to a response. An office behind one address sends many honest
questionnaires, so the default is generous; settings.PRONGSAI_SURVEY_RATE ("count/seconds")
raises or lowers it.
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from prongsai.people.throttle import client_address


def _limit() -> tuple[int, int]:
    count, seconds = str(getattr(settings, "PRONGSAI_SURVEY_RATE", "120/600")).split("/")
    return int(count), int(seconds)


def client_key(request, scope: str) -> str:
    ip = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{ip}".encode()).hexdigest()[:32]
    return f"prongsai-rl:{scope}:{digest}"


def allow(request, scope: str = "survey") -> bool:
    """Count one attempt; False once the client has used up the window's allowance."""
    limit, window = _limit()
    if limit <= 0:
        return True
    key = client_key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= limit
