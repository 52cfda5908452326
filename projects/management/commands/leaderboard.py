import csv

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from osc4you.lib.cells import csv_text
from osc4you.lib.commands import TranslatedCommand
from projects.commits import LeaderboardKind, Period, leaderboard, period, quarter
from projects.management.commands._lookup import project_by_slug


class Command(TranslatedCommand):
    help = _("Rank people by commits written, reviewed or co-authored in a project.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help=_("project slug"))
        parser.add_argument("--kind", choices=LeaderboardKind.CHOICES, required=True)
        parser.add_argument("--quarter", help=_("a quarter such as 2024Q3"))
        parser.add_argument("--since", help=_("first day, e.g. 2024-07-01"))
        parser.add_argument("--until", help=_("last day (included) or an end date-time (excluded)"))
        parser.add_argument("--limit", type=int, default=10, help=_("ranks to show (default 10)"))
        parser.add_argument("--format", choices=("table", "csv"), default="table")
        parser.add_argument("--include-bots", action="store_true", help=_("rank bots too"))

    def handle(self, *args, **options) -> None:
        project = project_by_slug(options["project"])
        if options["quarter"] and (options["since"] or options["until"]):
            raise CommandError(_("use --quarter or --since/--until, not both"))
        if options["limit"] < 1:
            raise CommandError(_("--limit must be at least 1"))
        try:
            within = (
                quarter(options["quarter"])
                if options["quarter"]
                else period(since=options["since"], until=options["until"])
                if options["since"] or options["until"]
                else Period()
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        rows = leaderboard(
            project=project,
            kind=options["kind"],
            within=within,
            limit=options["limit"],
            include_bots=options["include_bots"],
        )
        if options["format"] == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["rank", "name", "count"])
            writer.writerows([row.rank, csv_text(row.name), row.count] for row in rows)
            return
        if not rows:
            self.stdout.write(_("No %(kind)s credits in this period.") % {"kind": options["kind"]})
            return
        rank, name, count = _("rank"), _("name"), _("count")
        width = max(len(name), *(len(row.name) for row in rows))
        self.stdout.write(f"{rank:>4}  {name:<{width}}  {count:>7}")
        for row in rows:
            self.stdout.write(f"{row.rank:>4}  {row.name:<{width}}  {row.count:>7,}")
