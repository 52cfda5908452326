import pytest
from celery.exceptions import Retry

from projects.models import Commit, Repository, SyncState
from projects.sync.git import GitSyncError
from projects.tasks import sync_git_task
from tests.factories import ProjectFactory
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.django_db


@pytest.fixture
def repository(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"
    upstream = GitRepo(tmp_path / "yunikorn")
    upstream.commit("YUNIKORN-1: first (#1)\n\nReviewers: Wilfred <wilfred@apache.org>")
    return Repository.objects.create(
        project=ProjectFactory(), owner="apache", name="yunikorn-core", clone_url=upstream.url
    )


def test_it_syncs_in_a_task(repository):
    result = sync_git_task.apply(args=[repository.pk], throw=True)

    assert result.get() == {"commits_new": 1, "stats_commits": 1}
    assert Commit.objects.get().credits.get().identity.value == "wilfred@apache.org"


def test_it_schedules_a_retry_when_git_fails_and_records_the_reason(repository, tmp_path):
    repository.clone_url = str(tmp_path / "gone")
    repository.save()

    with pytest.raises(Retry) as retry:
        sync_git_task.apply(args=[repository.pk])

    assert 0 <= retry.value.when <= 60  # backoff starts at a minute, with jitter
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT)
    assert state.status == SyncState.Status.FAILED
    assert "git clone failed" in state.last_error
    assert not Commit.objects.exists()


def test_it_gives_up_after_the_last_retry(repository, tmp_path):
    repository.clone_url = str(tmp_path / "gone")
    repository.save()

    with pytest.raises(GitSyncError, match="cannot sync apache/yunikorn-core"):
        sync_git_task.apply(args=[repository.pk], retries=3)
