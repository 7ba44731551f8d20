"""prongsai grant-role USER ROLE [--agency CODE] [--unit CODE] [--assign CODE …] — give a user a role."""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, no_translations
from django.db import transaction

from prongsai.agencies.models import Agency
from prongsai.commands import fail
from prongsai.people import roles
from prongsai.people.models import Membership


class Command(BaseCommand):
    help = ("Give a user a role: coordinator, unit_staff, director (with --agency; unit staff also --unit), "
            "central, auditor, or assessor (with --assign for each agency assessed). --revoke removes it.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=", ".join(roles.ROLES))
        parser.add_argument("--agency", help="agency code (coordinator, unit_staff, director)")
        parser.add_argument("--unit", help="unit code or Thai name inside the agency (unit_staff)")
        parser.add_argument("--assign", nargs="+", default=[], metavar="CODE", help="agency codes (assessor)")
        parser.add_argument("--revoke", action="store_true",
                            help="remove the role instead; with --assign, take only those agencies off the assessor")

    @no_translations  # error lines in English, as every command prints them
    def handle(self, *args, username, role, agency, unit, assign, revoke, **options):
        problems = []
        role = role.replace("-", "_")  # unit-staff, as commands are written with dashes
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            problems.append(f"user: no user {username!r} (create it with `prongsai create-user`)")
        if role not in roles.ROLES:
            problems.append(f"role: {role!r} is not one of {', '.join(roles.ROLES)}")
        agency_row = Agency.objects.filter(code=agency).first() if agency else None
        if agency and agency_row is None:
            problems.append(f"--agency: no agency with code {agency!r}")
        unit_row = (agency_row.units.filter(code=unit).first() or agency_row.units.filter(name_th=unit.strip()).first()
                    if agency_row and unit else None)  # by its code or its Thai name (ฝ่ายโยธา), as the imports take it
        if unit and agency_row and unit_row is None:
            known = ", ".join(f"{u.code} ({u.name_th})" for u in agency_row.units.order_by("order", "code"))
            problems.append(f"--unit: agency {agency} has no unit {unit!r} (its units: {known})")
        assigned = list(Agency.objects.filter(code__in=assign))
        for code in sorted(set(assign) - {a.code for a in assigned}):
            problems.append(f"--assign: no agency with code {code!r}")
        if assign and role != roles.ASSESSOR:
            problems.append("--assign: only assessors are assigned agencies")
        if not problems and not revoke:
            membership = Membership(user=user, role=role, agency=agency_row, unit=unit_row)
            try:
                membership.full_clean()
            except ValidationError as exc:
                problems += [f"{field}: {m}" for field, messages in exc.message_dict.items() for m in messages]
        if problems:
            fail(self.stderr, problems)
        if revoke and assigned:  # take those agencies off the assessor; the role stays
            membership = Membership.objects.filter(user=user, role=role, agency=agency_row, unit=unit_row).first()
            if membership is None:
                self.stdout.write(f"{username}: had no such role")
                return
            held_pks = set(membership.assigned_agencies.filter(pk__in=[a.pk for a in assigned]).values_list("pk", flat=True))
            held = [a for a in assigned if a.pk in held_pks]
            membership.assigned_agencies.remove(*held)
            not_held = [a for a in assigned if a not in held]
            if held:
                self.stdout.write(f"{username}: {role} no longer assigned {', '.join(a.code for a in held)}")
            if not_held:
                self.stdout.write(f"{username}: was not assigned {', '.join(a.code for a in not_held)}")
            return
        if revoke:
            removed, _ = Membership.objects.filter(user=user, role=role, agency=agency_row, unit=unit_row).delete()
            self.stdout.write(f"{username}: {role} removed" if removed else f"{username}: had no such role")
            return
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(user=user, role=role, agency=agency_row, unit=unit_row)
            if assigned:
                membership.assigned_agencies.add(*assigned)
        where = (f" of {agency_row.code}" if agency_row else "") + (f", {unit_row.code} ({unit_row.name_th})" if unit_row else "")
        self.stdout.write(f"{username}: {role}{where}" + ("" if created else " (already held)"))
        if role == roles.ASSESSOR and not membership.assigned_agencies.exists():
            self.stdout.write(f"{username}: assesses no agency yet: give them some with --assign CODE …")
