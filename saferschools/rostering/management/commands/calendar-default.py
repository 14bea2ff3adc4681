"""saferschools calendar-default --year 2026 [--replace]

Write the standard English school year starting in September YEAR (three terms, each split by a
half-term) and the England bank holidays from September to August. A year already saved (for
example with the county's published dates) is kept unless --replace is given.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saferschools.rostering.services import calendar_default_create


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="academic year start (2026)")
        parser.add_argument("--replace", action="store_true", help="replace saved term dates")

    def handle(self, *args: Any, **opts: Any) -> None:
        year = calendar_default_create(academic_year=opts["year"], replace=opts["replace"])
        self.stdout.write(f"School year {year} ({year.get_source_display()}):")
        for t in year.terms.all():
            self.stdout.write(f"  {t.name:<14} {t.start:%a %d %b %Y} to {t.end:%a %d %b %Y}")
        from saferschools.rostering.models import BankHoliday

        for b in BankHoliday.objects.filter(
            date__gte=f"{opts['year']}-09-01", date__lte=f"{opts['year'] + 1}-08-31"
        ):
            self.stdout.write(f"  bank holiday   {b.date:%a %d %b %Y} {b.name}")
