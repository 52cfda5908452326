import argparse
import sys
from datetime import date

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from osc4you.demo import LOGIN_PASSWORD, DemoConflict, list_real_projects, seed_demo
from osc4you.lib.commands import TranslatedCommand


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)r is not a date; use YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Build a deterministic demo community (projects, people, camps and three years "
        "of activity), labelled as demo data. Re-running updates it in place."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--flush", action="store_true", help=_("Delete all demo data first."))
        parser.add_argument(
            "--with-logins",
            action="store_true",
            help=_(
                'Create the logins organizer, mentor and mentee (password "demo") even when '
                "DEBUG is off."
            ),
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_("Multiply the amount of activity, e.g. 0.1 (default 1)."),
        )
        parser.add_argument(
            "--if-no-real-data",
            action="store_true",
            help=_(
                "Do nothing when projects that are not demo data exist, so that a machine "
                "with synced data is left as it is."
            ),
        )
        parser.add_argument(
            "--today",
            type=_day,
            help=_("Build the demo as if today were this date (YYYY-MM-DD)."),
        )

    def handle(self, *args, **options) -> None:
        scale: float = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError(
                _("--scale must be above 0 and at most 10, not %(scale)s.") % {"scale": scale}
            )
        verbosity: int = options["verbosity"]
        with_logins = options["with_logins"] or settings.DEBUG
        if options["if_no_real_data"] and (real := list_real_projects()):
            if verbosity >= 1:
                self.stdout.write(
                    _(
                        "Real projects are present (%(projects)s); the demo was not loaded. "
                        "Run seed_demo without --if-no-real-data to load it anyway."
                    )
                    % {"projects": ", ".join(real[:5]) + (", …" if len(real) > 5 else "")}
                )
            return

        with tqdm(
            total=0, unit=_("rows"), file=sys.stderr, disable=verbosity < 1, leave=False
        ) as bar:

            def show(step: str, done: int, total: int) -> None:
                if bar.total != total:  # the plan is drawn: start the clock now
                    bar.reset(total=total)
                bar.set_description_str(step, refresh=False)
                bar.update(done - bar.n)

            try:
                summary = seed_demo(
                    today=options["today"],
                    scale=scale,
                    with_logins=with_logins,
                    flush=options["flush"],
                    progress=show,
                )
            except DemoConflict as exc:
                raise CommandError(str(exc)) from exc

        if verbosity < 1:
            return
        if options["flush"]:
            self.stdout.write(
                _("Removed %(rows)s demo rows.")
                % {"rows": number_format(summary.removed, force_grouping=True)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo community ready: %(projects)s projects, %(contributors)s contributors "
                    "(%(mentors)s mentors), %(camps)s camps, %(records)s activity records."
                )
                % {
                    "projects": summary.projects,
                    "contributors": summary.contributors,
                    "mentors": summary.mentors,
                    "camps": summary.camps,
                    "records": number_format(summary.records, force_grouping=True),
                }
            )
        )
        if summary.logins:
            self.stdout.write(
                _('Demo logins (password "%(password)s"): %(users)s.')
                % {"password": LOGIN_PASSWORD, "users": ", ".join(summary.logins)}
            )
