"""Reading progress: a person's signals against the bar of their next title in the
project, for pages and APIs. The ladder: committer (a maintainer outside the ASF), then PMC
member in an ASF project; a PMC member has no further step measured here.

A fixed number of queries however many people or records: rollups, the credit conventions,
reviews with reviewer credits, the projects with their stored calibration, and the
people's titles.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from contributors.models import Contributor
from contributors.progress.calibration import (
    DEFAULT_WEIGHTS,
    TOP_TITLE,
    Calibration,
    pmc_targets_of,
    targets_of,
)
from contributors.progress.history import History, MonthRow, Window, read_histories
from osc4you.lib.calendar import month_index
from projects.models import Project, ProjectCalibration, Signal, Title

# Titles that reach each step of the ladder.
_COMMITTER_TITLES = {Title.Role.COMMITTER, Title.Role.MAINTAINER}
_PMC_TITLES = {Title.Role.PMC_MEMBER, Title.Role.PMC_CHAIR}


@dataclass(frozen=True)
class SignalProgress:
    signal: str
    value: float  # a count, or a figure readiness_of is given
    target: float
    weight: float

    @property
    def label(self) -> str:
        return str(Signal(self.signal).label)

    @property
    def ratio(self) -> float | None:
        """min(value / target, 1); None when the target is zero (the signal is not used)."""
        if self.target <= 0:
            return None
        return min(self.value / self.target, 1.0)


@dataclass(frozen=True)
class Progress:
    contributor_id: int
    project: Project | None
    signals: tuple[SignalProgress, ...]
    calibration: Calibration
    # The title measured toward: committer, PMC member, or None once the person holds the
    # project's last title measured here.
    toward: str | None = Title.Role.COMMITTER

    @property
    def measured(self) -> bool:
        """Whether there is a bar to read readiness against."""
        return any(s.ratio is not None and s.weight > 0 for s in self.signals)

    @property
    def readiness(self) -> float | None:
        """Weighted mean of the capped ratios, 0..1, over the signals in use; None without a
        bar (a PMC member, or a step too few people are known to have taken)."""
        used = [(s.weight, s.ratio) for s in self.signals if s.ratio is not None and s.weight > 0]
        total = sum(weight for weight, _ratio in used)
        if not total:
            return None if self.toward != Title.Role.COMMITTER else 0.0
        return sum(weight * ratio for weight, ratio in used) / total

    @property
    def calibration_description(self) -> str:
        return self.calibration.description

    def signal(self, name: str) -> SignalProgress:
        return next(s for s in self.signals if s.signal == name)


def readiness_of(
    *, values: Mapping[str, float], targets: Mapping[str, float], weights: Mapping[str, float]
) -> float:
    """Readiness from plain numbers: the weighted mean of min(value / target, 1)."""
    return (
        Progress(
            0,
            None,
            tuple(
                SignalProgress(s, values.get(s, 0), targets.get(s, 0), weights.get(s, 0))
                for s in Signal.values
            ),
            Calibration(ProjectCalibration.Basis.DEFAULTS),
        ).readiness
        or 0.0
    )


def next_title(project: Project | None, held: set[str]) -> str | None:
    """The title a person holding ``held`` in ``project`` is measured toward."""
    if project is None or not held & (_COMMITTER_TITLES | _PMC_TITLES):
        return Title.Role.COMMITTER
    if held & _PMC_TITLES or project.foundation != Project.Foundation.ASF:
        return None  # outside the ASF, committer (maintainer) is the last step
    return Title.Role.PMC_MEMBER


def _progress(
    person: int,
    project: Project | None,
    history: History | None,
    window: Window,
    held: set[str],
) -> Progress:
    toward = next_title(project, held)
    if toward == Title.Role.COMMITTER:
        targets, calibration = targets_of(project)
    elif toward == Title.Role.PMC_MEMBER and project is not None:
        targets, calibration = pmc_targets_of(project)
    else:
        targets, calibration = {}, Calibration(TOP_TITLE, project.name if project else "")
    weights = DEFAULT_WEIGHTS | (project.progress_weights if project is not None else {})
    values = (history or History()).measure(window)
    return Progress(
        person,
        project,
        tuple(
            SignalProgress(s, values[s], float(targets.get(s, 0)), float(weights[s]))
            for s in Signal.values
        ),
        calibration,
        toward,
    )


def _main_project(
    histories: Mapping[tuple[int, int], History], person: int, window: Window
) -> int | None:
    """The project the person did most in lately: most active months, then most recent."""
    scores = {
        project: (
            sum(1 for m in window.counts if history.months.get(m)),
            max(history.months, default=0),
        )
        for (who, project), history in histories.items()
        if who == person and history.months
    }
    return max(scores, key=lambda project: (scores[project], -project), default=None)


def progress_for_many(
    *,
    contributors: Iterable[Contributor | int],
    project: Project | None = None,
    today: date | None = None,
    month_rows: Iterable[MonthRow] | None = None,
) -> dict[int, Progress]:
    """Progress of each person, keyed by contributor id, in five queries however many.

    Queries: rollup months (none when the caller gives them, ``month_rows``), the projects'
    credit conventions, reviews with conversation comments and reviewer credits (both for
    everyone at once), the projects
    with their stored calibration, and the titles the people hold in them. Without
    ``project`` each person is measured in the project they were most active in lately.
    """
    ids = sorted({c.pk if isinstance(c, Contributor) else int(c) for c in contributors})
    month = month_index(today or timezone.localdate())
    window = Window(last=month, reference=month)
    histories = read_histories(
        contributor_ids=ids,
        project_id=project.pk if project is not None else None,
        since=window.since,
        until=window.until,
        month_rows=month_rows,
    )
    chosen = {
        person: project.pk if project is not None else _main_project(histories, person, window)
        for person in ids
    }
    wanted = {pk for pk in chosen.values() if pk is not None}
    # Query 4: projects and their calibrations (the given project is re-read with its own).
    projects = (
        {p.pk: p for p in Project.objects.select_related("calibration").filter(pk__in=wanted)}
        if wanted
        else {}
    )
    # Query 5: the ladder titles the people hold there, which say the step they are on.
    held: dict[tuple[int, int], set[str]] = {}
    if wanted:
        for person, project_id, role in Title.objects.filter(
            contributor_id__in=ids,
            project_id__in=wanted,
            role__in=[*_COMMITTER_TITLES, *_PMC_TITLES],
        ).values_list("contributor_id", "project_id", "role"):
            held.setdefault((person, project_id), set()).add(role)

    def progress_of(person: int) -> Progress:
        pk = chosen[person]
        if pk is None:  # active in no project
            return _progress(person, None, None, window, set())
        key = (person, pk)
        return _progress(person, projects.get(pk), histories.get(key), window, held.get(key, set()))

    return {person: progress_of(person) for person in ids}


def progress_for(
    *,
    contributor: Contributor,
    project: Project | None = None,
    today: date | None = None,
    month_rows: Iterable[MonthRow] | None = None,
) -> Progress:
    """One person's progress (in their most active project unless one is given): 5 queries,
    4 with ``month_rows``."""
    return progress_for_many(
        contributors=[contributor], project=project, today=today, month_rows=month_rows
    )[contributor.pk]
