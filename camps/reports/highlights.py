"""A camp's highlights, as a report one sends leads with them: who merged and reviewed the
most, whose first contribution came during the camp, who gained a title. Read from the
figures, without a query."""

from dataclasses import dataclass

from camps.figures import CampFigures, Participant
from contributors.models import Contributor

LEADERS = 5  # people named for each figure


@dataclass(frozen=True)
class Leader:
    participant: Participant
    count: int


def person_name(person: Contributor) -> str:
    """``Wei Chen 陳瑋``: the display name, then the Chinese name when there is one."""
    if person.chinese_name and person.chinese_name != person.display_name:
        return f"{person.display_name} {person.chinese_name}"
    return person.display_name


def leaders(figures: CampFigures, metric: str, limit: int = LEADERS) -> list[Leader]:
    """The participants with the most of ``metric`` (a ``figures.METRICS`` name), most
    first, then by name; nobody with none."""
    ranked = sorted(
        (p for p in figures.participants if getattr(p.counts, metric)),
        key=lambda p: (-getattr(p.counts, metric), p.contributor.display_name.casefold()),
    )
    return [Leader(p, getattr(p.counts, metric)) for p in ranked[:limit]]
