import argparse

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contributors.models import Identity
from contributors.resolution import resolve_identities
from osc4you.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Turn unresolved identities into people, and suggest merges where it is not sure. "
        "Safe to re-run: links made by hand are never changed."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help=_(
                "Look at every identity, also linked ones: pairs between two people's "
                "identities become merge suggestions."
            ),
        )

    def handle(self, *args, **options) -> None:
        ids = Identity.objects.values_list("pk", flat=True) if options["all"] else None
        summary = resolve_identities(identity_ids=ids)
        if options["verbosity"] >= 1:
            line = ngettext(
                "%(considered)d identity looked at",
                "%(considered)d identities looked at",
                summary.considered,
            ) % {"considered": summary.considered}
            line += ngettext(
                ": %(linked)d linked, %(people)d new person",
                ": %(linked)d linked, %(people)d new people",
                summary.people_created,
            ) % {"linked": summary.linked, "people": summary.people_created}
            line += ngettext(
                ", %(count)d suggestion to review",
                ", %(count)d suggestions to review",
                summary.suggestions_created,
            ) % {"count": summary.suggestions_created}
            line += ngettext(
                ", %(count)d left unresolved",
                ", %(count)d left unresolved",
                summary.unresolved,
            ) % {"count": summary.unresolved}
            line += ngettext(
                ", %(count)d bot flagged.", ", %(count)d bots flagged.", summary.bots_flagged
            ) % {"count": summary.bots_flagged}
            self.stdout.write(self.style.SUCCESS(line))
