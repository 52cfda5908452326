"""A person's participation on the mailing lists, for the person page and the API.

Per project: threads started, replies, design threads authored and votes cast in
``[VOTE]`` threads (+1, 0, -1; binding when the voter held a PMC title of the project on
the day of the vote), and the latest threads they started or voted in, with links to the
archive. Mail written by machines has no sender, so it never shows here. Two queries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate

from contributors.models import Contributor
from projects.models import ListMessage, Title

RECENT_SHOWN = 5
_PMC_ROLES = (Title.Role.PMC_MEMBER, Title.Role.PMC_CHAIR)


@dataclass
class ProjectLists:
    project: str
    threads: int = 0
    replies: int = 0
    design_threads: int = 0
    votes: dict[str, int] = field(default_factory=lambda: {"+1": 0, "0": 0, "-1": 0})
    binding_votes: int = 0

    @property
    def votes_cast(self) -> int:
        return sum(self.votes.values())

    @property
    def plus_one(self) -> int:
        return self.votes["+1"]

    @property
    def zero(self) -> int:
        return self.votes["0"]

    @property
    def minus_one(self) -> int:
        return self.votes["-1"]


@dataclass(frozen=True)
class ListThread:
    subject: str
    sent_at: datetime
    address: str
    url: str
    vote: str  # the vote the person cast in it, or ""


@dataclass(frozen=True)
class ListParticipation:
    projects: list[ProjectLists]
    recent: list[ListThread]

    @property
    def any(self) -> bool:
        return bool(self.projects)


def list_participation(*, contributor: Contributor) -> ListParticipation:
    """What ``contributor`` did on the lists of the followed projects (two queries)."""
    mine = ListMessage.objects.filter(sender__contributor=contributor, is_machine=False)
    pmc_then = Title.objects.filter(
        contributor=contributor,
        project=OuterRef("mailing_list__project"),
        role__in=_PMC_ROLES,
        granted_on__isnull=False,
        granted_on__lte=OuterRef("sent_on"),
    )
    # Query 1: counts per project, kind, vote and whether the vote was binding; a voter who
    # writes several times in one vote thread has cast one vote.
    rows = (
        mine.annotate(sent_on=TruncDate("sent_at"))
        .annotate(binding=Exists(pmc_then))
        .values("mailing_list__project__name", "kind", "vote", "is_design", "binding")
        .annotate(messages=Count("pk"), threads=Count("thread_root", distinct=True))
        .order_by()
    )
    by_project: dict[str, ProjectLists] = {}
    for row in rows:
        name = row["mailing_list__project__name"]
        entry = by_project.setdefault(name, ProjectLists(project=name))
        if row["kind"] == ListMessage.Kind.THREAD:
            entry.threads += row["messages"]
        else:
            entry.replies += row["messages"]
        if row["is_design"]:
            entry.design_threads += row["messages"]
        if row["vote"]:
            entry.votes[row["vote"]] += row["threads"]
            if row["binding"]:
                entry.binding_votes += row["threads"]
    # Query 2: the latest threads started or voted in.
    recent = [
        ListThread(
            subject=message.subject,
            sent_at=message.sent_at,
            address=message.mailing_list.address,
            url=message.archive_url(message.mailing_list),
            vote=message.vote,
        )
        for message in mine.filter(Q(kind=ListMessage.Kind.THREAD) | ~Q(vote=""))
        .select_related("mailing_list")
        .order_by("-sent_at")[:RECENT_SHOWN]
    ]
    projects = sorted(by_project.values(), key=lambda p: (-(p.threads + p.replies), p.project))
    return ListParticipation(projects=projects, recent=recent)
