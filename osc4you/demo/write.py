"""Storing the plan: refuse to take over rows that are not demo data, upsert every demo row
keyed by its table's unique constraint, prune what the plan no longer holds, rebuild the
rollups. ``flush_demo`` deletes it all again."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from camps.models import Cohort, Enrollment
from community.demo import clear_community_demo, refresh_demo_figures, seed_community_demo
from contributors.models import CheckInNote, Contributor, Identity, Mentorship
from contributors.progress import calibrate_project
from contributors.roles import ORGANIZERS_GROUP
from osc4you.demo.cast import CAMPS, LOGIN_EMAIL_DOMAIN, LOGIN_PASSWORD, LOGINS
from osc4you.demo.plan import DemoPlan, plan_demo
from projects.models import (
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    ListMessage,
    MailingList,
    Project,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
    Title,
)
from projects.rollups import refresh_activity_months

BATCH = 1000

Progress = Callable[[str, int, int], None]


class DemoConflict(Exception):
    """The demo would overwrite rows that are not demo data."""


@dataclass(frozen=True)
class DemoSummary:
    projects: int
    contributors: int
    mentors: int
    camps: int
    titles: int
    records: int
    logins: tuple[str, ...] = ()
    removed: int = 0


# Demo rows in each table, children first: what a re-run prunes and --flush deletes.
_DEMO_ROWS: tuple[tuple[type[models.Model], str, Q], ...] = (
    (ListMessage, "list_messages", Q(mailing_list__project__is_demo=True)),
    (MailingList, "mailing_lists", Q(project__is_demo=True)),
    (CommitCredit, "credits", Q(commit__repository__project__is_demo=True)),
    (ReviewComment, "review_comments", Q(pull_request__repository__project__is_demo=True)),
    (Review, "reviews", Q(pull_request__repository__project__is_demo=True)),
    (Commit, "commits", Q(repository__project__is_demo=True)),
    (IssueComment, "issue_comments", Q(issue__project__is_demo=True)),
    (Issue, "issues", Q(project__is_demo=True)),
    (PullRequest, "pull_requests", Q(repository__project__is_demo=True)),
    (Enrollment, "enrollments", Q(contributor__origin=Contributor.Origin.DEMO)),
    (Mentorship, "mentorships", Q(mentor__origin=Contributor.Origin.DEMO)),
    (Cohort, "cohorts", Q(slug__in=[camp.slug for camp in CAMPS])),
    # Demo titles the demo's lists announce carry that source, as synced ones would.
    (
        Title,
        "titles",
        Q(source=Title.Source.DEMO)
        | Q(source=Title.Source.ANNOUNCEMENT, contributor__origin=Contributor.Origin.DEMO),
    ),
    (Identity, "identities", Q(link_source=Identity.LinkSource.DEMO)),
    (Contributor, "contributors", Q(origin=Contributor.Origin.DEMO)),
    (Repository, "repositories", Q(project__is_demo=True)),
    (Project, "projects", Q(is_demo=True)),
)


def _updated_fields(model: type[models.Model], keys: Iterable[str]) -> list[str]:
    """Every field but the key: a re-run resets demo rows to the plan (undoing edits made
    while exploring the demo) and moves all dates forward. Kept: when a row was first
    recorded, and a login linked to a demo person."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not (
            f.primary_key or f.name in keys or f.name == "user" or getattr(f, "auto_now_add", False)
        )
    ]


