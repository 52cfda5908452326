"""The GitHub sync against the fake GitHub server, through PyGithub for real."""

import time
from email.utils import formatdate

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contributors.models import Contributor, Identity
from projects.models import (
    Commit,
    Issue,
    IssueComment,
    Project,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
    SyncState,
)
from projects.sync import github_store
from projects.sync.errors import RateLimited, Refused, Unavailable
from projects.sync.github import sync_github
from projects.tasks import sync_github_task
from tests.factories import CommitCreditFactory, CommitFactory, IdentityFactory, ProjectFactory
from tests.fake_github import Fault, generate
from tests.gitrepo import GitRepo
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


def http_date(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)


def counts() -> tuple[int, int, int]:
    return PullRequest.objects.count(), Review.objects.count(), ReviewComment.objects.count()


def state(repository) -> SyncState:
    return SyncState.objects.get(kind=SyncState.Kind.GITHUB, repository=repository)


def test_it_stores_pull_requests_with_their_reviews_and_comments(fake_github, upstream, repository):
    pull = upstream.add_pull_request(
        number=7, title="KAFKA-7: faster", author="chia7712", state="MERGED",
        merged_by="showuon", created_at="2024-07-01T10:00:00Z", merged_at="2024-07-03T10:00:00Z",
        additions=12, deletions=3, changed_files=2, merge_commit="a" * 40, labels=["core"],
    )  # fmt: skip
    review = upstream.add_review(7, author="showuon", state="APPROVED", comments=2)
    upstream.add_pull_request(number=8, author="chia7712", state="CLOSED")
    generate(upstream, pull_requests=120, reviews=300, review_comments=400, seed=1)

    result = sync_github(repository=repository)

    assert counts() == (122, 301, 402)
    stored = PullRequest.objects.get(number=7)
    assert (stored.state, stored.title, stored.labels) == ("merged", "KAFKA-7: faster", ["core"])
    assert (stored.additions, stored.deletions, stored.changed_files) == (12, 3, 2)
    assert stored.merge_commit_sha == "a" * 40
    assert stored.github_id == pull.database_id
    assert stored.author.value == "chia7712" and stored.merged_by.value == "showuon"
    assert PullRequest.objects.get(number=8).state == "closed"  # closed without merge
    approved = Review.objects.get(github_id=review.database_id)
    assert (approved.state, approved.reviewer.value) == ("approved", "showuon")
    assert approved.comments.count() == 2
    # 122 pull requests in pages of 50: three requests, no follow-up needed.
    assert result.requests == 3 == fake_github.request_count
    assert state(repository).status == SyncState.Status.SUCCEEDED
    assert not Identity.objects.filter(kind="github", contributor__isnull=True).exists()


def test_a_re_sync_with_nothing_new_costs_one_request(fake_github, upstream, repository):
    generate(upstream, pull_requests=60, reviews=100, review_comments=100, seed=2)
    sync_github(repository=repository)
    before = counts()
    fake_github.reset_counts()

    result = sync_github(repository=repository)

    assert fake_github.request_count == result.requests == 1
    assert counts() == before


def test_it_reads_only_what_changed_since_the_last_run(fake_github, upstream, repository):
    generate(upstream, pull_requests=150, reviews=200, review_comments=200, seed=3)
    sync_github(repository=repository)
    upstream.update_pull_request(1, title="Renamed", state="CLOSED")
    upstream.add_review(2, author="newcomer", state="COMMENTED")
    fake_github.reset_counts()

    result = sync_github(repository=repository)

    # The two changed, and the last run's newest again: the boundary is inclusive, so a
    # pull request updated in the same second as the last run's newest is never missed.
    assert result.pull_requests == 3 and fake_github.request_count == 1
    assert PullRequest.objects.get(number=1).title == "Renamed"
    assert Review.objects.filter(reviewer__value="newcomer").count() == 1
    assert PullRequest.objects.count() == 150


def test_it_waits_for_the_rate_limit_and_resumes(fake_github, upstream, repository):
    generate(upstream, pull_requests=200, reviews=200, review_comments=100, seed=4)
    fake_github.set_rate_limit("graphql", remaining=7)  # enough for two pages

    with pytest.raises(RateLimited) as waited:
        sync_github(repository=repository)

    saved = state(repository)
    assert saved.status == SyncState.Status.WAITING
    assert saved.rate_limit_until == waited.value.until
    assert saved.is_waiting
    assert PullRequest.objects.count() == 100  # the pages fetched are kept
    assert "run" in saved.cursor["pulls"]

    fake_github.set_rate_limit("graphql", remaining=5000)
    fake_github.reset_counts()
    sync_github(repository=repository)

    assert PullRequest.objects.count() == 200
    assert fake_github.request_count == 2  # the last two pages only
    assert state(repository).status == SyncState.Status.SUCCEEDED


