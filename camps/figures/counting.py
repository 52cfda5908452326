"""The queries behind the figures: events counted per person, project and week, reviews
once per pull request, each person's first contribution, titles gained. One query each,
whatever the number of participants (the package's docstring lists them)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import cast

from django.db.models import CharField, F, Min, Model, Q, QuerySet, Value

from camps.figures.records import FirstKind, TitleGained
from camps.models import Cohort
from projects.commits import Period
from projects.credits import OWN_COMMIT, credited_as
from projects.models import Commit, CommitCredit, Issue, PullRequest, Title
from projects.models.conventions import Meaning
from projects.reviewing import PARTICIPATIONS, reviewed, union_all


class Tally:
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


def count_events(tally: Tally, ids: list[int], window: Period) -> None:
    for event in _EVENTS:
        records = event.model._default_manager.filter(
            event.where, window.filter(event.when), **{f"{event.person}__contributor__in": ids}
        )
        for person, project, moment in records.order_by().values_list(
            f"{event.person}__contributor_id", f"{event.project}_id", event.when
        ):
            tally.add(person, project, event.metric, moment)


def count_reviews(
    tally: Tally, ids: list[int], window: Period, *, meanings: list[tuple[int, dict]]
) -> None:
    """Each reviewed pull request (or unlinked credited commit) once per person, dated by its
    first sighting in the window; ``meanings`` is ``projects.credits.conventions()``."""
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
    credits = (
        CommitCredit.objects.filter(
            window.filter("commit__committed_at"), identity__contributor__in=ids
        )
        .filter(credited_as(Meaning.REVIEWED, known=meanings))
        .exclude(OWN_COMMIT)
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


def _firsts_query(ids: list[int], meanings: list[tuple[int, dict]]) -> QuerySet:
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
        CommitCredit.objects.filter(identity__contributor__in=ids)
        .filter(credited_as(Meaning.CO_AUTHORED, known=meanings))
        .exclude(OWN_COMMIT),
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
        CommitCredit.objects.filter(identity__contributor__in=ids)
        .filter(credited_as(Meaning.REVIEWED, known=meanings))
        .exclude(OWN_COMMIT),
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


def first_contributions(
    ids: list[int], *, meanings: list[tuple[int, dict]]
) -> dict[int, tuple[datetime, str, int]]:
    """Each person's first contribution: (when, kind, project id); ``meanings`` as for
    ``count_reviews``."""
    firsts: dict[int, tuple[datetime, str, int]] = {}
    for person, project, kind, first in _firsts_query(ids, meanings):
        if first is not None and (person not in firsts or first < firsts[person][0]):
            firsts[person] = (first, kind, project)
    return firsts


def titles(cohort: Cohort, ids: list[int]) -> list[TitleGained]:
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
            granted_on=cast(date, title.granted_on),  # granted_on__gte leaves out undated titles
            during_camp=cast(date, title.granted_on) <= cohort.ends_on,
        )
        for title in titles
    ]
    return sorted(gained, key=lambda t: (t.granted_on, t.contributor.display_name.casefold()))
