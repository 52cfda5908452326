"""The community at a glance, for the home page: read from rollups and titles only."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from contributors.models import Contributor
from osc4you.lib.calendar import add_months
from projects.models import ActivityMonth, Project, Title
from projects.people import not_people

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Kind = ActivityMonth.Kind

# What "activity" means on the home page, in display order.
HEADLINE_KINDS = (Kind.COMMIT, Kind.PR_MERGED, Kind.REVIEW, Kind.COMMIT_REVIEW, Kind.ISSUE_RESOLVED)


@dataclass(frozen=True)
class ProjectFigures:
    project: Project
    member_commits: int
    member_prs_merged: int
    active_members: int
    title_holders: int


@dataclass(frozen=True)
class MonthBar:
    month: date
    count: int
    percent: int  # of the tallest bar, for the chart's height

    @property
    def empty_percent(self) -> int:
        """The part of the track above the bar (SVG draws from the top)."""
        return 100 - self.percent


@dataclass(frozen=True)
class MonthStat:
    label: "StrOrPromise"  # translated when shown
    value: int  # this month so far
    previous: int  # the whole month before


@dataclass(frozen=True)
class CommunityOverview:
    month: date
    members: int
    contributors: int
    title_holders: int
    committers: int
    pmc_members: int
    this_month: dict[str, int]
    last_month: dict[str, int]
    active_members_this_month: int
    projects: list[ProjectFigures]
    recent_titles: list[Title]
    monthly_commits: list[MonthBar]
    is_demo: bool

    @property
    def previous_month(self) -> date:
        return add_months(self.month, -1)

    @property
    def month_stats(self) -> list[MonthStat]:
        return [
            MonthStat(
                label=kind.label,
                value=self.this_month[kind.value],
                previous=self.last_month[kind.value],
            )
            for kind in HEADLINE_KINDS
        ]


def _member_totals_by_kind(month: date) -> dict[str, int]:
    rows = (
        ActivityMonth.objects.filter(month=month, contributor__is_member=True)
        .values("kind")
        .annotate(total=Sum("count"))
        .order_by()
    )
    totals = {kind.value: 0 for kind in HEADLINE_KINDS}
    totals.update({row["kind"]: row["total"] for row in rows if row["kind"] in totals})
    return totals


def community_overview(*, today: date | None = None) -> CommunityOverview:
    """Members, titles and member activity, counted from the database (about 9 queries)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    # A merged person's empty row stays for redirects and undo; it is nobody.
    people = (
        Contributor.objects.filter(merged_into__isnull=True)
        .exclude(not_people())
        .aggregate(contributors=Count("pk"), members=Count("pk", filter=Q(is_member=True)))
    )
    member_titles = Title.objects.filter(contributor__is_member=True)
    titles = member_titles.aggregate(
        holders=Count("contributor", distinct=True),
        committers=Count("contributor", distinct=True, filter=Q(role=Title.Role.COMMITTER)),
        pmc=Count(
            "contributor",
            distinct=True,
            filter=Q(role__in=[Title.Role.PMC_MEMBER, Title.Role.PMC_CHAIR]),
        ),
    )
    projects = _project_figures(month, member_titles)
    return CommunityOverview(
        month=month,
        members=people["members"],
        contributors=people["contributors"],
        title_holders=titles["holders"],
        committers=titles["committers"],
        pmc_members=titles["pmc"],
        this_month=_member_totals_by_kind(month),
        last_month=_member_totals_by_kind(add_months(month, -1)),
        active_members_this_month=ActivityMonth.objects.filter(
            month=month, contributor__is_member=True
        )
        .values("contributor")
        .distinct()
        .count(),
        projects=projects,
        recent_titles=list(
            member_titles.select_related("contributor", "project").order_by("-granted_on", "-pk")[
                :6
            ]
        ),
        monthly_commits=_monthly_commits(month),
        is_demo=any(figures.project.is_demo for figures in projects),
    )


def _project_figures(month: date, member_titles: QuerySet[Title]) -> list[ProjectFigures]:
    """Each project's member commits, merged PRs, active members (three months) and title
    holders, most commits first: two grouped queries and the projects."""
    project_rows = (
        ActivityMonth.objects.filter(contributor__is_member=True)
        .values("project")
        .annotate(
            commits=Sum("count", filter=Q(kind=Kind.COMMIT)),
            merged=Sum("count", filter=Q(kind=Kind.PR_MERGED)),
            active=Count(
                "contributor",
                distinct=True,
                filter=Q(month__gte=add_months(month, -2)),
            ),
        )
        .order_by()
    )
    by_project: dict[int, Mapping[str, Any]] = {row["project"]: row for row in project_rows}
    holders = dict(
        member_titles.filter(project__isnull=False)
        .values("project")
        .annotate(n=Count("contributor", distinct=True))
        .values_list("project", "n")
    )
    projects = [
        ProjectFigures(
            project=project,
            member_commits=by_project.get(project.pk, {}).get("commits") or 0,
            member_prs_merged=by_project.get(project.pk, {}).get("merged") or 0,
            active_members=by_project.get(project.pk, {}).get("active") or 0,
            title_holders=holders.get(project.pk, 0),
        )
        for project in Project.objects.all()
    ]
    projects.sort(key=lambda figures: (-figures.member_commits, figures.project.name))
    return projects


def _monthly_commits(month: date) -> list[MonthBar]:
    """Members' commits in each of the twelve months up to ``month``, as bars."""
    first = add_months(month, -11)
    commits_by_month = dict(
        ActivityMonth.objects.filter(
            contributor__is_member=True, kind=Kind.COMMIT, month__gte=first, month__lte=month
        )
        .values("month")
        .annotate(total=Sum("count"))
        .values_list("month", "total")
    )
    tallest = max(commits_by_month.values(), default=0) or 1
    return [
        MonthBar(m, commits_by_month.get(m, 0), round(100 * commits_by_month.get(m, 0) / tallest))
        for m in (add_months(first, i) for i in range(12))
    ]
