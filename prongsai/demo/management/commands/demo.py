"""prongsai demo — load the demo data (idempotent): 50 Bangkok district offices over FY2566–2568
(synthetic figures, labelled so), Lak Si's real published 2567 report, one user per role."""
import time

from django.core.management.base import BaseCommand

from prongsai.commands import fail
from prongsai.demo.load import PASSWORD, load


class Command(BaseCommand):
    help = ("Load the demo: 50 Bangkok district offices with synthetic FY2566–2568 figures, the Lak Si District "
            "Office's real FY2567 report, Bang Bon's worked FY2568 plan, the city's FY2568 central measures and "
            "one user per role. Re-running replaces the synthetic figures; the plan and central measures are made once.")

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=None, help="load only the first N districts (tests)")

    def handle(self, *args, **options):
        if options["districts"] is not None and not 1 <= options["districts"] <= 50:
            fail(self.stderr, [f"--districts: {options['districts']} is not 1–50"])
        started = time.monotonic()
        summary = load(options["districts"])
        seconds = time.monotonic() - started
        self.stdout.write(
            f"demo: {summary.agencies} district offices, {summary.rounds} rounds, "
            f"{summary.option_counts} synthetic option counts loaded in {seconds:.1f} s"
        )
        self.stdout.write("demo: Lak Si (101041) 2567 holds its real published report; the other figures are synthetic")
        if summary.plan is not None:
            self.stdout.write(f"demo: Bang Bon ({summary.plan.agency.code}) has a worked FY{summary.plan.fiscal_year} measures "
                              "plan with its approved 6-month report (synthetic)")
        if summary.central_measures:
            year = summary.central_measures[0].fiscal_year
            self.stdout.write(f"demo: {len(summary.central_measures)} central measures of FY{year} for every district office, "
                              "three of which have reported on some (synthetic)")
        for code in summary.skipped:
            self.stdout.write(f"demo: {code} holds real imported data and was left alone")
        self.stdout.write(f"demo users (password {PASSWORD!r}):")
        width = max((len(username) for username, _ in summary.users), default=0)
        for username, description in summary.users:
            self.stdout.write(f"  {username:<{width}}  {description}")
