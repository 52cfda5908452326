"""Writing identities as sources see them: batch get-or-create, and pairs seen together.

Syncs call these with whatever they parsed; resolution (``contributors.resolution``) later
decides who each identity is. Both writes are idempotent upserts.
"""

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from contributors.models import Identity, IdentityPair
from projects.bulk import upsert_adding

IdentityKey = tuple[str, str]  # (kind, normalized value)

_BATCH = 1000


@lru_cache(maxsize=1 << 16)  # syncs look the same few thousand spellings up many times
def identity_key(kind: str, raw: str) -> IdentityKey | None:
    """The key an identity is stored under, or None for a blank value."""
    value = Identity.normalize(kind, raw)[:320]  # the column's length
    return (kind, value) if value else None


def upsert_identities(
    seen: Iterable[tuple[str, str]], *, known: dict[IdentityKey, int] | None = None
) -> dict[IdentityKey, int]:
    """Ids of the identities for these (kind, raw value) pairs, creating the missing ones.

    The first spelling seen is kept as ``display``; blank values are skipped. ``known``
    is a cache a caller keeps across batches: keys found there cost no query, and every
    key looked up is added to it.
    """
    known = {} if known is None else known
    display: dict[IdentityKey, str] = {}
    ids: dict[IdentityKey, int] = {}
    for kind, raw in seen:
        key = identity_key(kind, raw)
        if key is None or key in ids or key in display:
            continue
        if key in known:
            ids[key] = known[key]
        else:
            display[key] = " ".join(raw.split())[:320]
    keys = list(display)
    for start in range(0, len(keys), _BATCH):
        chunk = keys[start : start + _BATCH]
        found = _existing(chunk)
        missing = [key for key in chunk if key not in found]
        if missing:
            Identity.objects.bulk_create(
                [Identity(kind=k, value=v, display=display[(k, v)]) for k, v in missing],
                ignore_conflicts=True,  # a concurrent sync may insert the same identity
            )
            found.update(_existing(missing))
        ids.update(found)
    known.update(ids)
    return ids


def _existing(keys: list[IdentityKey]) -> dict[IdentityKey, int]:
    by_kind: dict[str, list[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, []).append(value[:320])
    found: dict[IdentityKey, int] = {}
    for kind, values in by_kind.items():
        for pk, value in Identity.objects.filter(kind=kind, value__in=values).values_list(
            "pk", "value"
        ):
            found[(kind, value)] = pk
    return found


def record_pairs(pairs: Iterable[tuple[int, int]]) -> int:
    """Count each pair of identity ids as seen together once more; returns pairs written."""
    counts = Counter((min(a, b), max(a, b)) for a, b in pairs if a != b)
    if not counts:
        return 0
    upsert_adding(
        IdentityPair,
        ["first", "second", "occurrences"],
        ((first, second, n) for (first, second), n in counts.items()),
        unique=["first", "second"],
        add=["occurrences"],
    )
    return len(counts)
