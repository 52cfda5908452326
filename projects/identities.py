"""Writing identities as sources see them: batch get-or-create, and pairs seen together.

Syncs call these with whatever they parsed; resolution (``contributors.resolution``) later
decides who each identity is. Every write is an idempotent upsert. GitHub logins also carry
the numeric account id behind them when a source says it (``record_account_ids``).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from projects import bulk
from projects.models import Identity, IdentityPair

IdentityKey = tuple[str, str]  # (kind, normalized value)

log = logging.getLogger(__name__)

_BATCH = 1000


@lru_cache(maxsize=1 << 16)  # syncs look the same few thousand spellings up many times
def identity_key(kind: str, raw: str) -> IdentityKey | None:
    """The key an identity is stored under, or None for a blank value."""
    value = Identity.normalize(kind, raw)[:320]  # the column's length
    return (kind, value) if value else None


def id_of(ids: dict[IdentityKey, int], kind: str, raw: str) -> int | None:
    """The id ``upsert_identities`` answered for (kind, raw); None for a blank value or one
    it was not asked for."""
    key = identity_key(kind, raw)
    return ids.get(key) if key is not None else None


def upsert_identities(
    seen: Iterable[tuple[str, str]],
    *,
    known: dict[IdentityKey, int] | None = None,
    account_ids: dict[IdentityKey, int] | None = None,
) -> dict[IdentityKey, int]:
    """Ids of the identities for these (kind, raw value) pairs, creating the missing ones.

    The first spelling seen is kept as ``display``; blank values are skipped. ``known``
    is a cache a caller keeps across batches: keys found there cost no query, and every
    key looked up is added to it. ``account_ids`` are GitHub's account ids of some of these
    logins, by key: identities created here get theirs at once, the existing ones first
    looked up here get them through ``record_account_ids``.
    """
    known = {} if known is None else known
    account_ids = account_ids or {}
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
    # Keys travel as arrays on PostgreSQL, so one batch holds them all; elsewhere as
    # bound parameters, a batch at a time.
    size = max(len(keys), 1) if bulk.fast_path() else _BATCH
    for start in range(0, len(keys), size):
        chunk = keys[start : start + size]
        found = _existing(chunk)
        record_account_ids({found[key]: account_ids[key] for key in found if key in account_ids})
        missing = [key for key in chunk if key not in found]
        if missing:
            unresolved, now = Identity.LinkSource.UNRESOLVED, timezone.now()
            rows = [
                (k, v, display[(k, v)], unresolved, *_account((k, v), account_ids), now)
                for k, v in missing
            ]
            for pk, kind, value in bulk.insert_returning(
                Identity, _FIELDS, rows, returning=("id", "kind", "value")
            ):
                found[(kind, value)] = pk
            if late := [key for key in missing if key not in found]:
                found.update(_existing(late))  # a concurrent sync inserted them meanwhile
        ids.update(found)
    known.update(ids)
    return ids


# The columns a new identity is written with, defaults included: plain rows skip the model.
_FIELDS = (
    "kind", "value", "display", "link_source", "account_id", "account_id_source", "created_at"
)  # fmt: skip


def _account(key: IdentityKey, account_ids: dict[IdentityKey, int]) -> tuple[int | None, str]:
    if key not in account_ids:
        return None, Identity.AccountIdSource.NONE
    return account_ids[key], Identity.AccountIdSource.GITHUB


def _existing(keys: list[IdentityKey]) -> dict[IdentityKey, int]:
    if bulk.fast_path():
        # One statement whatever the number of keys: the keys travel as two arrays.
        table = connection.ops.quote_name(Identity._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT i.id, i.kind, i.value FROM {table} i "
                f"JOIN unnest(%s::varchar[], %s::varchar[]) AS k(kind, value) "
                f"ON i.kind = k.kind AND i.value = k.value",
                [[kind for kind, _ in keys], [value[:320] for _, value in keys]],
            )
            return {(kind, value): pk for pk, kind, value in cursor.fetchall()}
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
    bulk.upsert_adding(
        IdentityPair,
        ["first", "second", "occurrences"],
        ((first, second, n) for (first, second), n in counts.items()),
        unique=["first", "second"],
        add=["occurrences"],
    )
    return len(counts)


def record_account_ids(
    account_ids: dict[int, int], *, source: str = Identity.AccountIdSource.GITHUB
) -> int:
    """Store the GitHub account id of each GitHub identity (``{identity id: account id}``).

    GitHub's own word (``source=github``) replaces an id only a commit email gave; a commit
    email never replaces anything. A login that now names another account than the one
    recorded keeps its recorded id: the login was renamed away and registered again, and the
    new holder must not inherit the old one's sign-in. (Logins sharing an account are one
    person: resolution reads that from the ids themselves.) Returns the identities written;
    one query when nothing is new.
    """
    if not account_ids:
        return 0
    trusted = source == Identity.AccountIdSource.GITHUB
    changed = []
    for pk, recorded, recorded_source in Identity.objects.filter(
        pk__in=list(account_ids), kind=Identity.Kind.GITHUB
    ).values_list("pk", "account_id", "account_id_source"):
        wanted = account_ids[pk]
        if recorded == wanted and (recorded_source == source or not trusted):
            continue
        if recorded is None or (
            trusted and recorded_source == Identity.AccountIdSource.COMMIT_EMAIL
        ):
            changed.append((pk, wanted, source))
        elif recorded != wanted:
            log.warning(
                "GitHub identity %s is recorded as account %s and now seen as account %s; "
                "keeping %s",
                pk,
                recorded,
                wanted,
                recorded,
            )
    bulk.update_rows(Identity, ("account_id", "account_id_source"), changed)
    return len(changed)
