import time

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osc4you.lib.commands import TranslatedCommand
from projects import pipeline
from projects.management.commands._progress import progress_bar
from projects.models import Repository
from projects.sync.git import SHAS_NAMED, GitSyncError, GitSyncResult, sync_repository


def find_repository(full_name: str) -> Repository:
    owner, _sep, name = full_name.partition("/")
    repository = (
        Repository.objects.select_related("project")
        .filter(owner__iexact=owner, name__iexact=name)
        .first()
    )
    if repository is None:
        raise CommandError(
            _("unknown repository %(name)r: add it first with add_repository") % {"name": full_name}
        )
    return repository


class Command(TranslatedCommand):
    help = _("Sync a repository's commits and credits from git, then its line stats.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("repository", help=_("owner/name, as added with add_repository"))
        parser.add_argument("--no-stats", action="store_true", help=_("skip the line-stats pass"))

    def handle(self, *args, **options) -> None:
        repository = find_repository(options["repository"])
        started = time.perf_counter()
        # What is not needed to show the new commits (calibration, figures, warming) is
        # queued once the summary is out, and runs after it even with tasks in-process.
        with pipeline.answer_first() as follow_ups:
            result = self.sync(repository, options)
            self.stdout.write(self.summary(result, started))
            if follow_ups:
                self.stdout.write(refreshing_note())
            self.stdout.flush()

    def sync(self, repository: Repository, options: dict) -> GitSyncResult:
        verbosity = options["verbosity"]
        try:
            with (
                progress_bar(repository.full_name, verbosity=verbosity, unit=" commits") as bar,
                progress_bar(_("line stats"), verbosity=verbosity, unit=" commits") as stats,
            ):
                return sync_repository(
                    repository=repository,
                    with_stats=not options["no_stats"],
                    on_progress=bar,
                    on_stats_progress=stats,
                )
        except GitSyncError as exc:
            raise CommandError(str(exc)) from exc

    def summary(self, result: GitSyncResult, started: float) -> str:
        if result.up_to_date:
            summary = _("%(repo)s is up to date at %(head)s (%(branch)s)") % {
                "repo": result.repository,
                "head": result.head[:12] or _("no commits"),
                "branch": result.branch,
            }
        else:
            summary = _(
                "%(repo)s: %(seen)s commits read, %(new)s new, %(credits)s credits, "
                "%(identities)s identities in %(seconds).1f s"
            ) % {
                "repo": result.repository,
                "seen": f"{result.commits_seen:,}",
                "new": f"{result.commits_new:,}",
                "credits": f"{result.credits_new:,}",
                "identities": f"{result.identities:,}",
                "seconds": result.seconds,
            }
        if result.stats_commits:
            summary += _("; line stats for %(count)s commits in %(seconds).1f s") % {
                "count": f"{result.stats_commits:,}",
                "seconds": result.stats_seconds,
            }
        if result.stats_skipped:
            summary += "; " + skipped(result.stats_skipped)
        summary += _(" (total %(seconds).1f s)") % {"seconds": time.perf_counter() - started}
        style = self.style.WARNING if result.stats_skipped else self.style.SUCCESS
        return style(summary)


def refreshing_note() -> str:
    """What follows the summary: figures and caches are refreshed after the answer."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return _("Figures and caches are being refreshed now, in this process (no broker is set).")
    return _("Figures and caches are being refreshed in the background.")


def skipped(shas: list[str]) -> str:
    """What ``projects.sync.git.skipped_note`` says, translated."""
    named = ", ".join(sha[:7] for sha in shas[:SHAS_NAMED])
    if len(shas) > SHAS_NAMED:
        named = _("%(named)s and %(count)s more") % {
            "named": named,
            "count": f"{len(shas) - SHAS_NAMED:,}",
        }
    return ngettext(
        "%(count)s commit skipped: objects missing (%(shas)s)",
        "%(count)s commits skipped: objects missing (%(shas)s)",
        len(shas),
    ) % {"count": f"{len(shas):,}", "shas": named}
