import argparse

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.management.commands import _lookups
from contributors.merges import MergeError, link_identity
from osc4you.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Link an identity to a person by hand; identity resolution never changes it again."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("kind", choices=_lookups.KINDS, help=_("Identity kind."))
        parser.add_argument("value", help=_("The email, name or login."))
        parser.add_argument("contributor", help=_("The person's slug."))

    def handle(self, *args, **options) -> None:
        identity = _lookups.identity(options["kind"], options["value"])
        person = _lookups.contributor(options["contributor"])
        try:
            link_identity(identity=identity, contributor=person)
        except MergeError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Linked %(identity)s to %(person)s.")
                    % {"identity": identity, "person": person}
                )
            )
