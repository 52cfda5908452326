"""The beat schedule, in one place: what runs when.

Schedules live in the database (django-celery-beat), so organizers edit them in the admin
("Periodic tasks"). After every migrate the ones missing here are created; one an organizer
edited is left as it is, and one deleted comes back, so a schedule is turned off by
unticking "enabled", not by deleting it. Times are the site's TIME_ZONE.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    day_of_week: str = "*"


SCHEDULES = (
    # Nightly at 03:00, when nobody is reading dashboards: git, GitHub and JIRA of every
    # project, each sync followed by its rollups and recounts.
    Schedule("Sync every repository", "projects.sync_all_repositories", minute="0", hour="3"),
    # Nightly at 03:30, after the repositories are queued: the lists' new months, and titles
    # dated by the announcements in them.
    Schedule("Sync the mailing lists", "projects.sync_all_lists", minute="30", hour="3"),
    # Sundays at 04:00, after the nightly sync: titles change rarely, and Whimsy regenerates
    # its files every few minutes.
    Schedule(
        "Sync the Apache roster",
        "projects.sync_apache_roster",
        minute="0",
        hour="4",
        day_of_week="0",
    ),
    # Nightly at 05:00: after the sync and its rollups, before people read their progress.
    Schedule("Calibrate progress targets", "contributors.calibrate_all", minute="0", hour="5"),
    # Nightly at 05:30: after the calibration; each project's sync recounts it too.
    Schedule("Recount community figures", "community.refresh_all_figures", minute="30", hour="5"),
)


def install_schedules(**kwargs: Any) -> int:
    """Create the schedules that are missing; returns how many were. Connected to
    post_migrate, after django-celery-beat's tables exist."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    missing = [s for s in SCHEDULES if not PeriodicTask.objects.filter(name=s.name).exists()]
    for schedule in missing:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=schedule.minute,
            hour=schedule.hour,
            day_of_week=schedule.day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(name=schedule.name, task=schedule.task, crontab=crontab)
    return len(missing)
