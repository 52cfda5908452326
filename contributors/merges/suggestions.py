"""Deciding what resolution suggested: confirm (link or merge) or dismiss for good."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contributors.merges.common import Actor, MergeError, decided
from contributors.merges.links import link_identity
from contributors.merges.people import choose_merge_target, merge_contributors
from contributors.models import Contributor, ContributorMerge, Identity, MergeSuggestion
from contributors.resolution import resolve_identities


def _current(person: Contributor) -> Contributor:
    seen = set()
    while person.pk not in seen and (survivor := person.merged_into) is not None:
        seen.add(person.pk)
        person = survivor
    return person


def confirm_suggestion(
    *, suggestion: MergeSuggestion, user: Actor = None
) -> Identity | ContributorMerge | None:
    """Carry out a pending suggestion: link the identity, or merge the two people (into the
    one ``choose_merge_target`` picks), then resolve the identities it was about again."""
    with transaction.atomic():
        suggestion = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        _check_pending(suggestion)
        # Either person may have been merged into someone since the suggestion was made.
        first = _current(suggestion.contributor)
        # merge_suggestion_shape: an identity for one kind, another person for the other.
        if suggestion.kind == MergeSuggestion.Kind.IDENTITY:
            assert suggestion.identity is not None
            result: Identity | ContributorMerge | None = link_identity(
                identity=suggestion.identity, contributor=first, user=user
            )
        else:
            assert suggestion.other is not None
            second = _current(suggestion.other)
            result = None
            if first != second:
                target = choose_merge_target([first, second])
                source = second if target == first else first
                result = merge_contributors(source=source, target=target, user=user)
        MergeSuggestion.objects.filter(pk=suggestion.pk).update(
            status=MergeSuggestion.Status.CONFIRMED, **decided(user)
        )
        # Identities a merge left unresolved (they bridged the two) now have one person.
        evidence_ids = suggestion.evidence.get("identity_ids", [])
        if suggestion.kind == MergeSuggestion.Kind.PEOPLE and evidence_ids:
            resolve_identities(identity_ids=evidence_ids)
    return result


@transaction.atomic
def dismiss_suggestion(*, suggestion: MergeSuggestion, user: Actor = None) -> MergeSuggestion:
    """Record that the suggestion is wrong; resolution never makes it again."""
    suggestion = MergeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _check_pending(suggestion)
    suggestion.status = MergeSuggestion.Status.DISMISSED
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save(update_fields=["status", "decided_at", "decided_by"])
    return suggestion


def _check_pending(suggestion: MergeSuggestion) -> None:
    if suggestion.status != MergeSuggestion.Status.PENDING:
        raise MergeError(
            _("This suggestion was already %(status)s.")
            % {"status": suggestion.get_status_display()}
        )
