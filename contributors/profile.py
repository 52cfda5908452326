"""The contributor page's data: one typed read with a fixed number of queries.

Queries: titles, enrolments and mentors (3), progress (4), the person's monthly rollups (1),
the project's committers' rollups (1), PRs waiting for review (1), recent activity (4),
emails and check-in notes when private parts are shown (2).
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from contributors.models import CheckInNote, Contributor, Enrollment, Identity, Mentorship
from contributors.progress import Progress, progress_for
from contributors.recent import RecentItem, get_recent_activity, pull_request_url
from projects.models import ActivityMonth, PullRequest, Review, Title

# The monthly chart's series: a label per group of rollup kinds.
ACTIVITY_GROUPS: dict[str, tuple[str, ...]] = {
    "commits": (ActivityMonth.Kind.COMMIT,),
    "prs": (ActivityMonth.Kind.PR_OPENED,),
    "reviews": (ActivityMonth.Kind.REVIEW, ActivityMonth.Kind.COMMIT_REVIEW),
    "issues": (ActivityMonth.Kind.ISSUE_REPORTED, ActivityMonth.Kind.ISSUE_RESOLVED),
}
NOTES_SHOWN = 20
MIN_COMMITTERS = 3
MONTHS_SHOWN = 12


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
class WaitingPullRequest:
    title: str
    url: str
    repository: str
    opened: datetime
    age_days: int
    reviewed: bool


@dataclass(frozen=True)
class ContributorPage:
    contributor: Contributor
    titles: list
    enrollments: list[Enrollment]
    mentors: list[Contributor]
    progress: Progress
    months: list[MonthActivity]
    cumulative_merged: list[tuple[date, int]]
    projects: list[ProjectBreakdown]
    waiting: list[WaitingPullRequest]
    recent: list[RecentItem]
    emails: list[str]
    notes: list[CheckInNote]
    # Merged PRs by months since the first contribution, the person's and the median of the
    # project's committers up to their title dates; None with fewer than MIN_COMMITTERS.
    own_path: list[int]
    committers_path: list[float] | None
    committers_counted: int


def people() -> QuerySet[Contributor]:
    """Everyone who can be shown: not merged into someone else."""
    return Contributor.objects.filter(merged_into__isnull=True)


def _group_of(kind: str) -> str | None:
    return next((group for group, kinds in ACTIVITY_GROUPS.items() if kind in kinds), None)


def _months(rows: list[ActivityMonth], today: date) -> list[MonthActivity]:
    first = date(today.year, today.month, 1)
    months = []
    for back in range(MONTHS_SHOWN - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(date(year, month + 1, 1))
    totals = {m: dict.fromkeys(ACTIVITY_GROUPS, 0) for m in months}
    for row in rows:
        group = _group_of(row.kind)
        if group and row.month in totals:
            totals[row.month][group] += row.count
    return [MonthActivity(month=m, **totals[m]) for m in months]


def _cumulative_merged(rows: list[ActivityMonth]) -> list[tuple[date, int]]:
    per_month: dict[date, int] = {}
    for row in rows:
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            per_month[row.month] = per_month.get(row.month, 0) + row.count
    total, points = 0, []
    for month in sorted(per_month):
        total += per_month[month]
        points.append((month, total))
    return points


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _path(merged: dict[int, int], first: int, last: int) -> list[int]:
    """Cumulative merged PRs at each month from ``first`` to ``last`` (month indexes)."""
    total, path = 0, []
    for index in range(first, last + 1):
        total += merged.get(index, 0)
        path.append(total)
    return path


def _own_path(rows: list[ActivityMonth], project_id: int | None, today: date) -> list[int]:
    mine = [row for row in rows if project_id is None or row.project_id == project_id]
    if not mine:
        return []
    merged: dict[int, int] = {}
    for row in mine:
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            index = _month_index(row.month)
            merged[index] = merged.get(index, 0) + row.count
    first = min(_month_index(row.month) for row in mine)
    return _path(merged, first, _month_index(today))


def _committers_path(project_id: int | None) -> tuple[list[float] | None, int]:
    """The median path of the project's committers from their first contribution to their
    title date (one query)."""
    if project_id is None:
        return None, 0
    rows = ActivityMonth.objects.filter(
        project_id=project_id,
        contributor__titles__project_id=project_id,
        contributor__titles__role=Title.Role.COMMITTER,
        contributor__titles__granted_on__isnull=False,
    ).values_list("contributor_id", "month", "kind", "count", "contributor__titles__granted_on")
    people: dict[int, dict] = {}
    for person, month, kind, count, granted_on in rows.order_by():
        entry = people.setdefault(person, {"first": None, "merged": {}, "title": granted_on})
        index = _month_index(month)
        entry["first"] = index if entry["first"] is None else min(entry["first"], index)
        if kind == ActivityMonth.Kind.PR_MERGED:
            entry["merged"][index] = entry["merged"].get(index, 0) + count
    paths = [
        _path(e["merged"], e["first"], _month_index(e["title"]))
        for e in people.values()
        if _month_index(e["title"]) >= e["first"]
    ]
    if len(paths) < MIN_COMMITTERS:
        return None, len(paths)
    median = []
    for offset in range(max(len(path) for path in paths)):
        values = [path[offset] for path in paths if offset < len(path)]
        if len(values) < MIN_COMMITTERS:
            break
        median.append(float(statistics.median(values)))
    return median, len(paths)


def _projects(rows: list[ActivityMonth]) -> list[ProjectBreakdown]:
    sums: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row.project.name if row.project_id else "—"
        entry = sums.setdefault(name, {**dict.fromkeys(ACTIVITY_GROUPS, 0), "merged": 0})
        group = _group_of(row.kind)
        if group:
            entry[group] += row.count
        if row.kind == ActivityMonth.Kind.PR_MERGED:
            entry["merged"] += row.count
    breakdown = [ProjectBreakdown(project=name, **values) for name, values in sums.items()]
    return sorted(breakdown, key=lambda b: (-(b.commits + b.prs + b.reviews + b.issues), b.project))


def get_contributor_page(
    *, contributor: Contributor, show_private: bool, today: date | None = None
) -> ContributorPage:
    """Everything the contributor page shows about ``contributor``."""
    today = today or timezone.localdate()
    now = timezone.now()
    titles = list(contributor.titles.select_related("project").order_by("granted_on", "pk"))
    enrollments = list(
        contributor.enrollments.select_related("cohort", "project", "mentor").order_by(
            "-cohort__starts_on"
        )
    )
    mentorships = Mentorship.objects.filter(mentee=contributor).select_related("mentor")
    mentors = {m.mentor_id: m.mentor for m in mentorships}
    for enrollment in enrollments:
        if enrollment.mentor_id:
            mentors.setdefault(enrollment.mentor_id, enrollment.mentor)
    progress = progress_for(contributor=contributor, today=today)
    project_id = progress.project.pk if progress.project else None
    committers_path, committers_counted = _committers_path(project_id)
    rows = list(
        ActivityMonth.objects.filter(contributor=contributor).select_related("project").order_by()
    )
    reviewed_by_others = Review.objects.filter(pull_request=OuterRef("pk")).exclude(
        reviewer__contributor=contributor
    )
    open_prs = (
        PullRequest.objects.filter(
            author__contributor=contributor, state=PullRequest.State.OPEN, is_draft=False
        )
        .select_related("repository")
        .annotate(reviewed=Exists(reviewed_by_others))
        .order_by("created_at")
    )
    waiting = [
        WaitingPullRequest(
            title=pr.title,
            url=pull_request_url(pr.repository, pr.number),
            repository=pr.repository.full_name,
            opened=pr.created_at,
            age_days=(now - pr.created_at).days,
            reviewed=pr.reviewed,
        )
        for pr in open_prs
    ]
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
        enrollments=enrollments,
        mentors=sorted(mentors.values(), key=lambda c: c.display_name),
        progress=progress,
        months=_months(rows, today),
        cumulative_merged=_cumulative_merged(rows),
        projects=_projects(rows),
        waiting=waiting,
        recent=get_recent_activity(contributor=contributor),
        emails=emails,
        notes=notes,
        own_path=_own_path(rows, project_id, today),
        committers_path=committers_path,
        committers_counted=committers_counted,
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
