"""Comments on pull requests' conversations: synced in the pull request pages, within the
request budget, and counted as taking part in the review."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command

from camps.figures import get_camp_figures
from community.models import ProjectQuarter
from community.snapshot import refresh_project_figures
from contributors.models import Contributor, Identity
from contributors.progress.reading import progress_for
from projects.models import ActivityMonth, PullRequest, PullRequestComment, Repository, Signal
from projects.rollups import refresh_activity_months
from projects.sync import github_client, github_store
from projects.sync.errors import Unavailable
from projects.sync.github import sync_github
from tests.factories import (
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    ProjectFactory,
    PullRequestCommentFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
)
from tests.fake_github import Fault, generate
from tests.reference import reviewed_pull_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def upstream(fake_github, settings):
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = "test-token"
    return fake_github.dataset.add_repository("apache", "kafka")


@pytest.fixture
def repository(upstream):
    return Repository.objects.create(
        project=ProjectFactory(name="Apache Kafka", slug="kafka"),
        owner="apache",
        name="kafka",
        clone_url="https://github.com/apache/kafka.git",
    )


def stored() -> list[tuple[int, int, str | None]]:
    return sorted(
        PullRequestComment.objects.values_list("pull_request__number", "github_id", "author__value")
    )


def upstream_comments(upstream) -> list[tuple[int, int, str | None]]:
    return sorted(
        (pull.number, comment.database_id, comment.author.login if comment.author else None)
        for pull in upstream.pull_requests.values()
        for comment in pull.comments
    )


# The sync


def test_it_stores_conversation_comments_with_the_pull_requests_page(
    fake_github, upstream, repository
):
    upstream.add_pull_request(number=7, author="chia7712")
    said = upstream.add_pull_request_comment(7, author="showuon", created_at="2024-07-02T10:00:00Z")
    upstream.add_pull_request_comment(7, author="chia7712")  # the author's reply
    upstream.add_pull_request_comment(7, author=None)  # since deleted: the "ghost"

    result = sync_github(repository=repository)

    comment = PullRequestComment.objects.get(github_id=said.database_id)
    assert comment.pull_request == PullRequest.objects.get(number=7)
    assert comment.author.value == "showuon"
    assert comment.created_at == datetime(2024, 7, 2, 10, tzinfo=UTC)
    assert stored() == upstream_comments(upstream)
    assert PullRequestComment.objects.filter(author__isnull=True).count() == 1
    assert (result.pull_request_comments, result.requests) == (3, 1)
    assert fake_github.operations() == ["PullRequests"]
    # The commenter is a person now, like every author and reviewer seen.
    assert Identity.objects.get(kind="github", value="showuon").contributor is not None


def test_it_follows_a_conversation_past_its_first_page(fake_github, upstream, repository):
    upstream.add_pull_request(number=1)
    upstream.add_pull_request(number=2)
    for index in range(github_client.CONVERSATION_FIRST + 130):
        upstream.add_pull_request_comment(1, author=f"dev-{index % 7}")

    result = sync_github(repository=repository)

    assert PullRequestComment.objects.filter(pull_request__number=1).count() == 230
    assert stored() == upstream_comments(upstream)
    # The page, then 100 and 30 more of the one long conversation.
    assert fake_github.operations() == ["PullRequests", *["PullRequestComments"] * 2]
    assert result.requests == 3


def test_a_re_sync_stores_nothing_twice_and_reads_new_comments(fake_github, upstream, repository):
    generate(upstream, 150, 200, 200, seed=21, pull_request_comments=900, many_conversations=2)
    sync_github(repository=repository)
    first = stored()
    fake_github.reset_counts()

    again = sync_github(repository=repository)
    sync_github(repository=repository, full=True)

    assert stored() == first == upstream_comments(upstream)
    assert again.requests == 1
    added = upstream.add_pull_request_comment(3, author="newcomer")  # moves #3 to the top
    fake_github.reset_counts()
    sync_github(repository=repository)
    assert PullRequestComment.objects.get(github_id=added.database_id).author.value == "newcomer"
    assert stored() == upstream_comments(upstream)
    assert fake_github.request_count == 1


def test_a_failed_follow_up_resumes_at_its_page_and_keeps_earlier_ones(
    fake_github, upstream, repository
):
    generate(upstream, 150, 100, 100, seed=22, pull_request_comments=600)
    oldest = upstream.pull_requests_by_update().nodes[-1]  # on the third and last page
    for _ in range(150):
        upstream.add_pull_request_comment(oldest.number, touch=False)
    fake_github.inject(Fault.BAD_GATEWAY, operation="PullRequestComments")

    with pytest.raises(Unavailable):
        sync_github(repository=repository)

    assert PullRequest.objects.count() == 100  # two pages stored with their comments
    assert PullRequestComment.objects.count() == len(stored()) > 0
    assert not PullRequestComment.objects.filter(pull_request__number=oldest.number).exists()
    fake_github.reset_counts()
    sync_github(repository=repository)

    assert stored() == upstream_comments(upstream)
    # The third page again, and the rest of its long conversation: 100 came with the page.
    assert fake_github.operations() == ["PullRequests", "PullRequestComments"]


def test_a_run_killed_while_storing_comments_stores_them_once_when_run_again(
    fake_github, upstream, repository, monkeypatch
):
    generate(upstream, 150, 100, 100, seed=23, pull_request_comments=700)
    real_write = github_store.write_pull_requests
    pages = []

    def write_then_die(*args, **kwargs):
        pages.append(1)
        if len(pages) == 2:
            raise KeyboardInterrupt
        return real_write(*args, **kwargs)

    monkeypatch.setattr(github_store, "write_pull_requests", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        sync_github(repository=repository)
    monkeypatch.setattr(github_store, "write_pull_requests", real_write)
    sync_github(repository=repository)

    assert PullRequestComment.objects.count() == 700
    assert stored() == upstream_comments(upstream)


def test_a_first_sync_keeps_to_one_request_per_40_pull_requests(fake_github, upstream, repository):
    # 400 pull requests in pages of 50, and two conversations longer than a page holds.
    generate(upstream, 400, 1200, 1600, seed=24, pull_request_comments=3000, many_conversations=2)

    result = sync_github(repository=repository)

    assert PullRequestComment.objects.count() == 3000
    assert result.requests == fake_github.request_count == 10 <= 400 / 40
    assert fake_github.operations().count("PullRequestComments") == 2


def test_the_command_reports_conversation_comments(fake_github, upstream, repository, capsys):
    upstream.add_pull_request(number=1)
    upstream.add_pull_request_comment(1)

    call_command("sync_github", "apache/kafka", verbosity=0)

    assert "0 review comments, 1 conversation comments, 0 issues" in capsys.readouterr().out


# Counted as taking part in the review


@pytest.fixture
def kafka():
    return RepositoryFactory(owner="apache", name="kafka")


def login(person: Contributor, value: str) -> Identity:
    return IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB, value=value)


def test_a_comment_and_a_review_of_one_pull_request_count_once_in_rollups_by_month(kafka):
    person = ContributorFactory()
    mine = login(person, "reviewer")
    july, august = datetime(2024, 7, 10, tzinfo=UTC), datetime(2024, 8, 10, tzinfo=UTC)
    reviewed, talked = PullRequestFactory.create_batch(2, repository=kafka)
    ReviewFactory(pull_request=reviewed, reviewer=mine, submitted_at=july)
    PullRequestCommentFactory(pull_request=reviewed, author=mine, created_at=july)
    PullRequestCommentFactory(pull_request=reviewed, author=mine, created_at=august)
    # Only written in, twice: one pull request still.
    PullRequestCommentFactory.create_batch(2, pull_request=talked, author=mine, created_at=august)

    refresh_activity_months(contributor_ids=[person.pk])

    rows = ActivityMonth.objects.filter(contributor=person, kind=ActivityMonth.Kind.REVIEW)
    # Once per pull request and month, as for GitHub reviews alone.
    assert dict(rows.values_list("month", "count")) == {date(2024, 7, 1): 1, date(2024, 8, 1): 2}
    assert reviewed_pull_requests(contributor=person) == 2


def test_a_commenter_not_linked_to_a_person_is_rolled_up_on_the_login(kafka):
    stranger = IdentityFactory(kind=Identity.Kind.GITHUB, value="drive-by", contributor=None)
    PullRequestCommentFactory(pull_request__repository=kafka, author=stranger)

    refresh_activity_months(identity_ids=[stranger.pk])

    row = ActivityMonth.objects.get(identity=stranger)
    assert (row.kind, row.count, row.contributor) == (ActivityMonth.Kind.REVIEW, 1, None)


def test_comments_count_toward_progress_camps_and_community_quarters(kafka):
    member = ContributorFactory(is_member=True)
    mine = login(member, "mentee")
    bot = ContributorFactory(is_bot=True)
    bot_login = login(bot, "github-actions[bot]")
    now = datetime.now(UTC)
    before = now - timedelta(days=3)
    for _ in range(3):
        pull = PullRequestFactory(repository=kafka, created_at=before, updated_at=before)
        PullRequestCommentFactory(pull_request=pull, author=mine, created_at=before)
        PullRequestCommentFactory(pull_request=pull, author=bot_login, created_at=before)
    own = PullRequestFactory(repository=kafka, author=mine, created_at=now, updated_at=now)
    PullRequestCommentFactory(pull_request=own, author=mine, created_at=now)  # a reply
    refresh_activity_months(contributor_ids=[member.pk, bot.pk])
    figures = refresh_project_figures(project=kafka.project)
    camp = CohortFactory(
        starts_on=date.today() - timedelta(days=10), ends_on=date.today() + timedelta(days=10)
    )
    EnrollmentFactory(cohort=camp, contributor=member, project=kafka.project)

    progress = progress_for(contributor=member, project=kafka.project)
    (participant,) = get_camp_figures(cohort=camp).participants
    quarter = ProjectQuarter.objects.get(project=kafka.project, reviews__gt=0)

    assert progress.signal(Signal.REVIEWS).value == 3
    assert participant.counts.reviews == 3
    # A comment in someone else's conversation is a review, and came first.
    assert participant.first_contribution.kind == "review"
    assert participant.first_during_camp
    assert (figures.reviews, quarter.reviews, quarter.member_reviews) == (3, 3, 3)
