"""What the community page shows, read in a fixed number of queries whatever the data.

Figures come from the snapshot ``community.snapshot`` recounts after each sync: all time
per project and organisation, and per quarter for each project and each member; titles
from the titles table. Nothing here scans source records or rollups.

Leaderboards rank the community's members only, and name them: they, and the list of the
quarter's new titles, are shown to signed-in members, and to everyone once an organizer
turns on ``public_leaderboards``; anonymous visitors otherwise see totals only.
"""

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import ExtractYear, Rank
from django.utils import timezone

from community.models import (
    CommunitySettings,
    MemberQuarter,
    OrganizationFigures,
    ProjectFigures,
    ProjectQuarter,
)
from contributors.roles import AnyUser, Role, role_of
from osc4you.lib.calendar import Quarter
from projects.models import Project, Title

MEASURES = ("commits", "merged_prs", "reviews", "issues")
LEADING_ORGANIZATIONS = 5
LEADERBOARD_RANKS = 10
QUARTER_CHOICES = 12


def default_quarter(today: date | None = None) -> Quarter:
    """The last complete quarter: the one figures are published for."""
    return Quarter.of(today or timezone.localdate()).previous()


def quarter_choices(today: date | None = None) -> list[Quarter]:
    """The current quarter and the eleven before it, newest first."""
    quarters = [Quarter.of(today or timezone.localdate())]
    while len(quarters) < QUARTER_CHOICES:
        quarters.append(quarters[-1].previous())
    return quarters


def names_visible(user: AnyUser) -> bool:
    """Named lists (leaderboards, new titles): for signed-in members, or for everyone once
    organizers turn on public leaderboards."""
    if role_of(user) != Role.ANONYMOUS:  # signed in, and linked to a person or organizing
        return True
    return CommunitySettings.objects.get_current().public_leaderboards


@dataclass(frozen=True)
class Share:
    """The members' part of a total."""

    members: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.members / self.total, 1) if self.total else None


@dataclass(frozen=True)
class OrganizationRow:
    rank: int
    name: str
    is_community: bool
    commits: int
    merged_prs: int
    reviews: int
    issues: int
    people: int
    commit_share: float | None  # percent of the project's commits


class _Shares:
    @property
    def shares(self) -> list[tuple[str, Share]]:
        """The members' share of each measure, in the order of ``MEASURES``."""
        return [(measure, getattr(self, measure)) for measure in MEASURES]


@dataclass(frozen=True)
class ProjectRow(_Shares):
    project: Project
    commits: Share
    merged_prs: Share
    reviews: Share
    issues: Share
    members: int  # members with work counted in the project
    people: int
    community_rank: int | None
    organizations: int
    leading: list[OrganizationRow]
    computed_at: datetime


@dataclass(frozen=True)
class QuarterRow(_Shares):
    project: Project
    commits: Share
    merged_prs: Share
    reviews: Share
    issues: Share


@dataclass(frozen=True)
class PersonRef:
    slug: str
    display_name: str
    chinese_name: str


@dataclass(frozen=True)
class ReviewerRow:
    rank: int
    person: PersonRef
    reviews: int


@dataclass(frozen=True)
class ContributorRow:
    rank: int
    person: PersonRef
    merged_prs: int
    commits: int
    issues: int


@dataclass(frozen=True)
class Leaderboards:
    project: Project | None
    reviewers: list[ReviewerRow]
    contributors: list[ContributorRow]


@dataclass(frozen=True)
class TitleYear:
    year: int
    counts: list[int]  # in the order of ``CommunityFigures.title_roles``

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class CommunityFigures:
    projects: list[ProjectRow]
    totals: dict[str, Share]
    computed_at: datetime | None
    quarter: Quarter
    quarter_rows: list[QuarterRow]
    quarter_totals: dict[str, Share]
    leaderboards: Leaderboards | None
    title_roles: list[tuple[str, str]]
    titles_by_year: list[TitleYear]
    titles_in_quarter: list[Title] | None  # None: names hidden from the viewer
    all_projects: list[Project] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        return any(project.is_demo for project in self.all_projects)


def _sum_shares(rows: list) -> dict[str, Share]:
    return {
        measure: Share(
            sum(getattr(row, measure).members for row in rows),
            sum(getattr(row, measure).total for row in rows),
        )
        for measure in MEASURES
    }


def _project_rows(projects: dict[int, Project]) -> list[ProjectRow]:
    """Query 1: each project's totals; query 2: its leading organisations and the community."""
    figures = list(ProjectFigures.objects.filter(project__in=projects.values()))
    leading: dict[int, list[OrganizationFigures]] = defaultdict(list)
    for row in (
        OrganizationFigures.objects.filter(
            Q(rank__lte=LEADING_ORGANIZATIONS) | Q(organization__is_community=True),
            project__in=projects.values(),
        )
        .select_related("organization")
        .order_by("project", "rank", "pk")
    ):
        leading[row.project_id].append(row)
    rows = []
    for figure in figures:
        organizations = leading[figure.project_id]
        community = next((o for o in organizations if o.is_community), None)

        def share(measure: str, figure=figure, community=community) -> Share:
            return Share(getattr(community, measure) if community else 0, getattr(figure, measure))

        shown = [o for o in organizations if not o.is_community][:LEADING_ORGANIZATIONS]
        if community is not None:
            shown.append(community)
        shown.sort(key=lambda o: (o.rank, not o.is_community))
        rows.append(
            ProjectRow(
                project=projects[figure.project_id],
                commits=share("commits"),
                merged_prs=share("merged_prs"),
                reviews=share("reviews"),
                issues=share("issues"),
                members=community.people if community else 0,
                people=figure.people,
                community_rank=figure.community_rank,
                organizations=figure.organizations,
                leading=[
                    OrganizationRow(
                        rank=o.rank,
                        name=o.name,
                        is_community=o.is_community,
                        commits=o.commits,
                        merged_prs=o.merged_prs,
                        reviews=o.reviews,
                        issues=o.issues,
                        people=o.people,
                        commit_share=Share(o.commits, figure.commits).percent,
                    )
                    for o in shown
                ],
                computed_at=figure.computed_at,
            )
        )
    rows.sort(key=lambda row: (-row.commits.members, row.project.name))
    return rows


