"""Factories for the domain model; sub-factories fill relations, so ``CommitFactory()``
alone gives a commit in a repository of a project, authored by a resolved identity."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from camps.models import Cohort, Enrollment
from contributors.models import (
    AccountClaim,
    ApiToken,
    CheckInNote,
    Contributor,
    ContributorMerge,
    Identity,
    IdentityPair,
    Mentorship,
    MergeSuggestion,
)
from projects.models import (
    ActivityMonth,
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    ListMessage,
    MailingList,
    Project,
    ProjectCalibration,
    PullRequest,
    PullRequestComment,
    Repository,
    Review,
    ReviewComment,
    SyncState,
    Title,
)

if TYPE_CHECKING:
    from tests.gitrepo import GitRepo

WHEN = datetime(2025, 3, 14, 6, 0, tzinfo=UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    display_name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    is_member = True


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identity

    kind = Identity.Kind.GIT_EMAIL
    value = factory.Sequence(lambda n: f"person{n}@example.org")
    display = factory.LazyAttribute(lambda identity: identity.value)
    contributor = factory.SubFactory(ContributorFactory)
    link_source = factory.LazyAttribute(
        lambda identity: Identity.LinkSource.RULE if identity.contributor else ""
    )


class IdentityPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityPair

    first = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GIT_NAME)
    second = factory.SubFactory(IdentityFactory)


class AccountClaimFactory(factory.django.DjangoModelFactory):
    """A GitHub sign-in that matched a person by login only, waiting for an organizer."""

    class Meta:
        model = AccountClaim

    user = factory.SubFactory(UserFactory)
    contributor = factory.SubFactory(ContributorFactory)
    login = factory.Sequence(lambda n: f"claimant{n}")
    account_id = factory.Sequence(lambda n: 9000 + n)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token as the admin makes it (its key is gone once made: use create_token for one)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"script {n}")
    digest = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.Sequence(lambda n: f"pre{n:05d}")
    password_stamp = "stamp"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))


class MergeSuggestionFactory(factory.django.DjangoModelFactory):
    """An unresolved name-only identity suggested for a person with the same name."""

    class Meta:
        model = MergeSuggestion

    kind = MergeSuggestion.Kind.IDENTITY
    reason = MergeSuggestion.Reason.SAME_NAME
    identity = factory.SubFactory(
        IdentityFactory,
        kind=Identity.Kind.GIT_NAME,
        value=factory.Sequence(lambda n: f"wei chen {n}"),
        contributor=None,
    )
    contributor = factory.SubFactory(ContributorFactory)
    evidence = factory.LazyAttribute(
        lambda s: {"names": [s.identity.display], "emails": [], "logins": [], "identity_ids": []}
    )


class ContributorMergeFactory(factory.django.DjangoModelFactory):
    """A logged merge; only the log row, nothing moved (see ``merges.merge_contributors``)."""

    class Meta:
        model = ContributorMerge

    source = factory.SubFactory(ContributorFactory)
    target = factory.SubFactory(ContributorFactory)
    moved = factory.LazyFunction(dict)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    jira_key = factory.Sequence(lambda n: f"PRJ{n}")


class RepositoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Repository

    project = factory.SubFactory(ProjectFactory)
    owner = "apache"
    name = factory.Sequence(lambda n: f"repo-{n}")
    clone_url = factory.LazyAttribute(lambda repo: f"https://github.com/{repo.owner}/{repo.name}")


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    contributor = factory.SubFactory(ContributorFactory)
    project = factory.SubFactory(ProjectFactory)
    role = Title.Role.COMMITTER
    granted_on = WHEN.date()


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Camp {n}")
    slug = factory.Sequence(lambda n: f"camp-{n}")
    starts_on = datetime(2025, 1, 1).date()
    ends_on = datetime(2025, 5, 31).date()


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    contributor = factory.SubFactory(ContributorFactory)
    project = factory.SubFactory(ProjectFactory)
    mentor = factory.SubFactory(ContributorFactory)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(ContributorFactory)
    mentee = factory.SubFactory(ContributorFactory)
    project = factory.SubFactory(ProjectFactory)


class CheckInNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInNote

    mentee = factory.SubFactory(ContributorFactory)
    author = factory.SubFactory(UserFactory)
    written_on = WHEN.date()
    body = factory.Sequence(lambda n: f"Check-in {n}: talked about the next issue.")


class CommitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commit

    repository = factory.SubFactory(RepositoryFactory)
    sha = factory.Sequence(lambda n: f"{n:040x}")
    author = factory.SubFactory(IdentityFactory)
    committer = factory.SelfAttribute("author")
    authored_at = WHEN
    committed_at = WHEN
    subject = factory.Sequence(lambda n: f"KAFKA-{n}: fix something (#{n})")


class CommitCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitCredit

    commit = factory.SubFactory(CommitFactory)
    identity = factory.SubFactory(IdentityFactory)
    kind = CommitCredit.Kind.REVIEWER
    raw = factory.LazyAttribute(lambda credit: f"Reviewers: {credit.identity.value}")


class PullRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PullRequest

    repository = factory.SubFactory(RepositoryFactory)
    number = factory.Sequence(lambda n: n + 1)
    github_id = factory.Sequence(lambda n: 1_000_000 + n)
    author = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GITHUB)
    state = PullRequest.State.MERGED
    title = factory.Sequence(lambda n: f"Improve thing {n}")
    created_at = WHEN
    updated_at = WHEN
    merged_at = WHEN


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    pull_request = factory.SubFactory(PullRequestFactory)
    github_id = factory.Sequence(lambda n: 2_000_000 + n)
    reviewer = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GITHUB)
    state = Review.State.APPROVED
    submitted_at = WHEN


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewComment

    pull_request = factory.SubFactory(PullRequestFactory)
    github_id = factory.Sequence(lambda n: 3_000_000 + n)
    author = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GITHUB)
    created_at = WHEN


class PullRequestCommentFactory(factory.django.DjangoModelFactory):
    """A comment on a pull request's conversation, by someone other than its author."""

    class Meta:
        model = PullRequestComment

    pull_request = factory.SubFactory(PullRequestFactory)
    github_id = factory.Sequence(lambda n: 4_000_000 + n)
    author = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GITHUB)
    created_at = WHEN


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    project = factory.SubFactory(ProjectFactory)
    tracker = Issue.Tracker.JIRA
    external_id = factory.Sequence(lambda n: str(10_000 + n))
    key = factory.Sequence(lambda n: f"KAFKA-{n}")
    reporter = factory.SubFactory(IdentityFactory, kind=Identity.Kind.JIRA)
    status = "Open"
    summary = factory.Sequence(lambda n: f"Something is off {n}")
    created_at = WHEN
    updated_at = WHEN


class IssueCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueComment

    issue = factory.SubFactory(IssueFactory)
    external_id = factory.Sequence(lambda n: str(50_000 + n))
    author = factory.SubFactory(IdentityFactory, kind=Identity.Kind.JIRA)
    created_at = WHEN


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList

    project = factory.SubFactory(ProjectFactory)
    address = factory.LazyAttribute(lambda o: f"dev@{o.project.slug}.apache.org")


class ListMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListMessage

    mailing_list = factory.SubFactory(MailingListFactory)
    message_id = factory.Sequence(lambda n: f"<m{n}@mail.example.org>")
    sent_at = WHEN
    subject = factory.Sequence(lambda n: f"[DISCUSS] KIP-{1000 + n}: something")
    sender = factory.SubFactory(IdentityFactory, kind=Identity.Kind.GIT_EMAIL)
    sender_display = factory.LazyAttribute(lambda o: o.sender.value if o.sender else "")
    thread_root = factory.LazyAttribute(lambda o: o.message_id)
    kind = ListMessage.Kind.THREAD


class SyncStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncState

    kind = SyncState.Kind.GIT
    repository = factory.SubFactory(RepositoryFactory)


class ActivityMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityMonth

    contributor = factory.SubFactory(ContributorFactory)
    project = factory.SubFactory(ProjectFactory)
    month = WHEN.date().replace(day=1)
    kind = ActivityMonth.Kind.COMMIT
    count = 1


class ProjectCalibrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCalibration
        django_get_or_create = ("project",)

    project = factory.SubFactory(ProjectFactory)
    basis = ProjectCalibration.Basis.DEFAULTS
    computed_at = WHEN


def api_token_for(user) -> str:
    """The string a test sends as ``Authorization: Token <string>`` for ``user``.

    The one place tests make API tokens, so a change of token model (hashed, expiring)
    is made here alone.
    """
    from contributors.tokens import create_token

    return create_token(user=user, name="tests")[1]


def followed_repository(path: Path, slug: str) -> "tuple[GitRepo, Repository]":
    """A small upstream git repository at ``path`` and a followed Repository cloning it, in a
    new project named ``slug``."""
    from tests.gitrepo import GitRepo

    upstream = GitRepo(path)
    repository = Repository.objects.create(
        project=ProjectFactory(name=slug, slug=slug),
        owner="apache",
        name=slug,
        clone_url=upstream.url,
    )
    return upstream, repository
