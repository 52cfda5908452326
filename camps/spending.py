"""What a camp spent, as told by the app that keeps the ledger (``community``), which camps
never imports: that app registers a provider in its ``ready()``, and the camp report asks
``camp_spending``. Without a provider (the ledger's app not installed) a camp has no
spending to show, which is not the same as spending nothing.

Names come masked as the public ledger masks them; amounts in one currency are never added
to amounts in another.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from camps.models import Cohort


@dataclass(frozen=True)
class SpendingEntry:
    spent_on: date
    person: str  # masked, as the public ledger shows it
    category: str  # its label, in the active language
    amount: Decimal
    currency: str  # ISO 4217


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    amount: Decimal
    entries: int


@dataclass(frozen=True)
class CampSpending:
    entries: tuple[SpendingEntry, ...]  # oldest first
    totals: tuple[CurrencyTotal, ...]  # one per currency, in alphabetical order

    @classmethod
    def of(cls, entries: Iterable[SpendingEntry]) -> "CampSpending":
        ordered = tuple(sorted(entries, key=lambda e: (e.spent_on, e.currency)))
        sums: dict[str, Decimal] = defaultdict(Decimal)
        counts: dict[str, int] = defaultdict(int)
        for entry in ordered:
            sums[entry.currency] += entry.amount
            counts[entry.currency] += 1
        totals = tuple(CurrencyTotal(c, sums[c], counts[c]) for c in sorted(sums))
        return cls(entries=ordered, totals=totals)


Provider = Callable[[Cohort], CampSpending]

_providers: list[Provider] = []


def register_spending_provider(provider: Provider) -> None:
    """Make ``provider`` the source of every camp's spending (the last one registered wins:
    one app keeps the ledger)."""
    _providers[:] = [provider]


def camp_spending(cohort: Cohort) -> CampSpending | None:
    """The camp's spending, or None when no app keeps a ledger."""
    return _providers[0](cohort) if _providers else None
