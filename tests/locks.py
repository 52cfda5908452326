"""A sync's lock held as another worker holds it, for tests of what a sync does meanwhile."""

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
        try:
            yield
        finally:
            other.close()
    else:
        with sync_lock(kind, target_id):
            yield
