"""Recounting a project's community figures: run after its syncs and nightly, never per request.

Two steps, one transaction per project:

1. ``refresh_review_months``: pull requests each person reviewed, counted once per pull
   request whether seen as a GitHub review, a conversation comment, a trailer credit or
   several (``ReviewMonth``, by ``projects.reviewing``).
2. ``tally_project``: each organisation's commits (authored, merge commits left out),
   merged pull requests, reviews and issues reported, all time, read from the monthly
   rollups and the review months; organisations ranked; the same per quarter, for everyone,
   the members together and each member (what the leaderboards rank); bots left out of
   everything. Membership is read as the recount runs.

Both rebuild their rows from scratch, so a rerun is idempotent and always agrees with the
records. Memory grows with a project's reviews (two integers per reviewed pull request).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from community.models import (
    Affiliation,
    MemberQuarter,
    OrganizationFigures,
    ProjectFigures,
    ProjectQuarter,
    ReviewMonth,
    community_organization,
)
from community.organizations import (
    Directory,
    OrgKey,
    Person,
    infer_from_emails,
    sort_affiliations,
)
from contributors.models import Contributor, Identity
from contributors.resolution.bots import looks_like_assistant, looks_like_bot
from osc4you.lib.calendar import index_of_moment, month_of_index, quarter_of_month
from projects.bulk import insert_ignoring_conflicts
from projects.credits import OWN_COMMIT, credited_as
from projects.models import ActivityMonth, CommitCredit, Project
from projects.models.conventions import Meaning
from projects.people import not_people
from projects.reviewing import PARTICIPATIONS, is_own, reviewed, union_all

Kind = ActivityMonth.Kind
# The rollup kinds the figures count, and the tally field each goes to.
COUNTED_KINDS: dict[str, str] = {
    Kind.COMMIT: "commits",
    Kind.PR_MERGED: "merged_prs",
    Kind.ISSUE_REPORTED: "issues",
}
# An unlisted email domain names an organisation only when this many people share it.
MIN_PEOPLE_PER_DOMAIN = 2
# Keeps IN lists well under SQLite's bound-parameter limit.
_CHUNK = 500
_STREAM = 5000


class ReviewMonthRow(NamedTuple):
    contributor: int | None  # a person, or else
    identity: int | None  # an identity nobody is linked to yet
    project: int
    month: date
    # Named for the model's column (projects.sync.rows); shadows tuple.count, unused here.
    count: int  # type: ignore[assignment]


class MemberQuarterRow(NamedTuple):
    contributor: int
    project: int
    quarter: date
    commits: int
    merged_prs: int
    reviews: int
    issues: int


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


# Subjects are encoded as one integer: a person's id, or minus an unresolved identity's id.
def _subject(contributor_id: int | None, identity_id: int) -> int:
    return contributor_id if contributor_id is not None else -identity_id


def _first_sightings(project: Project) -> dict[tuple[int, int], int]:
    """(subject, reviewed thing) → month index of the first sighting. A reviewed thing is a
    pull request's id, or minus a commit's id for a credit on a commit with no known PR."""
    first: dict[tuple[int, int], int] = {}

    def see(subject: int, thing: int, moment: datetime) -> None:
        month = index_of_moment(moment)
        if first.get((subject, thing), month) >= month:
            first[subject, thing] = month

    # GitHub reviews and conversation comments, as one compound query; one's own pull
    # requests are left out here rather than by a join on the author's person.
    participations = union_all(
        [
            source.model._default_manager.filter(
                source.where,
                pull_request__repository__project=project,
                **{f"{source.person}__isnull": False},
            )
            .order_by()
            .values_list(
                f"{source.person}_id",
                f"{source.person}__contributor_id",
                "pull_request__author_id",
                "pull_request__author__contributor_id",
                "pull_request_id",
                source.when,
            )
            for source in PARTICIPATIONS
        ]
    )
    for identity, person, author, author_person, pull, submitted in participations.iterator(
        chunk_size=_STREAM
    ):
        if is_own(
            reviewer=identity, reviewer_person=person, author=author, author_person=author_person
        ):
            continue
        assert submitted is not None  # the query keeps dated reviews only
        see(_subject(person, identity), reviewed(pull_request=pull), submitted)

    # Reviews as the project's convention means them (YuniKorn: sign-offs), never one's own.
    credits = (
        CommitCredit.objects.filter(commit__repository__project=project)
        .filter(credited_as(Meaning.REVIEWED, project=project))
        .exclude(OWN_COMMIT)
    ).values_list(
        "identity_id",
        "identity__contributor_id",
        "commit_id",
        "commit__pull_request_id",
        "commit__committed_at",
    )
    for identity, person, commit, pull, committed in credits.order_by().iterator(
        chunk_size=_STREAM
    ):
        see(_subject(person, identity), reviewed(pull_request=pull, commit=commit), committed)
    return first


def refresh_review_months(*, project: Project) -> int:
    """Rebuild the project's ``ReviewMonth`` rows; returns how many were written."""
    per_month = Counter(
        (subject, month) for (subject, _thing), month in _first_sightings(project).items()
    )
    rows = [
        ReviewMonthRow(
            contributor=subject if subject > 0 else None,
            identity=-subject if subject < 0 else None,
            project=project.pk,
            month=month_of_index(month),
            count=count,
        )
        for (subject, month), count in per_month.items()
    ]
    with transaction.atomic():
        ReviewMonth.objects.filter(project=project).delete()
        insert_ignoring_conflicts(ReviewMonth, ReviewMonthRow._fields, rows)
    return len(rows)


