"""Relative time onto the calendar, as real projects spread their work over it.

The demo is drawn in "relative months" t: 1.0 is now, 0.0 a month before, and -34.0, where
the activity starts (``MONTHS`` before now), about three years before. A month is an average
one (``MONTH_DAYS``), so how much happened in the last weeks never depends on the day of the
month the demo is seeded on, and a re-run on a later day plans the same rows with dates that
slide forward.

t is work time. Each project's calendar spends it unevenly, through a monotone warp (order
is kept: a review still follows the pull request it reviews): weekdays are busier than
weekends, the weeks before a release busier still, the year's last week quiet, and some days
busier than others for no reason at all. The warp is fixed by the calendar, never by the
random draws, so any day's seeding draws the very same rows.
"""

import bisect
import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

MONTHS = 35  # months of activity before now: about three years
MONTH_DAYS = 365.2425 / 12
DAY = 86_400.0
# Monday to Sunday. Apache projects are worked on from every time zone, so weekends stay
# busier than an office's.
WEEKDAY = (1.05, 1.1, 1.1, 1.05, 0.9, 0.4, 0.35)
QUIET_DAYS = ((12, 24), (12, 31))  # a month and the days from to: the year's last week
QUIET = 0.4
BURST_DAYS, BURST = 18, 1.45  # the run-up to a release: features land before the freeze
AFTER_DAYS, AFTER = 4, 0.75  # and the days after it


def _noise(day: date) -> float:
    """Some days are busier than others: a fixed factor in [0.7, 1.3) per calendar day."""
    return 0.7 + 0.6 * ((day.toordinal() * 2_654_435_761) % 2**32) / 2**32


class Clock:
    """Relative time t onto the local calendar: ``at`` spreads it evenly (for dates such as
    titles and camps), ``project`` returns a clock that spreads it as the project works."""

    def __init__(self, today: date, now: datetime | None = None) -> None:
        tz = timezone.get_current_timezone()
        # Noon unless told: today holds half a day's work, and a seeding on the 1st shows
        # the new month as it is, a few hours old.
        self.now = now or datetime.combine(today, time(12), tzinfo=tz)
        self.today = timezone.localtime(self.now, tz).date()
        self.tz = tz
        self.end = 1.0 - 1e-7  # t of "now"
        self._now_ts = self.now.timestamp()

    def even(self, t: float) -> datetime:
        return datetime.fromtimestamp(self._now_ts - (1.0 - t) * MONTH_DAYS * DAY, self.tz)

    def at(self, t: float) -> datetime:
        return self.even(t).replace(microsecond=0)

    def day(self, month: int | float, day: int = 1) -> date:
        """About the ``day``-th day of relative month ``month``."""
        return self.even(month + (day - 1) / MONTH_DAYS).date()

    def release_days(self, times: Sequence[float]) -> list[date]:
        return [self.even(t).date() for t in times]

    def project(self, releases: Sequence[float] = ()) -> "ProjectClock":
        return ProjectClock(self, self.release_days(releases))


class ProjectClock(Clock):
    """A project's calendar: t mapped through the warp its day weights make."""

    def __init__(self, base: Clock, releases: list[date]) -> None:
        self.now, self.today, self.tz, self.end = base.now, base.today, base.tz, base.end
        self._now_ts = base._now_ts
        self.releases = releases
        span = math.ceil((MONTHS + 2) * MONTH_DAYS) + 2
        midnight = datetime.combine(self.today, time(), tzinfo=self.tz)
        # Boundaries back from now: now, today's midnight, yesterday's, …; the weight of
        # the stretch between each and the next, today's counted for the part gone by.
        self._bounds = [self._now_ts] + [
            (midnight - timedelta(days=k)).timestamp() for k in range(span)
        ]
        weights = [self._weight(self.today) * (self._now_ts - self._bounds[1]) / DAY]
        weights += [self._weight(self.today - timedelta(days=k)) for k in range(1, span)]
        self._cumulative = [0.0]
        for weight in weights:
            self._cumulative.append(self._cumulative[-1] + weight)
        # Work days per calendar day over the whole span: the warp keeps the total.
        self._per_day = self._cumulative[-1] / ((self._bounds[0] - self._bounds[-1]) / DAY)

    def _weight(self, day: date) -> float:
        weight = WEEKDAY[day.weekday()] * _noise(day)
        (m1, d1), (m2, d2) = QUIET_DAYS
        if (m1, d1) <= (day.month, day.day) <= (m2, d2) or (day.month, day.day) == (1, 1):
            weight *= QUIET
        for release in self.releases:
            ahead = (release - day).days
            if 0 <= ahead < BURST_DAYS:
                weight *= BURST
            elif -AFTER_DAYS <= ahead < 0:
                weight *= AFTER
        return weight

    def even(self, t: float) -> datetime:
        age = (1.0 - t) * MONTH_DAYS * self._per_day  # work back from now
        cumulative = self._cumulative
        if t >= 1.0 or age >= cumulative[-1]:
            return super().even(t)  # the future, or before the span: evenly
        k = bisect.bisect_right(cumulative, age) - 1
        part = (age - cumulative[k]) / (cumulative[k + 1] - cumulative[k])
        bounds = self._bounds
        return datetime.fromtimestamp(bounds[k] - part * (bounds[k] - bounds[k + 1]), self.tz)
