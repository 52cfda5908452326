"""A large, realistic, reproducible dataset for one repository, built fast enough for a test.

Three years of pull requests ending 2024-07-01: a few hundred people with a long-tailed
share of the work, bots (dependabot, renovate, github-actions), a few deleted ("ghost")
accounts, open drafts, PRs closed without merge, and reviews and comments spread unevenly.
No nested list passes 100 unless asked for with ``many_reviews`` / ``many_comments`` /
``many_conversations``.
"""

from __future__ import annotations

import itertools
import random
import time
from datetime import timedelta

from tests.fake_github.dataset import Repository
from tests.fake_github.records import (
    EPOCH,
    Actor,
    Comment,
    Issue,
    PullRequest,
    Review,
    commit_sha,
    review_node_id,
)

_SPAN = 3 * 365 * 24 * 3600  # seconds of history
_END = EPOCH.timestamp()
_DATE = "%Y-%m-%dT%H:%M:%SZ"
_LABELS = (
    "bug", "enhancement", "documentation", "tests", "performance", "refactoring",
    "good first issue", "needs review", "ci", "security",
)  # fmt: skip
_VERBS = ("Fix", "Add", "Remove", "Refactor", "Speed up", "Document", "Test", "Update")
_NOUNS = (
    "the parser", "login flow", "cache eviction", "CI matrix", "the CLI", "error messages",
    "date handling", "the scheduler", "docs links", "memory use", "the REST client",
)  # fmt: skip
_REVIEW_STATES = ("APPROVED", "COMMENTED", "CHANGES_REQUESTED", "DISMISSED")
_REVIEW_WEIGHTS = (45, 38, 14, 3)
# How much a review of each state attracts comments: approvals are mostly bare.
_COMMENT_WEIGHT = {"APPROVED": 1, "COMMENTED": 6, "CHANGES_REQUESTED": 8, "DISMISSED": 3}


def generate(
    repository: Repository,
    pull_requests: int = 5000,
    reviews: int = 15000,
    review_comments: int = 20000,
    seed: int = 0,
    *,
    issues: int = 0,
    issue_comments: int = 0,
    many_reviews: int = 0,
    many_comments: int = 0,
    pull_request_comments: int = 0,
    many_conversations: int = 0,
) -> Repository:
    """Add exactly these many pull requests, reviews, review comments, issues, issue
    comments and conversation comments (``pull_request_comments``) to ``repository``; the
    same ``seed`` builds the same data, and asking for conversation comments leaves the rest
    as it was.

    ``many_reviews`` pull requests get 101-140 reviews each, ``many_comments`` reviews
    101-140 comments each and ``many_conversations`` pull requests 101-140 conversation
    comments each (out of the totals), for the follow-up queries.
    """
    assert pull_requests > 0 or reviews == 0, "reviews need pull requests"
    assert reviews > 0 or review_comments == 0, "comments need reviews"
    assert issues > 0 or issue_comments == 0, "issue comments need issues"
    rng = random.Random(seed)
    ds = repository.dataset
    people = [ds.actor(f"dev-{index:03d}") for index in range(300)]
    maintainers = people[:12]
    dependabot, renovate, actions = (
        ds.actor(login) for login in ("dependabot[bot]", "renovate[bot]", "github-actions[bot]")
    )
    # A long tail: dev-000 does the most, most people a little.
    person_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(300)))

    def people_sample(k: int) -> list[Actor | None]:
        chosen: list[Actor | None] = list(rng.choices(people, cum_weights=person_weights, k=k))
        for index in range(k):
            if rng.random() < 0.004:
                chosen[index] = None  # a deleted account
        return chosen

    # Pull requests, numbered in creation order.
    created = sorted(_END - rng.random() * _SPAN for _ in range(pull_requests))
    authors = people_sample(pull_requests)
    pulls: list[PullRequest] = []
    spans: list[tuple[float, float]] = []  # (created, updated) as epoch seconds
    for created_at, author in zip(created, authors, strict=True):
        roll = rng.random()
        if roll < 0.05:
            author = dependabot
        elif roll < 0.07:
            author = renovate
        elif roll < 0.08:
            author = actions
        bot = author is not None and author.typename == "Bot"
        roll = rng.random()
        state = "OPEN" if roll < 0.12 else "CLOSED" if roll < (0.35 if bot else 0.25) else "MERGED"
        updated_at = min(_END, created_at + rng.lognormvariate(10, 1.6))
        number = repository._take_number(None)
        merged_by = None
        if state == "MERGED":
            merged_by = author if author in maintainers else rng.choice(maintainers)
        pull = PullRequest(
            repository=repository,
            number=number,
            database_id=ds._next_id("pull_request"),
            title=f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}"
            if not bot
            else f"Bump dependency-{number % 97} from 1.{number % 13}.0 to 1.{number % 13 + 1}.0",
            author=author,
            state=state,
            is_draft=state == "OPEN" and rng.random() < 0.3,
            created_at=_format(created_at),
            updated_at=_format(updated_at),
            merged_at=_format(updated_at) if state == "MERGED" else None,
            closed_at=None if state == "OPEN" else _format(updated_at),
            merged_by=merged_by,
            additions=int(rng.lognormvariate(3.5, 1.5)),
            deletions=int(rng.lognormvariate(2.5, 1.5)),
            changed_files=1 + int(rng.lognormvariate(0.7, 1.0)),
            merge_commit=commit_sha(repository.full_name, number) if state == "MERGED" else None,
            labels=["dependencies"] if bot else rng.sample(_LABELS, rng.choice((0, 0, 1, 1, 2, 3))),
        )
        pulls.append(pull)
        spans.append((created_at, updated_at))
        repository.pull_requests[number] = pull

    # Reviews: the crowded pull requests first, the rest spread at random (about 3 each).
    counts = _spread(rng, len(pulls), reviews, many_reviews)
    reviewers = people_sample(reviews)
    review_list: list[Review] = []
    submitted: list[float] = []
    for pull, (start, end), count in zip(pulls, spans, counts, strict=True):
        for moment in sorted(start + rng.random() * (end - start) for _ in range(count)):
            database_id = ds._next_id("review")
            reviewer = reviewers[len(review_list)]
            if reviewer is not None and rng.random() < 0.01:
                reviewer = actions
            review = Review(
                id=review_node_id(database_id),
                database_id=database_id,
                state=rng.choices(_REVIEW_STATES, weights=_REVIEW_WEIGHTS)[0],
                submitted_at=_format(moment),
                author=reviewer,
                pull_request=pull,
            )
            pull.reviews.append(review)
            ds.reviews[review.id] = review
            review_list.append(review)
            submitted.append(moment)

    # Review comments, mostly on reviews that ask for changes or comment.
    weights = [_COMMENT_WEIGHT[review.state] for review in review_list]
    counts = _spread(rng, len(review_list), review_comments, many_comments, weights=weights)
    for review, moment, count in zip(review_list, submitted, counts, strict=True):
        # Comments are written before their review is submitted (they wait as pending).
        for offset in sorted((rng.random() * 3600 for _ in range(count)), reverse=True):
            author = review.author if rng.random() < 0.9 else rng.choice(people)
            review.comments.append(
                Comment(ds._next_id("review_comment"), _format(moment - offset), author)
            )

    _generate_issues(rng, repository, issues, issue_comments, people_sample, actions)
    _generate_conversations(
        rng, pulls, spans, pull_request_comments, many_conversations, people_sample, actions
    )
    ds._clock = max(ds._clock, EPOCH + timedelta(minutes=1))
    repository._pull_request_order = None
    repository._issue_order = None
    return repository


