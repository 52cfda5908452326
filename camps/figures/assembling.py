"""The figures put together from what ``counting`` read: a row per participant, per project
and per week begun, and the camp's totals."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.utils import timezone

from camps.figures import counting
from camps.figures.records import (
    METRICS,
    CampFigures,
    Counts,
    FirstContribution,
    Participant,
    ProjectTotals,
    TitleGained,
    Week,
)
from camps.figures.window import camp_weeks, camp_window, site_zone
from camps.models import Cohort, Enrollment
from projects.commits import Period
from projects.credits import conventions
from projects.models import Project


def get_camp_figures(*, cohort: Cohort, today: date | None = None) -> CampFigures:
    """Everything the camp page and its reports show, in twelve queries; ``today`` (the
    site's today by default) decides which weeks have begun."""
    zone = site_zone()
    today = today or timezone.localdate(timezone=zone)
    window = camp_window(cohort)
    # Query: the enrolments with their people, projects and mentors.
    enrollments = sorted(
        cohort.enrollments.select_related("contributor", "project", "mentor"),
        key=lambda e: (e.contributor.display_name.casefold(), e.contributor.pk),
    )
    read = _read(cohort, [e.contributor_id for e in enrollments], window)
    participants = [_participant(enrollment, read, window) for enrollment in enrollments]
    return CampFigures(
        cohort=cohort,
        window=window,
        as_of=today,
        participants=participants,
        totals=_sum(p.counts for p in participants),
        projects=_project_rows(read, participants),
        weeks=_weeks(cohort, read.tally, today),
        titles=read.titles,
    )


@dataclass
class _Read:
    """What the queries gave: counts, first contributions, titles and the projects named."""

    tally: counting.Tally
    firsts: dict[int, tuple[datetime, str, int]] = field(default_factory=dict)
    titles: list[TitleGained] = field(default_factory=list)
    titles_of: dict[int, list[TitleGained]] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    camp_project_ids: set[int] = field(default_factory=set)


def _read(cohort: Cohort, ids: list[int], window: Period) -> _Read:
    read = _Read(tally=counting.Tally(cohort, site_zone()))
    if ids:
        counting.count_events(read.tally, ids, window)
        # Query: what each project's credits mean, for the reviews and the first contributions.
        meanings = conventions()
        counting.count_reviews(read.tally, ids, window, meanings=meanings)
        read.firsts = counting.first_contributions(ids, meanings=meanings)
        read.titles = counting.titles(cohort, ids)
    titles_of = defaultdict(list)
    for title in read.titles:
        titles_of[title.contributor.pk].append(title)
    read.titles_of = dict(titles_of)
    # Query: the camp's projects and every project a participant did something in.
    seen = set(read.tally.projects) | {project for _at, _kind, project in read.firsts.values()}
    read.camp_project_ids = set(cohort.projects.values_list("pk", flat=True).order_by())
    wanted = seen | read.camp_project_ids
    read.projects = {p.pk: p for p in Project.objects.filter(pk__in=wanted).order_by()}
    return read


def _participant(enrollment: Enrollment, read: _Read, window: Period) -> Participant:
    person = enrollment.contributor_id
    first = None
    if person in read.firsts:
        at, kind, project = read.firsts[person]
        first = FirstContribution(at=at, kind=kind, project=read.projects[project])
    return Participant(
        enrollment=enrollment,
        counts=Counts.of(read.tally.people.get(person, Counter())),
        first_contribution=first,
        first_during_camp=first is not None
        and cast(datetime, window.since) <= first.at < cast(datetime, window.until),
        titles=tuple(read.titles_of.get(person, ())),
    )


def _project_rows(read: _Read, participants: list[Participant]) -> list[ProjectTotals]:
    """The camp's projects first, even without activity, then the others with any."""
    firsts_in_camp: Counter = Counter(
        p.first_contribution.project.pk
        for p in participants
        if p.first_during_camp and p.first_contribution is not None
    )
    rows = [
        ProjectTotals(
            project=project,
            in_camp=pk in read.camp_project_ids,
            participants=len(read.tally.active_in_project.get(pk, ())),
            counts=Counts.of(read.tally.projects.get(pk, Counter())),
            first_contributions=firsts_in_camp.get(pk, 0),
        )
        for pk, project in read.projects.items()
        if pk in read.camp_project_ids or read.tally.projects.get(pk) or firsts_in_camp.get(pk)
    ]
    return sorted(rows, key=lambda row: (not row.in_camp, row.project.name.casefold()))


def _weeks(cohort: Cohort, tally: counting.Tally, today: date) -> list[Week]:
    """The weeks begun by ``today``; a running camp's weeks to come have nothing yet."""
    return [
        Week(
            number=index + 1,
            starts_on=first,
            ends_on=last,
            counts=Counts.of(tally.weeks.get(index, Counter())),
        )
        for index, (first, last) in enumerate(camp_weeks(cohort))
        if first <= today
    ]


def _sum(counts: Iterable[Counts]) -> Counts:
    tally: Counter = Counter()
    for each in counts:
        tally.update(dict(zip(METRICS, each.values, strict=True)))
    return Counts.of(tally)
