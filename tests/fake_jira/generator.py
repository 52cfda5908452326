"""A large, realistic, reproducible JIRA project, built fast enough for a test.

Three years of issues ending 2024-07-01: a few hundred people with a long-tailed share of
the work, Apache's issue types, priorities and workflow (most issues resolved "Fixed", some
"Won't Fix" or "Duplicate", a quarter still open), fix versions and components, and
comments spread unevenly. A few accounts are deleted (inactive) or anonymized
("jirauser<id>"), and a few issues have no reporter. No issue has more than
``INLINE_COMMENTS`` comments, the fake's default inline list, unless asked for with
``many_comments``.
"""

from __future__ import annotations

import itertools
import random

from tests.fake_jira.dataset import Dataset, Project
from tests.fake_jira.records import EPOCH, Comment, Issue, User, to_millis

INLINE_COMMENTS = 50
_END = to_millis(EPOCH)
_SPAN = 3 * 365 * 24 * 3600 * 1000  # milliseconds of history
_TYPES = ("Bug", "Improvement", "New Feature", "Task", "Sub-task", "Test", "Wish")
_TYPE_WEIGHTS = (40, 30, 8, 10, 7, 3, 2)
_PRIORITIES = ("Major", "Minor", "Critical", "Blocker", "Trivial")
_PRIORITY_WEIGHTS = (60, 20, 8, 4, 8)
_STATUSES = ("Resolved", "Closed", "Open", "In Progress", "Patch Available", "Reopened")
_STATUS_WEIGHTS = (45, 15, 25, 5, 7, 3)
_RESOLUTIONS = ("Fixed", "Won't Fix", "Duplicate", "Invalid", "Not A Problem", "Cannot Reproduce")
_RESOLUTION_WEIGHTS = (70, 8, 8, 5, 5, 4)
_COMPONENTS = (
    "core", "clients", "streams", "connect", "docs", "build", "tools", "security",
    "consumer", "producer", "admin", "metrics",
)  # fmt: skip
_VERSIONS = tuple(f"3.{minor}.{patch}" for minor in range(9) for patch in range(3))
_NOUNS = (
    "the log cleaner", "consumer rebalance", "the admin client", "metrics reporter",
    "SASL handshake", "the quota manager", "offset commit", "the build", "flaky test",
    "docs links", "memory use", "the controller",
)  # fmt: skip
_VERBS = ("Fix", "Improve", "Add", "Remove", "Document", "Speed up", "Refactor", "Test")


