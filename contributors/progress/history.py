"""A person's history in a project, read in three queries, and the signals measured on it.

Months are calendar months in the configured time zone, numbered so that windows are
integer ranges; a window ends with the month of ``today`` (for progress) or the month
before the title date (for calibration).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import BigIntegerField, DateField, Min, Value
from django.db.models.functions import Cast, TruncMonth

from contributors.models import Identity
from osc4you.lib.calendar import month_index, month_start
from projects.credits import OWN_COMMIT, credited_as, own_commit_of
from projects.models import ActivityMonth, CommitCredit, Signal
from projects.models.conventions import Meaning
from projects.reviewing import PARTICIPATIONS, reviewed, union_all

COUNT_WINDOW_MONTHS = 24
ACTIVE_WINDOW_MONTHS = 12

_COUNTED_KINDS: dict[str, str] = {
    ActivityMonth.Kind.PR_MERGED: Signal.MERGED_PRS,
    ActivityMonth.Kind.ISSUE_REPORTED: Signal.ISSUES_REPORTED,
    ActivityMonth.Kind.ISSUE_RESOLVED: Signal.ISSUES_RESOLVED,
    ActivityMonth.Kind.LIST_THREAD: Signal.LIST_MESSAGES,
    ActivityMonth.Kind.LIST_REPLY: Signal.LIST_MESSAGES,
    ActivityMonth.Kind.LIST_VOTE: Signal.VOTES,
    ActivityMonth.Kind.LIST_DESIGN: Signal.DESIGN_THREADS,
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


# A rollup row as histories read it: contributor, project, month, kind, count.
MonthRow = tuple[int, int, date, str, int]


def read_histories(
    *,
    contributor_ids: list[int],
    project_id: int | None,
    since: datetime | None,
    until: datetime | None,
    month_rows: Iterable[MonthRow] | None = None,
) -> dict[tuple[int, int], History]:
    """Histories per (contributor, project), read in three queries: the rollups, the
    projects' credit conventions, and the reviews, conversation comments and reviewer
    credits side by side.

    Rollup rows are read whole (a person has at most a few hundred), unless the caller
    already read them (``month_rows``: the contributor page reads them for its charts);
    reviews, comments and credits only inside [since, until) when given, bucketed into
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
    # Reviews as each project's convention means them (YuniKorn: sign-offs), never one's own.
    credits = CommitCredit.objects.filter(identity__in=identities).filter(
        credited_as(Meaning.REVIEWED)
    )
    if len(contributor_ids) == 1:  # one person: own commits are those of these identities
        credits = credits.exclude(own_commit_of(identities))
    else:
        credits = credits.exclude(OWN_COMMIT)
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
        if len(contributor_ids) == 1:  # one person (a page): the rule without its joins
            records = source.records_of(identities)
        else:
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
            .annotate(
                month=Min(_local_month(source.when)),
                # No commit: the credits' column, in the same query.
                commit=Cast(Value(None), BigIntegerField()),
            )
            .order_by()
        )
    # Reviewer credits from trailers, dated by their commit.
    participations.append(
        credits.annotate(month=_local_month("commit__committed_at"))
        .order_by()
        .values_list(
            "identity__contributor_id",
            "commit__repository__project_id",
            "commit__pull_request_id",
            "month",
            "commit_id",
        )
    )

    # Query 1: the rollups (index activity_month_unique_contributor), unless given.
    if month_rows is None:
        month_rows = months.order_by().values_list(
            "contributor_id", "project_id", "month", "kind", "count"
        )
    wanted = set(contributor_ids)
    for person, project, month, kind, count in month_rows:
        if count > 0 and person in wanted and project_id in (None, project):
            histories[person, project].months[month_index(month)][kind] = count
    # Query 2: reviews, conversation comments and reviewer credits, as one compound query.
    # A pull request seen several ways counts once, dated by the earliest; a credit on a
    # commit that landed a known PR is that PR's review, else the commit's own.
    for person, project, pull, month, commit in union_all(participations):
        key = reviewed(pull_request=pull, commit=commit)
        histories[person, project].add_review(key, month_index(month))
    return histories


def _local_month(field: str) -> TruncMonth:
    """The first day of the moment's month in the current time zone, as a date."""
    return TruncMonth(field, output_field=DateField())
