"""After a sync: compute the figures members' pages and mentors' dashboards show, so the
first view after a sync is as fast as the next (projects/freshness.py keeps them until
records change again)."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from contributors.dashboard import mentee_figures
from contributors.models import Contributor
from contributors.profile import record_figures
from contributors.roles import current_mentee_ids
from projects.freshness import records_version

BATCH = 50
WARMED_KEY = "figures-warmed"


def warm_figures(*, now: datetime | None = None) -> int:
    """Cache the contributor-page figures of every member and the dashboard figures of
    every current mentee; returns how many pages were warmed (none when the cache is off,
    or already warm for the current records version and day)."""
    if not settings.FIGURES_CACHE_SECONDS:
        return 0
    now = now or timezone.now()
    done = f"{records_version()}:{timezone.localdate(now).isoformat()}"
    if cache.get(WARMED_KEY) == done:
        return 0
    today = timezone.localdate(now)
    members = Contributor.objects.filter(is_member=True, merged_into__isnull=True)
    warmed = 0
    for person in members.order_by("pk").iterator(chunk_size=BATCH):
        record_figures(contributor=person, today=today)
        warmed += 1
    mentees = sorted(current_mentee_ids(today=today))
    for start in range(0, len(mentees), BATCH):
        mentee_figures(ids=mentees[start : start + BATCH], project=None, now=now)
    cache.set(WARMED_KEY, done, settings.FIGURES_CACHE_SECONDS)
    return warmed
