"""What the commands look up from their arguments, with the error they all give."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from projects.models import Project


def project_by_slug(slug: str) -> Project:
    """The project with this slug; CommandError naming the slug when there is none."""
    try:
        return Project.objects.get(slug=slug)
    except Project.DoesNotExist:
        raise CommandError(_("unknown project %(slug)r") % {"slug": slug}) from None
