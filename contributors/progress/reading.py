"""Reading progress: a person's signals against their project's bar, for pages and APIs.

A fixed number of queries however many people or records: rollups, GitHub reviews,
reviewer credits, and the projects with their stored calibration.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from contributors.models import Contributor
from contributors.progress.calibration import DEFAULT_WEIGHTS, Calibration, targets_of
from contributors.progress.history import History, Window, read_histories
from osc4you.lib.calendar import month_index
from projects.models import Project, ProjectCalibration, Signal


@dataclass(frozen=True)
class SignalProgress:
    signal: str
    value: int
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

    @property
    def readiness(self) -> float:
        """Weighted mean of the capped ratios, 0..1, over the signals in use."""
        used = [(s.weight, s.ratio) for s in self.signals if s.ratio is not None and s.weight > 0]
        total = sum(weight for weight, _ratio in used)
        return sum(weight * ratio for weight, ratio in used) / total if total else 0.0

    @property
    def calibration_description(self) -> str:
        return self.calibration.description

    def signal(self, name: str) -> SignalProgress:
        return next(s for s in self.signals if s.signal == name)


def readiness_of(
    *, values: Mapping[str, float], targets: Mapping[str, float], weights: Mapping[str, float]
) -> float:
    """Readiness from plain numbers: the weighted mean of min(value / target, 1)."""
    return Progress(
        0,
        None,
        tuple(
            SignalProgress(s, values.get(s, 0), targets.get(s, 0), weights.get(s, 0))
            for s in Signal.values
        ),
        Calibration(ProjectCalibration.Basis.DEFAULTS),
    ).readiness


def _progress(
    person: int, project: Project | None, history: History | None, window: Window
) -> Progress:
    targets, calibration = targets_of(project)
    weights = DEFAULT_WEIGHTS | (project.progress_weights if project is not None else {})
    values = (history or History()).measure(window)
    return Progress(
        person,
        project,
        tuple(
            SignalProgress(s, values[s], float(targets[s]), float(weights[s]))
            for s in Signal.values
        ),
        calibration,
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
) -> dict[int, Progress]:
    """Progress of each person, keyed by contributor id, in four queries however many.

    Queries: rollup months, GitHub reviews, reviewer credits (all three for everyone at
    once), then the projects with their stored calibration. Without ``project`` each person
    is measured in the project they were most active in lately.
    """
    ids = sorted({c.pk if isinstance(c, Contributor) else int(c) for c in contributors})
    month = month_index(today or timezone.localdate())
    window = Window(last=month, reference=month)
    histories = read_histories(
        contributor_ids=ids,
        project_id=project.pk if project is not None else None,
        since=window.since,
        until=window.until,
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
    return {
        person: _progress(
            person,
            projects.get(chosen[person]),
            histories.get((person, chosen[person])),
            window,
        )
        for person in ids
    }


def progress_for(
    *, contributor: Contributor, project: Project | None = None, today: date | None = None
) -> Progress:
    """One person's progress (in their most active project unless one is given): 4 queries."""
    return progress_for_many(contributors=[contributor], project=project, today=today)[
        contributor.pk
    ]
