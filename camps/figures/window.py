"""The camp's window and weeks, in the site's time zone (see the package's docstring)."""

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings

from camps.models import Cohort
from projects.commits import Period


def site_zone() -> tzinfo:
    """The site's time zone, whatever zone a request may have activated."""
    return ZoneInfo(settings.TIME_ZONE)


def camp_window(cohort: Cohort) -> Period:
    """[00:00 on ``starts_on``, 00:00 on the day after ``ends_on``) in the site's time zone."""
    zone = site_zone()
    return Period(
        since=datetime.combine(cohort.starts_on, time.min, tzinfo=zone),
        until=datetime.combine(cohort.ends_on + timedelta(days=1), time.min, tzinfo=zone),
    )


def camp_weeks(cohort: Cohort) -> list[tuple[date, date]]:
    """The camp's weeks as (first day, last day), from ``starts_on``; the last may be short."""
    weeks = []
    first = cohort.starts_on
    while first <= cohort.ends_on:
        weeks.append((first, min(first + timedelta(days=6), cohort.ends_on)))
        first += timedelta(days=7)
    return weeks
