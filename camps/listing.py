"""Reading camps for the management pages: the list of camps with their counts, and a camp's
participants. Each read is a fixed number of queries however many camps or people."""

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q

from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from projects.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Status = Enrollment.Status


@dataclass(frozen=True)
class CampRow:
    cohort: Cohort
    participants: int
    active: int
    graduated: int
    dropped: int
    projects: list[Project]
    mentors: list[Contributor]


def camp_rows(*, slug: str | None = None) -> list[CampRow]:
    """Every camp (or the one with ``slug``), newest first, with its counts (3 queries:
    camps with counts, projects, mentors)."""

    def count(status: str | None = None) -> Count:
        condition = Q(enrollments__status=status) if status else None
        return Count("enrollments", filter=condition)

    cohorts = (
        Cohort.objects.annotate(
            participant_count=count(),
            active_count=count(Status.ACTIVE),
            graduated_count=count(Status.GRADUATED),
            dropped_count=count(Status.DROPPED),
        )
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.order_by("name"), to_attr="project_list"),
            Prefetch(
                "mentors",
                queryset=Contributor.objects.order_by("display_name"),
                to_attr="mentor_list",
            ),
        )
        .order_by("-starts_on", "name")
    )
    if slug is not None:
        cohorts = cohorts.filter(slug=slug)
    return [
        CampRow(
            cohort=cohort,
            participants=cohort.participant_count,
            active=cohort.active_count,
            graduated=cohort.graduated_count,
            dropped=cohort.dropped_count,
            projects=cohort.project_list,
            mentors=cohort.mentor_list,
        )
        for cohort in cohorts
    ]


@dataclass(frozen=True)
class Participants:
    enrollments: list[Enrollment]
    counts: Counter  # by status, over the whole camp
    projects: list[Project]
    mentors: list[Contributor]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def tabs(self) -> list[tuple[str, "StrOrPromise", int]]:
        """(status, label, participants) for each status."""
        return [(value, label, self.counts[value]) for value, label in Status.choices]


def get_participants(*, cohort: Cohort, status: str = "") -> Participants:
    """The camp's enrolments, by name, optionally of one status, with the camp's projects
    and mentors to choose from (3 queries)."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("contributor", "project", "mentor")
        .order_by("contributor__display_name", "pk")
    )
    for enrollment in enrollments:
        enrollment.cohort = cohort  # for the mentor checks, without a query per row
    counts = Counter(enrollment.status for enrollment in enrollments)
    if status in Status.values:
        enrollments = [e for e in enrollments if e.status == status]
    return Participants(
        enrollments=enrollments,
        counts=counts,
        projects=list(cohort.projects.order_by("name")),
        mentors=list(cohort.mentors.order_by("display_name")),
    )