class _Writer:
    def __init__(self, plan: DemoPlan, progress: Progress | None) -> None:
        self.plan, self.progress, self.done = plan, progress, 0
        self.total = sum(len(getattr(plan, name)) for _model, name, _q in _DEMO_ROWS)

    def advance(self, label: str, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(_(label), self.done, self.total)

    def upsert(self, rows: list, keys: Sequence[str], label: str) -> None:
        """Insert, or update on the unique constraint over the fields ``keys``; fills pks."""
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            type(chunk[0]).objects.bulk_create(
                chunk,
                update_conflicts=True,
                unique_fields=keys,
                update_fields=_updated_fields(type(chunk[0]), keys),
            )
            self.advance(label, len(chunk))

    def insert_or_update(
        self,
        rows: list,
        stored: models.QuerySet,
        keys: Sequence[str],
        key: Callable[[Any], tuple],
        label: str,
    ) -> None:
        """For unique constraints over expressions or with a condition, which ON CONFLICT
        (fields) cannot name: insert skipping conflicts, read back by key, update the rest."""
        stored.model._default_manager.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
        pks = {key(row): row.pk for row in stored}
        for row in rows:
            row.pk = pks[key(row)]
        stored.model._default_manager.bulk_update(
            rows, _updated_fields(stored.model, keys), batch_size=BATCH
        )
        self.advance(label, len(rows))

    def prune(self) -> None:
        """Delete demo rows the plan no longer holds (say, after a run at another --scale)."""
        for model, name, demo_rows in _DEMO_ROWS:
            stored = model._default_manager.filter(demo_rows).values_list("pk", flat=True)
            stale = sorted(set(stored) - {row.pk for row in getattr(self.plan, name)})
            for start in range(0, len(stale), 500):
                model._default_manager.filter(pk__in=stale[start : start + 500]).delete()


def _check_ownership(plan: DemoPlan, *, with_logins: bool) -> None:
    """Refuse to take over rows that are not demo data: real people, projects or logins."""
    clashes: list[str] = []
    names = [p.name.lower() for p in plan.projects]
    for project in Project.objects.annotate(lower_name=Lower("name")).filter(
        Q(slug__in=[p.slug for p in plan.projects]) | Q(lower_name__in=names), is_demo=False
    ):
        clashes.append(_("project %(name)s") % {"name": project.name})
    repos = {(r.owner.lower(), r.name.lower()) for r in plan.repositories}
    for repo in Repository.objects.filter(
        name__in=[r.name for r in plan.repositories], project__is_demo=False
    ):
        if (repo.owner.lower(), repo.name.lower()) in repos:
            clashes.append(_("repository %(name)s") % {"name": repo.full_name})
    logins = [c.github_login.lower() for c in plan.contributors]
    apache_ids = [c.apache_id.lower() for c in plan.contributors if c.apache_id]
    for contributor in (
        Contributor.objects.annotate(login=Lower("github_login"), asf=Lower("apache_id"))
        .filter(
            Q(slug__in=[c.slug for c in plan.contributors])
            | Q(login__in=logins)
            | Q(asf__in=apache_ids)
        )
        .exclude(origin=Contributor.Origin.DEMO)
    ):
        clashes.append(_("contributor %(name)s") % {"name": contributor.display_name})
    wanted = {(i.kind, i.value) for i in plan.identities}
    values = sorted({value for _kind, value in wanted})
    for start in range(0, len(values), 500):
        for identity in Identity.objects.filter(value__in=values[start : start + 500]).exclude(
            link_source=Identity.LinkSource.DEMO
        ):
            if (identity.kind, identity.value) in wanted:
                clashes.append(_("identity %(identity)s") % {"identity": identity})
    if with_logins:
        for user in get_user_model().objects.filter(username__in=[n for n, _l, _s in LOGINS]):
            if user.email != f"{user.username}@{LOGIN_EMAIL_DOMAIN}":
                clashes.append(_("user %(name)s") % {"name": user.username})
    if clashes:
        raise DemoConflict(
            _(
                "The demo would overwrite data that is not demo data: %(rows)s. "
                "Seed the demo into a database of its own."
            )
            % {"rows": ", ".join(clashes[:5]) + (", …" if len(clashes) > 5 else "")}
        )


def list_real_projects() -> list[str]:
    """Names of the projects that are not demo data (synced on this machine), in name order."""
    return list(
        Project.objects.filter(is_demo=False).order_by("name").values_list("name", flat=True)
    )


def _demo_users() -> models.QuerySet:
    matches = Q(pk__in=[])
    for username, _login, _staff in LOGINS:
        matches |= Q(username=username, email=f"{username}@{LOGIN_EMAIL_DOMAIN}")
    return get_user_model().objects.filter(matches)


def existing_demo_logins() -> list[str]:
    """Usernames of the demo logins that exist, in the cast's order (one query)."""
    existing = set(_demo_users().values_list("username", flat=True))
    return [username for username, _login, _staff in LOGINS if username in existing]


def _create_logins(plan: DemoPlan) -> tuple[str, ...]:
    """organizer, mentor and mentee. The password is set only when a login is created, so a
    re-run keeps everyone signed in. The organizer (staff) joins the organizers group."""
    User = get_user_model()
    organizers, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    password = None
    for username, _login, staff in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(LOGIN_PASSWORD)
            user = User(username=username, password=password)
        user.email = f"{username}@{LOGIN_EMAIL_DOMAIN}"
        user.is_staff = user.is_superuser = staff
        user.is_active = True
        user.save()
        if staff:
            user.groups.add(organizers)
        contributor = plan.login_contributors.get(username)
        if contributor is not None:
            Contributor.objects.filter(user=user).exclude(pk=contributor.pk).update(user=None)
            Contributor.objects.filter(pk=contributor.pk).update(user=user)
    return tuple(username for username, _login, _staff in LOGINS)


def _write_check_in_notes(plan: DemoPlan) -> None:
    """The demo mentor's and organizer's check-in notes, once: a mentee who has notes by
    one of them gets none of the plan's from them again, so notes written while exploring
    the demo stay as they are."""
    authors = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in={author for author, _note in plan.check_in_notes}
        )
    }
    noted = set(
        CheckInNote.objects.filter(author__in=authors.values()).values_list(
            "author__username", "mentee"
        )
    )
    notes = []
    for username, note in plan.check_in_notes:
        if username in authors and (username, note.mentee.pk) not in noted:
            note.author = authors[username]
            notes.append(note)
    CheckInNote.objects.bulk_create(notes)


