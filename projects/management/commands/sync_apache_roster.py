from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from osc4you.lib.commands import TranslatedCommand
from projects.management.commands._progress import progress_bar
from projects.sync.errors import SourceError
from projects.sync.roster import RosterSyncResult, sync_apache_roster


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Record the committers, PMC members and PMC chairs of the followed Apache projects "
        "as titles, from Apache's public roster. Titles entered by hand are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            help=_(
                "a URL base or a local directory holding public_ldap_projects.json, "
                "committee-info.json and public_ldap_people.json (default: the "
                "APACHE_ROSTER_URL setting, https://whimsy.apache.org/public/)"
            ),
        )

    def handle(self, *args, **options) -> None:
        try:
            with progress_bar(
                _("Apache roster"), verbosity=options["verbosity"], unit=" steps"
            ) as bar:
                result = sync_apache_roster(source=options["source"], on_progress=bar)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(summary(result)))


def summary(result: RosterSyncResult) -> str:
    """One line: what the roster matched and what happened to the titles."""
    line = ngettext(
        "Apache roster: %(count)d project matched",
        "Apache roster: %(count)d projects matched",
        len(result.projects),
    ) % {"count": len(result.projects)}
    if result.projects:
        line += f" ({', '.join(result.projects)})"
    line += _(
        "; titles: %(created)d created, %(updated)d dated earlier, %(kept)d kept, "
        "%(by_hand)d entered by hand left as they are"
    ) % {
        "created": result.created,
        "updated": result.updated,
        "kept": result.kept,
        "by_hand": result.by_hand,
    }
    line += ngettext(
        "; %(count)d Apache id not linked to anyone yet, kept for later linking.",
        "; %(count)d Apache ids not linked to anyone yet, kept for later linking.",
        result.unlinked,
    ) % {"count": result.unlinked}
    return line