def test_the_task_retries_when_the_budget_resets(fake_github, upstream, repository):
    generate(upstream, pull_requests=120, reviews=100, review_comments=50, seed=5)
    fake_github.set_rate_limit("graphql", remaining=0)

    with pytest.raises(Retry) as retry:
        sync_github_task.apply(args=[repository.pk])

    until = fake_github.budgets["graphql"].reset
    assert abs(retry.value.when - (until - time.time())) < 30
    assert state(repository).status == SyncState.Status.WAITING


def test_it_keeps_earlier_pages_when_github_fails_mid_way(fake_github, upstream, repository):
    generate(upstream, pull_requests=150, reviews=150, review_comments=100, seed=6)
    fake_github.inject(Fault.BAD_GATEWAY, at=2)

    with pytest.raises(Unavailable, match="GitHub answered 502"):
        sync_github(repository=repository)

    assert PullRequest.objects.count() == 50
    assert state(repository).status == SyncState.Status.FAILED
    assert "502" in state(repository).last_error
    fake_github.reset_counts()
    sync_github(repository=repository)
    assert PullRequest.objects.count() == 150
    assert fake_github.request_count == 2  # page one is not fetched again


@pytest.mark.parametrize("fault", [Fault.SERVICE_UNAVAILABLE, Fault.BAD_GATEWAY])
def test_the_task_comes_back_when_github_says_after_a_5xx(fake_github, upstream, repository, fault):
    generate(upstream, pull_requests=10, reviews=10, review_comments=5, seed=13)
    fake_github.inject(fault, retry_after=420)

    with pytest.raises(Retry) as retry:
        sync_github_task.apply(args=[repository.pk])

    assert retry.value.when == 420
    assert "(retry after 420 s)" in state(repository).last_error


def test_it_reads_retry_after_as_an_http_date(fake_github, upstream, repository):
    generate(upstream, pull_requests=10, reviews=10, review_comments=5, seed=14)
    sent = int(time.time())  # HTTP dates have whole seconds
    fake_github.inject(Fault.SERVICE_UNAVAILABLE, retry_after=http_date(sent + 600))
    fake_github.inject(Fault.SECONDARY_RATE_LIMIT, at=2, retry_after=http_date(sent + 900))

    with pytest.raises(Unavailable, match="GitHub answered 503") as unavailable:
        sync_github(repository=repository)
    answered = time.time()
    with pytest.raises(RateLimited) as limited:
        sync_github(repository=repository)

    # The wait left is the date less the moment of the answer, however slow the machine.
    assert sent + 600 - answered - 1 <= unavailable.value.retry_in <= 600
    assert sent + 900 <= limited.value.until.timestamp() <= sent + 901  # seconds rounded up


def test_it_retries_a_503_without_retry_after_in_a_minute(fake_github, upstream, repository):
    fake_github.inject(Fault.SERVICE_UNAVAILABLE)

    with pytest.raises(Unavailable) as unavailable:
        sync_github(repository=repository)

    assert unavailable.value.retry_in == 60


def test_it_names_a_malformed_page_and_keeps_earlier_pages(fake_github, upstream, repository):
    generate(upstream, pull_requests=120, reviews=100, review_comments=50, seed=7)
    fake_github.inject(Fault.MALFORMED_BODY, at=2)

    with pytest.raises(Unavailable, match="apache/kafka pull requests: malformed response"):
        sync_github(repository=repository)

    assert PullRequest.objects.count() == 50
    assert "malformed response" in state(repository).last_error


def test_it_treats_a_secondary_limit_as_a_wait(fake_github, upstream, repository):
    generate(upstream, pull_requests=10, reviews=10, review_comments=5, seed=8)
    fake_github.inject(Fault.SECONDARY_RATE_LIMIT, retry_after=120)

    with pytest.raises(RateLimited):
        sync_github(repository=repository)

    assert state(repository).status == SyncState.Status.WAITING


def test_it_keeps_ghosts_and_flags_bots(fake_github, upstream, repository):
    upstream.add_pull_request(number=1, author=None)  # a deleted account
    upstream.add_pull_request(number=2, author="dependabot[bot]", state="MERGED")
    upstream.add_review(2, author=None, state="APPROVED")

    sync_github(repository=repository)

    assert PullRequest.objects.get(number=1).author is None
    bot = PullRequest.objects.get(number=2).author
    assert bot.value == "dependabot[bot]"
    assert bot.contributor.is_bot
    assert Review.objects.get().reviewer is None