@transaction.atomic
def flush_demo() -> int:
    """Delete every demo row and the demo logins; returns the number of rows deleted.

    Children first, so that each delete is one statement rather than a cascade that loads
    tens of thousands of rows to find their children.
    """
    querysets = [model._default_manager.filter(demo_rows) for model, _name, demo_rows in _DEMO_ROWS]
    removed = clear_community_demo()  # the ledger protects the people and camps it names
    return removed + sum(queryset.delete()[0] for queryset in [*querysets, _demo_users()])


@transaction.atomic
def seed_demo(
    *,
    today: date | None = None,
    scale: float = 1.0,
    with_logins: bool = False,
    flush: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write the demo community (see the module docstring) and rebuild its rollups.

    Raises DemoConflict, writing nothing, when a demo row would take over one that is not
    demo data. ``progress(step, rows_done, rows_total)`` is called as batches are written.
    """
    # Seeded for today, the demo ends now; for a given day, at its noon (the same rows on
    # every run for that day).
    now = timezone.now() if today is None else None
    plan = plan_demo(today=today or timezone.localdate(), scale=scale, now=now)
    removed = flush_demo() if flush else 0
    _check_ownership(plan, with_logins=with_logins)
    write = _Writer(plan, progress)
    write.advance(gettext_noop("projects"), 0)
    write.upsert(plan.projects, ("slug",), gettext_noop("projects"))
    write.insert_or_update(
        plan.repositories,
        Repository.objects.filter(project__in=plan.projects),
        ("owner", "name"),
        lambda repo: (repo.owner.lower(), repo.name.lower()),
        gettext_noop("projects"),
    )
    write.upsert(plan.contributors, ("slug",), gettext_noop("people"))
    write.upsert(plan.identities, ("kind", "value"), gettext_noop("people"))
    # A title is unique per (person, project, role), or per (person, role) where the
    # project is empty (ASF membership): a conditional constraint.
    write.upsert(
        [title for title in plan.titles if title.project is not None],
        ("contributor", "project", "role"),
        gettext_noop("titles"),
    )
    write.insert_or_update(
        [title for title in plan.titles if title.project is None],
        Title.objects.filter(project=None, contributor__in=plan.contributors),
        ("contributor", "role"),
        lambda title: (title.contributor_id, title.role),
        gettext_noop("titles"),
    )
    write.upsert(plan.cohorts, ("slug",), gettext_noop("camps"))
    for cohort in plan.cohorts:
        cohort.projects.set(plan.cohort_projects[cohort.slug])
        cohort.organizers.set(plan.cohort_organizers[cohort.slug])
        cohort.mentors.set(plan.cohort_mentors[cohort.slug])
    write.upsert(plan.enrollments, ("cohort", "contributor"), gettext_noop("camps"))
    # Unique over mentor, mentee and Coalesce(project, 0), Coalesce(cohort, 0): expressions.
    write.insert_or_update(
        plan.mentorships,
        Mentorship.objects.filter(mentor__in=plan.contributors),
        ("mentor", "mentee", "project", "cohort"),
        lambda m: (m.mentor_id, m.mentee_id, m.project_id or 0, m.cohort_id or 0),
        gettext_noop("camps"),
    )
    for rows, keys, label in (
        (plan.pull_requests, ("repository", "number"), gettext_noop("pull requests")),
        (plan.reviews, ("github_id",), gettext_noop("reviews")),
        (plan.review_comments, ("github_id",), gettext_noop("reviews")),
        (plan.commits, ("repository", "sha"), gettext_noop("commits")),
        (plan.credits, ("commit", "identity", "kind"), gettext_noop("commits")),
        (plan.issues, ("tracker", "external_id"), gettext_noop("issues")),
        (plan.issue_comments, ("issue", "external_id"), gettext_noop("issues")),
    ):
        write.upsert(rows, keys, label)
    # Unique over Lower(address): an expression.
    write.insert_or_update(
        plan.mailing_lists,
        MailingList.objects.filter(project__in=plan.projects),
        ("address",),
        lambda mailing_list: (mailing_list.address.lower(),),
        gettext_noop("mailing lists"),
    )
    write.upsert(plan.list_messages, ("message_id",), gettext_noop("mailing lists"))
    # Announced titles are dated by their announcement and link it, as the sync does.
    for title, message in plan.announced:
        title.source, title.announcement = Title.Source.ANNOUNCEMENT, message
    Title.objects.bulk_update([title for title, _m in plan.announced], ["source", "announcement"])
    # Before prune: ledger rows protect the people and camps they name.
    seed_community_demo(today=today or timezone.localdate())
    write.prune()
    logins = _create_logins(plan) if with_logins else ()
    if with_logins:
        _write_check_in_notes(plan)
    write.advance(gettext_noop("monthly rollups"), 0)
    refresh_activity_months(identity_ids=[identity.pk for identity in plan.identities])
    for project in Project.objects.filter(is_demo=True):  # calibrated targets at once
        calibrate_project(project=project, today=today)
    refresh_demo_figures()  # the community page's figures at once
    return DemoSummary(
        projects=len(plan.projects),
        contributors=len(plan.contributors),
        mentors=plan.mentors,
        camps=len(plan.cohorts),
        titles=len(plan.titles),
        records=plan.records,
        logins=logins,
        removed=removed,
    )
