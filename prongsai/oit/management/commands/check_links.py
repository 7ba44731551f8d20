"""prongsai check-links [--agency CODE] [--year 2568] [--format json|table]"""
import json
import sys

from django.core.management.base import BaseCommand

from prongsai.agencies.models import AssessmentRound
from prongsai.commands import be_year, fail
from prongsai.oit.checks import result_row, run_checks


class Command(BaseCommand):
    help = (
        "Check every OIT link on record (status, redirects, content type, size, time, fiscal-year mention), "
        "store the results beside each item and print them. Exit status 1 when a link is not ok."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="agency code (default: every agency)")
        parser.add_argument("--year", type=be_year, help="Buddhist-era fiscal year (default: every year)")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--timeout", type=float, help="seconds per link (default PRONGSAI_LINK_TIMEOUT, 10)")
        parser.add_argument("--concurrency", type=int, help="links checked at once (default PRONGSAI_LINK_CONCURRENCY, 8)")
        parser.add_argument("--max-bytes", type=int, help="most bytes read per link (default 5 MB)")

    def handle(self, *args, **options):
        problems = [
            message for option, low, high, message in (
                ("timeout", 0.1, 300, "--timeout: {} is not a number of seconds from 0.1 to 300"),
                ("concurrency", 1, 64, "--concurrency: {} is not a whole number from 1 to 64"),
                ("max_bytes", 1024, 100_000_000, "--max-bytes: {} is not a size from 1024 to 100000000 bytes"),
            ) for message in [message.format(options[option])]
            if options[option] is not None and not low <= options[option] <= high
        ]
        if problems:
            fail(self.stderr, problems)
        rounds = AssessmentRound.objects.select_related("agency").order_by("agency__code", "fiscal_year")
        if options["agency"]:
            rounds = rounds.filter(agency__code=options["agency"])
        if options["year"]:
            rounds = rounds.filter(fiscal_year=options["year"])
        if (options["agency"] or options["year"]) and not rounds.exists():
            self.stderr.write("error: no assessment round matches --agency/--year")
            sys.exit(2)
        by_id = {rnd.id: rnd for rnd in rounds}
        results = run_checks(
            by_id.values(), timeout=options["timeout"], concurrency=options["concurrency"], max_bytes=options["max_bytes"]
        )
        rows = [result_row(by_id[r.key.round_id], r.key.item, r) for r in results]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(table(rows))
        if any(not r["ok"] for r in rows):
            sys.exit(1)


def table(rows: list[dict]) -> str:
    if not rows:
        return "no links on record"
    lines = [f"{'agency':<10} {'item':<5} {'ok':<3} {'status':>6}  {'problem':<22} url -> final_url"]
    for r in rows:
        final = f" -> {r['final_url']}" if r["final_url"] and r["final_url"] != r["url"] else ""
        lines.append(
            f"{r['agency_code']:<10} {r['item']:<5} {'yes' if r['ok'] else 'NO':<3} {r['status'] or '-':>6}  "
            f"{r['problem'] or '':<22} {r['url']}{final}"
        )
    bad = sum(not r["ok"] for r in rows)
    lines.append(f"{len(rows)} links checked, {bad} not ok")
    return "\n".join(lines)
