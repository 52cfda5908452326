"""Writing identities as sources see them: batch get-or-create, and pairs seen together.

Syncs call these with whatever they parsed; resolution (``contributors.resolution``) later
decides who each identity is. Every write is an idempotent upsert. GitHub logins also carry
the numeric account id behind them when a source says it (``record_account_ids``).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from projects.bulk import upsert_adding
from projects.models import Identity, IdentityPair

IdentityKey = tuple[str, str]  # (kind, normalized value)

log = logging.getLogger(__name__)

_BATCH = 1000


@lru_cache(maxsize=1 << 16)  # syncs look the same few thousand spellings up many times
def identity_key(kind: str, raw: str) -> IdentityKey | None:
    """The key an identity is stored under, or None for a blank value."""
    value = Identity.normalize(kind, raw)[:320]  # the column's length
    return (kind, value) if value else None


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
    for start in range(0, len(keys), _BATCH):
        chunk = keys[start : start + _BATCH]
        found = _existing(chunk)
        record_account_ids({found[key]: account_ids[key] for key in found if key in account_ids})
        missing = [key for key in chunk if key not in found]
        if missing:
            Identity.objects.bulk_create(
                [
                    Identity(
                        kind=k, value=v, display=display[(k, v)], **_account((k, v), account_ids)
                    )
                    for k, v in missing
                ],
                ignore_conflicts=True,  # a concurrent sync may insert the same identity
            )
            found.update(_existing(missing))
        ids.update(found)
    known.update(ids)
    return ids


def _account(key: IdentityKey, account_ids: dict[IdentityKey, int]) -> dict:
    if key not in account_ids:
        return {}
    return {"account_id": account_ids[key], "account_id_source": Identity.AccountIdSource.GITHUB}


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
            changed.append(Identity(pk=pk, account_id=wanted, account_id_source=source))
        elif recorded != wanted:
            log.warning(
                "GitHub identity %s is recorded as account %s and now seen as account %s; "
                "keeping %s",
                pk,
                recorded,
                wanted,
                recorded,
            )
    if changed:
        Identity.objects.bulk_update(
            changed, ["account_id", "account_id_source"], batch_size=_BATCH
        )
    return len(changed)
