"""A fake GitHub for the sync's tests and benchmark: REST and the sync's GraphQL, from an
in-memory dataset, with pagination, rate-limit headers, request counts and faults on demand.

    with FakeGitHub() as fake:
        repo = fake.dataset.add_repository("octo", "widgets")
        generate(repo, pull_requests=500, reviews=1500, review_comments=2000)
        gh = fake.client()  # or github.Github(base_url=fake.url, ...)
        fake.inject(Fault.BAD_GATEWAY, at=3)

In tests, the ``fake_github`` fixture (``tests.fake_github.fixtures``) yields a started one.
"""

from tests.fake_github.dataset import Dataset, Repository
from tests.fake_github.faults import Fault
from tests.fake_github.generator import generate
from tests.fake_github.records import Actor, Comment, Issue, PullRequest, Review
from tests.fake_github.responses import RateBudget
from tests.fake_github.server import FakeGitHub, Request

__all__ = [
    "Actor",
    "Comment",
    "Dataset",
    "FakeGitHub",
    "Fault",
    "Issue",
    "PullRequest",
    "RateBudget",
    "Repository",
    "Request",
    "Review",
    "generate",
]
