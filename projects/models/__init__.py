"""Projects and everything fetched about them, in the order data flows.

catalog: what is followed (projects, repositories, titles) · identities: the ways people
appear in sources, and which are seen together · records: what sources say happened
(commits, pull requests, reviews, comments, issues) · lists: mailing lists and their
messages · sync: where each source's sync stands · rollups: monthly counts the dashboards
read · calibration: the committer bar progress is measured against.
"""

from projects.models.calibration import ProjectCalibration, Signal
from projects.models.catalog import Project, Repository, Title
from projects.models.identities import Identity, IdentityPair
from projects.models.lists import ListMessage, MailingList
from projects.models.records import (
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    PullRequest,
    PullRequestComment,
    Review,
    ReviewComment,
)
from projects.models.rollups import ActivityMonth
from projects.models.sync import SyncState

__all__ = [
    "ActivityMonth",
    "Commit",
    "CommitCredit",
    "Identity",
    "IdentityPair",
    "Issue",
    "IssueComment",
    "ListMessage",
    "MailingList",
    "Project",
    "ProjectCalibration",
    "PullRequest",
    "PullRequestComment",
    "Repository",
    "Review",
    "ReviewComment",
    "Signal",
    "SyncState",
    "Title",
]
