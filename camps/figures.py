"""What a camp achieved: its participants' contributions inside the camp window, read in a
fixed number of queries however many people took part.

The window is the camp's dates in the site's time zone (``settings.TIME_ZONE``), both days
included: it opens at 00:00 local time on ``starts_on`` and closes just before 00:00 local
time on the day after ``ends_on``; an event at that instant belongs to the next day and is
out. Weeks are counted from ``starts_on`` (week 1 is its first seven days); the last week
may be shorter.

What counts, per participant, agreeing with the progress model (``contributors.progress``):
- pull requests opened (created in the window) and merged (merged in the window);
- reviews: pull requests the person reviewed, each once, whether seen as a GitHub review or
  a comment in its conversation (never on their own pull request) or as a reviewer credit
  on the commit that landed it; a credit on a commit with no known pull request counts once
  for that commit (``projects.reviewing``; the tests compare with
  ``tests.reference.reviewed_pull_requests``). A review is dated by its first sighting in
  the window;
- issues reported (created in the window) and resolved as assignee (resolved in it);
- commits authored, merge commits excluded, dated when they landed.

A person's *first contribution* is their earliest commit (authored or co-authored), pull
request, review or issue report, in any project: a first contribution during the camp is
one whose first-ever contribution falls in the window. Comments on issues, and on one's own
pull request, are not contributions here, so a person who only discussed before the camp
still counts when their first patch, review or report comes during it; a comment in
someone else's pull request's conversation is a review.

Queries: enrolments (1), pull requests opened (1) and merged (1), GitHub reviews with
conversation comments (1), reviewer credits (1), issues reported (1) and resolved (1),
commits (1), first contributions (1), titles (1), the camp's projects (1), projects (1) —
twelve, for one participant or a thousand.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import CharField, F, Min, Model, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from projects.commits import Period
from projects.models import Commit, CommitCredit, Issue, Project, PullRequest, Title
from projects.reviewing import PARTICIPATIONS, reviewed, union_all

# The figures counted per person, in display order; ``Counts`` has a field for each.
METRICS: tuple[str, ...] = (
    "prs_opened",
    "prs_merged",
    "reviews",
    "issues_reported",
    "issues_resolved",
    "commits",
)
METRIC_LABELS = {
    "prs_opened": _("PRs opened"),
    "prs_merged": _("PRs merged"),
    "reviews": _("Reviews"),
    "issues_reported": _("Issues reported"),
    "issues_resolved": _("Issues resolved"),
    "commits": _("Commits"),
}


class FirstKind:
    """What a person's first contribution was."""

    COMMIT = "commit"
    PULL_REQUEST = "pull_request"
    REVIEW = "review"
    ISSUE = "issue"
    LABELS = {
        COMMIT: _("commit"),
        PULL_REQUEST: _("pull request"),
        REVIEW: _("review"),
        ISSUE: _("issue report"),
    }


@dataclass(frozen=True)
class Counts:
    prs_opened: int = 0
    prs_merged: int = 0
    reviews: int = 0
    issues_reported: int = 0
    issues_resolved: int = 0
    commits: int = 0

    @classmethod
    def of(cls, tally: Counter) -> "Counts":
        return cls(**{metric: tally.get(metric, 0) for metric in METRICS})

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, metric) for metric in METRICS)

    @property
    def issues(self) -> int:
        return self.issues_reported + self.issues_resolved

    def __bool__(self) -> bool:
        return any(self.values)


@dataclass(frozen=True)
class FirstContribution:
    at: datetime  # aware; shown in the site's time zone
    kind: str  # a FirstKind
    project: Project

    @property
    def kind_label(self) -> str:
        return str(FirstKind.LABELS[self.kind])


@dataclass(frozen=True)
class TitleGained:
    contributor: Contributor
    role: str
    role_label: str
    project: Project | None
    granted_on: date
    during_camp: bool  # else after the camp's last day


