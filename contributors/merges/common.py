"""What every decision shares: its error, who made it, the stamp it leaves on a suggestion,
and the refresh of everyone it touched, through the pipeline."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from projects import pipeline

Actor = AbstractBaseUser | None  # who decided, for the log; None for scripts


class MergeError(Exception):
    """A decision that cannot be carried out; the message names the problem."""


def decided(user: Actor) -> dict[str, Any]:
    return {"decided_at": timezone.now(), "decided_by": user}


def refresh_rollups(
    identity_ids: Iterable[int] = (), contributor_ids: Iterable[int | None] = ()
) -> None:
    """Rebuild the people's monthly rollups now, and the figures of their projects once the
    decision commits (``projects.pipeline.people_changed``)."""
    pipeline.people_changed(identity_ids=identity_ids, contributor_ids=contributor_ids)
