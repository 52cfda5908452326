from celery import shared_task
from django.conf import settings

from projects.models import Project, Repository, SyncState
from projects.retries import retrying
from projects.rollups import refresh_activity_months
from projects.sync.git import sync_repository
from projects.sync.github import sync_github
from projects.sync.jira import sync_jira
from projects.sync.lists import sync_lists

_GIT_KINDS = [SyncState.Kind.GIT, SyncState.Kind.GIT_STATS]  # two passes, two states


@shared_task(name="projects.refresh_activity_months")
def refresh_activity_months_task(identity_ids: list[int], contributor_ids: list[int]) -> int:
    """Rebuild monthly rollups for these people; safe to repeat."""
    return refresh_activity_months(identity_ids=identity_ids, contributor_ids=contributor_ids)


@shared_task(bind=True, name="projects.sync_git")
def sync_git_task(self, repository_id: int, with_stats: bool = True) -> dict:
    """Sync one repository from git. git cannot tell a network failure from a missing
    repository: both are retried a few times, with backoff."""
    repository = Repository.objects.get(pk=repository_id)
    with retrying(
        self,
        source="git",
        states=SyncState.objects.filter(repository_id=repository_id, kind__in=_GIT_KINDS),
        retries=3,
    ):
        result = sync_repository(repository=repository, with_stats=with_stats)
    return {"commits_new": result.commits_new, "stats_commits": result.stats_commits}


@shared_task(bind=True, name="projects.sync_github")
def sync_github_task(self, repository_id: int, full: bool = False) -> dict:
    """Sync one repository from GitHub. At a rate limit the cursor is kept and the task
    comes back when the budget resets; a server error is retried a few times."""
    repository = Repository.objects.select_related("project").get(pk=repository_id)
    with retrying(
        self,
        source="GitHub",
        states=SyncState.objects.filter(kind=SyncState.Kind.GITHUB, repository_id=repository_id),
    ):
        result = sync_github(repository=repository, full=full)
    return {"requests": result.requests, "pull_requests": result.pull_requests}


@shared_task(bind=True, name="projects.sync_jira")
def sync_jira_task(self, project_id: int, full: bool = False) -> dict:
    """Sync one project's JIRA issues; waits out rate limits and retries server errors."""
    project = Project.objects.get(pk=project_id)
    with retrying(
        self,
        source="JIRA",
        states=SyncState.objects.filter(kind=SyncState.Kind.JIRA, project_id=project_id),
    ):
        result = sync_jira(project=project, full=full)
    return {"requests": result.requests, "issues": result.issues}


@shared_task(bind=True, name="projects.sync_lists")
def sync_lists_task(self, project_id: int, full: bool = False) -> dict:
    """Sync one project's mailing lists; waits out rate limits and retries an archive that
    is down, from the months already done."""
    project = Project.objects.get(pk=project_id)
    with retrying(
        self,
        source="mailing-list archive",
        states=SyncState.objects.filter(kind=SyncState.Kind.LISTS, project_id=project_id),
    ):
        result = sync_lists(project=project, full=full)
    return {"requests": result.requests, "messages": result.messages}


@shared_task(name="projects.sync_all_lists")
def sync_all_lists() -> int:
    """Queue a mailing-list sync of every project that names a list."""
    project_ids = list(
        Project.objects.filter(mailing_lists__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for project_id in project_ids:
        sync_lists_task.delay(project_id)
    return len(project_ids)


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


@shared_task(bind=True, name="projects.sync_apache_roster")
def sync_apache_roster_task(self, source: str | None = None) -> dict:
    """Create or update titles from Apache's public roster (weekly, from beat). An unreachable
    or failing server is retried a few times; a bad file fails at once, recorded on the
    roster's sync state."""
    from projects.sync.roster import sync_apache_roster

    with retrying(
        self,
        source="Apache roster",
        states=SyncState.objects.filter(kind=SyncState.Kind.APACHE_ROSTER),
        retries=3,
    ):
        result = sync_apache_roster(source=source)
    return {"projects": result.projects, "created": result.created, "updated": result.updated}
