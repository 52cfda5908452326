import pytest

from contributors.models import Identity
from projects.commits import quarter
from projects.models import CommitCredit, PullRequestComment
from tests.factories import (
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    PullRequestCommentFactory,
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


def test_one_rule_counts_reviews_everywhere(db):
    """A person reviewing their own pull request from a second login, or writing in its
    conversation, is no reviewer, in rollups, progress, camp figures, community figures and
    recent activity alike; another reviewer counts once however often they reviewed it or
    wrote in it and however it was seen; one who only wrote in the conversation counts once
    too, and a bot's comment only where bots count."""
    from datetime import date, timedelta

    from django.utils import timezone

    from camps.figures import get_camp_figures
    from community.models import ReviewMonth
    from community.snapshot import refresh_project_figures
    from contributors.progress.reading import progress_for
    from contributors.recent import get_recent_activity
    from projects.models import ActivityMonth, Signal
    from projects.rollups import refresh_activity_months
    from tests.factories import CohortFactory, EnrollmentFactory

    repository = RepositoryFactory()
    author = ContributorFactory(display_name="Author")
    work = IdentityFactory(contributor=author, kind=Identity.Kind.GITHUB, value="author-work")
    spare = IdentityFactory(contributor=author, kind=Identity.Kind.GITHUB, value="author-home")
    other = ContributorFactory(display_name="Other")
    other_login = IdentityFactory(contributor=other, kind=Identity.Kind.GITHUB, value="other")
    other_email = IdentityFactory(contributor=other, value="other@example.org")
    talker = ContributorFactory(display_name="Talker")
    talker_login = IdentityFactory(contributor=talker, kind=Identity.Kind.GITHUB, value="talker")
    bot = ContributorFactory(display_name="github-actions[bot]", is_bot=True)
    bot_login = IdentityFactory(
        contributor=bot, kind=Identity.Kind.GITHUB, value="github-actions[bot]"
    )
    when = timezone.now() - timedelta(days=3)
    pull = PullRequestFactory(
        repository=repository, author=work, created_at=when, merged_at=when, updated_at=when
    )
    ReviewFactory(pull_request=pull, reviewer=spare, submitted_at=when)  # own, other login
    PullRequestCommentFactory(pull_request=pull, author=spare, created_at=when)  # own too
    PullRequestCommentFactory(pull_request=pull, author=work, created_at=when)  # a reply
    ReviewFactory(pull_request=pull, reviewer=other_login, submitted_at=when)
    ReviewFactory(pull_request=pull, reviewer=other_login, submitted_at=when)
    PullRequestCommentFactory(pull_request=pull, author=other_login, created_at=when)
    PullRequestCommentFactory.create_batch(2, pull_request=pull, author=talker_login,
                                           created_at=when)  # fmt: skip
    PullRequestCommentFactory(pull_request=pull, author=bot_login, created_at=when)
    landed = CommitFactory(
        repository=repository, pr_number=pull.number, pull_request=pull, committed_at=when
    )
    CommitCreditFactory(commit=landed, identity=other_email, kind=CommitCredit.Kind.REVIEWER)
    people = (author, other, talker, bot)
    refresh_activity_months(contributor_ids=[person.pk for person in people])
    figures = refresh_project_figures(project=repository.project)
    camp = CohortFactory(
        starts_on=date.today() - timedelta(days=30), ends_on=date.today() + timedelta(days=30)
    )
    for person in people:
        EnrollmentFactory(cohort=camp, contributor=person, project=repository.project)

    def rolled_up(person):
        rows = ActivityMonth.objects.filter(contributor=person, kind=ActivityMonth.Kind.REVIEW)
        return sum(rows.values_list("count", flat=True))

    def recently_reviewed(person):
        return [i.url for i in get_recent_activity(contributor=person) if i.kind == "reviewed"]

    camp_reviews = {p.enrollment.contributor: p.counts.reviews for p in get_camp_figures(
        cohort=camp).participants}  # fmt: skip
    community = dict(
        ReviewMonth.objects.values_list("contributor", "count").order_by("contributor")
    )
    for person, reviews in ((author, 0), (other, 1), (talker, 1), (bot, 1)):
        progress = progress_for(contributor=person, project=repository.project)
        assert rolled_up(person) == reviews, person
        assert progress.signal(Signal.REVIEWS).value == reviews, person
        assert camp_reviews[person] == reviews, person
        assert community.get(person.pk, 0) == reviews, person
        assert reviewed_pull_requests(contributor=person) == reviews, person
        assert len(recently_reviewed(person)) == reviews, person
    assert [i.kind for i in get_recent_activity(contributor=author)] == ["merged"]
    # The community's figures leave bots out, as they do for GitHub reviews.
    assert figures.reviews == 2
    talked = PullRequestComment.objects.filter(author=talker_login).latest("github_id")
    assert recently_reviewed(talker) == [
        f"{repository.web_url}/pull/{pull.number}#issuecomment-{talked.github_id}"
    ]
