"""The contributor page's data: one typed read with a fixed number of queries.

Queries: titles, the parts other apps keep (camps: enrolments, ``contributors.parts``) and
mentors (3), emails and check-in notes when private parts are
shown (2), and the figures from records, cached between syncs: the person's monthly
rollups (1), progress (4 more, with the credit conventions, the project's calibration and
the committers' median path stored in it), PRs waiting for review with their reviews
(2), recent activity (1 on PostgreSQL, 5 on SQLite), the mailing lists (2).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from contributors.lists import ListParticipation, list_participation
from contributors.models import CheckInNote, Contributor, Identity, Mentorship
from contributors.parts import PARTS
from contributors.progress import Progress, progress_for
from contributors.progress.paths import cumulative
from contributors.recent import RecentItem, get_recent_activity
from contributors.waiting import WaitingPullRequest, waiting_pull_requests
from osc4you.lib.calendar import add_months, month_index
from projects.freshness import cached_figures
from projects.models import ActivityMonth, Project

# The monthly chart's series: a label per group of rollup kinds.
ACTIVITY_GROUPS: dict[str, tuple[str, ...]] = {
    "commits": (ActivityMonth.Kind.COMMIT,),
    "prs": (ActivityMonth.Kind.PR_OPENED,),
    "reviews": (ActivityMonth.Kind.REVIEW, ActivityMonth.Kind.COMMIT_REVIEW),
    "issues": (ActivityMonth.Kind.ISSUE_REPORTED, ActivityMonth.Kind.ISSUE_RESOLVED),
}
NOTES_SHOWN = 20
MONTHS_SHOWN = 12


class MonthRow(Protocol):
    """A monthly rollup row as the page reads it: a named row of ``values_list``."""

    @property
    def month(self) -> date: ...
    @property
    def kind(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def project_id(self) -> int: ...
    @property
    def project_name(self) -> str | None: ...


@dataclass(frozen=True)
class MonthActivity:
    month: date
    commits: int
    prs: int
    reviews: int
    issues: int


@dataclass(frozen=True)
class ProjectBreakdown:
    project: str
    commits: int
    prs: int
    reviews: int
    issues: int
    merged: int


@dataclass(frozen=True)
class RecordFigures:
    """What the page computes from records and rollups: the same until they change, so
    cached under the records version (projects/freshness.py)."""

    progress: Progress
    months: list[MonthActivity]
    cumulative_merged: list[tuple[date, int]]
    projects: list[ProjectBreakdown]
    waiting: list[WaitingPullRequest]
    recent: list[RecentItem]
    # Merged PRs by months since the first contribution, the person's and the median of the
    # project's committers up to their title dates; None until enough committers were
    # measured (contributors/progress/paths.py).
    own_path: list[int]
    committers_path: list[float] | None
    committers_counted: int
    lists: ListParticipation  # threads, replies, votes on the mailing lists


@dataclass(frozen=True)
class PartRows:
    """A part's rows about the person (``contributors.parts``), and the template showing them."""

    template: str
    rows: list[Any]


@dataclass(frozen=True)
class ContributorPage(RecordFigures):
    contributor: Contributor
    titles: list
    parts: list[PartRows]
    mentors: list[Contributor]
    emails: list[str]
    notes: list[CheckInNote]


def people() -> QuerySet[Contributor]:
    """Everyone who can be shown: not merged into someone else."""
    return Contributor.objects.filter(merged_into__isnull=True)


def _group_of(kind: str) -> str | None:
    return next((group for group, kinds in ACTIVITY_GROUPS.items() if kind in kinds), None)


def _months(rows: Sequence[MonthRow], today: date) -> list[MonthActivity]:
    first = today.replace(day=1)
    months = [add_months(first, -back) for back in range(MONTHS_SHOWN - 1, -1, -1)]
    totals = {m: dict.fromkeys(ACTIVITY_GROUPS, 0) for m in months}
    for row in rows:
        group = _group_of(row.kind)
        if group and row.month in totals:
            totals[row.month][group] += row.count
    return [MonthActivity(month=m, **totals[m]) for m in months]


def _cumulative_merged(rows: Sequence[MonthRow]) -> list[tuple[date, int]]:
    per_month: dict[date, int] = {}
    for row in rows:
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            per_month[row.month] = per_month.get(row.month, 0) + row.count
    total, points = 0, []
    for month in sorted(per_month):
        total += per_month[month]
        points.append((month, total))
    return points


def _own_path(rows: Sequence[MonthRow], project_id: int | None, today: date) -> list[int]:
    mine = [row for row in rows if project_id is None or row.project_id == project_id]
    if not mine:
        return []
    merged: dict[int, int] = {}
    for row in mine:
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            index = month_index(row.month)
            merged[index] = merged.get(index, 0) + row.count
    first = min(month_index(row.month) for row in mine)
    return cumulative(merged, first, month_index(today))


