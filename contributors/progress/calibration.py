"""The committer bar: targets calibrated on a project's own committers after syncs,
stored, and read back with a sentence saying where they come from."""

from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from contributors.progress.history import Window, read_histories
from contributors.progress.paths import measure_median_path
from osc4you.lib.calendar import month_index
from projects.freshness import records_changed
from projects.models import Project, ProjectCalibration, Signal, Title

CALIBRATION_YEARS = 5
MIN_COMMITTERS = 3

# Used while a project has neither enough measured committers nor targets of its own.
DEFAULT_TARGETS: dict[str, float] = {
    Signal.MERGED_PRS: 30,
    Signal.REVIEWS: 30,
    Signal.ISSUES_REPORTED: 10,
    Signal.ISSUES_RESOLVED: 15,
    Signal.ACTIVE_MONTHS: 9,
    Signal.MONTHS_SINCE_FIRST: 18,
}
# Code and reviews weigh most: they are what committers are elected for.
DEFAULT_WEIGHTS: dict[str, float] = {
    Signal.MERGED_PRS: 3,
    Signal.REVIEWS: 3,
    Signal.ISSUES_REPORTED: 1,
    Signal.ISSUES_RESOLVED: 1,
    Signal.ACTIVE_MONTHS: 2,
    Signal.MONTHS_SINCE_FIRST: 1,
}


@dataclass(frozen=True)
class Calibration:
    """Where a project's targets come from, described in the reader's language."""

    basis: str
    project_name: str = ""
    committers: int = 0
    first_year: int | None = None
    last_year: int | None = None

    @property
    def description(self) -> str:
        if self.basis == ProjectCalibration.Basis.COMMITTERS:
            years = (
                str(self.first_year)
                if self.first_year == self.last_year
                else f"{self.first_year}–{self.last_year}"
            )
            return ngettext(
                "calibrated on %(count)d %(project)s committer elected %(years)s",
                "calibrated on %(count)d %(project)s committers elected %(years)s",
                self.committers,
            ) % {"count": self.committers, "project": self.project_name, "years": years}
        if self.basis == ProjectCalibration.Basis.CONFIGURED:
            return gettext("targets set for %(project)s") % {"project": self.project_name}
        return gettext("default targets")


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def measure_committers(*, project: Project, today: date | None = None) -> dict[int, dict]:
    """Each measurable committer's signals over the 24 months before their title date.

    Measurable: a committer title in the project granted in the last five years, and some
    activity of the person in the project in that window (older history is not ingested
    for everyone, and a committer with none would pull every median to zero).
    Four queries whatever the number of committers.
    """
    today = today or timezone.localdate()
    titles = dict(
        Title.objects.filter(
            project=project,
            role=Title.Role.COMMITTER,
            granted_on__isnull=False,
            granted_on__gte=_years_ago(today, CALIBRATION_YEARS),
            granted_on__lte=today,
        ).values_list("contributor_id", "granted_on")
    )
    histories = read_histories(
        contributor_ids=sorted(titles), project_id=project.pk, since=None, until=None
    )
    measured = {}
    for person, granted_on in titles.items():
        window = Window(last=month_index(granted_on) - 1, reference=month_index(granted_on))
        history = histories.get((person, project.pk))
        if history is not None and history.active_in(window):
            measured[person] = {"granted_on": granted_on, **history.measure(window)}
    return measured


@transaction.atomic
def calibrate_project(*, project: Project, today: date | None = None) -> ProjectCalibration:
    """Measure the project's committers and store the targets; safe to repeat."""
    measured = measure_committers(project=project, today=today)
    path = measure_median_path(project_id=project.pk, minimum=MIN_COMMITTERS)
    defaults: dict = {
        "computed_at": timezone.now(),
        "committers": len(measured),
        "median_path": path.points,
        "median_path_committers": path.committers,
    }
    if len(measured) >= MIN_COMMITTERS:
        years = [values["granted_on"].year for values in measured.values()]
        defaults |= {
            "basis": ProjectCalibration.Basis.COMMITTERS,
            "targets": {
                signal: float(median(values[signal] for values in measured.values()))
                for signal in Signal.values
            },
            "first_year": min(years),
            "last_year": max(years),
        }
    else:
        defaults |= {
            "basis": ProjectCalibration.Basis.CONFIGURED
            if project.progress_targets
            else ProjectCalibration.Basis.DEFAULTS,
            "targets": {},
            "first_year": None,
            "last_year": None,
        }
    calibration, _created = ProjectCalibration.objects.update_or_create(
        project=project, defaults=defaults
    )
    records_changed()  # progress and the median path read the calibration
    return calibration


def calibrate_all(*, today: date | None = None) -> int:
    """Calibrate every project, one transaction each; returns how many."""
    count = 0
    for project in Project.objects.order_by("pk").iterator():
        calibrate_project(project=project, today=today)
        count += 1
    return count


def targets_of(project: Project | None) -> tuple[dict[str, float], Calibration]:
    """Targets for reading: stored calibration, else the project's own, else defaults.

    Reads only the project row and its ``calibration`` (select_related by the caller).
    """
    if project is None:
        return dict(DEFAULT_TARGETS), Calibration(ProjectCalibration.Basis.DEFAULTS)
    stored = project.calibration if _has_calibration(project) else None
    if stored is not None and stored.basis == ProjectCalibration.Basis.COMMITTERS:
        targets = DEFAULT_TARGETS | stored.targets
        return targets, Calibration(
            stored.basis, project.name, stored.committers, stored.first_year, stored.last_year
        )
    # Configured targets are read live: an organizer's edit shows without a recalibration.
    if project.progress_targets:
        return DEFAULT_TARGETS | project.progress_targets, Calibration(
            ProjectCalibration.Basis.CONFIGURED, project.name
        )
    return dict(DEFAULT_TARGETS), Calibration(ProjectCalibration.Basis.DEFAULTS, project.name)


def _has_calibration(project: Project) -> bool:
    try:
        project.calibration  # noqa: B018 — loaded by select_related, or a query
    except ProjectCalibration.DoesNotExist:
        return False
    return True
