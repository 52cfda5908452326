"""A person's pull requests waiting for review: who reviewed each and what it waits for.

Read in two queries: the open PRs, then the reviews others gave them. A reviewer's latest
approval or request for changes stands until they change it (a later comment does not
withdraw it), as GitHub counts them.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributors.recent import pull_request_url
from projects.models import Identity, PullRequest, Review


class WaitsFor(StrEnum):
    FIRST_REVIEW = "first_review"  # nobody else has reviewed it yet
    DECISION = "decision"  # comments only: nobody approved or asked for changes
    AUTHOR = "author"  # changes were requested: the author's move
    MERGE = "merge"  # approved, nobody asks for changes: waits to be merged


WAITS_FOR_LABELS = {
    WaitsFor.FIRST_REVIEW: _("waiting for a first review"),
    WaitsFor.DECISION: _("commented on, waiting for an approval"),
    WaitsFor.AUTHOR: _("changes requested, waiting for the author"),
    WaitsFor.MERGE: _("approved, waiting to be merged"),
}

_DECISIVE = {Review.State.APPROVED, Review.State.CHANGES_REQUESTED, Review.State.DISMISSED}


@dataclass(frozen=True)
class WaitingPullRequest:
    title: str
    url: str
    repository: str
    opened: datetime
    reviewed: bool
    # Reviewers other than the author, by name, with their standing verdict; what it waits for.
    reviewers: tuple[tuple[str, str], ...] = field(default=())
    waits_for: str = WaitsFor.FIRST_REVIEW

    @property
    def age_days(self) -> int:
        # Read at render time: the figures may have been cached earlier in the day.
        return (timezone.now() - self.opened).days

    @property
    def waits_for_label(self) -> str:
        return str(WAITS_FOR_LABELS[WaitsFor(self.waits_for)])

    @property
    def approved_by(self) -> list[str]:
        return self._by(Review.State.APPROVED)

    @property
    def changes_requested_by(self) -> list[str]:
        return self._by(Review.State.CHANGES_REQUESTED)

    @property
    def commented_by(self) -> list[str]:
        return self._by(Review.State.COMMENTED)

    def _by(self, state: str) -> list[str]:
        return [name for name, verdict in self.reviewers if verdict == state]


def waiting_pull_requests(*, identities: QuerySet[Identity, Any]) -> list[WaitingPullRequest]:
    """The open, non-draft PRs these identities authored, oldest first (two queries)."""
    open_prs = list(
        PullRequest.objects.filter(
            author__in=identities, state=PullRequest.State.OPEN, is_draft=False
        )
        .select_related("repository")
        .order_by("created_at")
    )
    verdicts: dict[int, dict[str, str]] = {pr.pk: {} for pr in open_prs}
    if open_prs:
        reviews = (
            Review.objects.filter(pull_request__in=[pr.pk for pr in open_prs])
            .exclude(reviewer__in=identities)
            .order_by("submitted_at", "pk")
            .values_list(
                "pull_request_id",
                "reviewer__contributor__display_name",
                "reviewer__display",
                "reviewer__value",
                "state",
            )
        )
        for pull, person, display, value, state in reviews:
            name = person or display or value or str(_("a deleted account"))
            standing = verdicts[pull].get(name)
            # A comment after a verdict leaves the verdict standing.
            if standing in _DECISIVE and state not in _DECISIVE:
                continue
            verdicts[pull][name] = state
    return [
        WaitingPullRequest(
            title=pr.title,
            url=pull_request_url(pr.repository, pr.number),
            repository=pr.repository.full_name,
            opened=pr.created_at,
            reviewed=bool(verdicts[pr.pk]),
            reviewers=tuple(verdicts[pr.pk].items()),
            waits_for=_waits_for(set(verdicts[pr.pk].values())),
        )
        for pr in open_prs
    ]


def _waits_for(states: set[str]) -> WaitsFor:
    if not states:
        return WaitsFor.FIRST_REVIEW
    if Review.State.CHANGES_REQUESTED in states:
        return WaitsFor.AUTHOR
    if Review.State.APPROVED in states:
        return WaitsFor.MERGE
    return WaitsFor.DECISION
