"""The random draws every part of the demo's activity makes, from the one seeded generator."""

import math
import random
from collections.abc import Iterable, Sequence

from osc4you.demo.cast import DemoPerson
from osc4you.demo.clock import MONTH_DAYS

Pool = Sequence[tuple[DemoPerson, float]]  # people with their weights


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def pick(rng: random.Random, pool: Pool, k: int, exclude: Iterable[DemoPerson]) -> list[DemoPerson]:
    """Up to k people, weighted, without replacement."""
    skip = set(exclude)
    candidates = [(person, weight) for person, weight in pool if person not in skip]
    chosen: list[DemoPerson] = []
    while candidates and len(chosen) < k:
        weights = [weight for _person, weight in candidates]
        index = rng.choices(range(len(candidates)), weights)[0]
        chosen.append(candidates.pop(index)[0])
    return chosen


def at_work(pool: Pool, t: float) -> list[tuple[DemoPerson, float]]:
    """The part of a month's pool still at work at t: some stop mid-month."""
    return [(person, weight) for person, weight in pool if t < person.stop]


def days(rng: random.Random, median: float, sigma: float) -> float:
    """A delay in relative months, log-normal around ``median`` days."""
    return rng.lognormvariate(math.log(median), sigma) / MONTH_DAYS
