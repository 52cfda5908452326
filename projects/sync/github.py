"""GitHub sync: pull requests with their conversation comments, reviews and review comments,
and GitHub issues.

Pages come newest-updated first (``projects.sync.github_client``); each page is stored in one
transaction together with the cursor that follows it, so an interrupted sync resumes at the
next page and never stores a page twice. A run ends at the first pull request older than
the previous run's newest ``updatedAt``; only then does that high-water mark move.
"""

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from github import Github

from projects import pipeline
from projects.bulk import relax_commit
from projects.identities import record_pairs
from projects.models import Project, Repository, SyncState
from projects.sync import github_client, github_store
from projects.sync import state as sync_state
from projects.sync.errors import RateLimited, Refused, SourceError
from projects.sync.github_schema import Page, parse_time
from projects.sync.locks import SyncAlreadyRunning, sync_lock

Progress = Callable[[int, int | None], None]

__all__ = ["GitHubSyncResult", "sync_github"]


@dataclass
class GitHubSyncResult:
    repository: str
    requests: int = 0
    pull_requests: int = 0
    pull_request_comments: int = 0  # on the conversations
    reviews: int = 0
    review_comments: int = 0
    issues: int = 0
    issue_comments: int = 0
    seconds: float = 0.0
    identity_ids: set[int] = field(default_factory=set, repr=False)
    known_identities: dict = field(default_factory=dict, repr=False)  # a cache across pages

    @property
    def stored(self) -> int:
        """How many records the run wrote, of every kind."""
        return (
            self.pull_requests
            + self.pull_request_comments
            + self.reviews
            + self.review_comments
            + self.issues
            + self.issue_comments
        )


def sync_github(
    *,
    repository: Repository,
    full: bool = False,
    gh: Github | None = None,
    on_progress: Progress | None = None,
) -> GitHubSyncResult:
    """Bring the repository's pull requests (and issues, for a GitHub tracker) up to date.

    Raises RateLimited or Unavailable with the cursor saved (call again later: it
    resumes), Refused when the request cannot succeed (bad token, no access).
    """
    try:
        with sync_lock(SyncState.Kind.GITHUB, repository.pk):
            return _sync(repository, full, gh or github_client.client(), on_progress)
    except SyncAlreadyRunning:
        raise Refused(f"{repository.full_name}: another GitHub sync of it is running") from None


def _sync(repository: Repository, full: bool, gh: Github, on_progress: Progress | None):
    started = time.perf_counter()
    result = GitHubSyncResult(repository=repository.full_name)
    state, _ = SyncState.objects.get_or_create(kind=SyncState.Kind.GITHUB, repository=repository)
    if full:
        state.cursor = {}
    sync_state.begin(state)
    try:
        _walk(repository, state, gh, result, "pulls", on_progress)
        if repository.project.issue_tracker == Project.Tracker.GITHUB:
            _walk(repository, state, gh, result, "issues", on_progress)
    except RateLimited as exc:
        sync_state.wait(state, until=exc.until, message=str(exc))
        _finish(repository, result)
        raise
    except SourceError as exc:
        sync_state.fail(state, str(exc))
        _finish(repository, result)
        raise
    except BaseException as exc:
        sync_state.fail(state, f"{exc.__class__.__name__}: {exc}")
        raise
    sync_state.succeed(state)
    _finish(repository, result)
    result.seconds = time.perf_counter() - started
    if result.stored:  # a run that found nothing new leaves the figures as they are
        pipeline.records_committed(project_id=repository.project_id)
    return result


def _walk(
    repository: Repository,
    state: SyncState,
    gh: Github,
    result: GitHubSyncResult,
    stream: str,
    on_progress: Progress | None,
) -> None:
    """Page through one stream ("pulls" or "issues") from its saved position."""
    cursor = dict(state.cursor.get(stream) or {})
    since = parse_time(cursor.get("since"))
    run = cursor.get("run") or {}
    owner, name = repository.owner, repository.name
    fetch = github_client.fetch_pull_requests if stream == "pulls" else github_client.fetch_issues
    # The stream's nodes are pull requests or issues: Any stands for whichever it is.
    complete: Callable[[Github, Repository, list[Any]], int]
    write: Callable[[Repository, list[Any], GitHubSyncResult], None]
    if stream == "pulls":
        complete, write = github_store.complete_pull_requests, github_store.write_pull_requests
    else:
        complete, write = github_store.complete_issues, github_store.write_issues
    # The next page is fetched while this one is written: GitHub's answer time and the
    # database's overlap. Only one request is ever in flight, so the client is never
    # used by two threads at once.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="github-page") as ahead:
        following: Future[Page[Any]] | None = None
        while True:
            if following is None:
                page = fetch(gh, owner=owner, name=name, after=run.get("after"))
            else:
                page = following.result()  # a failure of that page surfaces here
                following = None
            result.requests += 1
            _follow_rename(repository, page)
            fresh: list[Any] = [n for n in page.nodes if since is None or n.updated_at >= since]
            if fresh and "newest" not in run:
                run["newest"] = fresh[0].updated_at.isoformat()
            result.requests += complete(gh, repository, fresh)
            done = len(fresh) < len(page.nodes) or not page.has_next_page
            run["after"] = page.end_cursor
            if done:
                cursor = {"since": run.get("newest") or cursor.get("since")}
            else:
                cursor = {"since": cursor.get("since"), "run": dict(run)}
                if page.budget.remaining > github_client.RATE_LIMIT_RESERVE:
                    following = ahead.submit(fetch, gh, owner=owner, name=name, after=run["after"])
            # The page and the cursor after it are stored together: a crash repeats no page.
            with transaction.atomic():
                relax_commit()
                write(repository, fresh, result)
                state.cursor = {**state.cursor, stream: cursor}
                state.pages_done += 1
                state.items_done += len(fresh)
                state.items_total = page.total if since is None else None
                state.save(
                    update_fields=[
                        "cursor",
                        "pages_done",
                        "items_done",
                        "items_total",
                        "updated_at",
                    ]
                )
            if on_progress:
                on_progress(state.items_done, state.items_total)
            github_client.check_budget(page.budget, what=f"{repository.full_name} {stream}")
            if done:
                return


def _follow_rename(repository: Repository, page: Page[Any]) -> None:
    """GitHub answers for a renamed repository under its new name; follow it."""
    owner, _, name = page.name_with_owner.partition("/")
    changes: dict[str, Any] = {}
    if page.repository_id and repository.github_id != page.repository_id:
        changes["github_id"] = page.repository_id
    if owner and name and (owner, name) != (repository.owner, repository.name):
        changes.update(owner=owner, name=name)
    if changes:
        for attribute, value in changes.items():
            setattr(repository, attribute, value)
        repository.save(update_fields=list(changes))


def _finish(repository: Repository, result: GitHubSyncResult) -> None:
    """Link pull requests to commits, resolve the people seen and refresh their rollups."""
    linked_authors = github_store.link_commits(repository)
    record_pairs(linked_authors)
    ids = result.identity_ids | {i for pair in linked_authors for i in pair}
    pipeline.identities_seen(ids)
