"""The signed-in home page: each role's first question answered at the top.

A contributor sees their own summary (the next title's readiness, PRs waiting, this month)
and a link to their page; a mentor, the mentees who need them now; an organizer, the same
across every current mentee, and the syncs that need a look (failed, waiting for a rate
limit, or not run for a day).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from contributors import dashboard, roles
from contributors.dashboard import MenteeRow
from contributors.models import Contributor
from contributors.profile import MonthActivity, record_figures
from contributors.progress import Progress
from contributors.waiting import WaitingPullRequest
from projects.models import SyncState

MENTEES_SHOWN = 5
SYNCS_SHOWN = 8
SYNC_STALE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class OwnSummary:
    person: Contributor
    progress: Progress
    waiting: list[WaitingPullRequest]
    month: MonthActivity | None


@dataclass(frozen=True)
class SyncHealth:
    by_status: dict[str, int]
    last_success: datetime | None
    needing_a_look: list[SyncState]
    stale: int  # succeeded once, but not in the last day


@dataclass(frozen=True)
class PersonalHome:
    own: OwnSummary | None = None
    mentees: list[MenteeRow] = field(default_factory=list)
    mentees_total: int = 0
    stalled: int = 0
    all_mentees: bool = False  # an organizer's view of every current mentee
    syncs: SyncHealth | None = None


def personal_home(user: roles.AnyUser) -> PersonalHome | None:
    """What the home page shows this viewer above the community's figures; None for
    anonymous visitors and accounts linked to nobody."""
    if not roles.is_member(user):
        return None
    organizer = roles.is_organizer(user)
    person = roles.contributor_of(user)
    own = _own_summary(person) if person is not None else None
    mentee_ids = roles.current_mentee_ids() if organizer else roles.mentee_ids_of(user)
    rows = dashboard.get_mentee_rows(mentee_ids=mentee_ids) if mentee_ids else []
    return PersonalHome(
        own=own,
        mentees=rows[:MENTEES_SHOWN],
        mentees_total=len(rows),
        stalled=sum(1 for row in rows if row.stalled),
        all_mentees=organizer,
        syncs=sync_health() if organizer else None,
    )


def _own_summary(person: Contributor) -> OwnSummary:
    figures = record_figures(contributor=person, today=timezone.localdate())
    return OwnSummary(
        person=person,
        progress=figures.progress,
        waiting=figures.waiting,
        month=figures.months[-1] if figures.months else None,
    )


def sync_health() -> SyncHealth:
    """The syncs at a glance (two queries): how many stand in each status, and those that
    need a look, failed first."""
    now = timezone.now()
    counts = SyncState.objects.aggregate(
        last_success=Max("last_success_at"),
        stale=Count(
            "pk",
            filter=Q(status=SyncState.Status.SUCCEEDED, finished_at__lt=now - SYNC_STALE_AFTER),
        ),
        **{status: Count("pk", filter=Q(status=status)) for status in SyncState.Status.values},
    )
    trouble = (
        SyncState.objects.filter(status__in=[SyncState.Status.FAILED, SyncState.Status.WAITING])
        .select_related("repository", "project")
        .order_by("status", "-updated_at")[:SYNCS_SHOWN]  # "failed" sorts before "waiting"
    )
    return SyncHealth(
        by_status={status: counts[status] for status in SyncState.Status.values},
        last_success=counts["last_success"],
        needing_a_look=list(trouble),
        stale=counts["stale"],
    )