def _generate_issues(rng, repository, issues, issue_comments, people_sample, bot) -> None:
    ds = repository.dataset
    created = sorted(_END - rng.random() * _SPAN for _ in range(issues))
    made: list[Issue] = []
    spans: list[tuple[float, float]] = []
    for created_at, author in zip(created, people_sample(issues), strict=True):
        updated_at = min(_END, created_at + rng.lognormvariate(11, 1.8))
        closed = rng.random() < 0.6
        reason = None
        if closed:
            reason = "NOT_PLANNED" if rng.random() < 0.2 else "COMPLETED"
        number = repository._take_number(None)
        issue = Issue(
            repository=repository,
            number=number,
            database_id=ds._next_id("issue"),
            title=f"{rng.choice(_NOUNS).capitalize()} is broken",
            author=author if rng.random() > 0.02 else bot,
            state="CLOSED" if closed else "OPEN",
            state_reason=reason,
            created_at=_format(created_at),
            updated_at=_format(updated_at),
            closed_at=_format(updated_at) if closed else None,
            assignees=[a for a in people_sample(rng.choice((0, 0, 1, 1, 2))) if a is not None],
            labels=rng.sample(_LABELS, rng.choice((0, 1, 1, 2))),
        )
        made.append(issue)
        spans.append((created_at, updated_at))
        repository.issues[number] = issue
    counts = _spread(rng, len(made), issue_comments, 0)
    commenters = people_sample(issue_comments)
    taken = 0
    for issue, (start, end), count in zip(made, spans, counts, strict=True):
        for moment in sorted(start + rng.random() * (end - start) for _ in range(count)):
            comment = Comment(ds._next_id("issue_comment"), _format(moment), commenters[taken])
            issue.comments.append(comment)
            taken += 1


def _generate_conversations(rng, pulls, spans, total, crowded, people_sample, bot) -> None:
    """Conversation comments: a third are the author's replies, a few a bot's."""
    assert pulls or total == 0, "conversation comments need pull requests"
    ds = pulls[0].repository.dataset if pulls else None
    counts = _spread(rng, len(pulls), total, crowded)
    commenters = people_sample(total)
    taken = 0
    for pull, (start, end), count in zip(pulls, spans, counts, strict=True):
        for moment in sorted(start + rng.random() * (end - start) for _ in range(count)):
            author, roll = commenters[taken], rng.random()
            if roll < 0.33:
                author = pull.author
            elif roll < 0.36:
                author = bot
            pull.comments.append(Comment(ds._next_id("issue_comment"), _format(moment), author))
            taken += 1


def _spread(
    rng: random.Random,
    slots: int,
    total: int,
    crowded: int,
    *,
    weights: list[int] | None = None,
) -> list[int]:
    """``total`` items over ``slots``: ``crowded`` slots get 101-140 each, the rest land at
    random (by ``weights``), which keeps every other slot far below 100."""
    counts = [0] * slots
    assert crowded <= slots, f"{crowded} crowded out of {slots}"
    for slot in rng.sample(range(slots), crowded):
        counts[slot] = 101 + rng.randrange(40)
        if weights is not None:
            weights[slot] = 0
    rest = total - sum(counts)
    assert rest >= 0, f"{total} items cannot fill {crowded} lists past 100"
    if rest and slots > crowded:
        cumulative = list(itertools.accumulate(weights)) if weights else None
        population = range(slots)
        if cumulative is None:
            population = [slot for slot in range(slots) if not counts[slot]] or range(slots)
        for slot in rng.choices(population, cum_weights=cumulative, k=rest):
            counts[slot] += 1
    return counts


def _format(epoch: float) -> str:
    return time.strftime(_DATE, time.gmtime(epoch))
