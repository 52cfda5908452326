import argparse

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.management.commands import _lookups
from contributors.merges import MergeError, merge_contributors
from osc4you.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Merge one person into another: identities, titles, camps and mentorships follow. "
        "Logged, and undone with undo_merge."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("source", help=_("Slug of the person merged away."))
        parser.add_argument("target", help=_("Slug of the person who remains."))

    def handle(self, *args, **options) -> None:
        source = _lookups.contributor(options["source"])
        target = _lookups.contributor(options["target"])
        try:
            merge = merge_contributors(source=source, target=target)
        except MergeError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Merged %(source)s into %(target)s: %(identities)d identities moved "
                        "(merge %(id)d; undo with: manage.py undo_merge %(id)d)."
                    )
                    % {
                        "source": source,
                        "target": target,
                        "identities": len(merge.moved["identities"]),
                        "id": merge.pk,
                    }
                )
            )
