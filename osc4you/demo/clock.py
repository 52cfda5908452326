"""Relative months onto the calendar: the demo is drawn in months relative to the current one
(0 is this month, -35 the first), so a re-run on a later day moves every date forward."""

import math
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from osc4you.lib.calendar import add_months

MONTHS = 36  # the current month and the 35 before it


class Clock:
    """Relative time t (0.0 is the start of the current month) onto the local calendar.

    The current month runs up to the start of today, so no activity lies in the future
    (on the 1st, through the 1st: a month needs some time to hold activity).
    """

    def __init__(self, today: date) -> None:
        tz = timezone.get_current_timezone()
        first = today.replace(day=1)
        self.starts = {
            offset: datetime.combine(add_months(first, offset), time(), tzinfo=tz)
            for offset in range(-MONTHS, 2)
        }
        self.now = max(datetime.combine(today, time(), tzinfo=tz), self.starts[0] + timedelta(1))
        self.end = 1.0 - 1e-7  # t of "now"

    def at(self, t: float) -> datetime:
        month = min(math.floor(t), 0)
        start = self.starts[month]
        end = self.now if month == 0 else self.starts[month + 1]
        return (start + (end - start) * min(t - month, 1.0)).replace(microsecond=0)

    def day(self, month: int, day: int) -> date:
        return self.starts[month].date().replace(day=day)
