import argparse
import sys
import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from tqdm import tqdm

from community.snapshot import refresh_project_figures
from osc4you.lib.commands import TranslatedCommand
from projects.models import Project


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Recount the community page's figures: members' shares, organisations' ranks and "
        "reviews per pull request. Syncs and a nightly task do it too; safe to repeat."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "projects",
            nargs="*",
            metavar="PROJECT",
            help=_("Project slugs; every project when none is given."),
        )

    def handle(self, *args, **options) -> None:
        projects = list(Project.objects.order_by("name"))
        if options["projects"]:
            by_slug = {project.slug: project for project in projects}
            unknown = [slug for slug in options["projects"] if slug not in by_slug]
            if unknown:
                raise CommandError(
                    _("No project has the slug %(slugs)s.") % {"slugs": ", ".join(unknown)}
                )
            projects = [by_slug[slug] for slug in dict.fromkeys(options["projects"])]
        verbosity = options["verbosity"]
        started = time.perf_counter()
        for project in tqdm(projects, file=sys.stderr, disable=verbosity < 1, leave=False):
            figures = refresh_project_figures(project=project)
            if verbosity >= 2:
                self.stdout.write(
                    _("%(project)s: %(commits)s commits, %(organizations)s organisations.")
                    % {
                        "project": project.name,
                        "commits": figures.commits,
                        "organizations": figures.organizations,
                    }
                )
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Recounted %(count)d project in %(seconds).1f s.",
                        "Recounted %(count)d projects in %(seconds).1f s.",
                        len(projects),
                    )
                    % {"count": len(projects), "seconds": time.perf_counter() - started}
                )
            )
