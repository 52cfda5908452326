"""The committers' median path: merged PRs by months since the first contribution, from a
committer's first month in the project to their title date, the median over committers at
each month. Computed with the calibration after syncs; the contributor page draws it beside
the person's own path.

A committer who has arrived keeps the count they arrived with at the months after: the
median of the ones still on the way alone would fall each time a fast one arrives (7 → 5 in
the demo), and a cumulative count never falls."""

import statistics
from dataclasses import dataclass

from osc4you.lib.calendar import month_index
from projects.models import ActivityMonth, Title


@dataclass(frozen=True)
class MedianPath:
    points: list[float]  # empty with fewer committers than asked for
    committers: int  # how many committers' paths were measured


def cumulative(merged: dict[int, int], first: int, last: int) -> list[int]:
    """Cumulative merged PRs at each month from ``first`` to ``last`` (month indexes)."""
    total, path = 0, []
    for index in range(first, last + 1):
        total += merged.get(index, 0)
        path.append(total)
    return path


def measure_median_path(*, project_id: int, minimum: int) -> MedianPath:
    """The median path of the project's committers with a known title date, at each month
    that at least ``minimum`` of them reached (one query)."""
    rows = ActivityMonth.objects.filter(
        project_id=project_id,
        contributor__titles__project_id=project_id,
        contributor__titles__role=Title.Role.COMMITTER,
        contributor__titles__granted_on__isnull=False,
    ).values_list("contributor_id", "month", "kind", "count", "contributor__titles__granted_on")
    people: dict[int, dict] = {}
    for person, month, kind, count, granted_on in rows.order_by():
        entry = people.setdefault(person, {"first": None, "merged": {}, "title": granted_on})
        index = month_index(month)
        entry["first"] = index if entry["first"] is None else min(entry["first"], index)
        if kind == ActivityMonth.Kind.PR_MERGED:
            entry["merged"][index] = entry["merged"].get(index, 0) + count
    paths = [
        cumulative(e["merged"], e["first"], month_index(e["title"]))
        for e in people.values()
        if month_index(e["title"]) >= e["first"]
    ]
    return MedianPath(points=median_of(paths, minimum=minimum), committers=len(paths))


def median_of(paths: list[list[int]], *, minimum: int) -> list[float]:
    """The median at each month while at least ``minimum`` paths are still running; a path
    that ended counts with its last value (see the module's docstring). Never falls: each
    path never does, and the median of values that do not fall does not."""
    if len(paths) < minimum or not paths:
        return []
    median = []
    for offset in range(max(len(path) for path in paths)):
        if sum(1 for path in paths if offset < len(path)) < minimum:
            break
        values = [path[min(offset, len(path) - 1)] for path in paths if path]
        median.append(float(statistics.median(values)))
    return median
