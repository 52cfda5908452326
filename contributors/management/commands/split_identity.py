import argparse

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.management.commands import _lookups
from contributors.merges import split_identity
from osc4you.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Detach a wrongly linked identity into a new person of its own; identity resolution "
        "never links it back."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("kind", choices=_lookups.KINDS, help=_("Identity kind."))
        parser.add_argument("value", help=_("The email, name or login."))

    def handle(self, *args, **options) -> None:
        identity = _lookups.identity(options["kind"], options["value"])
        before = identity.contributor
        person = split_identity(identity=identity)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Split %(identity)s from %(before)s into a new person: "
                        "%(person)s (%(slug)s)."
                    )
                    % {
                        "identity": identity,
                        "before": before or _("nobody"),
                        "person": person,
                        "slug": person.slug,
                    }
                )
            )