@dataclass
class _Tally:
    commits: int = 0
    merged_prs: int = 0
    reviews: int = 0
    issues: int = 0
    people: set[int] = field(default_factory=set)

    def add(self, subject: int, what: str, count: int) -> None:
        setattr(self, what, getattr(self, what) + count)
        self.people.add(subject)

    @property
    def order(self) -> tuple[int, int, int, int]:
        """What ranks organisations: commits, then merged PRs, reviews, issues."""
        return (self.commits, self.merged_prs, self.reviews, self.issues)

    def fields(self) -> dict[str, int]:
        return {
            "commits": self.commits,
            "merged_prs": self.merged_prs,
            "reviews": self.reviews,
            "issues": self.issues,
            "people": len(self.people),
        }


def _work(project: Project) -> list[tuple[int, date, str, int]]:
    """(subject, month, tally field, count) for everything the figures count."""
    work = [
        (_subject(person, identity), month, COUNTED_KINDS[kind], count)
        for person, identity, month, kind, count in ActivityMonth.objects.filter(
            project=project, kind__in=list(COUNTED_KINDS), count__gt=0
        )
        .order_by()
        .values_list("contributor_id", "identity_id", "month", "kind", "count")
        .iterator(chunk_size=_STREAM)
    ]
    work.extend(
        (_subject(person, identity), month, "reviews", count)
        for person, identity, month, count in ReviewMonth.objects.filter(project=project)
        .order_by()
        .values_list("contributor_id", "identity_id", "month", "count")
        .iterator(chunk_size=_STREAM)
    )
    return work


def _people(project: Project, contributor_ids: set[int], directory: Directory) -> dict[int, Person]:
    """The people behind the project's work, bots left out, with what attributes them."""
    people: dict[int, Person] = {}
    for chunk in _chunks(contributor_ids):
        for pk, is_member in (
            Contributor.objects.filter(pk__in=chunk)
            .exclude(not_people())
            .values_list("pk", "is_member")
        ):
            people[pk] = Person(is_member=is_member)
    outsiders = [pk for pk, person in people.items() if not person.is_member]
    affiliations: dict[int, list[Affiliation]] = defaultdict(list)
    emails: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for chunk in _chunks(outsiders):
        for affiliation in Affiliation.objects.filter(contributor_id__in=chunk).only(
            "pk", "contributor_id", "organization_id", "since", "until"
        ):
            affiliations[affiliation.contributor_id].append(affiliation)
        # Commits per email in this project, through the index on commit authors.
        rows = (
            Identity.objects.filter(contributor_id__in=chunk, kind=Identity.Kind.GIT_EMAIL)
            .annotate(
                commits=Count(
                    "authored_commits",
                    filter=Q(
                        authored_commits__repository__project=project,
                        authored_commits__is_merge=False,
                    ),
                )
            )
            .order_by("contributor_id", "pk")
            .values_list("contributor_id", "value", "commits")
        )
        for pk, email, commits in rows:
            emails[pk].append((email, commits))
    for pk in outsiders:
        people[pk].affiliations = sort_affiliations(affiliations[pk])
        people[pk].inferred = infer_from_emails(emails[pk], directory)
    return people


def _strangers(identity_ids: set[int], directory: Directory) -> dict[int, OrgKey]:
    """Unresolved identities that are not bots, with the organisation their email names."""
    strangers: dict[int, OrgKey] = {}
    for chunk in _chunks(identity_ids):
        for pk, kind, value in Identity.objects.filter(pk__in=chunk).values_list(
            "pk", "kind", "value"
        ):
            if not looks_like_bot(value) and not looks_like_assistant(value):
                email = kind == Identity.Kind.GIT_EMAIL
                strangers[pk] = directory.of_email(value) if email else None
    return strangers


