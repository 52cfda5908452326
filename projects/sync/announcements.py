"""Titles dated by their announcements on the project's dev@ and announce lists.

The roster says who holds a title; it dates a committer title by the LDAP account's
creation, years early for someone who was a committer of another project first. A PMC
announces each new committer and PMC member on its lists ("[ANNOUNCE] New committer: Jane
Doe", "Jane Doe has accepted our invitation to become a committer"), and that message's
date is the title's: it replaces the roster's (source "announcement", the message linked
from the title).

Who: the announced name is matched against the names of the people holding that title in
the project (display name, Chinese name, Apache id, the names their identities carry); a
name two holders share dates nobody. Only titles the roster wrote or an announcement
dated are changed: titles entered by hand (or demo data) are never touched, and no title
is created here. The earliest announcement of a title wins.
"""

from django.db.models import Q
from django.utils import timezone

from projects.models import Identity, ListMessage, Project, Title

__all__ = ["date_titles"]

_ROLES = (Title.Role.COMMITTER, Title.Role.PMC_MEMBER)
_CHANGEABLE = (Title.Source.APACHE_ROSTER, Title.Source.ANNOUNCEMENT)


def date_titles(*, project: Project) -> int:
    """Date the project's titles by their announcements; returns the titles changed.
    Four queries when there is something to match, one when no announcement is stored."""
    found = list(
        ListMessage.objects.filter(
            mailing_list__project=project,
            announced_role__in=_ROLES,
            is_machine=False,
            kind=ListMessage.Kind.THREAD,
        )
        .order_by("sent_at", "pk")
        .values_list("pk", "announced_role", "announced_name", "sent_at")
    )
    if not found:
        return 0
    titles = list(
        Title.objects.filter(project=project, role__in=_ROLES, source__in=_CHANGEABLE)
        .select_related("contributor")
        .only(
            "pk", "role", "granted_on", "source", "announcement", "contributor_id",
            "contributor__display_name", "contributor__chinese_name", "contributor__apache_id",
        )
    )  # fmt: skip
    if not titles:
        return 0
    names: dict[int, set[str]] = {}
    for title in titles:
        person = title.contributor
        names[person.pk] = {
            Identity.normalize(Identity.Kind.GIT_NAME, value)
            for value in (person.display_name, person.chinese_name, person.apache_id)
            if value
        }
    for person_id, value in Identity.objects.filter(
        Q(kind=Identity.Kind.GIT_NAME) | Q(kind=Identity.Kind.APACHE),
        contributor_id__in=list(names),
    ).values_list("contributor_id", "value"):
        names[person_id].add(value)
    by_role: dict[str, list[Title]] = {}
    for title in titles:
        by_role.setdefault(title.role, []).append(title)
    changed: dict[int, Title] = {}
    dated: set[int] = set()
    for message_pk, role, name, sent_at in found:
        wanted = Identity.normalize(Identity.Kind.GIT_NAME, name)
        holders = [t for t in by_role.get(role, []) if wanted in names[t.contributor_id]]
        if len(holders) != 1 or holders[0].pk in dated:
            continue
        title = holders[0]
        dated.add(title.pk)  # the earliest announcement of a title wins
        day = timezone.localtime(sent_at).date()
        if (
            title.source == Title.Source.ANNOUNCEMENT
            and title.announcement_id == message_pk
            and title.granted_on == day
        ):
            continue
        title.granted_on, title.source, title.announcement_id = (
            day, Title.Source.ANNOUNCEMENT, message_pk
        )  # fmt: skip
        changed[title.pk] = title
    Title.objects.bulk_update(list(changed.values()), ["granted_on", "source", "announcement"])
    return len(changed)
