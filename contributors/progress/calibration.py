"""The bars of the ladder: targets calibrated on a project's own committers, and for the
step after it on its PMC members, after syncs; stored, and read back with a sentence saying
where they come from."""

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import cast

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
    # The lists count only where calibration on the project's committers gives them a
    # target: a project whose lists are not synced has no such history to compare with.
    Signal.LIST_MESSAGES: 0,
    Signal.VOTES: 0,
    Signal.DESIGN_THREADS: 0,
}
# Code and reviews weigh most: they are what committers are elected for.
DEFAULT_WEIGHTS: dict[str, float] = {
    Signal.MERGED_PRS: 3,
    Signal.REVIEWS: 3,
    Signal.ISSUES_REPORTED: 1,
    Signal.ISSUES_RESOLVED: 1,
    Signal.ACTIVE_MONTHS: 2,
    Signal.MONTHS_SINCE_FIRST: 1,
    Signal.LIST_MESSAGES: 1,
    Signal.VOTES: 1,
    Signal.DESIGN_THREADS: 1,
}


# Bases of the PMC step, beside ProjectCalibration.Basis for the committer bar.
PMC_MEMBERS = "pmc_members"  # calibrated on the project's PMC members
TOO_FEW_PMC_MEMBERS = "too_few_pmc_members"  # not measured: too few with both dates known
TOP_TITLE = "top_title"  # the person holds the project's last title measured here


@dataclass(frozen=True)
class Calibration:
    """Where a project's targets come from, described in the reader's language."""

    basis: str
    project_name: str = ""
    committers: int = 0  # people measured: committers, or PMC members for the PMC step
    first_year: int | None = None
    last_year: int | None = None
    median_months: float | None = None  # PMC step: months from committer to PMC

    @property
    def description(self) -> str:
        if self.basis == PMC_MEMBERS:
            return ngettext(
                "calibrated on %(count)d %(project)s PMC member elected %(years)s, "
                "%(months)s months after becoming a committer (median)",
                "calibrated on %(count)d %(project)s PMC members elected %(years)s, "
                "%(months)s months after becoming committers (median)",
                self.committers,
            ) % {
                "count": self.committers,
                "project": self.project_name,
                "years": self._years,
                "months": f"{self.median_months:.0f}",
            }
        if self.basis == TOO_FEW_PMC_MEMBERS:
            return ngettext(
                "Not measured: %(count)d %(project)s PMC member has known committer and PMC "
                "dates, and %(needed)d are needed to calibrate the step to the PMC.",
                "Not measured: %(count)d %(project)s PMC members have known committer and PMC "
                "dates, and %(needed)d are needed to calibrate the step to the PMC.",
                self.committers,
            ) % {"count": self.committers, "project": self.project_name, "needed": MIN_COMMITTERS}
        if self.basis == TOP_TITLE:
            return gettext("No further title of %(project)s is measured here.") % {
                "project": self.project_name
            }
        if self.basis == ProjectCalibration.Basis.COMMITTERS:
            return ngettext(
                "calibrated on %(count)d %(project)s committer elected %(years)s",
                "calibrated on %(count)d %(project)s committers elected %(years)s",
                self.committers,
            ) % {"count": self.committers, "project": self.project_name, "years": self._years}
        if self.basis == ProjectCalibration.Basis.CONFIGURED:
            return gettext("targets set for %(project)s") % {"project": self.project_name}
        return gettext("default targets")

    @property
    def _years(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


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
    titles = _recent_titles(project, Title.Role.COMMITTER, today)
    return _measure_before(project, titles)


def measure_pmc_members(*, project: Project, today: date | None = None) -> dict[int, dict]:
    """Each measurable PMC member's signals over the 24 months before their PMC date, with
    ``months`` from their committer date: PMC members of the last five years whose
    committer date is known and not later (five queries)."""
    pmc = _recent_titles(project, Title.Role.PMC_MEMBER, today)
    dated = Title.objects.filter(
        project=project,
        role=Title.Role.COMMITTER,
        contributor_id__in=list(pmc),
        granted_on__isnull=False,
    ).values_list("contributor_id", "granted_on")
    committers = cast(dict[int, date], dict(dated))  # dates only: granted_on__isnull=False
    known = {p: on for p, on in pmc.items() if p in committers and committers[p] <= on}
    measured = _measure_before(project, known)
    for person, values in measured.items():
        values["months"] = month_index(known[person]) - month_index(committers[person])
    return measured


def _recent_titles(project: Project, role: str, today: date | None) -> dict[int, date]:
    today = today or timezone.localdate()
    dated = Title.objects.filter(
        project=project,
        role=role,
        granted_on__isnull=False,
        granted_on__gte=_years_ago(today, CALIBRATION_YEARS),
        granted_on__lte=today,
    ).values_list("contributor_id", "granted_on")
    return cast(dict[int, date], dict(dated))  # dates only: granted_on__isnull=False


def _measure_before(project: Project, titles: dict[int, date]) -> dict[int, dict]:
    """Signals of each titled person over the 24 months before the title's month, for
    those active in the project then."""
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


def _medians(measured: dict[int, dict]) -> dict[str, float]:
    return {
        signal: float(median(values[signal] for values in measured.values()))
        for signal in Signal.values
    }


def _pmc_step(project: Project, today: date | None) -> dict:
    measured = measure_pmc_members(project=project, today=today)
    if len(measured) < MIN_COMMITTERS:
        return {
            "pmc_targets": {},
            "pmc_members": len(measured),
            "pmc_first_year": None,
            "pmc_last_year": None,
            "pmc_median_months": None,
        }
    years = [values["granted_on"].year for values in measured.values()]
    return {
        "pmc_targets": _medians(measured),
        "pmc_members": len(measured),
        "pmc_first_year": min(years),
        "pmc_last_year": max(years),
        "pmc_median_months": float(median(values["months"] for values in measured.values())),
    }


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
        **_pmc_step(project, today),
    }
    if len(measured) >= MIN_COMMITTERS:
        years = [values["granted_on"].year for values in measured.values()]
        defaults |= {
            "basis": ProjectCalibration.Basis.COMMITTERS,
            "targets": _medians(measured),
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


def pmc_targets_of(project: Project) -> tuple[dict[str, float], Calibration]:
    """Targets of the step from committer to PMC member: the stored calibration on the
    project's PMC members, or none, with a sentence saying too few are known."""
    stored = project.calibration if _has_calibration(project) else None
    if stored is None or not stored.pmc_targets:
        count = stored.pmc_members if stored is not None else 0
        return {}, Calibration(TOO_FEW_PMC_MEMBERS, project.name, count)
    return dict(stored.pmc_targets), Calibration(
        PMC_MEMBERS,
        project.name,
        stored.pmc_members,
        stored.pmc_first_year,
        stored.pmc_last_year,
        stored.pmc_median_months,
    )


def _has_calibration(project: Project) -> bool:
    try:
        project.calibration  # noqa: B018 — loaded by select_related, or a query
    except ProjectCalibration.DoesNotExist:
        return False
    return True
