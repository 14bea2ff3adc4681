"""Calendar months for the oversight figures.

Business rules:
- performance indicators are counted by calendar month (local time, Europe/London);
- trends show the twelve months ending with the report month;
- disproportionality is measured over the twelve months ending with the report month: one
  month of one programme gives groups far too small to compare (see
  docs/decisions/050-oversight-figures-and-report.md);
- a month is published (public report) only once it has ended.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

_KEY = re.compile(r"^(\d{4})-(\d{2})$")


class WholeDays:
    """Whole local days, `start` to `end` (a month, a run of months): the instants that bound
    them are `start_at`, the first instant of `start`, and `end_at`, the first instant after
    `end` (an exclusive bound)."""

    if TYPE_CHECKING:  # each kind of span says how its days are found

        @property
        def start(self) -> dt.date: ...
        @property
        def end(self) -> dt.date: ...

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )


@dataclass(frozen=True, order=True)
class Month(WholeDays):
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 2100:
            raise ValueError("a month is YYYY-MM between 2000 and 2100")

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _KEY.match(text.strip())
        if not m:
            raise ValueError(f"not a month in the form YYYY-MM: {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> Month:
        return cls.of(timezone.localdate())

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The month's name and year ("March 2025"), as its first day writes them."""
        return self.start.strftime("%B %Y")

    @property
    def short(self) -> str:
        """Abbreviated ("Mar 25"), as its first day writes them."""
        return self.start.strftime("%b %y")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the month."""
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def shift(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def trailing(self, n: int = 12) -> list[Month]:
        """The n months ending with this one, oldest first."""
        return [self.shift(-k) for k in range(n - 1, -1, -1)]

    @property
    def has_ended(self) -> bool:
        return self.end < timezone.localdate()

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True)
class Window(WholeDays):
    """A run of whole months: [first.start, last.end]."""

    first: Month
    last: Month

    @classmethod
    def trailing(cls, last: Month, n: int = 12) -> Window:
        return cls(last.shift(-(n - 1)), last)

    @property
    def start(self) -> dt.date:
        return self.first.start

    @property
    def end(self) -> dt.date:
        return self.last.end

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.last.label
        return f"{self.first.label} to {self.last.label}"

    def month_of(self, when: dt.datetime | dt.date) -> Month:
        if isinstance(when, dt.datetime):
            when = timezone.localtime(when).date()
        return Month.of(when)
