"""A person's history in a project, read in three queries, and the signals measured on it.

Months are calendar months in the configured time zone, numbered so that windows are
integer ranges; a window ends with the month of ``today`` (for progress) or the month
before the title date (for calibration).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import DateField, Min
from django.db.models.functions import TruncMonth

from contributors.models import Identity
from osc4you.lib.calendar import month_index, month_start
from projects.models import ActivityMonth, CommitCredit, Signal
from projects.reviewing import PARTICIPATIONS, reviewed, union_all

COUNT_WINDOW_MONTHS = 24
ACTIVE_WINDOW_MONTHS = 12

_COUNTED_KINDS: dict[str, str] = {
    ActivityMonth.Kind.PR_MERGED: Signal.MERGED_PRS,
    ActivityMonth.Kind.ISSUE_REPORTED: Signal.ISSUES_REPORTED,
    ActivityMonth.Kind.ISSUE_RESOLVED: Signal.ISSUES_RESOLVED,
}


@dataclass(frozen=True)
class Window:
    """The months a person's signals are counted in: ``last`` is the newest month included,
    ``reference`` the month tenure is counted to (the title's month, or today's)."""

    last: int
    reference: int

    @property
    def counts(self) -> range:
        return range(self.last - COUNT_WINDOW_MONTHS + 1, self.last + 1)

    @property
    def active(self) -> range:
        return range(self.last - ACTIVE_WINDOW_MONTHS + 1, self.last + 1)

    @property
    def since(self) -> datetime:
        return month_start(self.counts.start)

    @property
    def until(self) -> datetime:
        return month_start(self.last + 1)


@dataclass
class History:
    """What is known of one person in one project: rollup months and reviewed PRs."""

    months: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    reviewed: dict[int, int] = field(default_factory=dict)  # projects.reviewing key → month index

    def add_review(self, key: int, month: int) -> None:
        # The earliest sighting dates the review; a PR seen twice still counts once.
        self.reviewed[key] = min(month, self.reviewed.get(key, month))

    def measure(self, window: Window) -> dict[str, int]:
        values = dict.fromkeys(Signal.values, 0)
        for month in window.counts:
            for kind, count in self.months.get(month, {}).items():
                if kind in _COUNTED_KINDS:
                    values[_COUNTED_KINDS[kind]] += count
        values[Signal.REVIEWS] = sum(1 for m in self.reviewed.values() if m in window.counts)
        values[Signal.ACTIVE_MONTHS] = sum(1 for m in window.active if self.months.get(m))
        first = min((m for m, kinds in self.months.items() if kinds), default=None)
        if first is not None and first <= window.last:
            values[Signal.MONTHS_SINCE_FIRST] = window.reference - first
        return values

    def active_in(self, window: Window) -> bool:
        return any(self.months.get(m) for m in window.counts)


def read_histories(
    *,
    contributor_ids: list[int],
    project_id: int | None,
    since: datetime | None,
    until: datetime | None,
) -> dict[tuple[int, int], History]:
    """Histories per (contributor, project), read in three queries.

    Rollup rows are read whole (a person has at most a few hundred); reviews, conversation
    comments and reviewer credits only inside [since, until) when given, bucketed into
    months by the database.
    """
    histories: dict[tuple[int, int], History] = defaultdict(History)
    if not contributor_ids:
        return histories
    # Records are reached through the people's identities as a subquery, so the planner
    # walks each identity's index range (review_reviewer_date, pr_comment_author_date,
    # credit_identity_kind) rather than scanning every review in the window to join the
    # few that are theirs.
    identities = Identity.objects.filter(contributor_id__in=contributor_ids).values("pk")
    months = ActivityMonth.objects.filter(contributor_id__in=contributor_ids, count__gt=0)
    credits = CommitCredit.objects.filter(identity__in=identities, kind=CommitCredit.Kind.REVIEWER)
    if project_id is not None:
        months = months.filter(project_id=project_id)
        credits = credits.filter(commit__repository__project_id=project_id)
    if since is not None:
        credits = credits.filter(commit__committed_at__gte=since)
    if until is not None:
        credits = credits.filter(commit__committed_at__lt=until)
    # GitHub reviews and conversation comments, one row per person, kind and pull request,
    # dated by the month of the first. Months come as dates: converting thousands of
    # timestamps to the local time zone in Python cost more than the query.
    participations = []
    for source in PARTICIPATIONS:
        records = source.records().filter(**{f"{source.person}__in": identities})
        if project_id is not None:
            records = records.filter(pull_request__repository__project_id=project_id)
        if since is not None:
            records = records.filter(**{f"{source.when}__gte": since})
        if until is not None:
            records = records.filter(**{f"{source.when}__lt": until})
        participations.append(
            records.values_list(
                f"{source.person}__contributor_id",
                "pull_request__repository__project_id",
                "pull_request_id",
            )
            .annotate(month=Min(_local_month(source.when)))
            .order_by()
        )

    # Query 1: the rollups (index activity_month_unique_contributor).
    for person, project, month, kind, count in months.order_by().values_list(
        "contributor_id", "project_id", "month", "kind", "count"
    ):
        histories[person, project].months[month_index(month)][kind] = count
    # Query 2: reviews and conversation comments (above), as one compound query; a pull
    # request seen both ways counts once, dated by the earlier.
    for person, project, pull, month in union_all(participations):
        histories[person, project].add_review(reviewed(pull_request=pull), month_index(month))
    # Query 3: reviewer credits from trailers; a credit on a commit that landed a known PR
    # is that PR's review, else the commit's own.
    for person, project, commit, pull, month in (
        credits.annotate(month=_local_month("commit__committed_at"))
        .order_by()
        .values_list(
            "identity__contributor_id",
            "commit__repository__project_id",
            "commit_id",
            "commit__pull_request_id",
            "month",
        )
    ):
        key = reviewed(pull_request=pull, commit=commit)
        histories[person, project].add_review(key, month_index(month))
    return histories


def _local_month(field: str) -> TruncMonth:
    """The first day of the moment's month in the current time zone, as a date."""
    return TruncMonth(field, output_field=DateField())
