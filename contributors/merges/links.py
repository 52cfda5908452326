"""Linking an identity to a person by hand, and splitting a wrong link into a new person."""

from django.db import transaction
from django.utils.translation import gettext as _

from contributors.merges.common import Actor, MergeError, decided, refresh_rollups
from contributors.models import Contributor, Identity, MergeSuggestion
from contributors.resolution import free_slug, lock_identities, looks_like_assistant, looks_like_bot


@transaction.atomic
def link_identity(
    *, identity: Identity, contributor: Contributor | None, user: Actor = None
) -> Identity:
    """Link an identity to a person by hand, or (``contributor=None``) keep it unlinked.

    Either way ``link_source`` becomes manual, so resolution leaves it alone. A pending
    suggestion for this link is confirmed; other pending ones about the identity are moot
    and removed.
    """
    lock_identities()
    if contributor is not None:
        contributor.refresh_from_db(fields=["merged_into"])
        if contributor.merged_into_id is not None:
            raise MergeError(
                _("%(person)s was merged into another person; link to that person instead.")
                % {"person": contributor}
            )
    identity = Identity.objects.select_for_update().get(pk=identity.pk)
    before = identity.contributor_id
    identity.contributor = contributor
    identity.link_source = Identity.LinkSource.MANUAL
    identity.save(update_fields=["contributor", "link_source"])
    pending = MergeSuggestion.objects.filter(
        identity=identity, status=MergeSuggestion.Status.PENDING
    )
    if contributor is not None:
        pending.filter(contributor=contributor).update(
            status=MergeSuggestion.Status.CONFIRMED, **decided(user)
        )
    pending.delete()
    refresh_rollups([identity.pk], [before, identity.contributor_id])
    return identity


def _identity_name(identity: Identity) -> str:
    shown = identity.display or identity.value
    return shown.split("@")[0] if identity.kind == Identity.Kind.GIT_EMAIL else shown


@transaction.atomic
def split_identity(*, identity: Identity, user: Actor = None) -> Contributor:
    """Detach a wrongly linked identity into a new person of its own, linked by hand."""
    lock_identities()
    identity = Identity.objects.select_for_update().get(pk=identity.pk)
    before = identity.contributor
    name = _identity_name(identity)
    person = Contributor(
        display_name=name[:200],
        slug=free_slug(name, identity.value),
        origin=Contributor.Origin.MANUAL,
        is_bot=looks_like_bot(identity.value),
        is_assistant=looks_like_assistant(identity.value),
    )
    # A login held by the old person because of this very identity goes with it.
    logins: dict[str, str] = {
        Identity.Kind.GITHUB: "github_login",
        Identity.Kind.APACHE: "apache_id",
    }
    field = logins.get(identity.kind)
    if field and before is not None and getattr(before, field).lower() == identity.value:
        setattr(before, field, "")
        before.save(update_fields=[field, "updated_at"])
    if field and not Contributor.objects.filter(**{f"{field}__iexact": identity.value}).exists():
        setattr(person, field, identity.display or identity.value)
    person.save()
    identity.contributor = person
    identity.link_source = Identity.LinkSource.MANUAL
    identity.save(update_fields=["contributor", "link_source"])
    MergeSuggestion.objects.filter(
        identity=identity, status=MergeSuggestion.Status.PENDING
    ).delete()
    if before is not None:
        # The split says these are two people: record it as a dismissed suggestion, so
        # resolution never proposes merging them back.
        MergeSuggestion.objects.create(
            kind=MergeSuggestion.Kind.PEOPLE,
            reason=MergeSuggestion.Reason.SPLIT,
            contributor_id=min(before.pk, person.pk),
            other_id=max(before.pk, person.pk),
            evidence={"identity_ids": [identity.pk]},
            status=MergeSuggestion.Status.DISMISSED,
            **decided(user),
        )
    refresh_rollups([identity.pk], [before.pk if before else None, person.pk])
    return person
