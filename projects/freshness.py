"""What pages computed from records stays valid until records change.

Records, rollups and calibrations change only when a sync, a merge or an organizer's edit
writes them; between those, a person's figures are the same on every view. Pages cache what
they compute from records under the current *records version*, a token in the cache that
``records_changed`` replaces: every cached figure is then stale at once, with no key to
track down. The cache is the configured one (Redis in production, shared by all workers).
"""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "records-version"


def records_version() -> str:
    """The current records version; made on first use."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def records_changed() -> None:
    """Forget every figure computed from records, once the current transaction commits
    (a reader in between would cache the old figures under the new version)."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None))


def _full_key(name: str, version: str, key: tuple) -> str:
    return ":".join([name, version, *map(str, key)])


def cached_figures[T](name: str, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``key``, computed once per records version."""
    if not settings.FIGURES_CACHE_SECONDS:
        return compute()
    full_key = _full_key(name, records_version(), key)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def forget_figures(**kwargs) -> None:
    """A signal receiver: only drops cached figures (as contrib.sites drops its cache)."""
    records_changed()


def cached_figures_many[T](
    name: str,
    keys: dict[int, tuple],
    compute: Callable[[list[int]], dict[int, T]],
) -> dict[int, T]:
    """Figures for many ids at once (``keys`` maps each id to its key): one cache read for
    all, then ``compute`` for the ids that missed, in one batch."""
    if not settings.FIGURES_CACHE_SECONDS:
        return compute(list(keys))
    version = records_version()
    full_keys = {pk: _full_key(name, version, key) for pk, key in keys.items()}
    found = cache.get_many(list(full_keys.values()))
    figures = {pk: found[key] for pk, key in full_keys.items() if key in found}
    missing = [pk for pk in keys if pk not in figures]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {full_keys[pk]: value for pk, value in computed.items()},
            settings.FIGURES_CACHE_SECONDS,
        )
        figures |= computed
    return figures