def generate(
    project: Project | str,
    issues: int = 20000,
    comments: int = 100000,
    seed: int = 0,
    *,
    dataset: Dataset | None = None,
    many_comments: int = 0,
    people: int = 400,
) -> Project:
    """Add exactly ``issues`` issues and ``comments`` comments to ``project`` (a Project, or
    a key: made in ``dataset``, a new Dataset if None, when missing); the same ``seed``
    builds the same data. ``many_comments`` issues get 51-140 comments each (out of the
    total), for the comment endpoint's follow-up pages."""
    if isinstance(project, str):
        dataset = Dataset() if dataset is None else dataset
        project = dataset.project(project) or dataset.add_project(project)
    assert issues > 0 or comments == 0, "comments need issues"
    rng = random.Random(seed)
    ds = project.dataset
    cast = [ds.user(f"dev-{index:03d}") for index in range(people)]
    # A long tail: dev-000 does the most, most people a little.
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(people)))

    def sample(k: int) -> list[User | None]:
        return list(rng.choices(cast, cum_weights=weights, k=k))

    created = sorted(_END - int(rng.random() * _SPAN) for _ in range(issues))
    made: list[Issue] = []
    spans: list[tuple[int, int]] = []
    reporters = sample(issues)
    assignees = sample(issues)
    for created_at, reporter in zip(created, reporters, strict=True):
        updated_at = min(_END, created_at + int(rng.lognormvariate(18, 2.0)))
        status = rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0]
        done = status in ("Resolved", "Closed")
        resolution = rng.choices(_RESOLUTIONS, weights=_RESOLUTION_WEIGHTS)[0] if done else None
        if rng.random() < 0.003:
            reporter = None  # the reporter's account is gone
        assignee = assignees[len(made)] if rng.random() < (0.7 if done else 0.3) else None
        number = project.take_number(None)
        issue = Issue(
            id=ds.next_id("issue"),
            project=project,
            number=number,
            summary=f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}",
            issue_type=rng.choices(_TYPES, weights=_TYPE_WEIGHTS)[0],
            priority=rng.choices(_PRIORITIES, weights=_PRIORITY_WEIGHTS)[0],
            status=status,
            resolution=resolution,
            created=created_at,
            updated=updated_at,
            resolved=updated_at if resolution else None,
            reporter=reporter,
            assignee=assignee,
            creator=reporter if rng.random() < 0.97 else cast[0],
            fix_versions=[rng.choice(_VERSIONS)] if resolution == "Fixed" else [],
            components=rng.sample(_COMPONENTS, rng.choice((0, 1, 1, 1, 2))),
        )
        made.append(issue)
        spans.append((created_at, updated_at))
        ds._file(issue)

    counts = _spread(rng, len(made), comments, many_comments)
    authors = sample(comments)
    taken = 0
    next_comment = ds._ids["comment"]
    for issue, (start, end), count in zip(made, spans, counts, strict=True):
        if not count:
            continue
        moments = sorted(start + int(rng.random() * (end - start)) for _ in range(count))
        for position, moment in enumerate(moments, 1):
            next_comment += 1
            issue.comments.append(
                Comment(
                    next_comment,
                    authors[taken],
                    moment,
                    moment,
                    f"Comment {position} on {issue.key}.",
                )
            )
            taken += 1
    ds._ids["comment"] = next_comment

    # Accounts that left: deleted ones stay inactive, anonymized ones become jirauser<id>.
    for user in rng.sample(cast, max(1, people // 100)):
        if user is not None and user.active:
            ds.delete_user(user.name)
    for user in rng.sample(cast, max(1, people // 200)):
        if user is not None and user.active:
            ds.anonymize_user(user.name)
    ds.advance(_END + 60_000)
    project.changed()
    return project


def _spread(rng: random.Random, slots: int, total: int, crowded: int) -> list[int]:
    """``total`` items over ``slots``: ``crowded`` slots get 51-140 each, the rest land by
    a long-tailed weight, none past INLINE_COMMENTS."""
    counts = [0] * slots
    assert crowded <= slots, f"{crowded} crowded out of {slots}"
    weights = [rng.lognormvariate(0, 1.0) for _ in range(slots)]
    for slot in rng.sample(range(slots), crowded):
        counts[slot] = INLINE_COMMENTS + 1 + rng.randrange(90)
        weights[slot] = 0.0
    rest = total - sum(counts)
    assert rest >= 0, f"{total} items cannot fill {crowded} lists past {INLINE_COMMENTS}"
    open_slots = slots - crowded
    assert rest <= open_slots * INLINE_COMMENTS, f"{total} items overflow {slots} lists"
    cumulative = list(itertools.accumulate(weights))
    while rest:
        for slot in rng.choices(range(slots), cum_weights=cumulative, k=rest):
            counts[slot] += 1
        rest = 0
        for slot, count in enumerate(counts):
            if count > INLINE_COMMENTS and weights[slot]:
                rest += count - INLINE_COMMENTS
                counts[slot] = INLINE_COMMENTS
                weights[slot] = 0.0
        if rest:
            cumulative = list(itertools.accumulate(weights))
            if not cumulative[-1]:  # every open list is full: spread evenly
                weights = [0.0 if c >= INLINE_COMMENTS else 1.0 for c in counts]
                cumulative = list(itertools.accumulate(weights))
    return counts
