"""Stored issues that JIRA no longer lists under their project's key: moved or deleted.

JIRA keeps an issue's numeric id when it moves it (KAFKA-123 becomes KIP-7) and a search of
the old project stops returning it, so rows are keyed on that id and a vanished one is asked
for by id. A whole pass from the start knows every id it saw; any other run first compares
JIRA's count of the project with the stored one (one request) and lists the project's ids
only when fewer are left in JIRA than stored, so a run with nothing moved costs one request.
"""

from django.conf import settings
from django.db.models import Q

from projects.models import Issue, IssueComment, Project
from projects.sync import jira_schema
from projects.sync.jira_client import JiraClient

# Issues looked up by id in one run; a larger exodus (a project split) goes on next run.
MAX_PER_RUN = 500


def vanished_ids(
    project: Project, client: JiraClient, *, jql: str, seen: set[str] | None, what: str
) -> list[str]:
    """Ids of the project's stored, counted issues that JIRA no longer has under its key.

    ``seen``: every id a whole pass of ``jql`` returned in this run, else None.
    """
    stored = Issue.objects.filter(project=project, tracker=Issue.Tracker.JIRA, gone="")
    if seen is None:
        # A count can hide a move behind an issue created since the pages were read; the
        # next run's count shows it.
        if client.count(jql, what=what) >= stored.count():
            return []
        seen = client.issue_ids(jql, what=what)
    ids = set(stored.values_list("external_id", flat=True)) - seen
    return sorted(ids, key=int)[:MAX_PER_RUN]


def destination(project: Project, issue: jira_schema.Issue) -> tuple[Project, str]:
    """Where an issue fetched by id belongs now, and its ``gone`` mark: still this project;
    a followed project it moved to; or this project's row, marked as moved out."""
    key = issue.project_key or issue.key.rpartition("-")[0]
    if key.upper() == project.jira_key.upper():
        return project, ""
    followed = _followed(project, key)
    return (followed, "") if followed is not None else (project, Issue.Gone.MOVED_OUT)


def mark_deleted(issue_id: str) -> set[int]:
    """Mark an issue JIRA answers 404 for; returns the identities whose counts change.

    Kept, not removed: JIRA answers 404 alike for a deleted issue and for one the caller
    may no longer see (an issue security level, a project made private, a token that lost
    access), and removing the row would drop its comments for what may be a permission
    change. A search that returns the issue again clears the mark.
    """
    issue = Issue.objects.filter(tracker=Issue.Tracker.JIRA, external_id=issue_id)
    people: set[int | None] = set()
    for row in issue.values_list("reporter", "assignee", "creator"):
        people.update(row)
    people.update(
        IssueComment.objects.filter(issue__in=issue).values_list("author", flat=True).distinct()
    )
    issue.update(gone=Issue.Gone.DELETED)
    return {person for person in people if person is not None}


def _followed(project: Project, key: str) -> Project | None:
    """The followed project with JIRA key ``key`` on the same JIRA as ``project``."""
    base = _jira_of(project)
    candidates = Project.objects.filter(Q(jira_key__iexact=key)).exclude(pk=project.pk)
    return next((p for p in candidates.order_by("pk") if _jira_of(p) == base), None)


def _jira_of(project: Project) -> str:
    return (project.jira_url or settings.JIRA_URL).rstrip("/")
