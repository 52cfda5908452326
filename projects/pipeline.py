"""What follows a change to the records or to who is who, written in one place.

After a sync stored its records (``identities_seen``, then ``records_committed``; both at
once: ``records_synced``):

1. resolve: the identities the sync saw become people (contributors' resolution);
2. roll up: those people's monthly rollups are rebuilt (``projects.rollups``).

Those two run at once: the new records show on people's pages when they are done. The rest
is not needed for that, so it is queued as tasks once the records are committed (or, inside
``answer_first``, once a command has said its result):

3. calibrate: the project's progress targets, measured on its committers (contributors);
4. recount: the project's community figures (community);
5. warm: page figures computed ahead of the views that read them (contributors).

After a merge, link or split (``people_changed``) the people's rollups are rebuilt at once,
and the projects they have work in are recounted once the decision commits. After a change
to what a project's credit trailers mean (``credit_meanings_changed``) everyone credited on
its commits is rolled up again and the project recounted: the stored credits are read
anew, nothing is fetched.

This module is the lowest app's; the higher apps register the steps they do in their
``AppConfig.ready()``, so the order is written here while no lower app imports a higher one.
A step nobody registered is skipped (a project without the community app, say).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Any

from django.db import transaction

from projects.models import CommitCredit
from projects.rollups import refresh_activity_months


class Step(StrEnum):
    RESOLVE = "resolve"  # (identity_ids: set[int]) -> int linked, in the sync's transaction
    CALIBRATE = "calibrate"  # (project_id: int) -> None, queues a task
    CLAIMED = "claimed"  # (identity_ids: set[int]) -> int linked, creating nobody
    RECOUNT = "recount"  # (project_id: int) -> None, queues a task
    RECOUNT_PEOPLE = "recount people"  # (identity_ids, contributor_ids) -> None, queues
    WARM = "warm"  # () -> None, queues a task


# The order steps run in after a sync, once its records are committed.
FOLLOW_UPS = (Step.CALIBRATE, Step.RECOUNT, Step.WARM)

_steps: dict[Step, list[Callable[..., Any]]] = defaultdict(list)


def register(step: Step, function: Callable[..., Any]) -> None:
    """Do ``function`` at ``step``; an app calls this from its ``ready()``, once."""
    if function not in _steps[step]:
        _steps[step].append(function)


def registered(step: Step) -> list[Callable[..., Any]]:
    return list(_steps.get(step, ()))


def _run(step: Step, **arguments: Any) -> None:
    for function in _steps.get(step, ()):
        function(**arguments)


def identities_seen(identity_ids: Iterable[int], *, roll_up: bool = True) -> int:
    """A source named these identities: resolve them now and rebuild the rollups of everyone
    behind them (``roll_up``, unless the identities author no records). Returns how many
    identities resolution linked to people."""
    identity_ids = set(identity_ids)
    if not identity_ids:
        return 0
    linked = sum(function(identity_ids=identity_ids) or 0 for function in registered(Step.RESOLVE))
    if roll_up:
        # One rollup refresh for everyone touched, resolution's links included.
        refresh_activity_months(identity_ids=identity_ids)
    return linked


def identities_claimed(identity_ids: Iterable[int]) -> int:
    """A roster named these Apache ids: link those that people's own profiles claim, and
    make no one new for the rest (most committers are not in the community). Returns how
    many were linked."""
    identity_ids = set(identity_ids)
    if not identity_ids:
        return 0
    return sum(function(identity_ids=identity_ids) or 0 for function in registered(Step.CLAIMED))


def records_committed(*, project_id: int) -> None:
    """A sync of ``project_id`` stored records: once they are committed, queue calibration,
    recount and warming (new history may move the targets and the figures)."""
    transaction.on_commit(lambda: follow_up(project_id=project_id))


def records_synced(*, project_id: int, identity_ids: Iterable[int]) -> None:
    """A sync stored records of ``project_id`` naming ``identity_ids``: resolve and roll up
    now, then queue calibration, recount and warming for after the commit."""
    identities_seen(identity_ids)
    records_committed(project_id=project_id)


def follow_up(*, project_id: int) -> None:
    """Queue what follows a project's new records: calibration, recount, warming."""
    held = _held.get()
    if held is not None:
        if project_id not in held:
            held.append(project_id)
        return
    _run(Step.CALIBRATE, project_id=project_id)
    _run(Step.RECOUNT, project_id=project_id)
    _run(Step.WARM)


# The projects whose follow-ups wait for the end of an ``answer_first`` block, if in one.
_held: ContextVar[list[int] | None] = ContextVar("held_follow_ups", default=None)


@contextmanager
def answer_first() -> Iterator[list[int]]:
    """Hold the follow-ups of the syncs run in the block until it ends, and say which.

    A command syncs, writes its result, then leaves the block: the follow-ups are queued
    after the answer. With tasks in-process (no broker) they run there and then, after the
    answer rather than before it; with a worker they were only ever queued. The list the
    block gets holds the projects waiting, so the command can say that work follows.
    """
    held: list[int] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)
        for project_id in held:
            follow_up(project_id=project_id)


def people_changed(
    *, identity_ids: Iterable[int] = (), contributor_ids: Iterable[int | None] = ()
) -> None:
    """Who is who changed for these identities and people: rebuild their rollups now, and
    recount the projects they have work in once the decision commits."""
    identity_ids = list(identity_ids)
    people = [pk for pk in contributor_ids if pk is not None]
    refresh_activity_months(identity_ids=identity_ids, contributor_ids=people)
    _run(Step.RECOUNT_PEOPLE, identity_ids=identity_ids, contributor_ids=people)


def credit_meanings_changed(*, project_id: int) -> int:
    """What ``project_id``'s credit trailers mean changed: rebuild the rollups of everyone
    credited on its commits now, and queue the recount for after the commit. Returns the
    number of identities rolled up again."""
    identity_ids = set(
        CommitCredit.objects.filter(commit__repository__project_id=project_id)
        .values_list("identity_id", flat=True)
        .distinct()
        .order_by()
    )
    if identity_ids:
        refresh_activity_months(identity_ids=identity_ids)
    records_committed(project_id=project_id)
    return len(identity_ids)
