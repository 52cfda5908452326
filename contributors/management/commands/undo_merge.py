import argparse

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributors.merges import MergeError, undo_merge
from contributors.models import ContributorMerge
from osc4you.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("Undo a merge of two people, putting back exactly what it moved.")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("merge", type=int, help=_("The merge's id."))

    def handle(self, *args, **options) -> None:
        try:
            merge = ContributorMerge.objects.select_related("source", "target").get(
                pk=options["merge"]
            )
        except ContributorMerge.DoesNotExist:
            raise CommandError(
                _("No merge has the id %(id)d.") % {"id": options["merge"]}
            ) from None
        try:
            undo_merge(merge=merge)
        except MergeError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Undid merge %(id)d: %(source)s is separate from %(target)s again.")
                    % {"id": merge.pk, "source": merge.source, "target": merge.target}
                )
            )
