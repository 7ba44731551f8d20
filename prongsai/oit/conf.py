"""OIT settings: a Django setting of the same name wins, else the environment, else the default.

PRONGSAI_OIT_DUE_SOON_DAYS   an item due within this many days is at risk (14)
PRONGSAI_OIT_MAX_UPLOAD      largest attached file in bytes (10 MB)
PRONGSAI_LINK_TIMEOUT        seconds one link check may take (10)
PRONGSAI_LINK_CONCURRENCY    most links checked at once (8)
PRONGSAI_LINK_MAX_BYTES      most bytes read from one link (5 MB)
PRONGSAI_LINK_MAX_REDIRECTS  most redirects followed (10)
PRONGSAI_LINK_ALLOW_PRIVATE  1 lets the checker open private/loopback addresses (0: refused)
"""
import os

from django.conf import settings

DEFAULTS = {
    "PRONGSAI_OIT_DUE_SOON_DAYS": 14,
    "PRONGSAI_OIT_MAX_UPLOAD": 10 * 1024 * 1024,
    "PRONGSAI_LINK_TIMEOUT": 10.0,
    "PRONGSAI_LINK_CONCURRENCY": 8,
    "PRONGSAI_LINK_MAX_BYTES": 5 * 1024 * 1024,
    "PRONGSAI_LINK_MAX_REDIRECTS": 10,
    "PRONGSAI_LINK_ALLOW_PRIVATE": False,
}


def get(name: str):
    default = DEFAULTS[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return type(default)(raw)
