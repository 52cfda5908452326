"""The sponsorship ledger: recording spending, and reading it masked for the public.

Names are masked the way the community publishes them:

- A Chinese name (the person's Chinese name, or a display name written in CJK characters,
  Japanese kana or Hangul) keeps its last character and every character before it becomes
  "*": 陳明勳 → **勳, 王明 → *明. A one-character name is all "*".
- Any other name keeps the initial of each word, each followed by a full stop:
  Ming-Hsun Chen → M. C., Tomás Novák → T. N.
- No name at all is "*".

Amounts are never added across currencies: totals are per camp and currency.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum

from camps.models import Cohort
from camps.spending import CampSpending, SpendingEntry
from community.models import Expense
from contributors.models import Contributor
from projects.people import not_people

MASK = "*"
# CJK ideographs (with extensions and compatibility forms), kana and Hangul syllables.
_EAST_ASIAN_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3134F),  # CJK Extensions B–G
)


def _is_east_asian(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _EAST_ASIAN_RANGES)


def mask_name(name: str) -> str:
    """The name as the public ledger shows it (see the module docstring)."""
    name = unicodedata.normalize("NFC", name).strip()
    if any(_is_east_asian(char) for char in name):
        chars = [char for char in name if not char.isspace() and char not in "·・."]
        return MASK * len(chars) if len(chars) < 2 else MASK * (len(chars) - 1) + chars[-1]
    initials = [word[0].upper() + "." for word in name.split() if word[0].isalpha()]
    return " ".join(initials) or MASK


def public_name(person: Contributor) -> str:
    """The masked name of a ledger's person: their Chinese name first, as the community
    writes it."""
    return mask_name(person.chinese_name or person.display_name)


def camp_spending(cohort: Cohort) -> CampSpending:
    """A camp's entries as the public ledger shows them, for its report: masked names, no
    notes (one query). Registered with camps in ``CommunityConfig.ready()``."""
    return CampSpending.of(
        SpendingEntry(
            spent_on=expense.spent_on,
            person=public_name(expense.person),
            category=str(expense.get_category_display()),
            amount=expense.amount,
            currency=expense.currency,
        )
        for expense in Expense.objects.filter(camp=cohort).select_related("person").order_by()
    )


@dataclass(frozen=True)
class CampTotal:
    camp: Cohort | None  # None: spending outside any camp
    currency: str
    amount: Decimal
    entries: int


def sponsorable_people(*, keeping: Contributor | None = None) -> QuerySet[Contributor]:
    """Who spending may be recorded for: the community's members (and ``keeping``, an
    entry's person who may have left since)."""
    people = Q(is_member=True, merged_into__isnull=True) & ~not_people()
    if keeping is not None:
        people |= Q(pk=keeping.pk)
    return Contributor.objects.filter(people).order_by("display_name")


def entries(*, camp: Cohort | None = None) -> QuerySet[Expense]:
    """The ledger, newest first, with what a row shows loaded alongside."""
    rows = Expense.objects.select_related("person", "camp").order_by("-spent_on", "-pk")
    return rows.filter(camp=camp) if camp is not None else rows


def totals_per_camp(*, camp: Cohort | None = None) -> list[CampTotal]:
    """Spending per camp and currency (one query): camps newest first, then spending
    outside camps; currencies in alphabetical order."""
    rows = Expense.objects.all() if camp is None else Expense.objects.filter(camp=camp)
    sums = (
        rows.values("camp", "currency")
        .annotate(amount=Sum("amount"), entries=Count("pk"))
        .order_by()
    )
    grouped: dict[int | None, list[tuple[str, Decimal, int]]] = defaultdict(list)
    for row in sums:
        grouped[row["camp"]].append((row["currency"], row["amount"], row["entries"]))
    camps = {c.pk: c for c in Cohort.objects.filter(pk__in=[pk for pk in grouped if pk])}
    ordered = sorted(
        grouped,
        key=lambda pk: (pk is None, -(camps[pk].starts_on.toordinal()) if pk else 0),
    )
    return [
        CampTotal(camps.get(pk) if pk else None, currency, amount, count)
        for pk in ordered
        for currency, amount, count in sorted(grouped[pk])
    ]


def overall_totals(totals: list[CampTotal]) -> list[tuple[str, Decimal]]:
    """The per-camp totals added up per currency."""
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    for total in totals:
        per_currency[total.currency] += total.amount
    return sorted(per_currency.items())


@transaction.atomic
def record_expense(
    *,
    spent_on: date,
    person: Contributor,
    category: str,
    amount: Decimal,
    currency: str,
    camp: Cohort | None,
    note: str,
    recorded_by,
) -> Expense:
    """Store a new ledger entry after validating it; ValidationError names what is wrong."""
    expense = Expense(
        spent_on=spent_on,
        person=person,
        category=category,
        amount=amount,
        currency=currency,
        camp=camp,
        note=note,
        created_by=recorded_by,
    )
    expense.full_clean()
    expense.save()
    return expense


@transaction.atomic
def update_expense(*, expense: Expense, **changes) -> Expense:
    """Change fields of an entry after validating the result; nothing is saved on error."""
    allowed = {"spent_on", "person", "category", "amount", "currency", "camp", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {', '.join(sorted(unknown))} of an expense")
    for name, value in changes.items():
        setattr(expense, name, value)
    expense.full_clean()
    expense.save()
    return expense
