"""A sync's life on its SyncState row, the same for every source: running, then finished,
failed with its reason, or waiting for a rate limit until a time.

Failing and waiting write only the status fields: the cursor on the row is the one each
page committed, never one held in memory by a run that stopped half-way.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

from projects.models import SyncState
from projects.sync.errors import RateLimited, SourceError
from projects.times import zoned_stamp

logger = logging.getLogger(__name__)

_STOPPED_FIELDS = ["status", "finished_at", "last_error", "rate_limit_until", "updated_at"]


def begin(state: SyncState) -> None:
    """Mark the run started, with its progress counters back at zero.

    Called under the sync's lock: a row still "running" belongs to a run that died without
    a word, which the new run says on the row until it ends.
    """
    if state.status == SyncState.Status.RUNNING:
        last_seen = state.updated_at or state.started_at or timezone.now()
        state.last_error = f"the previous run was interrupted at {zoned_stamp(last_seen)}"
        logger.warning("%s: %s", state, state.last_error)
    state.status = SyncState.Status.RUNNING
    state.started_at = timezone.now()
    state.finished_at = state.rate_limit_until = None
    state.pages_done = state.items_done = 0
    state.items_total = None
    state.warning = ""
    state.save()


def succeed(state: SyncState, *, cursor: dict | None = None, warning: str = "") -> None:
    """Mark the run finished; ``cursor``, when given, is where the next run starts;
    ``warning`` says what the run had to leave out."""
    now = timezone.now()
    state.status = SyncState.Status.SUCCEEDED
    if cursor is not None:
        state.cursor = cursor
    state.finished_at = state.last_success_at = now
    state.last_error = ""
    state.warning = warning
    state.rate_limit_until = None
    state.save()


def fail(state: SyncState, message: str) -> None:
    state.status = SyncState.Status.FAILED
    state.finished_at = timezone.now()
    state.last_error = message
    state.save(update_fields=_STOPPED_FIELDS)


def wait(state: SyncState, *, until: datetime, message: str) -> None:
    """The source asked to wait: the run resumes from the saved cursor after ``until``."""
    state.status = SyncState.Status.WAITING
    state.rate_limit_until = until
    state.last_error = message
    state.save(update_fields=_STOPPED_FIELDS)


@contextmanager
def stopping(state: SyncState) -> Iterator[None]:
    """Write how a run stopped, if it did, and raise on: waiting for a rate limit, failed
    with the source's message, or failed naming any other exception."""
    try:
        yield
    except RateLimited as exc:
        wait(state, until=exc.until, message=str(exc))
        raise
    except SourceError as exc:
        fail(state, str(exc))
        raise
    except BaseException as exc:
        fail(state, f"{exc.__class__.__name__}: {exc}")
        raise