def test_it_follows_nested_lists_past_their_first_page(fake_github, upstream, repository):
    upstream.add_pull_request(number=1)
    for _ in range(130):
        upstream.add_review(1, author="reviewer")
    upstream.add_review(1, author="talker", comments=120)

    result = sync_github(repository=repository)

    assert Review.objects.count() == 131
    assert ReviewComment.objects.count() == 120
    assert result.requests == fake_github.request_count > 1
    assert set(fake_github.operations()) == {"PullRequests", "PullRequestReviews", "ReviewComments"}


def test_a_killed_run_stores_no_duplicates_when_run_again(
    fake_github, upstream, repository, monkeypatch
):
    generate(upstream, pull_requests=150, reviews=300, review_comments=300, seed=9)
    real_write = github_store.write_pull_requests
    pages = []

    def write_then_die(*args, **kwargs):
        pages.append(1)
        if len(pages) == 2:
            raise KeyboardInterrupt  # the worker is killed while storing page two
        return real_write(*args, **kwargs)

    monkeypatch.setattr(github_store, "write_pull_requests", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        sync_github(repository=repository)
    assert PullRequest.objects.count() == 50  # page two was rolled back whole

    monkeypatch.setattr(github_store, "write_pull_requests", real_write)
    sync_github(repository=repository)
    sync_github(repository=repository, full=True)

    assert counts() == (150, 300, 300)


def test_it_names_a_token_without_access_and_writes_nothing(fake_github, upstream, repository):
    upstream.add_pull_request(number=1)
    fake_github.deny("apache/kafka")

    with pytest.raises(Refused, match="not found, or the token has no access"):
        sync_github(repository=repository)

    assert not PullRequest.objects.exists()
    assert state(repository).status == SyncState.Status.FAILED


def test_it_names_a_bad_token(fake_github, upstream, repository, settings):
    fake_github.tokens = {"the-right-one"}
    with pytest.raises(Refused, match="refused the token"):
        sync_github(repository=repository)


def test_it_follows_a_renamed_repository(fake_github, upstream, repository):
    upstream.add_pull_request(number=1)
    upstream.rename("apache/kafka-core")

    sync_github(repository=repository)

    repository.refresh_from_db()
    assert repository.full_name == "apache/kafka-core"
    assert repository.github_id == upstream.database_id
    assert PullRequest.objects.count() == 1


def test_it_syncs_issues_for_a_github_tracker(fake_github, upstream, repository):
    Project.objects.filter(pk=repository.project_id).update(issue_tracker=Project.Tracker.GITHUB)
    repository.refresh_from_db()
    upstream.add_issue(number=3, author="reporter", assignees=["fixer"], comments=130,
                       state="CLOSED", state_reason="COMPLETED", labels=["bug"])  # fmt: skip

    sync_github(repository=repository)

    issue = Issue.objects.get()
    assert (issue.key, issue.status, issue.resolution) == ("apache/kafka#3", "closed", "completed")
    assert issue.reporter.value == "reporter" and issue.assignee.value == "fixer"
    assert issue.resolved_at is not None and issue.components == ["bug"]
    assert IssueComment.objects.count() == 130


def test_it_links_pull_requests_to_commits_and_counts_a_review_once(
    fake_github, upstream, repository
):
    upstream.add_pull_request(number=12, author="chia7712", state="MERGED")
    upstream.add_review(12, author="showuon", state="APPROVED")
    email = IdentityFactory(contributor=None, value="showuon@gmail.com")
    landed = CommitFactory(repository=repository, pr_number=12)
    CommitCreditFactory(commit=landed, identity=email)

    sync_github(repository=repository)

    landed.refresh_from_db()
    assert landed.pull_request.number == 12
    # The squash-merged commit was written by the pull request's author: one person.
    assert landed.author.contributor == PullRequest.objects.get().author.contributor
    showuon = Identity.objects.get(kind="github", value="showuon").contributor
    Identity.objects.filter(pk=email.pk).update(contributor=showuon)
    assert reviewed_pull_requests(contributor=showuon) == 1


def test_it_works_with_github_enterprise(fake_github, upstream, repository, settings):
    settings.GITHUB_API_URL = fake_github.enterprise_url
    upstream.add_pull_request(number=1)

    sync_github(repository=repository)

    assert PullRequest.objects.count() == 1
    assert fake_github.requests[0].path == "/api/graphql"


def test_sync_github_command_reports_and_names_problems(fake_github, upstream, repository, capsys):
    generate(upstream, pull_requests=5, reviews=5, review_comments=5, seed=10)

    call_command("sync_github", "apache/kafka", verbosity=0)
    assert "apache/kafka: 5 pull requests, 5 reviews, 5 review comments" in capsys.readouterr().out

    fake_github.set_rate_limit("graphql", remaining=0)
    with pytest.raises(CommandError, match=r"waiting for the rate limit until .* \+08:00;"):
        call_command("sync_github", "apache/kafka", "--full", verbosity=0)
    with pytest.raises(CommandError, match="unknown repository 'apache/nope'"):
        call_command("sync_github", "apache/nope")


def test_people_seen_on_github_become_contributors(fake_github, upstream, repository):
    upstream.dataset.add_user("chia7712", name="Chia-Ping Tsai")
    upstream.add_pull_request(number=1, author="chia7712")

    sync_github(repository=repository)

    person = Contributor.objects.get(identities__value="chia7712")
    assert person.github_login == "chia7712"
    assert person.identities.filter(kind="git_name", value="chia-ping tsai").exists()


def test_the_admin_says_until_when_a_sync_waits(fake_github, upstream, repository, admin_client):
    generate(upstream, pull_requests=10, reviews=10, review_comments=5, seed=12)
    fake_github.set_rate_limit("graphql", remaining=0, reset=time.time() + 3600)
    with pytest.raises(RateLimited):
        sync_github(repository=repository)
    until = timezone.localtime(state(repository).rate_limit_until).strftime("%H:%M +08:00")

    response = admin_client.get("/admin/projects/syncstate/")

    assert f"waiting for the rate limit until {until}" in response.content.decode()


def test_an_organizer_starts_a_sync_from_the_admin(
    fake_github, upstream, repository, admin_client, tmp_path, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"
    git = GitRepo(tmp_path / "kafka")
    git.commit("KAFKA-1: first (#1)")
    Repository.objects.filter(pk=repository.pk).update(clone_url=git.url)
    upstream.add_pull_request(number=1, state="MERGED")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/projects/repository/",
            {"action": "sync_now", "_selected_action": [repository.pk]},
            follow=True,
        )

    assert "Sync of 1 repository started" in response.content.decode()
    assert Commit.objects.get().pull_request == PullRequest.objects.get()
    kinds = set(SyncState.objects.values_list("kind", "status"))
    assert {("git", "succeeded"), ("github", "succeeded")} <= kinds


def github_identity(login: str) -> Identity:
    return Identity.objects.get(kind=Identity.Kind.GITHUB, value=login)


def test_it_records_github_account_ids_on_logins(fake_github, upstream, repository):
    upstream.dataset.add_user("chia7712", name="Chia-Ping Tsai", database_id=6537)
    upstream.dataset.add_bot("dependabot[bot]", database_id=49699333)
    upstream.add_pull_request(number=1, author="chia7712")
    upstream.add_review(1, author="dependabot[bot]")

    sync_github(repository=repository)

    assert [
        (i.value, i.account_id, i.account_id_source)
        for i in Identity.objects.filter(kind=Identity.Kind.GITHUB).order_by("value")
    ] == [("chia7712", 6537, "github"), ("dependabot[bot]", 49699333, "github")]


def test_a_renamed_login_stays_one_person_and_a_reused_one_keeps_its_first_account(
    fake_github, upstream, repository
):
    from contributors.accounts import Outcome, link_github_account
    from tests.factories import UserFactory

    upstream.dataset.add_user("alice", database_id=501)  # no name to pair the logins by
    upstream.add_pull_request(number=1, author="alice")
    sync_github(repository=repository)
    alice = Contributor.objects.get(identities__value="alice")

    # Alice renames her account; someone else registers "alice" and opens a pull request.
    upstream.dataset.rename_user("alice", "alice-wu")
    upstream.update_pull_request(1, title="touched")
    upstream.dataset.add_user("alice", name="Another Alice", database_id=777)
    upstream.add_pull_request(number=2, author="alice")
    sync_github(repository=repository)

    renamed = github_identity("alice-wu")
    assert (renamed.account_id, renamed.contributor) == (501, alice)
    assert github_identity("alice").account_id == 501  # the first holder's, kept
    assert (
        link_github_account(user=UserFactory(), account_id=777, login="alice").outcome
        == Outcome.LOGIN_REUSED
    )
    assert (
        link_github_account(user=UserFactory(), account_id=501, login="alice-wu").contributor
        == alice
    )


def test_githubs_word_on_an_account_outranks_a_commit_email(fake_github, upstream, repository):
    login = IdentityFactory(
        kind=Identity.Kind.GITHUB,
        value="alice",
        contributor=None,
        account_id=999,
        account_id_source=Identity.AccountIdSource.COMMIT_EMAIL,
    )
    upstream.dataset.add_user("alice", database_id=501)
    upstream.add_pull_request(number=1, author="alice")
    sync_github(repository=repository)
    login.refresh_from_db()
    assert (login.account_id, login.account_id_source) == (501, "github")