@dataclass(frozen=True)
class Participant:
    enrollment: Enrollment  # with contributor, project and mentor loaded
    counts: Counts
    first_contribution: FirstContribution | None  # the person's first ever, in any project
    first_during_camp: bool
    titles: tuple[TitleGained, ...]

    @property
    def contributor(self) -> Contributor:
        return self.enrollment.contributor

    @property
    def active(self) -> bool:
        return bool(self.counts)


@dataclass(frozen=True)
class ProjectTotals:
    project: Project
    in_camp: bool  # one of the camp's projects (shown even when nothing happened)
    participants: int  # participants with any counted contribution in the project
    counts: Counts
    first_contributions: int


@dataclass(frozen=True)
class Week:
    number: int  # from 1
    starts_on: date
    ends_on: date
    counts: Counts


@dataclass(frozen=True)
class CampFigures:
    cohort: Cohort
    window: Period  # [since, until) as aware date-times
    participants: list[Participant]  # by name
    totals: Counts
    projects: list[ProjectTotals]
    weeks: list[Week]
    titles: list[TitleGained]  # by date, then name

    @property
    def active_participants(self) -> int:
        return sum(1 for p in self.participants if p.active)

    @property
    def first_contributions(self) -> list[Participant]:
        """Participants whose first-ever contribution fell in the window, earliest first."""
        firsts = [p for p in self.participants if p.first_during_camp]
        return sorted(firsts, key=lambda p: p.first_contribution.at)

    @property
    def titles_during_camp(self) -> int:
        return sum(1 for title in self.titles if title.during_camp)


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


def enrollments_of(cohort: Cohort) -> QuerySet[Enrollment]:
    return cohort.enrollments.select_related("contributor", "project", "mentor")


