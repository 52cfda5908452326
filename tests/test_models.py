"""Constraints hold in the database itself, not only in forms."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from contributors.models import Identity
from projects.models import ActivityMonth, Commit, PullRequest, SyncState, Title
from tests.factories import (
    ActivityMonthFactory,
    CohortFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    IssueCommentFactory,
    IssueFactory,
    MentorshipFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewCommentFactory,
    ReviewFactory,
    SyncStateFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


def rejected(factory, **fields) -> bool:
    try:
        with transaction.atomic():
            factory(**fields)
    except IntegrityError:
        return True
    return False


def test_it_rejects_a_duplicate_commit_sha_in_a_repository():
    commit = CommitFactory()
    assert rejected(CommitFactory, repository=commit.repository, sha=commit.sha)
    assert Commit.objects.count() == 1
    # The same sha in a fork is another record.
    assert not rejected(CommitFactory, sha=commit.sha)


def test_it_rejects_duplicate_external_ids_of_every_source_record():
    credit = CommitCreditFactory()
    assert rejected(
        CommitCreditFactory, commit=credit.commit, identity=credit.identity, kind=credit.kind
    )
    pull = PullRequestFactory()
    assert rejected(PullRequestFactory, repository=pull.repository, number=pull.number)
    assert rejected(PullRequestFactory, github_id=pull.github_id)
    review = ReviewFactory()
    assert rejected(ReviewFactory, github_id=review.github_id)
    comment = ReviewCommentFactory()
    assert rejected(ReviewCommentFactory, github_id=comment.github_id)
    issue = IssueFactory()
    assert rejected(IssueFactory, tracker=issue.tracker, external_id=issue.external_id)
    # A JIRA issue moved to another project keeps its id: still one row.
    assert rejected(
        IssueFactory, tracker=issue.tracker, external_id=issue.external_id, key="OTHER-1"
    )
    issue_comment = IssueCommentFactory()
    assert rejected(
        IssueCommentFactory, issue=issue_comment.issue, external_id=issue_comment.external_id
    )


def test_it_keeps_one_identity_per_kind_and_value():
    IdentityFactory(kind=Identity.Kind.GIT_EMAIL, value="jane@apache.org")
    assert rejected(IdentityFactory, kind=Identity.Kind.GIT_EMAIL, value="jane@apache.org")
    # The same text as another kind is another identity.
    assert not rejected(IdentityFactory, kind=Identity.Kind.APACHE, value="jane@apache.org")
    assert rejected(IdentityFactory, kind=Identity.Kind.GITHUB, value="")


def test_it_normalizes_identity_values():
    assert Identity.normalize(Identity.Kind.GIT_NAME, "  Jane   DOE ") == "jane doe"
    assert Identity.normalize(Identity.Kind.GIT_EMAIL, "Jane@Apache.ORG") == "jane@apache.org"


def test_it_leaves_an_identity_unresolved_until_linked():
    identity = IdentityFactory(contributor=None)
    assert identity.contributor is None
    assert identity.link_source == ""


def test_it_keeps_contributor_logins_and_apache_ids_unique_ignoring_case():
    ContributorFactory(github_login="Chia7712", apache_id="chia7712")
    assert rejected(ContributorFactory, github_login="chia7712")
    assert rejected(ContributorFactory, apache_id="CHIA7712")
    # Many people have no login or Apache id.
    assert not rejected(ContributorFactory, github_login="", apache_id="")
    assert not rejected(ContributorFactory, github_login="", apache_id="")


def test_it_guards_titles():
    title = TitleFactory()
    assert rejected(
        TitleFactory, contributor=title.contributor, project=title.project, role=title.role
    )
    member = TitleFactory(project=None, role=Title.Role.ASF_MEMBER)
    assert rejected(
        TitleFactory, contributor=member.contributor, project=None, role=Title.Role.ASF_MEMBER
    )
    assert rejected(TitleFactory, project=None, role=Title.Role.COMMITTER)


def test_it_guards_camps_and_mentorships():
    assert rejected(CohortFactory, starts_on=date(2025, 5, 1), ends_on=date(2025, 4, 1))
    enrollment = EnrollmentFactory()
    assert rejected(EnrollmentFactory, cohort=enrollment.cohort, contributor=enrollment.contributor)
    person = ContributorFactory()
    assert rejected(MentorshipFactory, mentor=person, mentee=person)
    assert rejected(MentorshipFactory, started_on=date(2025, 5, 1), ended_on=date(2025, 4, 1))
    mentorship = MentorshipFactory()
    assert rejected(
        MentorshipFactory,
        mentor=mentorship.mentor,
        mentee=mentorship.mentee,
        project=mentorship.project,
    )


def test_it_requires_a_merge_date_on_merged_pull_requests():
    assert rejected(PullRequestFactory, state=PullRequest.State.MERGED, merged_at=None)
    assert not rejected(PullRequestFactory, state=PullRequest.State.OPEN, merged_at=None)


def test_it_keeps_one_sync_state_per_source():
    state = SyncStateFactory()
    assert rejected(SyncStateFactory, kind=state.kind, repository=state.repository)
    project = ProjectFactory()
    SyncStateFactory(kind=SyncState.Kind.JIRA, repository=None, project=project)
    assert rejected(SyncStateFactory, kind=SyncState.Kind.JIRA, repository=None, project=project)
    SyncStateFactory(kind=SyncState.Kind.APACHE_ROSTER, repository=None, project=None)
    assert rejected(
        SyncStateFactory, kind=SyncState.Kind.APACHE_ROSTER, repository=None, project=None
    )


def test_it_keys_monthly_activity_by_exactly_one_subject():
    row = ActivityMonthFactory()
    assert rejected(
        ActivityMonthFactory,
        contributor=row.contributor,
        project=row.project,
        month=row.month,
        kind=row.kind,
    )
    identity = IdentityFactory(contributor=None)
    assert rejected(ActivityMonthFactory, contributor=row.contributor, identity=identity)
    assert rejected(ActivityMonthFactory, contributor=None, identity=None)
    assert rejected(ActivityMonthFactory, month=date(2025, 3, 2))
    assert not rejected(ActivityMonthFactory, contributor=None, identity=identity)
    assert ActivityMonth.objects.count() == 2


def test_it_protects_identities_that_records_point_at():
    commit = CommitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Identity.objects.filter(pk=commit.author_id).delete()
    # Deleting a person unlinks identities and keeps every record.
    commit.author.contributor.delete()
    commit.refresh_from_db()
    assert commit.author.contributor is None


def test_repository_names_are_case_insensitive():
    repository = RepositoryFactory(owner="apache", name="kafka")
    assert repository.full_name == "apache/kafka"
    assert rejected(RepositoryFactory, owner="Apache", name="Kafka")
