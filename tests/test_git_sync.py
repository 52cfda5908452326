import gc
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contributors.models import Identity
from projects import pipeline
from projects.models import Commit, CommitCredit, IdentityPair, Repository, SyncState
from projects.pipeline import Step
from projects.sync import git as git_sync
from projects.sync.git import GitSyncError, mirror_path, sync_repository
from projects.sync.git_names import first_name_first
from tests.factories import ProjectFactory
from tests.gitrepo import GitRepo
from tests.locks import held_elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mirrors(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"


@pytest.fixture
def upstream(tmp_path):
    return GitRepo(tmp_path / "kafka")


@pytest.fixture
def repository(upstream):
    return Repository.objects.create(
        project=ProjectFactory(name="Apache Kafka", slug="kafka"),
        owner="apache",
        name="kafka",
        clone_url=upstream.url,
    )


def emails(commit: Commit, kind: str) -> set[str]:
    return {credit.identity.value for credit in commit.credits.filter(kind=kind)}


def test_it_stores_commits_credits_and_identities(repository, upstream):
    first = upstream.commit(
        "KAFKA-1: Fix the thing (#12)\n\nLonger text.\n\n"
        "Reviewers: Chia-Ping Tsai <chia7712@gmail.com>, Bob <bob@apache.org>\n",
        date="2024-07-15T10:00:00+08:00",
        lines=5,
    )
    upstream.commit(
        "KAFKA-2: Another\n\nCo-authored-by: Ann Lee <ann@example.org>\n",
        author=("Bob", "bob@apache.org"),
        date="2024-07-16T10:00:00+08:00",
    )

    result = sync_repository(repository=repository)

    assert (result.commits_seen, result.commits_new, result.credits_new) == (2, 2, 3)
    repository.refresh_from_db()
    assert repository.default_branch == "trunk"  # read from the mirror's HEAD
    commit = Commit.objects.get(sha=first)
    assert commit.subject == "KAFKA-1: Fix the thing (#12)"
    assert commit.pr_number == 12
    assert commit.author.value == "jane@example.org"
    assert commit.committed_at == datetime(2024, 7, 15, 2, 0, tzinfo=UTC)
    assert emails(commit, CommitCredit.Kind.REVIEWER) == {"chia7712@gmail.com", "bob@apache.org"}
    assert commit.credits.get(identity__value="bob@apache.org").raw.startswith("Reviewers: ")
    assert (commit.files_changed, commit.additions, commit.deletions) == (1, 5, 0)
    # Every identity became a person; names seen with emails joined them.
    assert not Identity.objects.filter(contributor__isnull=True).exists()
    jane = Identity.objects.get(kind=Identity.Kind.GIT_NAME, value="jane doe")
    assert jane.contributor == commit.author.contributor
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert state.status == SyncState.Status.SUCCEEDED
    assert state.cursor == {"head": upstream.git("rev-parse", "HEAD")}
    assert state.items_done == 2


def test_it_reads_only_new_commits_on_a_re_sync(repository, upstream):
    upstream.commit("One")
    sync_repository(repository=repository)
    upstream.commit("Two")
    upstream.commit("Three")

    result = sync_repository(repository=repository)

    assert (result.commits_seen, result.commits_new) == (2, 2)
    assert Commit.objects.count() == 3


def test_it_writes_nothing_when_nothing_changed(
    repository, upstream, django_assert_max_num_queries
):
    upstream.commit("One\n\nReviewers: Bob <bob@apache.org>")
    sync_repository(repository=repository)
    counts = (Commit.objects.count(), CommitCredit.objects.count(), Identity.objects.count())

    # lock; git state: get, begin, succeed; stats state: get, begin, commits without
    # stats, succeed; unlock (the lock's two exist on PostgreSQL only)
    with django_assert_max_num_queries(9):
        result = sync_repository(repository=repository)

    assert result.up_to_date
    assert (
        Commit.objects.count(),
        CommitCredit.objects.count(),
        Identity.objects.count(),
    ) == counts


def test_an_up_to_date_run_queues_no_follow_ups(
    repository, upstream, monkeypatch, django_capture_on_commit_callbacks
):
    upstream.commit("One")
    sync_repository(repository=repository)
    followed = []
    monkeypatch.setattr(pipeline, "follow_up", lambda project_id: followed.append(project_id))

    with django_capture_on_commit_callbacks(execute=True):
        sync_repository(repository=repository)
    assert followed == []  # calibration, recount and warming would find nothing new

    upstream.commit("Two")
    with django_capture_on_commit_callbacks(execute=True):
        sync_repository(repository=repository)
    assert followed == [repository.project_id]


def test_it_resumes_after_an_interrupted_run(repository, upstream, monkeypatch):
    shas = [upstream.commit(f"Change {i}\n\nReviewers: Bob <bob@apache.org>") for i in range(5)]
    real_store = git_sync._store_batch
    calls = []

    def store_then_die(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the worker was killed mid-run
        return real_store(*args, **kwargs)

    monkeypatch.setattr(git_sync, "_store_batch", store_then_die)
    with pytest.raises(KeyboardInterrupt):
        sync_repository(repository=repository, batch_size=2)
    # The first batch (the two newest) is kept; the cursor has not moved.
    assert set(Commit.objects.values_list("sha", flat=True)) == set(shas[3:])
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert state.status == SyncState.Status.FAILED
    assert state.cursor == {}

    monkeypatch.setattr(git_sync, "_store_batch", real_store)
    result = sync_repository(repository=repository, batch_size=2)

    assert result.commits_new == 3
    assert set(Commit.objects.values_list("sha", flat=True)) == set(shas)
    assert CommitCredit.objects.count() == 5
    assert not Identity.objects.filter(contributor__isnull=True).exists()


def test_it_reads_a_message_that_is_not_utf8(repository, upstream):
    sha = upstream.commit(
        "Fix for Jos\xe9 Garc\xeda\n\nReviewers: Jos\xe9 <jose@example.org>".encode("latin-1")
    )

    sync_repository(repository=repository)

    commit = Commit.objects.get(sha=sha)
    assert commit.subject == "Fix for José García"
    assert commit.credits.get().identity.value == "jose@example.org"


def test_it_syncs_an_empty_repository(repository):
    result = sync_repository(repository=repository)

    assert result.up_to_date and result.commits_seen == 0
    assert not Commit.objects.exists()
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert state.status == SyncState.Status.SUCCEEDED


def test_it_names_a_clone_url_that_does_not_exist_and_writes_nothing(repository, tmp_path):
    repository.clone_url = str(tmp_path / "no-such-repo")
    repository.save()

    with pytest.raises(GitSyncError) as error:
        sync_repository(repository=repository)

    assert "cannot sync apache/kafka: git clone failed:" in str(error.value)
    assert "no-such-repo" in str(error.value)
    assert not Commit.objects.exists() and not Identity.objects.exists()
    assert not mirror_path(repository).exists()
    assert not mirror_path(repository).with_name("kafka.git.partial").exists()
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert state.status == SyncState.Status.FAILED
    assert "git clone failed" in state.last_error


def test_it_keeps_the_git_author_and_credits_the_author_lines(repository, upstream):
    # apache/kafka 5648dcc3e5: the merge script's author prompt named Michal, the pull
    # request's commits were Guozhang's; the git author is the author.
    sha = upstream.commit(
        "MINOR: Fix doc typos and grammar\n\n"
        "This is contributed by mihbor on various doc fixes including:\n\n"
        "Author: Guozhang Wang <wangguoz@gmail.com>\n\n"
        "Reviewers: Guozhang Wang <wangguoz@gmail.com>\n\n"
        "Closes #3746 from guozhangwang/KMinor-doc-typos",
        author=("Michal Borowiecki", "michal.borowiecki@openbet.com"),
    )

    sync_repository(repository=repository)

    commit = Commit.objects.get(sha=sha)
    assert commit.author.value == "michal.borowiecki@openbet.com"
    assert commit.pr_number == 3746
    assert emails(commit, CommitCredit.Kind.AUTHOR_LINE) == {"wangguoz@gmail.com"}
    # Someone else on the only "Author:" line is no evidence that they are the git author.
    author, line = commit.author_id, commit.credits.get(kind="author_line").identity_id
    assert not IdentityPair.objects.filter(first=min(author, line), second=max(author, line))


@pytest.mark.parametrize(
    "git_author, line",
    [
        # apache/kafka 8d6ae33ac5 and 82f124ae30: one person, two spellings.
        (
            ("Luke Chen", "43372967+showuon@users.noreply.github.com"),
            "Luke Chen <showuon@gmail.com>",
        ),
        (("Ted Yu", "yuzhihong@gmail.com"), "tedyu <yuzhihong@gmail.com>"),
        # apache/kafka d3316bc6a7: the family name first, with a comma.
        (
            ("Doroszlai, Attila", "6454655+adoroszlai@users.noreply.github.com"),
            "Attila Doroszlai <adoroszlai@apache.org>",
        ),
        (("xiaodongdu", "xiaodongdu@hotmail.com"), "Xiaodong Du <xdu@confluent.io>"),
    ],
)
def test_it_pairs_a_single_author_line_naming_the_git_author(
    repository, upstream, git_author, line
):
    sha = upstream.commit(
        f"KAFKA-13: Fix it (#11)\n\nAuthor: {line}\nReviewers: Bob <bob@apache.org>",
        author=git_author,
    )

    sync_repository(repository=repository)

    commit = Commit.objects.get(sha=sha)
    assert commit.author.value == git_author[1].lower()
    credited = commit.credits.get(kind="author_line").identity_id
    if credited != commit.author_id:
        first, second = sorted((commit.author_id, credited))
        assert IdentityPair.objects.filter(first=first, second=second).exists()
    # Resolution reads the pair: one person, whose own "Author:" line co-authors nothing.
    person = Identity.objects.get(pk=credited).contributor_id
    assert person is not None and person == commit.author.contributor_id


def test_it_pairs_no_author_line_that_names_another_machine(repository, upstream):
    # apache/kafka 36b1c1dae2: a laptop's default identity, not the git author by name.
    sha = upstream.commit(
        "MINOR: fix shutdownHook in ConsoleConsumer\n\n"
        "Author: Confluent <confluent@Confluents-MacBook-Pro.local>\n\n"
        "Reviewers: Jun Rao <junrao@gmail.com>\n\nCloses #548 from guozhangwang/HFConsoleConsumer",
        author=("Guozhang Wang", "wangguoz@gmail.com"),
    )

    sync_repository(repository=repository)

    commit = Commit.objects.get(sha=sha)
    assert commit.author.value == "wangguoz@gmail.com"
    line = commit.credits.get(kind="author_line").identity_id
    first, second = sorted((commit.author_id, line))
    assert not IdentityPair.objects.filter(first=first, second=second).exists()


def test_it_marks_merge_commits(repository, upstream):
    upstream.commit("Base")
    upstream.git("checkout", "-q", "-b", "feature")
    upstream.commit("On a branch", date="2024-07-16T10:00:00+08:00")
    upstream.git("checkout", "-q", "trunk")
    upstream.commit("On trunk", date="2024-07-17T10:00:00+08:00")
    merge = upstream.merge("feature")

    sync_repository(repository=repository)

    assert Commit.objects.count() == 4
    assert Commit.objects.get(is_merge=True).sha == merge


def test_it_fills_line_stats_in_a_later_pass(repository, upstream):
    upstream.commit("Seven lines", lines=7)

    sync_repository(repository=repository, with_stats=False)
    commit = Commit.objects.get()
    assert commit.files_changed is None

    assert git_sync.fill_line_stats(repository=repository).filled == 1
    commit.refresh_from_db()
    assert (commit.files_changed, commit.additions, commit.deletions) == (1, 7, 0)
    # Nothing is left to do: a second pass reads no commit.
    assert git_sync.fill_line_stats(repository=repository).filled == 0


def test_it_spreads_line_stats_over_workers(repository, upstream):
    for lines in range(1, 8):
        upstream.commit(f"{lines} lines", lines=lines)
    sync_repository(repository=repository, with_stats=False)

    stored = git_sync.fill_line_stats(repository=repository, workers=2)

    assert stored.filled == 7
    assert sorted(Commit.objects.values_list("additions", flat=True)) == list(range(1, 8))


def test_it_survives_a_force_push(repository, upstream):
    upstream.commit("One")
    second = upstream.commit("Two")
    sync_repository(repository=repository)
    upstream.git("reset", "-q", "--hard", "HEAD~1")
    rewritten = upstream.commit("Two, rewritten", date="2024-07-18T10:00:00+08:00")

    result = sync_repository(repository=repository)

    assert result.commits_new == 1
    shas = set(Commit.objects.values_list("sha", flat=True))
    assert {second, rewritten} <= shas  # nothing stored is ever deleted


def test_it_holds_the_cycle_collector_off_only_while_it_reads(repository, upstream, monkeypatch):
    upstream.commit("One")
    seen = []
    real_store = git_sync._store_batch

    def store(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_store(*args, **kwargs)

    monkeypatch.setattr(git_sync, "_store_batch", store)
    sync_repository(repository=repository)
    assert seen == [False]
    assert gc.isenabled()

    upstream.commit("Two")
    monkeypatch.setattr(git_sync, "_store_batch", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        sync_repository(repository=repository)
    assert gc.isenabled()  # back on after a failure too


def test_it_never_waits_for_the_commit_count_but_stores_it(repository, upstream, monkeypatch):
    for i in range(3):
        upstream.commit(f"Change {i}")
    real_count = git_sync.git_client.count_commits

    class StillCounting:
        def __init__(self, counting):
            self.counting = counting

        def result_if_done(self):
            return None  # git is still counting whenever the sync looks

        def result(self):
            return self.counting.result()

    monkeypatch.setattr(
        git_sync.git_client, "count_commits", lambda *a, **kw: StillCounting(real_count(*a, **kw))
    )
    progress = []
    sync_repository(repository=repository, batch_size=2, on_progress=lambda *p: progress.append(p))

    assert progress == [(2, None), (3, None)]  # the bar went on without a total
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert (state.items_done, state.items_total) == (3, 3)


def test_its_queries_do_not_grow_with_commits(repository, upstream, django_assert_max_num_queries):
    for i in range(3):
        upstream.commit(f"Change {i}\n\nReviewers: Person {i} <p{i}@example.org>")
    sync_repository(repository=repository, with_stats=False)
    for i in range(30):
        upstream.commit(f"Change {i}\n\nReviewers: Other {i} <o{i}@example.org>")

    with django_assert_max_num_queries(120):
        result = sync_repository(repository=repository, with_stats=False)
    assert result.commits_new == 30


def test_sync_git_command_reports_and_rejects_unknown_repositories(repository, upstream, capsys):
    upstream.commit("One\n\nReviewers: Bob <bob@apache.org>")

    call_command("sync_git", "apache/kafka", verbosity=0)
    out = capsys.readouterr().out
    assert "apache/kafka: 1 commits read, 1 new, 1 credits" in out
    assert "line stats for 1 commits" in out

    call_command("sync_git", "Apache/Kafka", "--no-stats", verbosity=0)
    assert "apache/kafka is up to date at" in capsys.readouterr().out

    with pytest.raises(CommandError, match="unknown repository 'apache/nope'"):
        call_command("sync_git", "apache/nope")


@pytest.mark.django_db(transaction=True)  # the follow-ups wait for real commits
def test_sync_git_command_answers_before_the_follow_ups(repository, upstream, monkeypatch):
    upstream.commit("One\n\nReviewers: Bob <bob@apache.org>")
    out = StringIO()
    seen_when_calibrating = []
    monkeypatch.setitem(
        pipeline._steps,
        Step.CALIBRATE,
        [lambda project_id: seen_when_calibrating.append(out.getvalue())],
    )

    call_command("sync_git", "apache/kafka", "--no-stats", verbosity=0, stdout=out)

    # The summary, and the word that figures follow, were out before calibration started.
    assert len(seen_when_calibrating) == 1
    assert "apache/kafka: 1 commits read, 1 new" in seen_when_calibrating[0]
    assert (
        "Figures and caches are being refreshed now, in this process (no broker is set)."
        in seen_when_calibrating[0]
    )
    assert Identity.objects.filter(value="bob@apache.org", contributor__isnull=False).exists()


def test_sync_git_command_says_the_follow_ups_run_in_the_background_with_a_broker(settings):
    from projects.management.commands.sync_git import refreshing_note

    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert refreshing_note() == "Figures and caches are being refreshed in the background."


def test_sync_git_command_names_a_bad_clone_url(repository, tmp_path):
    repository.clone_url = str(tmp_path / "missing")
    repository.save()
    with pytest.raises(CommandError, match="cannot sync apache/kafka: git clone failed"):
        call_command("sync_git", "apache/kafka", verbosity=0)


def test_add_repository_creates_and_updates(tmp_path, capsys):
    call_command("add_repository", "kafka", "apache/kafka", "--name", "Apache Kafka")
    repository = Repository.objects.get()
    assert repository.project.name == "Apache Kafka"
    assert repository.clone_url == "https://github.com/apache/kafka.git"
    assert repository.default_branch == ""
    assert "Added apache/kafka in Apache Kafka" in capsys.readouterr().out

    call_command(
        "add_repository", "kafka", "apache/kafka", "--clone-url", str(tmp_path), "--branch", "trunk"
    )
    repository.refresh_from_db()
    assert (repository.clone_url, repository.default_branch) == (str(tmp_path), "trunk")
    assert Repository.objects.count() == 1

    with pytest.raises(CommandError, match="'kafka' is not owner/name"):
        call_command("add_repository", "kafka", "kafka")
    with pytest.raises(CommandError, match="already belongs to project kafka"):
        call_command("add_repository", "other", "apache/kafka")
    with pytest.raises(CommandError, match="is not a slug"):
        call_command("add_repository", "Apache Kafka", "apache/kafka")


def test_it_refuses_to_run_beside_another_sync_of_the_same_repository(repository, upstream):
    upstream.commit("One")
    with held_elsewhere("git", repository.pk):  # another worker is syncing it
        with pytest.raises(GitSyncError, match="another sync of it is running"):
            sync_repository(repository=repository)
        assert not Commit.objects.exists()
    # The lock dropped with its holder, as a killed worker's does.
    assert sync_repository(repository=repository).commits_new == 1


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Doroszlai, Attila", "Attila Doroszlai"),  # apache/ozone's top contributor
        ("Elek, Márton", "Márton Elek"),
        ("Chen, Junjie", "Junjie Chen"),
        ("Fabio M. Graetz, Ph.D.", "Fabio M. Graetz, Ph.D."),  # flyteorg/flyte: a suffix
        ("Luke Chen, Guozhang Wang, Jun Rao", "Luke Chen, Guozhang Wang, Jun Rao"),
        ("Attila Doroszlai", "Attila Doroszlai"),
    ],
)
def test_a_family_name_written_first_with_a_comma_reads_given_name_first(written, read):
    assert first_name_first(written) == read


def test_both_orders_of_a_name_make_one_person(repository, upstream):
    # apache/ozone: "Elek, Márton <elek@users.noreply…>" and "Márton Elek <elek@apache.org>".
    upstream.commit("HDDS-1. One", author=("Elek, Márton", "elek@users.noreply.github.com"))
    upstream.commit("HDDS-2. Two", author=("Márton Elek", "elek@apache.org"))
    upstream.commit("HDDS-3. Three\n\nCo-authored-by: Elek, Márton", author=("A", "a@example.org"))
    sync_repository(repository=repository)
    people = {
        identity.contributor_id for identity in Identity.objects.filter(value__contains="elek")
    }
    assert len(people) == 1 and None not in people