class _Tally:
    """Events counted per person, per project and per week of the camp."""

    def __init__(self, cohort: Cohort, zone: tzinfo) -> None:
        self.starts_on = cohort.starts_on
        self.zone = zone
        self.people: dict[int, Counter] = defaultdict(Counter)
        self.projects: dict[int, Counter] = defaultdict(Counter)
        self.active_in_project: dict[int, set[int]] = defaultdict(set)
        self.weeks: dict[int, Counter] = defaultdict(Counter)

    def add(self, person: int, project: int, metric: str, moment: datetime) -> None:
        self.people[person][metric] += 1
        self.projects[project][metric] += 1
        self.active_in_project[project].add(person)
        local_day = moment.astimezone(self.zone).date()
        self.weeks[(local_day - self.starts_on).days // 7][metric] += 1


@dataclass(frozen=True)
class _Event:
    """A kind of record counted once per row: who did it, in which project, and when."""

    metric: str
    model: type[Model]
    person: str  # the identity foreign key
    project: str  # path to the project
    when: str
    where: Q = field(default_factory=Q)


# One query each. Indexes: pr_author_created, pr_author_state, issue_reporter_created,
# issue_assignee_resolved, commit_author_date. Merge commits record who pressed the button,
# not who wrote the change.
_EVENTS = (
    _Event("prs_opened", PullRequest, "author", "repository__project", "created_at"),
    _Event(
        "prs_merged", PullRequest, "author", "repository__project", "merged_at",
        Q(state=PullRequest.State.MERGED),
    ),
    _Event("issues_reported", Issue, "reporter", "project", "created_at"),
    _Event("issues_resolved", Issue, "assignee", "project", "resolved_at"),
    _Event("commits", Commit, "author", "repository__project", "committed_at", Q(is_merge=False)),
)  # fmt: skip


def _count_events(tally: _Tally, ids: list[int], window: Period) -> None:
    for event in _EVENTS:
        records = event.model.objects.filter(
            event.where, window.filter(event.when), **{f"{event.person}__contributor__in": ids}
        )
        for person, project, moment in records.order_by().values_list(
            f"{event.person}__contributor_id", f"{event.project}_id", event.when
        ):
            tally.add(person, project, event.metric, moment)


def _count_reviews(tally: _Tally, ids: list[int], window: Period) -> None:
    """Each reviewed pull request (or unlinked credited commit) once per person, dated by its
    first sighting in the window."""
    seen: dict[tuple[int, int], tuple[datetime, int]] = {}

    def sight(person: int, key: int, project: int, moment: datetime) -> None:
        known = seen.get((person, key))
        if known is None or moment < known[0]:
            seen[person, key] = (moment, project)

    # Query: GitHub reviews and conversation comments in the window, never on one's own PR
    # (indexes review_reviewer_date, pr_comment_author_date), as one compound query.
    participations = union_all(
        [
            source.records()
            .filter(window.filter(source.when), **{f"{source.person}__contributor__in": ids})
            .order_by()
            .values_list(
                f"{source.person}__contributor_id",
                "pull_request__repository__project_id",
                "pull_request_id",
                source.when,
            )
            for source in PARTICIPATIONS
        ]
    )
    for person, project, pull, moment in participations:
        sight(person, reviewed(pull_request=pull), project, moment)
    # Query: reviewer credits on commits landed in the window (index credit_identity_kind).
    credits = CommitCredit.objects.filter(
        window.filter("commit__committed_at"),
        identity__contributor__in=ids,
        kind=CommitCredit.Kind.REVIEWER,
    )
    for person, project, commit, pull, moment in credits.order_by().values_list(
        "identity__contributor_id",
        "commit__repository__project_id",
        "commit_id",
        "commit__pull_request_id",
        "commit__committed_at",
    ):
        sight(person, reviewed(pull_request=pull, commit=commit), project, moment)
    for (person, _key), (moment, project) in seen.items():
        tally.add(person, project, "reviews", moment)


def _firsts_query(ids: list[int]) -> QuerySet:
    """Each person's earliest contribution of each kind in each project, as one compound
    query: (person, project, kind, first)."""

    def earliest(queryset: QuerySet, person: str, project: str, when: str, kind: str):
        return (
            queryset.order_by()
            .values(first_person=F(person), first_project=F(project))
            .annotate(first_kind=Value(kind, output_field=CharField()), first_at=Min(when))
            .values_list("first_person", "first_project", "first_kind", "first_at")
        )

    commits = earliest(
        Commit.objects.filter(author__contributor__in=ids, is_merge=False),
        "author__contributor",
        "repository__project",
        "committed_at",
        FirstKind.COMMIT,
    )
    coauthored = earliest(
        CommitCredit.objects.filter(
            identity__contributor__in=ids,
            kind__in=[CommitCredit.Kind.CO_AUTHOR, CommitCredit.Kind.AUTHOR_LINE],
        ),
        "identity__contributor",
        "commit__repository__project",
        "commit__committed_at",
        FirstKind.COMMIT,
    )
    pulls = earliest(
        PullRequest.objects.filter(author__contributor__in=ids),
        "author__contributor",
        "repository__project",
        "created_at",
        FirstKind.PULL_REQUEST,
    )
    reviews = [
        earliest(
            source.records().filter(**{f"{source.person}__contributor__in": ids}),
            f"{source.person}__contributor",
            "pull_request__repository__project",
            source.when,
            FirstKind.REVIEW,
        )
        for source in PARTICIPATIONS
    ]
    credited = earliest(
        CommitCredit.objects.filter(identity__contributor__in=ids, kind=CommitCredit.Kind.REVIEWER),
        "identity__contributor",
        "commit__repository__project",
        "commit__committed_at",
        FirstKind.REVIEW,
    )
    issues = earliest(
        Issue.objects.filter(reporter__contributor__in=ids, gone=""),
        "reporter__contributor",
        "project",
        "created_at",
        FirstKind.ISSUE,
    )
    return commits.union(coauthored, pulls, *reviews, credited, issues, all=True)


def _first_contributions(ids: list[int]) -> dict[int, tuple[datetime, str, int]]:
    """Each person's first contribution: (when, kind, project id)."""
    firsts: dict[int, tuple[datetime, str, int]] = {}
    for person, project, kind, first in _firsts_query(ids):
        if first is not None and (person not in firsts or first < firsts[person][0]):
            firsts[person] = (first, kind, project)
    return firsts


def _titles(cohort: Cohort, ids: list[int]) -> list[TitleGained]:
    # Query: titles granted from the camp's first day on, with their projects.
    titles = Title.objects.filter(
        contributor__in=ids, granted_on__gte=cohort.starts_on
    ).select_related("contributor", "project")
    gained = [
        TitleGained(
            contributor=title.contributor,
            role=title.role,
            role_label=str(title.get_role_display()),
            project=title.project,
            granted_on=title.granted_on,
            during_camp=title.granted_on <= cohort.ends_on,
        )
        for title in titles
    ]
    return sorted(gained, key=lambda t: (t.granted_on, t.contributor.display_name.casefold()))


def _sum(counts: Iterable[Counts]) -> Counts:
    tally: Counter = Counter()
    for each in counts:
        tally.update(dict(zip(METRICS, each.values, strict=True)))
    return Counts.of(tally)


def get_camp_figures(*, cohort: Cohort) -> CampFigures:
    """Everything the camp page and its reports show, in twelve queries."""
    zone = site_zone()
    window = camp_window(cohort)
    # Query: the enrolments with their people, projects and mentors.
    enrollments = sorted(
        enrollments_of(cohort),
        key=lambda e: (e.contributor.display_name.casefold(), e.contributor.pk),
    )
    ids = [e.contributor_id for e in enrollments]
    tally = _Tally(cohort, zone)
    firsts: dict[int, tuple[datetime, str, int]] = {}
    titles: list[TitleGained] = []
    if ids:
        _count_events(tally, ids, window)
        _count_reviews(tally, ids, window)
        firsts = _first_contributions(ids)
        titles = _titles(cohort, ids)
    # Query: the camp's projects and every project a participant did something in.
    seen_projects = set(tally.projects) | {project for _at, _kind, project in firsts.values()}
    camp_project_ids = set(cohort.projects.values_list("pk", flat=True).order_by())
    projects = {
        p.pk: p for p in Project.objects.filter(pk__in=seen_projects | camp_project_ids).order_by()
    }

    firsts_in_camp: Counter = Counter()
    titles_of: dict[int, list[TitleGained]] = defaultdict(list)
    for title in titles:
        titles_of[title.contributor.pk].append(title)
    participants = []
    for enrollment in enrollments:
        person = enrollment.contributor_id
        first = None
        if person in firsts:
            at, kind, project = firsts[person]
            first = FirstContribution(at=at, kind=kind, project=projects[project])
        during = first is not None and window.since <= first.at < window.until
        if during:
            firsts_in_camp[first.project.pk] += 1
        participants.append(
            Participant(
                enrollment=enrollment,
                counts=Counts.of(tally.people.get(person, Counter())),
                first_contribution=first,
                first_during_camp=during,
                titles=tuple(titles_of.get(person, ())),
            )
        )

    project_rows = [
        ProjectTotals(
            project=project,
            in_camp=pk in camp_project_ids,
            participants=len(tally.active_in_project.get(pk, ())),
            counts=Counts.of(tally.projects.get(pk, Counter())),
            first_contributions=firsts_in_camp.get(pk, 0),
        )
        for pk, project in projects.items()
        if pk in camp_project_ids or tally.projects.get(pk) or firsts_in_camp.get(pk)
    ]
    project_rows.sort(key=lambda row: (not row.in_camp, row.project.name.casefold()))
    weeks = [
        Week(
            number=index + 1,
            starts_on=first,
            ends_on=last,
            counts=Counts.of(tally.weeks.get(index, Counter())),
        )
        for index, (first, last) in enumerate(camp_weeks(cohort))
    ]
    return CampFigures(
        cohort=cohort,
        window=window,
        participants=participants,
        totals=_sum(p.counts for p in participants),
        projects=project_rows,
        weeks=weeks,
        titles=titles,
    )
