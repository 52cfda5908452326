from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from osc4you.lib.commands import TranslatedCommand
from projects.management.commands._lookup import project_by_slug
from projects.management.commands._progress import progress_bar
from projects.sync.errors import RateLimited, SourceError
from projects.sync.jira import sync_jira
from projects.times import zoned_datetime


class Command(TranslatedCommand):
    help = _("Sync a project's JIRA issues and their comments.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help=_("project slug"))
        parser.add_argument(
            "--full", action="store_true", help=_("read everything again, not only what changed")
        )

    def handle(self, *args, **options) -> None:
        project = project_by_slug(options["project"])
        try:
            with progress_bar(
                project.jira_key or project.name, verbosity=options["verbosity"], unit=_(" issues")
            ) as bar:
                result = sync_jira(project=project, full=options["full"], on_progress=bar)
        except RateLimited as exc:
            until = zoned_datetime(exc.until)
            raise CommandError(
                _("%(project)s: JIRA asks to wait until %(until)s; the position is saved, "
                  "run again then to go on")
                % {"project": project.name, "until": until}
            ) from None  # fmt: skip
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(project)s: %(issues)s issues and %(comments)s comments in %(requests)s "
                    "requests and %(seconds).1f s"
                )
                % {
                    "project": project.name,
                    "issues": f"{result.issues:,}",
                    "comments": f"{result.comments:,}",
                    "requests": result.requests,
                    "seconds": result.seconds,
                }
            )
        )
