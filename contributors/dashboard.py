"""The mentor dashboard's rows: one typed read with a fixed number of queries.

Queries: mentees (1), progress (4), last activity and the last 30 days per record kind
(commits, PRs, reviews, issues: 4), waiting PRs (1), titles (1), last check-in notes (1).
The count does not grow with the number of mentees.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from contributors.models import CheckInNote, Contributor
from contributors.progress import progress_for_many
from contributors.roles import _mentee_ids
from projects.models import Commit, Issue, Project, PullRequest, Review, Title

SORT_KEYS = ("name", "readiness", "last_activity", "recent", "waiting", "titles", "check_in")


@dataclass(frozen=True)
class MenteeRow:
    contributor: Contributor
    readiness: float
    project: Project | None
    last_activity: datetime | None
    recent: int
    waiting: int
    oldest_waiting_days: int | None
    titles: list[Title]
    stalled: bool
    last_check_in: date | None

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)


def mentors() -> QuerySet[Contributor]:
    """Everyone who mentors or has mentored, for an organizer's choice of mentor."""
    return (
        Contributor.objects.filter(
            Q(mentees_of__isnull=False) | Q(mentored_enrollments__isnull=False),
            merged_into__isnull=True,
        )
        .distinct()
        .order_by("display_name")
    )


def mentee_ids_for(*, mentor: Contributor) -> frozenset[int]:
    """A mentor's current mentees (a mentorship not yet ended, or an active enrolment)."""
    return _mentee_ids(mentor)


def _latest(
    model, field: str, person: str, ids: Iterable[int], since: datetime
) -> dict[int, tuple]:
    rows = (
        model.objects.filter(**{f"{person}__in": ids})
        .values(person)
        .annotate(last=Max(field), recent=Count("pk", filter=Q(**{f"{field}__gte": since})))
        .order_by()
    )
    return {row[person]: (row["last"], row["recent"]) for row in rows}


def get_mentee_rows(
    *,
    mentee_ids: Iterable[int],
    cohort: str = "",
    project: str = "",
    sort: str = "name",
    now: datetime | None = None,
) -> list[MenteeRow]:
    """Rows for the given mentees, filtered by camp slug and project slug, sorted by
    ``sort`` (one of SORT_KEYS, "-" first for descending)."""
    now = now or timezone.now()
    people = Contributor.objects.filter(pk__in=list(mentee_ids), merged_into__isnull=True)
    if cohort:
        people = people.filter(enrollments__cohort__slug=cohort)
    if project:
        people = people.filter(
            Q(enrollments__project__slug=project) | Q(mentors_of__project__slug=project)
        )
    people_list = list(people.distinct().order_by("display_name", "pk"))
    ids = [p.pk for p in people_list]
    if not ids:
        return []
    chosen = Project.objects.filter(slug=project).first() if project else None
    progress = progress_for_many(contributors=people_list, project=chosen)
    since = now - timedelta(days=30)
    activity = [
        _latest(Commit, "authored_at", "author__contributor", ids, since),
        _latest(PullRequest, "created_at", "author__contributor", ids, since),
        _latest(Review, "submitted_at", "reviewer__contributor", ids, since),
        _latest(Issue, "created_at", "reporter__contributor", ids, since),
    ]
    waiting = {
        row["author__contributor"]: row
        for row in PullRequest.objects.filter(
            author__contributor__in=ids, state=PullRequest.State.OPEN, is_draft=False
        )
        .values("author__contributor")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by()
    }
    titles: dict[int, list[Title]] = {}
    for title in Title.objects.filter(contributor__in=ids).select_related("project"):
        titles.setdefault(title.contributor_id, []).append(title)
    check_ins = dict(
        CheckInNote.objects.filter(mentee__in=ids)
        .values("mentee")
        .annotate(last=Max("written_on"))
        .order_by()
        .values_list("mentee", "last")
    )
    stalled_after = timedelta(days=settings.STALLED_AFTER_DAYS)
    rows = []
    for person in people_list:
        seen = [kind[person.pk] for kind in activity if person.pk in kind]
        last = max((s[0] for s in seen if s[0] is not None), default=None)
        open_prs = waiting.get(person.pk)
        rows.append(
            MenteeRow(
                contributor=person,
                readiness=progress[person.pk].readiness,
                project=progress[person.pk].project,
                last_activity=last,
                recent=sum(s[1] for s in seen),
                waiting=open_prs["count"] if open_prs else 0,
                oldest_waiting_days=(now - open_prs["oldest"]).days if open_prs else None,
                titles=titles.get(person.pk, []),
                stalled=last is None or now - last > stalled_after,
                last_check_in=check_ins.get(person.pk),
            )
        )
    return _sorted(rows, sort)


def _sorted(rows: list[MenteeRow], sort: str) -> list[MenteeRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = "name", False
    earliest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    keys = {
        "name": lambda r: r.contributor.display_name.casefold(),
        "readiness": lambda r: r.readiness,
        "last_activity": lambda r: r.last_activity or earliest,
        "recent": lambda r: r.recent,
        "waiting": lambda r: r.oldest_waiting_days if r.oldest_waiting_days is not None else -1,
        "titles": lambda r: len(r.titles),
        "check_in": lambda r: r.last_check_in or date.min,
    }
    return sorted(rows, key=keys[key], reverse=descending)
