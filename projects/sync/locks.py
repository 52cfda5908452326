"""One sync per source at a time, across processes.

PostgreSQL session advisory locks are released by the server when the holder's connection
ends, so a worker killed mid-sync never leaves a stale lock behind. SQLite allows a single
writer anyway, so there the lock is a no-op.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


class SyncAlreadyRunning(Exception):
    """Another process holds the lock of this source."""


@contextmanager
def sync_lock(kind: str, target_id: int) -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    namespace = zlib.crc32(f"osc4you-sync-{kind}".encode()) & 0x7FFFFFFF
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, target_id])
        if not cursor.fetchone()[0]:
            raise SyncAlreadyRunning(kind)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, target_id])
