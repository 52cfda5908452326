"""Line stats from a mirror that lacks objects (a shallow clone, a lost blob): the commits
whose diff cannot be computed are skipped with one warning, the rest are filled."""

import logging
import shutil
import subprocess

import pytest
from django.core.management import call_command

from projects.models import Commit, Repository, SyncState
from projects.sync.git import mirror_path, sync_repository
from tests.factories import ProjectFactory
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mirrors(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"


@pytest.fixture
def upstream(tmp_path):
    repo = GitRepo(tmp_path / "kafka")
    for number in range(1, 8):
        repo.commit(f"KAFKA-{number}: change {number}", lines=number)
    return repo


@pytest.fixture
def repository(upstream):
    repository = Repository.objects.create(
        project=ProjectFactory(name="Apache Kafka", slug="kafka"),
        owner="apache",
        name="kafka",
        clone_url=upstream.url,
    )
    sync_repository(repository=repository, with_stats=False)  # every commit, no stats yet
    return repository


def git(*args: str, cwd) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, check=True, text=True
    ).stdout.strip()


def make_shallow(repository: Repository, upstream: GitRepo, depth: int) -> None:
    """Replace the mirror by a shallow clone, as a copy made with --depth would be."""
    path = mirror_path(repository)
    shutil.rmtree(path)
    git("clone", "-q", "--bare", "--depth", str(depth), upstream.url, str(path), cwd=upstream.path)


def lose_blob(repository: Repository, revision: str, file: str) -> None:
    """Delete one blob from the mirror, as a broken disk or a bad copy would."""
    path = mirror_path(repository)
    blob = git("rev-parse", f"{revision}:{file}", cwd=path)
    # Out of their pack (unpack-objects skips what the repository holds), then one lost.
    packs = path / "objects" / "pack"
    moved = path.parent / "packs"
    shutil.move(packs, moved)
    packs.mkdir()
    for pack in sorted(moved.glob("*.pack")):
        with pack.open("rb") as stream:
            subprocess.run(["git", "unpack-objects", "-q"], cwd=path, stdin=stream, check=True)
    (path / "objects" / blob[:2] / blob[2:]).unlink()


def stats(sha: str) -> tuple:
    commit = Commit.objects.get(sha=sha)
    return commit.files_changed, commit.additions, commit.deletions


def test_a_shallow_mirror_skips_what_it_lacks_and_fills_the_rest(
    repository, upstream, capsys, caplog
):
    shas = upstream.git("rev-list", "trunk").split()  # newest first
    make_shallow(repository, upstream, depth=3)  # the third is the shallow boundary

    with caplog.at_level(logging.WARNING, logger="projects.sync.git"):
        call_command("sync_git", "apache/kafka", verbosity=0)  # exit 1 before

    # The boundary's diff would be against nothing: it is skipped, not stored wrong.
    skipped = shas[2:]
    assert [stats(sha) for sha in shas[:2]] == [(1, 7, 0), (1, 6, 0)]
    assert all(stats(sha) == (None, None, None) for sha in skipped)
    listed = ", ".join(sha[:7] for sha in skipped[:3])
    note = f"5 commits skipped: objects missing ({listed} and 2 more)"
    assert note in capsys.readouterr().out
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == [f"apache/kafka: line stats: {note}"]
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT_STATS)
    assert (state.status, state.warning, state.last_error) == (SyncState.Status.SUCCEEDED, note, "")
    assert state.describe().endswith(f"with a warning: {note}")


def test_the_next_run_tries_again_and_says_so_until_the_objects_come(repository, upstream, capsys):
    make_shallow(repository, upstream, depth=3)
    call_command("sync_git", "apache/kafka", verbosity=0)
    capsys.readouterr()

    call_command("sync_git", "apache/kafka", verbosity=0)
    assert "5 commits skipped: objects missing" in capsys.readouterr().out

    git("fetch", "-q", "--unshallow", "origin", cwd=mirror_path(repository))
    call_command("sync_git", "apache/kafka", verbosity=0)

    assert "skipped" not in capsys.readouterr().out
    assert not Commit.objects.filter(files_changed__isnull=True).exists()
    assert sorted(Commit.objects.values_list("additions", flat=True)) == list(range(1, 8))
    state = SyncState.objects.get(repository=repository, kind=SyncState.Kind.GIT_STATS)
    assert state.warning == ""


def test_a_lost_blob_skips_its_commit_only(repository, upstream):
    shas = upstream.git("rev-list", "trunk").split()
    lose_blob(repository, shas[3], "file4.txt")  # the file that commit added

    result = sync_repository(repository=repository)

    assert result.stats_skipped == [shas[3]]
    assert result.stats_commits == 6
    assert stats(shas[3]) == (None, None, None)
    assert sorted(Commit.objects.exclude(sha=shas[3]).values_list("additions", flat=True)) == [
        1, 2, 3, 5, 6, 7
    ]  # fmt: skip
