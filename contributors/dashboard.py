"""The mentor dashboard's rows: one typed read with a fixed number of queries.

Queries: mentees (1), titles (1), last check-in notes (1), their mentors' names in the
organizers' view of every mentee (1), and each mentee's figures from
records, cached between syncs (one cache read for all): progress (5, which also gives the
mailing lists' messages and votes), last activity and the last 30 days over commits, PRs,
reviews, issues and list messages (1), waiting PRs (1). The count does not grow with the
number of mentees.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Min, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from contributors.models import CheckInNote, Contributor, Identity
from contributors.progress import progress_for_many
from projects.freshness import cached_figures_many
from projects.models import Commit, Issue, ListMessage, Project, PullRequest, Review, Signal, Title

SORT_KEYS = (
    "attention", "name", "readiness", "last_activity", "recent", "waiting", "titles", "check_in",
)  # fmt: skip
DEFAULT_SORT = "attention"


@dataclass(frozen=True)
class MenteeRow:
    contributor: Contributor
    readiness: float | None  # None: no bar for the person's next title (progress.reading)
    project: Project | None
    last_activity: datetime | None
    recent: int
    waiting: int
    oldest_waiting_days: int | None
    titles: list[Title]
    stalled: bool
    last_check_in: date | None
    mentors: tuple[str, ...] = ()  # their current mentors' names, for the all-mentees view
    list_messages: int = 0  # threads and replies on the project's lists, last 24 months
    votes: int = 0  # votes cast in [VOTE] threads, last 24 months

    @property
    def readiness_percent(self) -> int | None:
        return None if self.readiness is None else round(self.readiness * 100)


@dataclass(frozen=True)
class MenteeFigures:
    """A mentee's figures from records, cached between syncs (projects/freshness.py)."""

    readiness: float | None
    project: Project | None
    last_activity: datetime | None
    recent: int  # records in the 30 days before the day they were read
    waiting: int
    oldest_waiting: datetime | None
    list_messages: int = 0  # from progress: no query of its own
    votes: int = 0


def mentors() -> QuerySet[Contributor]:
    """Everyone who mentors or has mentored, for an organizer's choice of mentor."""
    # mentored_enrollments and enrollments (below) are camps' relations to a person: named
    # in the lookups, so each filter stays a join in one query, and camps is never imported.
    return (
        Contributor.objects.filter(
            Q(mentees_of__isnull=False) | Q(mentored_enrollments__isnull=False),
            merged_into__isnull=True,
        )
        .distinct()
        .order_by("display_name")
    )


# Each kind of record by the identity it belongs to and the moment it counts at, both in
# one index (commit_author_date, pr_author_created, review_reviewer_date,
# issue_reporter_created). A commit counts when it landed, as in the monthly rollups.
_ACTIVITY: tuple[tuple[type[Model], str, str], ...] = (
    (Commit, "author", "committed_at"),
    (PullRequest, "author", "created_at"),
    (Review, "reviewer", "submitted_at"),
    (Issue, "reporter", "created_at"),
    # Mail by machines has no sender: only people's own messages count (list_message_sender_sent).
    (ListMessage, "sender", "sent_at"),
)


def _activity(ids: list[int], since: datetime) -> dict[int, tuple[datetime | None, int]]:
    """Each person's latest record of any kind and how many they made since ``since``.

    One query: per identity and kind, a subquery reads the newest row and counts the
    recent ones in the index on (identity, moment), a few index probes per identity.
    Grouping every record a person ever made took hundreds of milliseconds for 50 busy
    mentees.
    """
    columns: dict[str, Subquery] = {}
    for n, (model, person, moment) in enumerate(_ACTIVITY):
        theirs = model._default_manager.filter(**{person: OuterRef("pk")}).order_by()
        columns[f"last_{n}"] = Subquery(
            theirs.filter(**{f"{moment}__isnull": False}).order_by(f"-{moment}").values(moment)[:1]
        )
        columns[f"recent_{n}"] = Subquery(
            theirs.filter(**{f"{moment}__gte": since})
            .values(person)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )
    rows = (
        Identity.objects.filter(contributor__in=ids)
        .annotate(**columns)
        .values_list("contributor_id", *columns)
    )
    activity: dict[int, tuple[datetime | None, int]] = {}
    for person, *values in rows:
        last, recent = activity.get(person, (None, 0))
        moments = [m for m in (last, *values[0::2]) if m is not None]
        activity[person] = (max(moments, default=None), recent + sum(c or 0 for c in values[1::2]))
    return activity