def _rank(tallies: dict[OrgKey, _Tally]) -> list[tuple[int, OrgKey, _Tally]]:
    """Organisations with their rank; equal figures share a rank."""
    ordered = sorted(tallies.items(), key=lambda item: (item[1].order, str(item[0])), reverse=True)
    ranked: list[tuple[int, OrgKey, _Tally]] = []
    for position, (key, tally) in enumerate(ordered, start=1):
        rank = ranked[-1][0] if ranked and ranked[-1][2].order == tally.order else position
        ranked.append((rank, key, tally))
    return ranked


@dataclass
class _Quarters:
    """Per quarter: everyone's tally, the members', and each member's."""

    everyone: dict[date, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    members: dict[date, _Tally] = field(default_factory=lambda: defaultdict(_Tally))
    member: dict[tuple[int, date], _Tally] = field(default_factory=lambda: defaultdict(_Tally))

    def add(self, subject: int, month: date, what: str, count: int, *, is_member: bool) -> None:
        quarter = quarter_of_month(month)
        self.everyone[quarter].add(subject, what, count)
        if is_member:
            self.members[quarter].add(subject, what, count)
            self.member[subject, quarter].add(subject, what, count)

    def write(self, project: Project) -> None:
        ProjectQuarter.objects.filter(project=project).delete()
        ProjectQuarter.objects.bulk_create(
            ProjectQuarter(
                project=project,
                quarter=quarter,
                **tally.fields(),
                member_commits=self.members[quarter].commits,
                member_merged_prs=self.members[quarter].merged_prs,
                member_reviews=self.members[quarter].reviews,
                member_issues=self.members[quarter].issues,
                members=len(self.members[quarter].people),
            )
            for quarter, tally in self.everyone.items()
        )
        MemberQuarter.objects.filter(project=project).delete()
        insert_ignoring_conflicts(
            MemberQuarter,
            MemberQuarterRow._fields,
            (
                MemberQuarterRow(
                    contributor=person, project=project.pk, quarter=quarter,
                    commits=t.commits, merged_prs=t.merged_prs, reviews=t.reviews,
                    issues=t.issues,
                )
                for (person, quarter), t in self.member.items()
            ),
        )  # fmt: skip


@transaction.atomic
def refresh_project_figures(*, project: Project) -> ProjectFigures:
    """Recount the project's review months, organisations, totals and quarters; safe to
    repeat."""
    refresh_review_months(project=project)
    return tally_project(project=project)


@transaction.atomic
def tally_project(*, project: Project) -> ProjectFigures:
    """Count organisations, totals and quarters from the monthly rollups and review months
    as they stand."""
    community = community_organization()
    directory = Directory.load(community=community)
    work = _work(project)
    people = _people(project, {s for s, *_rest in work if s > 0}, directory)
    strangers = _strangers({-s for s, *_rest in work if s < 0}, directory)

    total = _Tally()
    tallies: dict[OrgKey, _Tally] = defaultdict(_Tally)
    quarters = _Quarters()
    for subject, month, what, count in work:
        is_member = False
        if subject > 0:
            person = people.get(subject)
            if person is None:  # a bot
                continue
            key = person.organization_in(month, directory)
            is_member = person.is_member
        elif -subject in strangers:
            key = strangers[-subject]
        else:
            continue
        total.add(subject, what, count)
        quarters.add(subject, month, what, count, is_member=is_member)
        if key is not None:
            tallies[key].add(subject, what, count)
    for key in [k for k, t in tallies.items() if isinstance(k, str)]:
        if len(tallies[key].people) < MIN_PEOPLE_PER_DOMAIN:
            del tallies[key]  # a personal domain: unattributed

    ranked = _rank(tallies)
    OrganizationFigures.objects.filter(project=project).delete()
    OrganizationFigures.objects.bulk_create(
        OrganizationFigures(
            project=project,
            organization_id=key if isinstance(key, int) else None,
            domain=key if isinstance(key, str) else "",
            rank=rank,
            **tally.fields(),
        )
        for rank, key, tally in ranked
    )
    quarters.write(project)
    figures, _created = ProjectFigures.objects.update_or_create(
        project=project,
        defaults={
            **total.fields(),
            "organizations": len(ranked),
            "community_rank": next((r for r, key, _t in ranked if key == community.pk), None),
            "computed_at": timezone.now(),
        },
    )
    return figures


def refresh_all_figures(*, on_project: Callable[[Project], None] | None = None) -> int:
    """Recount every project, one transaction each; returns how many."""
    count = 0
    for project in Project.objects.order_by("pk").iterator():
        refresh_project_figures(project=project)
        count += 1
        if on_project is not None:
            on_project(project)
    return count