def _median_path(project: Project | None) -> tuple[list[float] | None, int]:
    """The committers' median path stored with the project's calibration (no query: the
    progress reader loaded it)."""
    calibration = getattr(project, "calibration", None) if project is not None else None
    if calibration is None or not calibration.median_path:
        return None, calibration.median_path_committers if calibration else 0
    return calibration.median_path, calibration.median_path_committers


def _projects(rows: Sequence[MonthRow]) -> list[ProjectBreakdown]:
    sums: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row.project_name if row.project_name is not None else "—"
        entry = sums.setdefault(name, {**dict.fromkeys(ACTIVITY_GROUPS, 0), "merged": 0})
        group = _group_of(row.kind)
        if group:
            entry[group] += row.count
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            entry["merged"] += row.count
    breakdown = [ProjectBreakdown(project=name, **values) for name, values in sums.items()]
    return sorted(breakdown, key=lambda b: (-(b.commits + b.prs + b.reviews + b.issues), b.project))


def read_record_figures(*, contributor: Contributor, today: date) -> RecordFigures:
    """The page's figures from records: monthly rollups (1), progress (4 more), PRs waiting
    for review with their reviews (2), recent activity (1 on PostgreSQL) and the mailing
    lists (2)."""
    # Named tuples, not model instances: a busy person has thousands of monthly rows.
    rows = list(
        ActivityMonth.objects.filter(contributor=contributor)
        .annotate(project_name=F("project__name"))
        .values_list("month", "kind", "count", "project_id", "project_name", named=True)
        .order_by()
    )
    # Progress measures the same rollups: given, not read again.
    progress = progress_for(
        contributor=contributor,
        today=today,
        month_rows=[(contributor.pk, r.project_id, r.month, r.kind, r.count) for r in rows],
    )
    project_id = progress.project.pk if progress.project else None
    committers_path, committers_counted = _median_path(progress.project)
    waiting = waiting_pull_requests(
        identities=Identity.objects.filter(contributor=contributor).values("pk")
    )
    return RecordFigures(
        progress=progress,
        months=_months(rows, today),
        cumulative_merged=_cumulative_merged(rows),
        projects=_projects(rows),
        waiting=waiting,
        recent=get_recent_activity(contributor=contributor),
        own_path=_own_path(rows, project_id, today),
        committers_path=committers_path,
        committers_counted=committers_counted,
        lists=list_participation(contributor=contributor),
    )


def record_figures(*, contributor: Contributor, today: date) -> RecordFigures:
    """``read_record_figures``, cached until records change."""
    # Keyed by month: every figure but the PRs' ages (read at render) moves by month.
    return cached_figures(
        "contributor-page",
        (contributor.pk, today.strftime("%Y-%m")),
        lambda: read_record_figures(contributor=contributor, today=today),
    )


def get_contributor_page(
    *, contributor: Contributor, show_private: bool, today: date | None = None
) -> ContributorPage:
    """Everything the contributor page shows about ``contributor``. Titles, camps, mentors
    and private parts are read live: organizers edit them by hand."""
    today = today or timezone.localdate()
    titles = list(
        contributor.titles.select_related("project", "announcement__mailing_list").order_by(
            "granted_on", "pk"
        )
    )
    parts = [(part, part.rows_of(contributor)) for part in PARTS]
    mentorships = Mentorship.objects.filter(mentee=contributor).select_related("mentor")
    mentors = {m.mentor_id: m.mentor for m in mentorships}
    for part, rows in parts:
        for mentor in part.mentors_in(rows):
            mentors.setdefault(mentor.pk, mentor)
    figures = record_figures(contributor=contributor, today=today)
    emails, notes = [], []
    if show_private:
        emails = sorted(
            Identity.objects.filter(
                contributor=contributor, kind=Identity.Kind.GIT_EMAIL
            ).values_list("value", flat=True)
        )
        notes = list(contributor.check_in_notes.select_related("author__contributor")[:NOTES_SHOWN])
    return ContributorPage(
        contributor=contributor,
        titles=titles,
        parts=[PartRows(part.template, rows) for part, rows in parts],
        mentors=sorted(mentors.values(), key=lambda c: c.display_name),
        emails=emails,
        notes=notes,
        **vars(figures),
    )


def search_people(*, query: str, include_email: bool) -> QuerySet[Contributor]:
    """People whose name, Chinese name, GitHub login or Apache id contains ``query``;
    also their emails when ``include_email`` (organizers only)."""
    query = query.strip()
    found = people()
    if not query:
        return found.none()
    match = (
        Q(display_name__icontains=query)
        | Q(chinese_name__icontains=query)
        | Q(github_login__icontains=query)
        | Q(apache_id__icontains=query)
    )
    if include_email:
        by_email = Identity.objects.filter(
            contributor=OuterRef("pk"), kind=Identity.Kind.GIT_EMAIL, value__icontains=query
        )
        match |= Q(Exists(by_email))
    return found.filter(match).order_by("display_name", "pk")