def _quarter_rows(quarter: Quarter, projects: dict[int, Project]) -> list[QuarterRow]:
    """Query 3: each project's quarter, as the last recount left it."""
    rows = [
        QuarterRow(
            projects[row.project_id],
            *(Share(getattr(row, f"member_{m}"), getattr(row, m)) for m in MEASURES),
        )
        for row in ProjectQuarter.objects.filter(quarter=quarter.first_day)
        if row.project_id in projects
    ]
    rows.sort(key=lambda row: (-row.commits.members, row.project.name))
    return rows


_PERSON = ("contributor__slug", "contributor__display_name", "contributor__chinese_name")


def _top(rows: QuerySet, measures: tuple[str, ...]) -> list[tuple[int, tuple, PersonRef]]:
    """The first ``LEADERBOARD_RANKS`` ranks of ``rows`` (per person, with ``measures``
    annotated), everyone tied at the last one included; equal figures share a rank, names
    in order among them. Ranked in the database, so only the rows shown are read."""
    ranked = (
        rows.filter(reduce(operator.or_, (Q(**{f"{m}__gt": 0}) for m in measures)))
        .annotate(rank=Window(Rank(), order_by=[F(m).desc() for m in measures]))
        .filter(rank__lte=LEADERBOARD_RANKS)
    )
    entries = [
        (row["rank"], tuple(row[m] for m in measures), PersonRef(*(row[f] for f in _PERSON)))
        for row in ranked
    ]
    entries.sort(key=lambda e: (e[0], e[2].display_name.casefold()))
    return entries


def _leaderboards(quarter: Quarter, project: Project | None) -> Leaderboards:
    """Queries 4 and 5: members ranked by reviews, and by merged PRs, commits, issues."""
    rows = MemberQuarter.objects.filter(quarter=quarter.first_day)
    if project is not None:
        rows = rows.filter(project=project)
    per_person = rows.values("contributor", *_PERSON).order_by()

    def summed(*measures: str) -> QuerySet:
        return per_person.annotate(**{m: Sum(m) for m in measures})

    reviewers = _top(summed("reviews"), ("reviews",))
    contributors = _top(
        summed("merged_prs", "commits", "issues"), ("merged_prs", "commits", "issues")
    )
    return Leaderboards(
        project=project,
        reviewers=[ReviewerRow(rank, person, key[0]) for rank, key, person in reviewers],
        contributors=[ContributorRow(rank, person, *key) for rank, key, person in contributors],
    )


def _titles_by_year() -> tuple[list[tuple[str, str]], list[TitleYear]]:
    """Query 4 (6 with the leaderboards): members' titles per year and role."""
    per_year: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Title.objects.filter(contributor__is_member=True, granted_on__isnull=False)
        .annotate(year=ExtractYear("granted_on"))
        .values("year", "role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_year[row["year"]][row["role"]] = row["n"]
    roles = [
        (role.value, str(role.label))
        for role in Title.Role
        if any(role.value in counts for counts in per_year.values())
    ]
    years = [
        TitleYear(year, [per_year[year].get(role, 0) for role, _label in roles])
        for year in range(min(per_year), max(per_year) + 1)
    ] if per_year else []  # fmt: skip
    return roles, years


def _titles_gained(quarter: Quarter) -> list[Title]:
    """Query 7: members' titles gained in the quarter, with their names."""
    return list(
        Title.objects.filter(
            contributor__is_member=True,
            granted_on__gte=quarter.first_day,
            granted_on__lte=quarter.last_day,
        )
        .select_related("contributor", "project")
        .order_by("granted_on", "contributor__display_name")
    )


def community_figures(
    *, quarter: Quarter, with_names: bool, project: Project | None = None
) -> CommunityFigures:
    """Everything the community page shows. ``with_names``: whether the viewer may see
    named lists, the leaderboards and the quarter's new titles (``names_visible``);
    ``project`` narrows the leaderboards."""
    projects = {p.pk: p for p in Project.objects.order_by("name")}  # query 0
    rows = _project_rows(projects)
    quarter_rows = _quarter_rows(quarter, projects)
    roles, years = _titles_by_year()
    return CommunityFigures(
        projects=rows,
        totals=_sum_shares(rows),
        computed_at=min((row.computed_at for row in rows), default=None),
        quarter=quarter,
        quarter_rows=quarter_rows,
        quarter_totals=_sum_shares(quarter_rows),
        leaderboards=_leaderboards(quarter, project) if with_names else None,
        title_roles=roles,
        titles_by_year=years,
        titles_in_quarter=_titles_gained(quarter) if with_names else None,
        all_projects=list(projects.values()),
    )
