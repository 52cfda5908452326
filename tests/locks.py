"""A sync's lock held as another worker holds it, for tests of what a sync does meanwhile."""

import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from projects.sync.locks import sync_lock


@contextmanager
def held_elsewhere(kind: str, target_id: int) -> Iterator[None]:
    """From its own connection on PostgreSQL (closing it drops the lock, as a killed
    worker's does), from its own open file otherwise."""
    if connection.vendor == "postgresql":
        import psycopg

        other = psycopg.connect(**connection.get_connection_params())
        namespace = zlib.crc32(f"osc4you-sync-{kind}".encode()) & 0x7FFFFFFF
        other.execute("SELECT pg_advisory_lock(%s, %s)", [namespace, target_id])
        pid = other.info.backend_pid
        try:
            yield
        finally:
            other.close()
            _wait_for_exit(pid)
    else:
        with sync_lock(kind, target_id):
            yield


def _wait_for_exit(pid: int) -> None:
    """The server drops a closed connection's locks when its backend exits, a moment later."""
    for _ in range(100):
        with connection.cursor() as cursor:
            # pg_locks is read live; pg_stat_activity would be a snapshot for the transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s", [pid])
            if not cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"backend {pid} still holds locks 5 s after its connection closed")
