"""Rate limits of the API, read from the settings at every request (so they can change without
a restart of the throttle classes): per user (token or session) and per client address."""
from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from prongsai.people.throttle import client_address


class UserRate(UserRateThrottle):
    """`PRONGSAI_API_RATE` requests per signed-in user (one bucket for all their tokens and sessions)."""

    def get_rate(self):
        return settings.PRONGSAI_API_RATE or None


class AnonRate(AnonRateThrottle):
    """`PRONGSAI_API_ANON_RATE` requests per client address without credentials."""

    def get_rate(self):
        return settings.PRONGSAI_API_ANON_RATE or None

    def get_ident(self, request):
        """The same client address as every other limit (PRONGSAI_PROXIES), not DRF's own
        reading of X-Forwarded-For, which a client can write to."""
        return client_address(request)
