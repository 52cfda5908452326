"""What counts as a review, written once for rollups, progress, camps, community figures and
recent activity.

- Taking part in a pull request's review is submitting a GitHub review of it, or writing
  in its conversation (``PullRequestComment``): many reviewers only write there.
- A review of one's own pull request is a reply, never a review. "Own" is decided by person
  where the reviewer and the author are both linked to one (a second login does not make
  one's own pull request someone else's), else by identity.
- A reviewer reviews a pull request once, however often they reviewed it or wrote in it and
  whether it was seen as a GitHub review, a conversation comment, a "Reviewers:" credit on
  the commit that landed it, or all of them. A credit on a commit with no known pull request
  counts once for that commit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Model, Q, QuerySet

from projects.models import PullRequestComment, Review


def own_pull_request(person: str) -> Q:
    """On records of a pull request: the identity in the ``person`` field wrote the pull
    request. exclude() keeps the records whose person is unknown on either side, as SQL's
    NULL = NULL is not true."""
    return Q(**{person: F("pull_request__author")}) | Q(
        **{f"{person}__contributor": F("pull_request__author__contributor")}
    )


# On Review rows: the reviewer wrote the pull request.
OWN_PULL_REQUEST = own_pull_request("reviewer")


def own_pull_request_of(identities: Iterable[int] | object) -> Q:
    """``OWN_PULL_REQUEST`` for one person's records, given that person's identities (ids
    or a subquery of them): the same rule, without joining the author's person."""
    return Q(pull_request__author__in=identities)


@dataclass(frozen=True)
class Participation:
    """A kind of record that shows a person took part in a pull request's review."""

    model: type[Model]
    person: str  # the identity foreign key of the one who took part
    when: str  # the moment it dates the review by
    where: Q = field(default_factory=Q)

    @property
    def own(self) -> Q:
        return own_pull_request(self.person)

    def records(self) -> QuerySet[Any]:
        """The records of this kind that count, one's own pull requests left out."""
        return self.model._default_manager.filter(self.where).exclude(self.own)

    def records_of(self, identities: Iterable[int] | object) -> QuerySet[Any]:
        """``records()`` of one person, given all that person's identities (ids or a
        subquery of them): the same rows, found without joining either side's person, so
        the query plans as fast as a lookup (the own-PR rule reduces to "not written from
        one of these identities")."""
        return (
            self.model._default_manager.filter(self.where)
            .filter(**{f"{self.person}__in": identities})
            .exclude(own_pull_request_of(identities))
        )


REVIEWS = Participation(Review, "reviewer", "submitted_at", Q(submitted_at__isnull=False))
CONVERSATION_COMMENTS = Participation(PullRequestComment, "author", "created_at")
# Every kind, GitHub reviews first.
PARTICIPATIONS: tuple[Participation, ...] = (REVIEWS, CONVERSATION_COMMENTS)


def union_all(parts: Sequence[QuerySet[Any]]) -> QuerySet[Any]:
    """One query for the parts, one per kind of participation, with their rows side by side
    (each part selects the same columns)."""
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


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
