from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from osc4you.lib.commands import TranslatedCommand
from projects.management.commands._progress import progress_bar
from projects.management.commands.sync_git import find_repository
from projects.sync.errors import RateLimited, SourceError
from projects.sync.github import sync_github
from projects.times import zoned_datetime


class Command(TranslatedCommand):
    help = _("Sync a repository's pull requests, reviews and issues from GitHub.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("repository", help=_("owner/name, as added with add_repository"))
        parser.add_argument(
            "--full", action="store_true", help=_("read everything again, not only what changed")
        )

    def handle(self, *args, **options) -> None:
        repository = find_repository(options["repository"])
        try:
            with progress_bar(
                repository.full_name, verbosity=options["verbosity"], unit=_(" items")
            ) as bar:
                result = sync_github(repository=repository, full=options["full"], on_progress=bar)
        except RateLimited as exc:
            until = zoned_datetime(exc.until)
            raise CommandError(
                _("%(repo)s: waiting for the rate limit until %(until)s; the position is "
                  "saved, run again then to go on (%(reason)s)")
                % {"repo": repository.full_name, "until": until, "reason": exc}
            ) from None  # fmt: skip
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(repo)s: %(pulls)s pull requests, %(reviews)s reviews, %(comments)s review "
                    "comments, %(conversation)s conversation comments, %(issues)s issues with "
                    "%(issue_comments)s comments, in %(requests)s requests and %(seconds).1f s"
                )
                % {
                    "repo": repository.full_name,
                    "pulls": f"{result.pull_requests:,}",
                    "reviews": f"{result.reviews:,}",
                    "comments": f"{result.review_comments:,}",
                    "conversation": f"{result.pull_request_comments:,}",
                    "issues": f"{result.issues:,}",
                    "issue_comments": f"{result.issue_comments:,}",
                    "requests": result.requests,
                    "seconds": result.seconds,
                }
            )
        )
