from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from osc4you.lib.commands import TranslatedCommand
from projects.management.commands._lookup import project_by_slug
from projects.management.commands._progress import progress_bar
from projects.sync.errors import RateLimited, SourceError
from projects.sync.lists import sync_lists
from projects.times import zoned_datetime


class Command(TranslatedCommand):
    help = _(
        "Sync the messages of a project's mailing lists from the archive (LISTS_URL), and "
        "date its titles by their announcements."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help=_("project slug"))
        parser.add_argument("--full", action="store_true", help=_("read complete months again too"))
        parser.add_argument(
            "--since", metavar="YYYY-MM", help=_("leave out the months before this one")
        )

    def handle(self, *args, **options) -> None:
        project = project_by_slug(options["project"])
        try:
            with progress_bar(
                project.name, verbosity=options["verbosity"], unit=_(" messages")
            ) as bar:
                result = sync_lists(
                    project=project,
                    full=options["full"],
                    since=options["since"],
                    on_progress=bar,
                )
        except RateLimited as exc:
            raise CommandError(
                _("%(project)s: the archive asks to wait until %(until)s; the months done are "
                  "saved, run again then to go on")
                % {"project": project.name, "until": zoned_datetime(exc.until)}
            ) from None  # fmt: skip
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        for problem in [*result.bad_months, *result.empty_lists]:
            self.stderr.write(self.style.WARNING(problem))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(project)s: %(messages)s messages (%(machine)s from machines) in "
                    "%(months)s list-months, %(requests)s requests and %(seconds).1f s; "
                    "%(titles)s titles dated by announcements"
                )
                % {
                    "project": project.name,
                    "messages": f"{result.messages:,}",
                    "machine": f"{result.machine:,}",
                    "months": result.months,
                    "requests": result.requests,
                    "seconds": result.seconds,
                    "titles": result.titles_dated,
                }
            )
        )
