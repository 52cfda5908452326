"""What counts as a review, written once for rollups, progress, camps, community figures and
recent activity.

- A review of one's own pull request is a reply, never a review. "Own" is decided by person
  where the reviewer and the author are both linked to one (a second login does not make
  one's own pull request someone else's), else by identity.
- A reviewer reviews a pull request once, however often they reviewed it and whether it was
  seen as a GitHub review, as a "Reviewers:" credit on the commit that landed it, or both.
  A credit on a commit with no known pull request counts once for that commit.
"""

from collections.abc import Iterable

from django.db.models import F, Q

# On Review rows: the reviewer wrote the pull request. exclude() keeps the reviews whose
# person is unknown on either side, as SQL's NULL = NULL is not true.
OWN_PULL_REQUEST = Q(reviewer=F("pull_request__author")) | Q(
    reviewer__contributor=F("pull_request__author__contributor")
)


def own_pull_request_of(identities: Iterable[int] | object) -> Q:
    """``OWN_PULL_REQUEST`` for one person's reviews, given that person's identities (ids
    or a subquery of them): the same rule, without joining the author's person."""
    return Q(pull_request__author__in=identities)


def is_own(
    *,
    reviewer: int | None,
    reviewer_person: int | None,
    author: int | None,
    author_person: int | None,
) -> bool:
    """``OWN_PULL_REQUEST`` for values already read (identity and person ids)."""
    if reviewer is not None and reviewer == author:
        return True
    return reviewer_person is not None and reviewer_person == author_person


def reviewed(*, pull_request: int | None, commit: int | None = None) -> int:
    """The thing a review is of, as one number: the pull request's id, or for a credit on a
    commit with no known pull request, minus the commit's id."""
    if pull_request is not None:
        return pull_request
    if commit is None:
        raise ValueError("a review is of a pull request or of a commit")
    return -commit
