from celery import shared_task

from projects.models import Repository
from projects.rollups import refresh_activity_months
from projects.sync.git import GitSyncError, sync_repository


@shared_task(name="projects.refresh_activity_months")
def refresh_activity_months_task(identity_ids: list[int], contributor_ids: list[int]) -> int:
    """Rebuild monthly rollups for these people; safe to repeat."""
    return refresh_activity_months(identity_ids=identity_ids, contributor_ids=contributor_ids)


@shared_task(
    name="projects.sync_git",
    # git cannot tell a network failure from a missing repository: retry both a few times;
    # each failure is recorded on the repository's sync state.
    autoretry_for=(GitSyncError,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 3},
)
def sync_git_task(repository_id: int, with_stats: bool = True) -> dict:
    """Sync one repository from git, retrying with backoff when git fails."""
    repository = Repository.objects.get(pk=repository_id)
    result = sync_repository(repository=repository, with_stats=with_stats)
    return {"commits_new": result.commits_new, "stats_commits": result.stats_commits}
