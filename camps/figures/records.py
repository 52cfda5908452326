"""The figures' types: what the camp page and the reports read, counted per person, per
project and per week."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from camps.figures.window import camp_weeks
from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from projects.commits import Period
from projects.models import Project

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
    def first_in_camp(self) -> FirstContribution:
        """The first contribution of a participant whose first fell in the camp."""
        assert self.first_contribution is not None, "first_during_camp says there is one"
        return self.first_contribution

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
    as_of: date  # the day the figures were read, in the site's time zone
    participants: list[Participant]  # by name
    totals: Counts
    projects: list[ProjectTotals]
    weeks: list[Week]  # the weeks begun by ``as_of``
    titles: list[TitleGained]  # by date, then name

    @property
    def week_count(self) -> int:
        """The camp's weeks, begun or not."""
        return len(camp_weeks(self.cohort))

    @property
    def running(self) -> bool:
        return self.cohort.starts_on <= self.as_of <= self.cohort.ends_on

    @property
    def active_participants(self) -> int:
        return sum(1 for p in self.participants if p.active)

    @property
    def first_contributions(self) -> list[Participant]:
        """Participants whose first-ever contribution fell in the window, earliest first."""
        firsts = [p for p in self.participants if p.first_during_camp]
        return sorted(firsts, key=lambda p: p.first_in_camp.at)

    @property
    def titles_during_camp(self) -> int:
        return sum(1 for title in self.titles if title.during_camp)
