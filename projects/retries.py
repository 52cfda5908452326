"""One retry policy for every sync task: when it comes back, how often, and what its sync
state says once the retries are spent. It reads only the class of the source's error
(``projects.sync.errors``) and the time the error carries:

- ``RateLimited``: waited out until its ``until`` (and a margin), up to ``RATE_LIMIT_WAITS``
  times.
- ``Unavailable``: tried again after its ``retry_in`` (the source's Retry-After, or its
  client's default), or a growing backoff when it has none, up to the task's ``retries``.
- ``Refused``, and any other exception: raised at once; the sync already wrote the reason
  on its state.

No countdown exceeds ``settings.SYNC_RETRY_LONGEST_COUNTDOWN``, from which the broker's
visibility timeout is computed (osc4you/settings.py): a task held longer than that would
run twice.

A task that gives up rewrites the states its last attempt stopped as "failed", with the
reason: a state left "waiting" would promise a return that never comes. Without a broker
(tasks run in-process) nothing ever comes back, so the first wait or failure gives up.
"""

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from celery import Task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from projects.models import SyncState
from projects.sync.errors import RateLimited, Unavailable
from projects.times import zoned_time

RATE_LIMIT_WAITS = 20  # GitHub's budget resets hourly: most of a day of waiting
UNAVAILABLE_RETRIES = 5
RATE_LIMIT_MARGIN = 5  # seconds after the reset, so the first request finds the new budget
BACKOFF = 60  # seconds before the first retry without a Retry-After; doubles, with jitter
BACKOFF_MAX = 10 * 60


def countdown(seconds: float) -> int:
    """``seconds`` as a Celery countdown: whole, not negative, capped at the longest wait."""
    return min(max(0, math.ceil(seconds)), settings.SYNC_RETRY_LONGEST_COUNTDOWN)


@contextmanager
def retrying(
    task: Task,
    *,
    source: str,
    states: QuerySet[SyncState],
    retries: int = UNAVAILABLE_RETRIES,
) -> Iterator[None]:
    """Run a sync inside and retry ``task`` as its error asks (see the module's docstring).

    ``source`` names the source in the reasons written; ``states`` are the rows the sync
    writes: those it stopped in this attempt become "failed" with the reason when the
    budget is spent, and the error is raised.
    """
    started = timezone.now()
    done = task.request.retries
    try:
        yield
    except RateLimited as exc:
        if not settings.SYNC_RETRIES_COME_BACK:
            _give_up(
                states,
                started,
                f"{source} rate limit until {zoned_time(exc.until)}; run the sync again then "
                "(tasks run in-process here, so nothing retries them)",
            )
            raise
        if done >= RATE_LIMIT_WAITS:
            _give_up(
                states,
                started,
                f"{source} rate limit still exhausted after {done} waits "
                f"(last reset {zoned_time(exc.until)})",
            )
            raise
        seconds = (exc.until - timezone.now()).total_seconds() + RATE_LIMIT_MARGIN
        raise task.retry(
            exc=exc, countdown=countdown(seconds), max_retries=RATE_LIMIT_WAITS
        ) from None
    except Unavailable as exc:
        if not settings.SYNC_RETRIES_COME_BACK:
            _give_up(states, started, f"{source} failed and nothing retries it in-process: {exc}")
            raise
        if done >= retries:
            _give_up(states, started, f"{source} still failing after {done} retries: {exc}")
            raise
        raise task.retry(
            exc=exc, countdown=countdown(wait_after(exc, done)), max_retries=retries
        ) from None


def wait_after(exc: Unavailable, retries_done: int) -> float:
    """Seconds before trying again: what the error says, else a backoff that doubles with
    each retry done (full jitter, so workers that failed together come back apart)."""
    if exc.retry_in is not None:
        return exc.retry_in
    return get_exponential_backoff_interval(
        factor=BACKOFF, retries=retries_done, maximum=BACKOFF_MAX, full_jitter=True
    )


def _give_up(states: QuerySet[SyncState], started: datetime, reason: str) -> None:
    now = timezone.now()
    states.filter(
        status__in=[SyncState.Status.WAITING, SyncState.Status.FAILED], updated_at__gte=started
    ).update(
        status=SyncState.Status.FAILED,
        last_error=reason,
        finished_at=now,
        rate_limit_until=None,
        updated_at=now,
    )
