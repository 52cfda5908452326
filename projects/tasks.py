from celery import shared_task
from django.conf import settings
from django.utils import timezone

from projects.models import Project, Repository
from projects.rollups import refresh_activity_months
from projects.sync.git import GitSyncError, sync_repository
from projects.sync.github import GitHubRateLimited, GitHubUnavailable, sync_github
from projects.sync.jira import JiraRateLimited, JiraUnavailable, sync_jira


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


@shared_task(bind=True, name="projects.sync_github", max_retries=20)
def sync_github_task(self, repository_id: int, full: bool = False) -> dict:
    """Sync one repository from GitHub. At a rate limit the cursor is kept and the task
    comes back when the budget resets; a server error is retried a few times."""
    repository = Repository.objects.select_related("project").get(pk=repository_id)
    try:
        result = sync_github(repository=repository, full=full)
    except GitHubRateLimited as exc:
        wait = int((exc.until - timezone.now()).total_seconds())
        raise self.retry(exc=exc, countdown=max(wait, 0) + 5) from None
    except GitHubUnavailable as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in, max_retries=5) from None
    return {"requests": result.requests, "pull_requests": result.pull_requests}


@shared_task(bind=True, name="projects.sync_jira", max_retries=20)
def sync_jira_task(self, project_id: int, full: bool = False) -> dict:
    """Sync one project's JIRA issues; waits out rate limits and retries server errors."""
    project = Project.objects.get(pk=project_id)
    try:
        result = sync_jira(project=project, full=full)
    except JiraRateLimited as exc:
        wait = int((exc.until - timezone.now()).total_seconds())
        raise self.retry(exc=exc, countdown=max(wait, 0) + 5) from None
    except JiraUnavailable as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in, max_retries=5) from None
    return {"requests": result.requests, "issues": result.issues}


@shared_task(name="projects.sync_all_repositories")
def sync_all_repositories() -> int:
    """Queue a git sync of every repository (and a GitHub sync when a token is set), and a
    JIRA sync of every project with a JIRA key."""
    repository_ids = list(Repository.objects.order_by("pk").values_list("pk", flat=True))
    for repository_id in repository_ids:
        sync_git_task.delay(repository_id)
        if settings.GITHUB_TOKEN:
            sync_github_task.delay(repository_id)
    for project_id in Project.objects.exclude(jira_key="").values_list("pk", flat=True):
        sync_jira_task.delay(project_id)
    return len(repository_ids)


@shared_task(bind=True, name="projects.sync_apache_roster", max_retries=3)
def sync_apache_roster_task(self, source: str | None = None) -> dict:
    """Create or update titles from Apache's public roster (weekly, from beat). An unreachable
    or failing server is retried a few times; a bad file fails at once, recorded on the
    roster's sync state."""
    from projects.sync.roster import RosterUnavailable, sync_apache_roster

    try:
        result = sync_apache_roster(source=source)
    except RosterUnavailable as exc:
        raise self.retry(exc=exc, countdown=15 * 60) from None
    return {"projects": result.projects, "created": result.created, "updated": result.updated}
