import pytest

from contributors.models import Identity
from projects.commits import quarter
from projects.models import CommitCredit
from tests.factories import (
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
)
from tests.reference import reviewed_pull_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    person = ContributorFactory(display_name="Chia-Ping Tsai")
    IdentityFactory(contributor=person, value="chia7712@gmail.com")
    IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB, value="chia7712")
    return person


def identity(person, kind):
    return person.identities.get(kind=kind)


def test_it_counts_a_review_seen_on_github_and_in_a_trailer_once(reviewer):
    repository = RepositoryFactory()
    pull = PullRequestFactory(repository=repository)
    ReviewFactory(pull_request=pull, reviewer=identity(reviewer, Identity.Kind.GITHUB))
    ReviewFactory(pull_request=pull, reviewer=identity(reviewer, Identity.Kind.GITHUB))
    landed = CommitFactory(repository=repository, pr_number=pull.number, pull_request=pull)
    CommitCreditFactory(commit=landed, identity=identity(reviewer, Identity.Kind.GIT_EMAIL))

    assert reviewed_pull_requests(contributor=reviewer) == 1


def test_it_counts_trailer_credits_without_a_pull_request_by_commit(reviewer):
    email = identity(reviewer, Identity.Kind.GIT_EMAIL)
    CommitCreditFactory.create_batch(2, identity=email)
    CommitCreditFactory(identity=email, kind=CommitCredit.Kind.CO_AUTHOR)  # not a review
    ReviewFactory(reviewer=identity(reviewer, Identity.Kind.GITHUB))

    assert reviewed_pull_requests(contributor=reviewer) == 3


def test_it_leaves_out_reviews_of_ones_own_pull_request_and_other_periods(reviewer):
    login = identity(reviewer, Identity.Kind.GITHUB)
    ReviewFactory(pull_request=PullRequestFactory(author=login), reviewer=login)
    ReviewFactory(reviewer=login)

    assert reviewed_pull_requests(contributor=reviewer) == 1
    assert reviewed_pull_requests(contributor=reviewer, within=quarter("2025Q1")) == 1
    assert reviewed_pull_requests(contributor=reviewer, within=quarter("2024Q1")) == 0


def test_it_limits_to_a_project(reviewer):
    login = identity(reviewer, Identity.Kind.GITHUB)
    review = ReviewFactory(reviewer=login)
    ReviewFactory(reviewer=login)

    project = review.pull_request.repository.project
    assert reviewed_pull_requests(contributor=reviewer, project=project) == 1
