from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from osc4you.lib.commands import TranslatedCommand
from projects import pipeline
from projects.credits import detect_meanings
from projects.management.commands._lookup import project_by_slug
from projects.models.conventions import Meaning


class Command(TranslatedCommand):
    help = _("Propose what a project's commit credits mean, from its own history.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help=_("project slug"))
        parser.add_argument(
            "--apply", action="store_true", help=_("store the proposal and count again")
        )

    def handle(self, *args, **options) -> None:
        project = project_by_slug(options["project"])
        detection = detect_meanings(project=project)
        self.stdout.write(
            _("%(project)s: %(commits)d commits; committers known: %(titles)s")
            % {
                "project": project.slug,
                "commits": detection.commits,
                "titles": _("yes") if detection.has_titles else _("no"),
            }
        )
        for evidence in detection.evidence:
            self.stdout.write(
                _(
                    "%(kind)s: %(credits)d credits on %(commits)d commits; %(others)d name "
                    "someone other than the author, %(people)d people, %(committers)d of "
                    "those credits committers, %(few)d the ten named most"
                )
                % {
                    "kind": evidence.kind,
                    "credits": evidence.credits,
                    "commits": evidence.commits,
                    "others": evidence.of_others,
                    "people": evidence.people,
                    "committers": evidence.by_committers,
                    "few": evidence.by_few,
                }
            )
        for meaning in Meaning:
            kinds = detection.proposed.get(meaning.value) or []
            self.stdout.write(
                _("proposed %(meaning)s: %(kinds)s")
                % {"meaning": meaning.value, "kinds": ", ".join(kinds) or "-"}
            )
        if options["apply"]:
            with transaction.atomic():
                project.credit_meanings = detection.proposed
                project.save(update_fields=["credit_meanings"])
                people = pipeline.credit_meanings_changed(project_id=project.pk)
            self.stdout.write(_("stored; %(people)d identities counted again") % {"people": people})
