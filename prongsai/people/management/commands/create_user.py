"""prongsai create-user USER [--name "ชื่อ นามสกุล"] [--email E] [--password-stdin] — an account to give roles to."""
import secrets
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, no_translations

from prongsai.commands import fail
from prongsai.people import audit


# titles written before the first name, as documents print them (นายสมชาย): typed with a space, kept with it
TITLES = {"นาย", "นาง", "นางสาว", "น.ส.", "ดร.", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต."}


class Command(BaseCommand):
    help = ("Create a person's account (not a superuser): then give it roles with `prongsai grant-role`. "
            "The password is read from the first line of standard input with --password-stdin, else made up "
            "and printed once; the person changes it on their own page (/people/password/).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help='first name and surname, as signed documents print them ("นายสมชาย ใจดี")')
        parser.add_argument("--email", default="", help="for reminders to report progress")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    @no_translations  # error lines in English, as every command prints them
    def handle(self, *args, username, name, email, password_stdin, **options):
        User = get_user_model()
        problems = []
        words = " ".join(name.split())
        # "นาย สมชาย ใจดี": a title typed apart goes with the first name (the longest title first: ว่าที่ ร.ต.)
        title = next((t for t in sorted(TITLES, key=len, reverse=True) if words.startswith(t + " ")), "")
        first, _, last = words[len(title):].lstrip().partition(" ")
        first = title + first
        # as the manager will store them (the username NFKC-normalised, the e-mail's domain in lower case)
        user = User(username=User.normalize_username(username.strip()), email=User.objects.normalize_email(email.strip()),
                    first_name=first, last_name=last)
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else secrets.token_urlsafe(12)
        option = {"username": "user", "first_name": "--name", "last_name": "--name", "email": "--email"}
        # logins tell capitals apart: one differing only by them would look like the same person's
        twin = User.objects.filter(username__iexact=user.username).exclude(username=user.username).first()
        if twin is not None:
            problems.append(f"user: {twin.username!r} exists already (the same name but for capitals)")
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            problems += [f"{option.get(field, field)}: {m}" for field, messages in exc.message_dict.items() for m in messages]
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            problems += [f"password: {m}" for m in exc.messages]
        if problems:
            fail(self.stderr, problems)
        user = User.objects.create_user(user.username, user.email, password, first_name=first, last_name=last)
        # (named fields only: a snapshot of the whole row would put the password's hash in the log)
        audit.record(None, audit.CREATE, user, after={f: getattr(user, f) for f in ("username", "first_name", "last_name", "email")})
        self.stdout.write(f"{user.username}: created{f' ({user.get_full_name()})' if user.get_full_name() else ''}; "
                          f"give it roles with `prongsai grant-role {user.username} ROLE …`")
        if not password_stdin:
            self.stdout.write(f"password (shown once; to be changed at /people/password/): {password}")
