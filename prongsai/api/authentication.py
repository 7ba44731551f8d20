"""API tokens that expire: DRF's token, valid for settings.PRONGSAI_API_TOKEN_DAYS days from the
day it was made (0 = never expires). `prongsai create-token USER` replaces an expired one."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def expires_at(created: datetime) -> datetime | None:
    days = int(getattr(settings, "PRONGSAI_API_TOKEN_DAYS", 0))
    return created + timedelta(days=days) if days > 0 else None


def expired(token) -> bool:
    end = expires_at(token.created)
    return end is not None and timezone.now() >= end


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            raise AuthenticationFailed(_("The token has expired; ask for a new one (prongsai create-token USER)."))
        return user, token
