"""Turning command-line words into rows, with an error that names what was not found."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from contributors.models import Contributor, Identity

KINDS = [kind.value for kind in Identity.Kind]


def identity(kind: str, value: str) -> Identity:
    try:
        return Identity.objects.select_related("contributor").get(
            kind=kind, value=Identity.normalize(kind, value)
        )
    except Identity.DoesNotExist:
        raise CommandError(
            _("No %(kind)s identity %(value)r is recorded.")
            % {"kind": Identity.Kind(kind).label, "value": value}
        ) from None


def contributor(slug: str) -> Contributor:
    try:
        return Contributor.objects.get(slug=slug)
    except Contributor.DoesNotExist:
        raise CommandError(_("No contributor has the slug %(slug)r.") % {"slug": slug}) from None
