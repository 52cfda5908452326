"""Apache roster sync: committer, PMC member and PMC chair titles from Apache's public roster.

Which projects: a followed project of the ASF (foundation ``asf``, not demo data) matches the
Apache committee or podling whose id equals its slug, case aside: ``kafka``, ``yunikorn``,
``ozone``, ``airflow``. Nothing else is matched, so a project followed under another slug
gets no roster titles until its slug is the committee's id.

Who: every Apache id of a matched project is stored as an ``apache`` identity, so an id that
nobody is linked to yet is kept for later linking. Identities are linked as everywhere else:
a git or GitHub sync seeing ``<id>@apache.org``, an organizer linking by hand, or the Apache
id typed on a person, which this sync resolves itself. Resolution runs only for ids with
that evidence: resolving an id seen alone would make a new person of every committer of the
project, a duplicate of the person their commits under another email already made.
Titles are written for linked people only; someone linked later gets theirs at the next sync.

Roles, from ``roster_client.Roster``: the PMC is the committee-info roster with the LDAP owners
of a PMC (a podling's owners are its PPMC: no PMC title) and the chair; committers are the
LDAP members and the PMC, whose members are committers of their project.

Dates (``granted_on``): a PMC member's is the date the roster says they joined; a committer's
is their account's creation, the earliest evidence of committership (too early for someone
who was a committer elsewhere first), never later than their PMC date; a chair's is unknown,
as committee-info.json does not say since when. A re-run only moves a date earlier or fills
an empty one.

A title announced on the project's dev@ or announce list takes the announcement's date
instead (``announcements``), and keeps it: the roster then only says it is still held.

Never: a title from another source (entered by hand, demo data) is left exactly as it is,
empty date included, so an organizer's correction stands; and nothing is deleted when a
person leaves the roster, since a title records what was earned. Titles, identities and
links are written in one transaction, after all three files have been read and checked.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from projects import pipeline
from projects.identities import upsert_identities
from projects.models import Identity, Project, SyncState, Title
from projects.sync import announcements
from projects.sync import state as sync_state
from projects.sync.errors import Refused, SourceError
from projects.sync.locks import SyncAlreadyRunning, sync_lock
from projects.sync.roster_client import (
    DEFAULT_URL,
    FILES,
    LdapProject,
    Roster,
    check_dates,
    read_roster,
)

__all__ = [
    "RosterSyncResult",
    "default_source",
    "matched_projects",
    "roster_titles",
    "sync_apache_roster",
]

Progress = Callable[[int, int | None], None]
Role = Title.Role
_NOBODY = LdapProject(committers=frozenset(), owners=frozenset())


@dataclass
class RosterSyncResult:
    source: str
    projects: list[str] = field(default_factory=list)  # slugs of the matched projects
    created: int = 0
    updated: int = 0  # given an earlier date, or a date where there was none
    kept: int = 0  # already as the roster says
    by_hand: int = 0  # entered by hand (or demo data): left as they are
    apache_ids: int = 0  # of the matched projects' rosters
    linked: int = 0  # Apache ids this run linked to the person whose apache_id names them
    unlinked: int = 0  # Apache ids nobody is linked to yet, kept for later linking
    announced: int = 0  # dated by their announcement on the project's lists instead
    seconds: float = 0.0


def default_source() -> str:
    """Where the roster is read from when no source is given."""
    return settings.APACHE_ROSTER_URL or DEFAULT_URL


def sync_apache_roster(
    *, source: str | None = None, on_progress: Progress | None = None
) -> RosterSyncResult:
    """Create or update the titles the roster at ``source`` (a URL base or a directory
    holding the three files; default ``default_source()``) gives the followed projects.

    Raises Unavailable when the server cannot be reached or fails (try again later),
    Refused for anything else wrong with the files; either way nothing was written but
    the failure, on the roster's sync state.
    """
    source = source or default_source()
    try:
        with sync_lock(SyncState.Kind.APACHE_ROSTER, 0):
            return _sync(source, on_progress)
    except SyncAlreadyRunning:
        raise Refused(_("another Apache roster sync is running")) from None


def matched_projects(roster: Roster) -> list[Project]:
    """The followed ASF projects whose slug is a committee's or podling's id."""
    ids = roster.projects.keys() | roster.committees.keys()
    projects = Project.objects.filter(foundation=Project.Foundation.ASF, is_demo=False)
    return [project for project in projects.order_by("slug") if project.slug.lower() in ids]


def roster_titles(roster: Roster, committee_id: str) -> dict[str, dict[str, date | None]]:
    """Role → Apache id → the earliest date the roster gives (None: unknown), for one
    committee or podling id."""
    ldap = roster.projects.get(committee_id, _NOBODY)
    committee = roster.committees.get(committee_id)
    pmc: dict[str, date | None] = {}
    chairs: dict[str, date | None] = {}
    if committee is not None:  # only PMCs are in committee-info.json, podlings are not
        pmc.update(committee.joined)
        for apache_id in ldap.owners | committee.chairs:
            pmc.setdefault(apache_id, None)
        chairs = dict.fromkeys(committee.chairs)
    committers = {
        apache_id: _earlier(roster.accounts_created.get(apache_id), pmc.get(apache_id))
        for apache_id in ldap.committers | pmc.keys()
    }
    return {Role.COMMITTER: committers, Role.PMC_MEMBER: pmc, Role.PMC_CHAIR: chairs}


def _earlier(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def _sync(source: str, on_progress: Progress | None) -> RosterSyncResult:
    started = time.perf_counter()
    result = RosterSyncResult(source=source)
    state = SyncState.objects.get_or_create(
        kind=SyncState.Kind.APACHE_ROSTER, repository=None, project=None
    )[0]
    state.cursor = {"source": source}
    sync_state.begin(state)

    def file_read(name: str) -> None:
        state.pages_done += 1
        if on_progress:
            on_progress(state.pages_done, None)

    try:
        roster = read_roster(source, on_file=file_read)
        projects = matched_projects(roster)
        check_dates(roster, {project.slug.lower() for project in projects})
        result.projects = [project.slug for project in projects]
        total = len(FILES) + len(projects)

        def project_done(done: int) -> None:
            if on_progress:
                on_progress(len(FILES) + done, total)

        with transaction.atomic():
            _apply(roster, projects, result, project_done)
    except SourceError as exc:
        sync_state.fail(state, str(exc))
        raise
    except BaseException as exc:
        sync_state.fail(state, f"{exc.__class__.__name__}: {exc}")
        raise
    state.items_done = state.items_total = result.apache_ids
    sync_state.succeed(state)
    result.seconds = time.perf_counter() - started
    return result


def _apply(
    roster: Roster,
    projects: list[Project],
    result: RosterSyncResult,
    project_done: Callable[[int], None],
) -> None:
    wanted = {project.pk: roster_titles(roster, project.slug.lower()) for project in projects}
    apache_ids = sorted(
        {
            apache_id
            for titles in wanted.values()
            for people in titles.values()
            for apache_id in people
        }
    )
    ids = upsert_identities((Identity.Kind.APACHE, apache_id) for apache_id in apache_ids)
    identity_ids = list(ids.values())
    result.apache_ids = len(identity_ids)
    result.linked = pipeline.identities_claimed(identity_ids)
    holders = dict(
        Identity.objects.filter(
            pk__in=identity_ids, contributor__isnull=False, contributor__merged_into__isnull=True
        ).values_list("value", "contributor_id")
    )
    result.unlinked = len(identity_ids) - len(holders)
    for done, project in enumerate(projects, 1):
        _write_titles(project, wanted[project.pk], holders, result)
        # A title the roster just created takes the date its list announcement gives.
        result.announced += announcements.date_titles(project=project)
        project_done(done)


def _write_titles(
    project: Project,
    titles: dict[str, dict[str, date | None]],
    holders: dict[str, int],
    result: RosterSyncResult,
) -> None:
    desired: dict[tuple[int, str], date | None] = {}
    for role, people in titles.items():
        for apache_id, when in people.items():
            person = holders.get(apache_id)
            if person is None:
                continue
            key = (person, role)
            # One person with two Apache ids: the earlier date of the two.
            desired[key] = _earlier(desired[key], when) if key in desired else when
    if not desired:
        return
    existing = {
        (title.contributor_id, title.role): title
        for title in Title.objects.filter(
            project=project,
            role__in=[Role.COMMITTER, Role.PMC_MEMBER, Role.PMC_CHAIR],
            contributor_id__in={person for person, _role in desired},
        )
    }
    new, earlier = [], []
    for (person, role), when in sorted(desired.items()):
        title = existing.get((person, role))
        if title is None:
            new.append(
                Title(
                    contributor_id=person,
                    project=project,
                    role=role,
                    granted_on=when,
                    source=Title.Source.APACHE_ROSTER,
                )
            )
        elif title.source == Title.Source.ANNOUNCEMENT:
            result.kept += 1  # held, as the roster says, and dated by its announcement
        elif title.source != Title.Source.APACHE_ROSTER:
            result.by_hand += 1
        elif when is not None and (title.granted_on is None or when < title.granted_on):
            title.granted_on = when
            earlier.append(title)
        else:
            result.kept += 1
    # A title an organizer enters meanwhile wins over the roster's, as any hand-entered one.
    Title.objects.bulk_create(new, ignore_conflicts=True)
    Title.objects.bulk_update(earlier, ["granted_on"])
    result.created += len(new)
    result.updated += len(earlier)
