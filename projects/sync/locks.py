"""One sync per source at a time, across processes, and whether a sync still holds its lock.

On PostgreSQL the lock is a session advisory lock: the server drops it when the holder's
connection ends, so a worker killed mid-sync never leaves a stale lock behind. Elsewhere
(SQLite, a laptop's ``make run``) it is an flock on a file under ``DATA_DIR/locks``, which
the kernel drops when the holding process dies, for the same reason.

A state left "running" by a sync that died is told apart by its lock: nobody holds it.
``check_running`` answers that for a whole list at once (one query of ``pg_locks``).
"""

import fcntl
import os
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from projects.models import SyncState


class SyncAlreadyRunning(Exception):
    """Another process holds the lock of this source."""


def _namespace(kind: str) -> int:
    return zlib.crc32(f"osc4you-sync-{kind}".encode()) & 0x7FFFFFFF


def _lock_file(kind: str, target_id: int) -> Path:
    return Path(settings.DATA_DIR) / "locks" / f"sync-{kind}-{target_id}.lock"


@contextmanager
def sync_lock(kind: str, target_id: int) -> Iterator[None]:
    if connection.vendor == "postgresql":
        with _advisory_lock(_namespace(kind), target_id):
            yield
    else:
        with _file_lock(_lock_file(kind, target_id)):
            yield


@contextmanager
def _advisory_lock(namespace: int, target_id: int) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, target_id])
        if not cursor.fetchone()[0]:
            raise SyncAlreadyRunning(namespace)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, target_id])


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        # A reader's probe (``_file_held``) holds a shared lock for an instant: try again
        # twice before taking a failure for another sync.
        for attempt in range(3):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt == 2:
                    raise SyncAlreadyRunning(path.name) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _file_held(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False  # never taken since DATA_DIR was made
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def lock_of(state: SyncState) -> tuple[str, int]:
    """The (kind, target id) of the lock a state's sync runs under: line stats are the
    git sync's second pass, under its lock; the roster has one lock for all."""
    kind = SyncState.Kind.GIT if state.kind == SyncState.Kind.GIT_STATS else state.kind
    return kind, state.repository_id or state.project_id or 0


def check_running(states: Iterable[SyncState]) -> None:
    """Set ``lock_held`` on each running state: False means its sync died.

    Costs nothing when none runs; otherwise one query on PostgreSQL, whatever the number of
    states, and one file probe per running state elsewhere.
    """
    running = [state for state in states if state.status == SyncState.Status.RUNNING]
    if not running:
        return
    if connection.vendor == "postgresql":
        held = _advisory_locks_held()
        for state in running:
            kind, target_id = lock_of(state)
            state.lock_held = (_namespace(kind), target_id) in held
    else:
        for state in running:
            state.lock_held = _file_held(_lock_file(*lock_of(state)))


def _advisory_locks_held() -> set[tuple[int, int]]:
    # A lock taken with two int4 keys shows them as classid and objid, with objsubid 2.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT classid::bigint, objid::bigint FROM pg_locks WHERE locktype = 'advisory' "
            "AND objsubid = 2 AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return {(int(namespace), int(target)) for namespace, target in cursor.fetchall()}
