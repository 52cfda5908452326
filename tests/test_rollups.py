from datetime import UTC, date, datetime

import pytest

from contributors.models import Identity
from projects.models import ActivityMonth, CommitCredit, PullRequest
from projects.rollups import refresh_activity_months
from tests.factories import (
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    IssueCommentFactory,
    IssueFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewCommentFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db
Kind = ActivityMonth.Kind


def counts(**subject) -> dict[tuple[str, date], int]:
    return {(row.kind, row.month): row.count for row in ActivityMonth.objects.filter(**subject)}


@pytest.fixture
def repository():
    return RepositoryFactory(project=ProjectFactory(name="Apache Kafka", slug="kafka"))


def test_it_counts_a_persons_commits_per_month_in_taipei_time(repository):
    email = IdentityFactory()
    march = datetime(2025, 3, 10, tzinfo=UTC)
    # 17:00 UTC on 31 March is 01:00 on 1 April in Taipei.
    april = datetime(2025, 3, 31, 17, 0, tzinfo=UTC)
    CommitFactory.create_batch(3, repository=repository, author=email, committed_at=march)
    CommitFactory(repository=repository, author=email, committed_at=april)

    written = refresh_activity_months(identity_ids=[email.pk])

    assert written == 2
    assert counts(contributor=email.contributor) == {
        (Kind.COMMIT, date(2025, 3, 1)): 3,
        (Kind.COMMIT, date(2025, 4, 1)): 1,
    }
    assert ActivityMonth.objects.get(kind=Kind.COMMIT, month=date(2025, 4, 1)).project == (
        repository.project
    )


def test_it_counts_a_commit_once_for_a_person_credited_under_two_spellings(repository):
    person = ContributorFactory()
    email = IdentityFactory(contributor=person, value="jane@apache.org")
    name = IdentityFactory(contributor=person, kind=Identity.Kind.GIT_NAME, value="jane doe")
    commit = CommitFactory(repository=repository)
    CommitCreditFactory(commit=commit, identity=email)
    CommitCreditFactory(commit=commit, identity=name)
    CommitCreditFactory(
        commit=CommitFactory(repository=repository),
        identity=name,
        kind=CommitCredit.Kind.CO_AUTHOR,
    )

    refresh_activity_months(identity_ids=[email.pk])

    assert counts(contributor=person) == {
        (Kind.COMMIT_REVIEW, date(2025, 3, 1)): 1,
        (Kind.COMMIT_COAUTHOR, date(2025, 3, 1)): 1,
    }


def test_it_keys_unresolved_identities_by_identity_until_they_are_linked(repository):
    stranger = IdentityFactory(contributor=None, value="someone@example.com")
    CommitFactory.create_batch(2, repository=repository, author=stranger)

    refresh_activity_months(identity_ids=[stranger.pk])
    assert counts(identity=stranger) == {(Kind.COMMIT, date(2025, 3, 1)): 2}

    person = ContributorFactory()
    stranger.contributor = person
    stranger.save()
    refresh_activity_months(identity_ids=[stranger.pk])

    assert counts(identity=stranger) == {}
    assert counts(contributor=person) == {(Kind.COMMIT, date(2025, 3, 1)): 2}


def test_it_rebuilds_only_the_people_it_is_given(repository):
    jane, bob = IdentityFactory(), IdentityFactory()
    CommitFactory(repository=repository, author=jane)
    CommitFactory(repository=repository, author=bob)
    refresh_activity_months(identity_ids=[jane.pk, bob.pk])
    CommitFactory(repository=repository, author=jane)
    CommitFactory(repository=repository, author=bob)

    refresh_activity_months(contributor_ids=[jane.contributor_id])

    assert counts(contributor=jane.contributor) == {(Kind.COMMIT, date(2025, 3, 1)): 2}
    assert counts(contributor=bob.contributor) == {(Kind.COMMIT, date(2025, 3, 1)): 1}


def test_it_is_idempotent(repository):
    email = IdentityFactory()
    CommitFactory.create_batch(3, repository=repository, author=email)
    refresh_activity_months(identity_ids=[email.pk])
    first = counts(contributor=email.contributor)

    refresh_activity_months(identity_ids=[email.pk])

    assert counts(contributor=email.contributor) == first
    assert ActivityMonth.objects.count() == 1


def test_it_counts_pull_requests_reviews_and_issues(repository):
    login = IdentityFactory(kind=Identity.Kind.GITHUB, value="jane")
    other = IdentityFactory(kind=Identity.Kind.GITHUB, value="bob")
    opened = datetime(2025, 1, 5, tzinfo=UTC)
    merged = datetime(2025, 2, 5, tzinfo=UTC)
    PullRequestFactory(repository=repository, author=login, created_at=opened, merged_at=merged)
    PullRequestFactory(
        repository=repository,
        author=login,
        created_at=opened,
        state=PullRequest.State.CLOSED,
        merged_at=None,
    )
    own = PullRequestFactory(repository=repository, author=login)
    theirs = PullRequestFactory(repository=repository, author=other)
    ReviewFactory(pull_request=own, reviewer=login)  # reviewing oneself is not a review
    ReviewFactory(pull_request=theirs, reviewer=login)
    ReviewFactory(pull_request=theirs, reviewer=login)  # the same PR again, same month
    ReviewCommentFactory.create_batch(2, pull_request=theirs, author=login)
    jira = IdentityFactory(contributor=login.contributor, kind=Identity.Kind.JIRA, value="jane")
    issue = IssueFactory(project=repository.project, reporter=jira)
    IssueFactory(
        project=repository.project,
        reporter=IdentityFactory(kind=Identity.Kind.JIRA),
        assignee=jira,
        resolved_at=datetime(2025, 4, 2, tzinfo=UTC),
    )
    IssueCommentFactory(issue=issue, author=jira)

    refresh_activity_months(identity_ids=[login.pk])

    assert counts(contributor=login.contributor) == {
        (Kind.PR_OPENED, date(2025, 1, 1)): 2,
        (Kind.PR_OPENED, date(2025, 3, 1)): 1,
        (Kind.PR_MERGED, date(2025, 2, 1)): 1,
        (Kind.PR_MERGED, date(2025, 3, 1)): 1,
        (Kind.REVIEW, date(2025, 3, 1)): 1,
        (Kind.REVIEW_COMMENT, date(2025, 3, 1)): 2,
        (Kind.ISSUE_REPORTED, date(2025, 3, 1)): 1,
        (Kind.ISSUE_RESOLVED, date(2025, 4, 1)): 1,
        (Kind.ISSUE_COMMENT, date(2025, 3, 1)): 1,
    }


def test_its_queries_do_not_grow_with_people(repository, django_assert_max_num_queries):
    def people(count: int) -> list[int]:
        identities = IdentityFactory.create_batch(count)
        for identity in identities:
            CommitFactory(repository=repository, author=identity)
        return [identity.pk for identity in identities]

    # identities, 2 deletes, 10 kinds × (resolved + unresolved chunk), 1 insert, savepoints
    budget = 30
    one, many = people(1), people(60)
    with django_assert_max_num_queries(budget):
        refresh_activity_months(identity_ids=one)
    with django_assert_max_num_queries(budget):
        refresh_activity_months(identity_ids=many)
    assert ActivityMonth.objects.count() == 61