def get_mentee_rows(
    *,
    mentee_ids: Iterable[int],
    cohort: str = "",
    project: str = "",
    sort: str = DEFAULT_SORT,
    now: datetime | None = None,
    with_mentors: bool = False,
) -> list[MenteeRow]:
    """Rows for the given mentees, filtered by camp slug and project slug, sorted by
    ``sort`` (one of SORT_KEYS, "-" first for descending); ``with_mentors`` names each
    one's mentors (one more query)."""
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
    figures = mentee_figures(ids=ids, project=chosen, now=now)
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
    mentors = mentor_names(ids, today=timezone.localdate(now)) if with_mentors else {}
    rows = []
    for person in people_list:
        figure = figures[person.pk]
        rows.append(
            MenteeRow(
                contributor=person,
                readiness=figure.readiness,
                project=figure.project,
                last_activity=figure.last_activity,
                recent=figure.recent,
                waiting=figure.waiting,
                oldest_waiting_days=(now - figure.oldest_waiting).days
                if figure.oldest_waiting
                else None,
                titles=titles.get(person.pk, []),
                stalled=figure.last_activity is None or now - figure.last_activity > stalled_after,
                last_check_in=check_ins.get(person.pk),
                mentors=mentors.get(person.pk, ()),
                list_messages=figure.list_messages,
                votes=figure.votes,
            )
        )
    return _sorted(rows, sort)


def mentee_figures(
    *, ids: list[int], project: Project | None, now: datetime
) -> dict[int, MenteeFigures]:
    """Each mentee's figures, cached until records change (one cache read for all)."""
    today = timezone.localdate(now).isoformat()
    return cached_figures_many(
        "mentee-row",
        {pk: (pk, project.pk if project else "", today) for pk in ids},
        lambda missing: _read_figures(missing, project, now),
    )


def _read_figures(
    ids: list[int], chosen: Project | None, now: datetime
) -> dict[int, MenteeFigures]:
    """Each mentee's figures from records: progress (4 queries), activity (1), waiting PRs
    (1)."""
    progress = progress_for_many(contributors=ids, project=chosen, today=timezone.localdate(now))
    activity = _activity(ids, now - timedelta(days=30))
    waiting = {
        row["author__contributor"]: row
        for row in PullRequest.objects.filter(
            author__contributor__in=ids, state=PullRequest.State.OPEN, is_draft=False
        )
        .values("author__contributor")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by()
    }
    figures = {}
    for pk in ids:
        last, recent = activity.get(pk, (None, 0))
        open_prs = waiting.get(pk)
        figures[pk] = MenteeFigures(
            readiness=progress[pk].readiness,
            project=progress[pk].project,
            last_activity=last,
            recent=recent,
            waiting=open_prs["count"] if open_prs else 0,
            oldest_waiting=open_prs["oldest"] if open_prs else None,
            list_messages=int(progress[pk].signal(Signal.LIST_MESSAGES).value),
            votes=int(progress[pk].signal(Signal.VOTES).value),
        )
    return figures


def _sorted(rows: list[MenteeRow], sort: str) -> list[MenteeRow]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = DEFAULT_SORT, False
    earliest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    keys = {
        "attention": lambda r: _attention(r, earliest),
        "name": lambda r: r.contributor.display_name.casefold(),
        "readiness": lambda r: -1.0 if r.readiness is None else r.readiness,
        "last_activity": lambda r: r.last_activity or earliest,
        "recent": lambda r: r.recent,
        "waiting": lambda r: r.oldest_waiting_days if r.oldest_waiting_days is not None else -1,
        "titles": lambda r: len(r.titles),
        "check_in": lambda r: r.last_check_in or date.min,
    }
    return sorted(rows, key=keys[key], reverse=descending)


def _attention(row: MenteeRow, earliest: datetime) -> tuple:
    """Who needs a mentor first: the stalled (longest silent first), then those whose PRs
    have waited longest, then those nearest a nomination; names break ties."""
    silent_since = row.last_activity or earliest
    return (
        not row.stalled,
        silent_since if row.stalled else earliest,
        -(row.oldest_waiting_days or 0),
        -(row.readiness or 0.0),
        row.contributor.display_name.casefold(),
    )


def mentor_names(ids: list[int], *, today: date) -> dict[int, tuple[str, ...]]:
    """Each mentee's current mentors by name (one query): mentorships not ended, and active
    camp enrolments that name a mentor."""
    # enrollments is camps' relation to a person, named in the lookup as mentors() does.
    pairs = (
        Contributor.objects.filter(pk__in=ids)
        .filter(
            Q(mentors_of__ended_on__isnull=True) | Q(mentors_of__ended_on__gte=today),
            mentors_of__mentor__isnull=False,
        )
        .values_list("pk", "mentors_of__mentor__display_name")
        .order_by()  # a compound statement refuses the models' default ordering
        .union(
            Contributor.objects.filter(
                pk__in=ids, enrollments__status="active", enrollments__mentor__isnull=False
            )
            .values_list("pk", "enrollments__mentor__display_name")
            .order_by()
        )
    )
    names: dict[int, set[str]] = {}
    for person, name in pairs:
        names.setdefault(person, set()).add(name)
    return {person: tuple(sorted(found, key=str.casefold)) for person, found in names.items()}
