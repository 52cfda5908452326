"""JIRA sync: every issue of a project's key, with its people, dates and comments.

Pages come oldest-updated first (``ORDER BY updated ASC``) and the cursor is the last
stored issue's ``updated`` minute, saved with each page: a killed run resumes at the page
it was on, and the next run starts from there less a small overlap. JQL compares
minutes in the JIRA server's time zone, so the cursor is kept in UTC and written out in
the server's offset. On Jira Cloud, pages within a run follow ``nextPageToken`` instead.

A page is stored only when all of it is well formed (``jira_schema``): a malformed one stops
the run with the cursor before it. An issue's stored comments are pruned only after its
whole comment list was read. After the last page, issues JIRA no longer lists under the
project's key are followed by id (``jira_moves``).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction

from projects import pipeline
from projects.bulk import relax_commit
from projects.identities import id_of, identity_key, record_pairs, upsert_identities
from projects.models import Identity, Issue, IssueComment, Project, SyncState
from projects.sync import jira_moves, jira_schema
from projects.sync import state as sync_state
from projects.sync.errors import RateLimited, Refused, SourceError
from projects.sync.jira_client import JiraClient
from projects.sync.jira_schema import User
from projects.sync.locks import SyncAlreadyRunning, sync_lock
from projects.sync.rows import upsert_rows

__all__ = ["JiraSyncResult", "sync_jira"]

Progress = Callable[[int, int | None], None]
# Issues updated in the minutes before the last run's cursor are read again: JQL has
# minute precision and JIRA may commit an update a little after stamping it.
OVERLAP = timedelta(minutes=5)


@dataclass
class JiraSyncResult:
    project: str
    requests: int = 0
    issues: int = 0
    comments: int = 0
    moved: int = 0  # issues that left the project: moved, or marked moved out or deleted
    seconds: float = 0.0
    identity_ids: set[int] = field(default_factory=set, repr=False)
    known_identities: dict = field(default_factory=dict, repr=False)


def client_for(project: Project) -> JiraClient:
    return JiraClient(
        project.jira_url or settings.JIRA_URL, token=settings.JIRA_TOKEN, user=settings.JIRA_USER
    )


def sync_jira(
    *,
    project: Project,
    full: bool = False,
    client: JiraClient | None = None,
    on_progress: Progress | None = None,
) -> JiraSyncResult:
    """Bring the project's JIRA issues up to date.

    Raises RateLimited or Unavailable (MalformedResponse for a page unlike JIRA's API) with
    the cursor saved (call again later: it resumes), Refused when the request cannot
    succeed (no key, bad URL or token).
    """
    if not project.jira_key:
        raise Refused(
            f"{project.name} has no JIRA key: set it in the admin or with add_repository --jira-key"
        )
    try:
        with sync_lock(SyncState.Kind.JIRA, project.pk):
            return _sync(project, full, client or client_for(project), on_progress)
    except SyncAlreadyRunning:
        raise Refused(f"{project.name}: another JIRA sync of it is running") from None


def _sync(project: Project, full: bool, client: JiraClient, on_progress: Progress | None):
    started = time.perf_counter()
    result = JiraSyncResult(project=project.name)
    state, _ = SyncState.objects.get_or_create(
        kind=SyncState.Kind.JIRA, project=project, repository=None
    )
    if full:
        state.cursor = {}
    sync_state.begin(state)
    try:
        seen = _walk(project, state, client, result, on_progress)
        _follow_vanished(project, client, result, seen)
    except RateLimited as exc:
        sync_state.wait(state, until=exc.until, message=str(exc))
        raise
    except SourceError as exc:
        sync_state.fail(state, str(exc))
        raise
    except BaseException as exc:
        sync_state.fail(state, f"{exc.__class__.__name__}: {exc}")
        raise
    finally:
        result.requests = client.requests
        _resolve(result)
    sync_state.succeed(state)
    result.seconds = time.perf_counter() - started
    if result.issues or result.comments or result.moved:  # else the figures are unchanged
        pipeline.records_committed(project_id=project.pk)
    return result


def _jql(key: str, since: datetime | None, offset: timedelta) -> str:
    if since is None:
        return f'project = "{key}" ORDER BY updated ASC'
    local = (since + offset).strftime("%Y/%m/%d %H:%M")
    return f'project = "{key}" AND updated >= "{local}" ORDER BY updated ASC'


def _minute(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(second=0, microsecond=0)


def _walk(
    project: Project,
    state: SyncState,
    client: JiraClient,
    result: JiraSyncResult,
    on_progress: Progress | None,
) -> set[str] | None:
    """Store the pages from the cursor on; returns the ids seen when this run read the
    whole project from its first page, else None."""
    cursor = dict(state.cursor)
    since = datetime.fromisoformat(cursor["since"]) if cursor.get("since") else None
    skip, token = cursor.get("skip", 0), cursor.get("token")
    if cursor.get("finished") or "offset" not in cursor:
        # A new run: start a little before where the last one ended, and ask the server's
        # offset again, which daylight saving may have moved since.
        since, skip, token = (since - OVERLAP if since else None), 0, None
        cursor["offset"] = client.server_offset().total_seconds()
    offset = timedelta(seconds=cursor["offset"])
    what = f"{project.jira_key} issues"
    seen: set[str] | None = set() if since is None and not skip and not token else None
    while True:
        start = skip
        jql = _jql(project.jira_key, since, offset)
        page = client.search(jql, start_at=start, token=token, what=what)
        issues = page.issues
        complete = _complete_comments(client, issues)
        if seen is not None:
            seen.update(issue.id for issue in issues)
        if client.cloud:
            token = page.next_token
            done = token is None
        else:
            # Server: the last page is the one that reaches the count of matching issues.
            done = not issues or start + len(issues) >= (page.total or 0)
        if issues:
            last = _minute(issues[-1].updated)
            if not client.cloud:  # the next query starts at this minute, past what is stored
                in_last = sum(1 for i in issues if _minute(i.updated) == last)
                skip = start + len(issues) if last == since else in_last
                since = last
            else:  # the query must stay as it was for its tokens; the end moves it on
                newest = cursor.get("newest")
                if newest is None or last > datetime.fromisoformat(newest):
                    cursor["newest"] = last.isoformat()
        if client.cloud and done and cursor.get("newest"):
            since = datetime.fromisoformat(cursor.pop("newest"))
        cursor.update(
            since=since.isoformat() if since else None, skip=skip, token=token, finished=done
        )
        with transaction.atomic():  # the page and the cursor after it, together
            relax_commit()
            _write(project, issues, result, complete=complete)
            state.cursor = cursor
            state.pages_done += 1
            state.items_done += len(issues)
            if state.pages_done == 1:
                state.items_total = page.total
            state.save(
                update_fields=["cursor", "pages_done", "items_done", "items_total", "updated_at"]
            )
        if on_progress:
            on_progress(state.items_done, state.items_total)
        if done:
            return seen


def _follow_vanished(
    project: Project, client: JiraClient, result: JiraSyncResult, seen: set[str] | None
) -> None:
    """Look up by id each stored issue JIRA no longer lists under the project's key, and
    store it where it is now: here, in the followed project it moved to, or here marked as
    moved out; one JIRA answers 404 for is marked deleted. One row each, always."""
    what = f"{project.jira_key} issues"
    jql = _jql(project.jira_key, None, timedelta(0))
    for issue_id in jira_moves.vanished_ids(project, client, jql=jql, seen=seen, what=what):
        issue = client.issue(issue_id, what=f"{project.jira_key} issue {issue_id}")
        complete = _complete_comments(client, [issue]) if issue is not None else set()
        with transaction.atomic():
            if issue is None:
                result.identity_ids.update(jira_moves.mark_deleted(issue_id))
                result.moved += 1
                continue
            where, gone = jira_moves.destination(project, issue)
            # Still here is possible: an issue updated while its ids were listed can shift
            # out of the page it was on.
            result.moved += where != project or bool(gone)
            _write(where, [issue], result, complete=complete, gone=gone)


def _complete_comments(client: JiraClient, issues: list[jira_schema.Issue]) -> set[str]:
    """Fetch the comments that did not fit in an issue's inline list. Returns the ids of the
    issues whose whole list was read: only their stored comments may be pruned."""
    complete = set()
    for issue in issues:
        comments, total = list(issue.comments), issue.comment_total
        rereads = 1
        while len(comments) < total:
            more, now = client.comments(issue.key, start_at=len(comments))
            if now != total:
                # Added or deleted while paging: positions shifted, so read all of it again,
                # once; if it changes again, store what was read and prune nothing.
                if not rereads:
                    break
                rereads -= 1
                comments, total = [], now
                continue
            comments.extend(more)
        by_id = {comment.id: comment for comment in comments}
        if len(comments) == len(by_id) == total:
            complete.add(issue.id)
        issue.comments, issue.comment_total = list(by_id.values()), len(by_id)
    return complete


def _people(issues: list[jira_schema.Issue], result: JiraSyncResult) -> dict:
    users: list[User | None] = []
    for issue in issues:
        users += [issue.reporter, issue.assignee, issue.creator]
        users += [comment.author for comment in issue.comments]
    seen, pairs = [], []
    for user in users:
        if user is None:
            continue
        seen.append((Identity.Kind.JIRA, user.id))
        for kind, value in (
            (Identity.Kind.GIT_NAME, user.display_name),
            (Identity.Kind.GIT_EMAIL, user.email),
        ):
            if value and (kind != Identity.Kind.GIT_EMAIL or "@" in value):
                seen.append((kind, value))
                pairs.append(((Identity.Kind.JIRA, user.id), (kind, value)))
    ids = upsert_identities(seen, known=result.known_identities)
    record_pairs(
        (first, second)
        for a, b in pairs
        if (first := id_of(ids, *a)) is not None and (second := id_of(ids, *b)) is not None
    )
    result.identity_ids.update(ids.values())
    return ids


class IssueRow(NamedTuple):
    project: int
    tracker: str
    external_id: str
    key: str
    reporter: int | None
    assignee: int | None
    creator: int | None
    issue_type: str
    priority: str
    status: str
    resolution: str
    summary: str
    fix_versions: list[str]
    components: list[str]
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    gone: str


class CommentRow(NamedTuple):
    issue: int
    external_id: str
    author: int | None
    created_at: datetime


def _write(
    project: Project,
    issues: list[jira_schema.Issue],
    result: JiraSyncResult,
    *,
    complete: set[str],
    gone: str = "",
) -> None:
    """Upsert the issues under ``project`` with their comments, and drop stored comments
    that the complete lists (issues in ``complete``) no longer have."""
    if not issues:
        return
    ids = _people(issues, result)

    def person(user: User | None) -> int | None:
        return ids.get(identity_key(Identity.Kind.JIRA, user.id)) if user else None

    rows = {
        issue.id: IssueRow(
            project=project.pk, tracker=Issue.Tracker.JIRA, external_id=issue.id, key=issue.key,
            reporter=person(issue.reporter), assignee=person(issue.assignee),
            creator=person(issue.creator), issue_type=issue.issue_type,
            priority=issue.priority, status=issue.status, resolution=issue.resolution,
            summary=issue.summary, fix_versions=issue.fix_versions,
            components=issue.components, created_at=issue.created, updated_at=issue.updated,
            resolved_at=issue.resolved, gone=gone,
        )
        for issue in issues
    }  # fmt: skip
    # Only issues stored before this page can have comments JIRA no longer lists.
    complete = complete & set(
        Issue.objects.filter(tracker=Issue.Tracker.JIRA, external_id__in=list(rows)).values_list(
            "external_id", flat=True
        )
    )
    # An issue moved between projects keeps its id: the row follows it to its new key, and
    # one found under a followed project again loses a moved-out or deleted mark.
    upsert_rows(Issue, rows.values(), unique=["tracker", "external_id"])
    stored = dict(
        Issue.objects.filter(tracker=Issue.Tracker.JIRA, external_id__in=list(rows)).values_list(
            "external_id", "pk"
        )
    )
    comments = {}
    for issue in issues:
        for comment in issue.comments:
            key = (stored[issue.id], comment.id)
            comments[key] = CommentRow(*key, person(comment.author), comment.created)
    upsert_rows(IssueComment, comments.values(), unique=["issue", "external_id"])
    _prune_comments(
        [stored[issue_id] for issue_id in complete if issue_id in stored], comments, result
    )
    result.issues += len(rows)
    result.comments += len(comments)


def _prune_comments(issue_pks: list[int], read: dict, result: JiraSyncResult) -> None:
    """Delete the stored comments of these issues that JIRA's complete lists left out."""
    if not issue_pks:
        return
    stale = [
        comment
        for comment in IssueComment.objects.filter(issue__in=issue_pks).values_list(
            "pk", "issue", "external_id", "author", named=True
        )
        if (comment.issue, comment.external_id) not in read
    ]
    if stale:
        IssueComment.objects.filter(pk__in=[comment.pk for comment in stale]).delete()
        result.identity_ids.update(c.author for c in stale if c.author is not None)


def _resolve(result: JiraSyncResult) -> None:
    pipeline.identities_seen(result.identity_ids)
