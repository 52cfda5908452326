"""What every decision shares: its error, who made it, the stamp it leaves on a suggestion,
and the refresh of everyone it touched: rollups now, community figures after the commit."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from community.merges import recount_after_commit
from projects.rollups import refresh_activity_months

Actor = AbstractBaseUser | None  # who decided, for the log; None for scripts


class MergeError(Exception):
    """A decision that cannot be carried out; the message names the problem."""


def decided(user: Actor) -> dict[str, Any]:
    return {"decided_at": timezone.now(), "decided_by": user}


def refresh_rollups(
    identity_ids: Iterable[int] = (), contributor_ids: Iterable[int | None] = ()
) -> None:
    """Rebuild the people's monthly rollups now, and their projects' community figures
    once the decision commits."""
    identity_ids = list(identity_ids)
    contributor_ids = [pk for pk in contributor_ids if pk is not None]
    refresh_activity_months(identity_ids=identity_ids, contributor_ids=contributor_ids)
    recount_after_commit(identity_ids=identity_ids, contributor_ids=contributor_ids)
