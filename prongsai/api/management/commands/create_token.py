"""prongsai create-token USER [--reset | --revoke] — the API token of a user (printed once per call;
stderr says until when it works)."""
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from prongsai.api.authentication import expired, expires_at


class Command(BaseCommand):
    help = ("Print USER's API token, creating it when they have none or theirs has expired "
            "(PRONGSAI_API_TOKEN_DAYS). --reset replaces it (the old one stops working), --revoke deletes it. "
            "Send it as `Authorization: Token <key>`.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--reset", action="store_true", help="replace the user's token with a new one")
        group.add_argument("--revoke", action="store_true", help="delete the user's token")

    def handle(self, *args, username, reset, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            self.stderr.write(f"error: user: no user {username!r} (create it with `prongsai create-user`)")
            sys.exit(2)
        if not user.is_active:
            self.stderr.write(f"error: user: {username!r} is not active")
            sys.exit(2)
        with transaction.atomic():
            current = Token.objects.filter(user=user).first()
            if reset or revoke or (current is not None and expired(current)):
                Token.objects.filter(user=user).delete()
            if revoke:
                self.stdout.write(f"{username}: token revoked" if current is not None else f"{username}: had no token")
                return
            token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
        end = expires_at(token.created)
        if end is not None:  # on stderr: scripts read the key alone from stdout
            self.stderr.write(f"{username}: valid until {timezone.localtime(end):%Y-%m-%d %H:%M %Z}")
