"""Merging one person into another, and undoing it.

A merged person keeps their row, emptied, with ``merged_into`` set (see ``Contributor``);
the merge log (``ContributorMerge.moved``) records every row that moved and every row that
was dropped because the target already had its twin, so ``undo_merge`` puts back exactly
that.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contributors.merges.common import (
    Actor,
    MergeError,
    decided,
    refresh_rollups,
    restore,
    snapshot,
)
from contributors.models import (
    CheckInNote,
    Contributor,
    ContributorMerge,
    Identity,
    Mentorship,
    MergeSuggestion,
)
from contributors.resolution import lock_identities
from projects.models import Title

# Every relation that points at a person, and how a merge treats it. A new model pointing
# at Contributor must be added here (a test fails until it is), deciding whether it moves.
HANDLED_RELATIONS = frozenset(
    {
        "projects.Identity.contributor",  # moves
        "contributors.CheckInNote.mentee",  # moves
        "contributors.Mentorship.mentor",  # moves; a twin or a self-mentorship is dropped
        "contributors.Mentorship.mentee",  # likewise
        "contributors.Contributor.merged_into",  # history: stays
        "contributors.MergeSuggestion.contributor",  # pending ones are settled or re-asked
        "contributors.MergeSuggestion.other",  # likewise
        "contributors.ContributorMerge.source",  # history: stays
        "contributors.ContributorMerge.target",  # history: stays
        "contributors.AccountClaim.contributor",  # stays; decided on the survivor
        "projects.Title.contributor",  # moves; a title both hold is dropped
        "projects.ActivityMonth.contributor",  # rebuilt from the records
        "camps.Cohort.organizers",  # moves (camps' follower)
        "camps.Cohort.mentors",  # likewise
        "camps.Enrollment.contributor",  # likewise; a camp both attended is dropped
        "camps.Enrollment.mentor",  # likewise
        "community.Affiliation.contributor",  # moves (community's follower)
        "community.Expense.person",  # moves
        "community.ReviewMonth.contributor",  # recounted from the records
        "community.MemberQuarter.contributor",  # recounted from the records
    }
)


@dataclass(frozen=True)
class Follower:
    """A higher app's rows that follow a person into a merge and back out on undo:
    ``move_to(source=, target=)`` returns the moved ids by merge-log key, and
    ``move_back(moved=, source=, target=)`` gives back those still with the target."""

    move_to: Callable[..., dict[str, list[int]]]
    move_back: Callable[..., None]


# Registered by the apps above contributors in their ready() (camps: enrolments and the
# camps people organize or mentor; community: affiliations and ledger entries), so that
# merging people never imports them.
FOLLOWERS: list[Follower] = []


def register_follower(follower: Follower) -> None:
    if follower not in FOLLOWERS:
        FOLLOWERS.append(follower)


# Fields the target takes from the source when it has none of its own.
_FILLED_FIELDS = ("github_login", "apache_id", "jira_user", "chinese_name", "avatar_url")
# Of those, the ones unique among people: the source gives them up.
_UNIQUE_FIELDS = ("github_login", "apache_id")


def _locked(*people: Contributor) -> dict[int, Contributor]:
    rows = Contributor.objects.select_for_update().filter(pk__in=[p.pk for p in people])
    return {row.pk: row for row in rows}


def choose_merge_target(people: Iterable[Contributor]) -> Contributor:
    """Who the others merge into: a community member first, then one with an account, then
    the oldest."""
    return min(people, key=lambda p: (not p.is_member, p.user_id is None, p.pk))


@transaction.atomic
def merge_contributors(
    *, source: Contributor, target: Contributor, user: Actor = None, by_rule: bool = False
) -> ContributorMerge:
    """Move everything of ``source`` to ``target`` and log what moved, for ``undo_merge``.

    Identities, titles, mentorships (both sides), check-in notes, account and what the
    followers move (enrolments, camps organized and mentored, affiliations, ledger entries)
    follow; the target takes the source's logins and names where it has none, and
    membership. Where the target already has the same title, camp or mentorship, the
    target's stays and the source's is dropped (recorded, so an undo restores it).
    ``by_rule``: resolution merges two people it made itself; the identities stay linked by
    rule, so a later run may still reconsider them.
    """
    if source.pk == target.pk:
        raise MergeError(_("%(person)s cannot be merged into themselves.") % {"person": source})
    lock_identities()
    rows = _locked(source, target)
    source, target = rows[source.pk], rows[target.pk]
    for person in (source, target):
        if person.merged_into_id is not None:
            raise MergeError(
                _("%(person)s was already merged into %(other)s.")
                % {"person": person, "other": person.merged_into}
            )
    moved: dict[str, Any] = {}

    identities = Identity.objects.filter(contributor=source)
    moved["identities"] = [list(row) for row in identities.values_list("pk", "link_source")]
    link = Identity.LinkSource.RULE if by_rule else Identity.LinkSource.MANUAL
    identities.update(contributor=target, link_source=link)

    held = {(t.project_id, t.role) for t in Title.objects.filter(contributor=target)}
    moved["titles"], moved["titles_dropped"] = [], []
    for title in Title.objects.filter(contributor=source):
        if (title.project_id, title.role) in held:
            moved["titles_dropped"].append(snapshot(title))
            title.delete()
        else:
            moved["titles"].append(title.pk)
    Title.objects.filter(pk__in=moved["titles"]).update(contributor=target)

    moved.update(_move_mentorships(source, target))
    notes = CheckInNote.objects.filter(mentee=source)
    moved["check_in_notes"] = list(notes.values_list("pk", flat=True))
    notes.update(mentee=target)
    for follower in FOLLOWERS:
        moved.update(follower.move_to(source=source, target=target))

    # source_fields: {field: value before}; target_fields: {field: [before, after]}.
    source_fields: dict[str, Any] = {}
    target_fields: dict[str, list[Any]] = {}
    if source.user_id is not None and target.user_id is None:
        source_fields["user_id"] = source.user_id
        target_fields["user_id"] = [None, source.user_id]
        target.user_id, source.user_id = source.user_id, None
    for name in _FILLED_FIELDS:
        value = getattr(source, name)
        if value and not getattr(target, name):
            target_fields[name] = [getattr(target, name), value]
            setattr(target, name, value)
            if name in _UNIQUE_FIELDS:
                source_fields[name] = value
                setattr(source, name, "")
    if source.is_member:
        source_fields["is_member"] = True
        target_fields["is_member"] = [target.is_member, True]
        source.is_member, target.is_member = False, True
    moved["source_fields"], moved["target_fields"] = source_fields, target_fields
    source.merged_into = target
    # The source gives up unique values (login, account) before the target takes them.
    source.save(update_fields=[*source_fields, "merged_into", "updated_at"])
    target.save(update_fields=[*target_fields, "updated_at"])

    moved.update(_settle_suggestions(source, target, user))
    merge = ContributorMerge.objects.create(
        source=source, target=target, merged_by=user, moved=moved
    )
    refresh_rollups(contributor_ids=[source.pk, target.pk])
    return merge


def _move_mentorships(source: Contributor, target: Contributor) -> dict[str, list]:
    moved: dict[str, list] = {"mentoring": [], "mentored": [], "mentorships_dropped": []}
    existing = {
        (m.mentor_id, m.mentee_id, m.project_id, m.cohort_id)
        for m in Mentorship.objects.filter(Q(mentor=target) | Q(mentee=target))
    }
    for mentorship in Mentorship.objects.filter(Q(mentor=source) | Q(mentee=source)):
        mentor = target.pk if mentorship.mentor_id == source.pk else mentorship.mentor_id
        mentee = target.pk if mentorship.mentee_id == source.pk else mentorship.mentee_id
        key = (mentor, mentee, mentorship.project_id, mentorship.cohort_id)
        if mentor == mentee or key in existing:
            moved["mentorships_dropped"].append(snapshot(mentorship))
            mentorship.delete()
            continue
        existing.add(key)
        side = "mentoring" if mentorship.mentor_id == source.pk else "mentored"
        moved[side].append(mentorship.pk)
    Mentorship.objects.filter(pk__in=moved["mentoring"]).update(mentor=target)
    Mentorship.objects.filter(pk__in=moved["mentored"]).update(mentee=target)
    return moved


def _settle_suggestions(source: Contributor, target: Contributor, user: Actor) -> dict[str, list]:
    pending = MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING)
    between = pending.filter(
        Q(contributor=source, other=target) | Q(contributor=target, other=source)
    )
    confirmed = list(between.values_list("pk", flat=True))
    between.update(status=MergeSuggestion.Status.CONFIRMED, **decided(user))
    # Other open questions about the source are asked again about the target by the next
    # resolution run, if they still arise.
    pending.filter(Q(contributor=source) | Q(other=source)).delete()
    return {"suggestions_confirmed": confirmed}


@transaction.atomic
def undo_merge(*, merge: ContributorMerge, user: Actor = None) -> ContributorMerge:
    """Put back what ``merge`` moved. Rows changed by hand since stay as they are now."""
    lock_identities()
    merge = ContributorMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(_("Merge %(id)s was already undone.") % {"id": merge.pk})
    rows = _locked(merge.source, merge.target)
    source, target = rows[merge.source_id], rows[merge.target_id]
    if target.merged_into_id is not None:
        raise MergeError(
            _("%(target)s was since merged into %(other)s; undo that merge first.")
            % {"target": target, "other": target.merged_into}
        )
    if source.merged_into_id != target.pk:
        raise MergeError(
            _("%(source)s is no longer merged into %(target)s.")
            % {"source": source, "target": target}
        )
    moved = merge.moved

    by_link: dict[str, list[int]] = {}
    for pk, link_source in moved.get("identities", []):
        by_link.setdefault(link_source, []).append(pk)
    for link_source, pks in by_link.items():
        Identity.objects.filter(pk__in=pks, contributor=target).update(
            contributor=source, link_source=link_source
        )
    Title.objects.filter(pk__in=moved.get("titles", []), contributor=target).update(
        contributor=source
    )
    Mentorship.objects.filter(pk__in=moved.get("mentoring", []), mentor=target).update(
        mentor=source
    )
    Mentorship.objects.filter(pk__in=moved.get("mentored", []), mentee=target).update(mentee=source)
    for model, key in ((Title, "titles_dropped"), (Mentorship, "mentorships_dropped")):
        for data in moved.get(key, []):
            if not model.objects.filter(pk=data["id"]).exists():
                restore(model, data)
    CheckInNote.objects.filter(pk__in=moved.get("check_in_notes", []), mentee=target).update(
        mentee=source
    )
    for follower in FOLLOWERS:
        follower.move_back(moved=moved, source=source, target=target)

    # The target gives back what it took, unless changed by hand since, before the source
    # takes its unique values back.
    restored = []
    for name, (before, after) in moved.get("target_fields", {}).items():
        if getattr(target, name) == after:
            setattr(target, name, before)
            restored.append(name)
    target.save(update_fields=[*restored, "updated_at"])
    source_fields = moved.get("source_fields", {})
    for name, value in source_fields.items():
        setattr(source, name, value)
    source.merged_into = None
    source.save(update_fields=[*source_fields, "merged_into", "updated_at"])

    MergeSuggestion.objects.filter(
        pk__in=moved.get("suggestions_confirmed", []), status=MergeSuggestion.Status.CONFIRMED
    ).update(status=MergeSuggestion.Status.PENDING, decided_at=None, decided_by=None)
    merge.undone_at = timezone.now()
    merge.undone_by = user
    merge.save(update_fields=["undone_at", "undone_by"])
    refresh_rollups(contributor_ids=[source.pk, target.pk])
    return merge
