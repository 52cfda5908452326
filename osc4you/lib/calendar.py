"""Months and quarters, the units figures are counted in, in the site's TIME_ZONE.

A month is named by its first day, or by an index (``year * 12 + month - 1``) when windows
are plain integer ranges; a quarter is ``2024Q3``. Every page, rollup, recount and command
reads them from here, so "the third quarter" is the same everywhere.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# 2024Q3, 2024-q3 or " 2024 Q3 ": the one spelling every form, API and command takes.
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


def month_index(day: date) -> int:
    """A month as a number, so windows are plain integer ranges."""
    return day.year * 12 + day.month - 1


def month_of_index(index: int) -> date:
    """The first day of the month ``index`` names."""
    return date(index // 12, index % 12 + 1, 1)


def add_months(month: date, delta: int) -> date:
    """The first day of the month ``delta`` months after ``month``'s (before, if negative)."""
    return month_of_index(month_index(month) + delta)


def month_of(value: datetime | date) -> date:
    """The first day of the month a moment falls in, in TIME_ZONE (a date: its month)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def index_of_moment(moment: datetime) -> int:
    return month_index(timezone.localtime(moment).date())


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in TIME_ZONE."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_start(index: int) -> datetime:
    """Midnight at the start of month ``index`` in TIME_ZONE."""
    return start_of(month_of_index(index))


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str, *, latest_year: int | None = None) -> "Quarter":
        """``2025Q1`` (or ``2025-q1``), from 1970 up to ``latest_year`` (next year's by
        default: a later year holds no figures, and 9999Q4 would end in year 10000);
        ValueError naming the text otherwise."""
        match = _QUARTER.match(text)
        latest = timezone.localdate().year + 1 if latest_year is None else latest_year
        if not match or not 1970 <= int(match.group(1)) <= latest:
            raise ValueError(f"{text!r} is not a quarter like 2024Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def slug(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    @property
    def months(self) -> list[date]:
        first = 3 * self.number - 2
        return [date(self.year, first + i, 1) for i in range(3)]

    @property
    def first_day(self) -> date:
        return self.months[0]

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @property
    def start(self) -> datetime:
        """Midnight at the start of the quarter, in TIME_ZONE."""
        return start_of(self.first_day)

    @property
    def end(self) -> datetime:
        """Midnight at the start of the next quarter: the end, excluded."""
        return start_of(self.next().first_day)

    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)


def quarter_of_month(month: date) -> date:
    """The first day of the quarter ``month`` is in."""
    return Quarter.of(month).first_day
