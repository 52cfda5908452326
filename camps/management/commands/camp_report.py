"""``manage.py camp_report <slug> --format csv|xlsx|pdf --output FILE``: a camp's report for
scripts, the same files the camp page's downloads give its staff."""

import argparse
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camps import reports
from camps.figures import get_camp_figures
from camps.models import Cohort
from camps.reports import csv
from osc4you.lib.commands import TranslatedCommand

STDOUT = "-"


class Command(TranslatedCommand):
    # A read for scripts: the system checks (every URLconf, the admin) would double its time.
    requires_system_checks: list[str] = []
    help = gettext_lazy(
        "Write a camp's report: its participants' contributions inside the camp's dates, as "
        "CSV (one table), XLSX (every table, a sheet each) or PDF (printable, with charts)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("slug", help=_("The camp's slug, as in /camps/<slug>/."))
        parser.add_argument(
            "--format",
            required=True,
            choices=[f.value for f in reports.Format],
            dest="fmt",
            help=_("CSV, XLSX or PDF."),
        )
        parser.add_argument(
            "--output",
            required=True,
            help=_("The file to write, replaced whole; - sends CSV to standard output."),
        )
        parser.add_argument(
            "--table",
            choices=reports.TABLE_CHOICES,
            default="people",
            help=_("CSV only: which table (default: people, one row per participant)."),
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=_("The report's language (default: %(default)s)."),
        )
        parser.add_argument(
            "--no-bom",
            action="store_true",
            help=_(
                "CSV files start with a byte-order mark so Excel reads Chinese names as UTF-8; "
                "leave it out. Standard output never has one."
            ),
        )

    def handle(self, *args, **options) -> None:
        fmt = reports.Format(options["fmt"])
        output, table = options["output"], options["table"]
        if output == STDOUT and fmt != reports.Format.CSV:
            raise CommandError(
                _("%(format)s is binary: write it to a file with --output FILE.")
                % {"format": fmt.upper()}
            )
        if table != "people" and fmt != reports.Format.CSV:
            raise CommandError(_("--table is for CSV; XLSX and PDF reports hold every table."))
        cohort = Cohort.objects.filter(slug=options["slug"]).first()
        if cohort is None:
            known = ", ".join(Cohort.objects.order_by("-starts_on").values_list("slug", flat=True))
            raise CommandError(
                _("There is no camp %(slug)s. Camps: %(known)s.")
                % {"slug": repr(options["slug"]), "known": known or _("none yet")}
            )
        target = None if output == STDOUT else Path(output)
        if target is not None and not target.parent.is_dir():
            raise CommandError(
                _("Cannot write %(file)s: there is no directory %(directory)s.")
                % {"file": output, "directory": str(target.parent)}
            )

        with translation.override(options["language"]):
            figures = get_camp_figures(cohort=cohort)
            if target is None:
                self._write_stdout(csv.lines(reports.TABLES[table](figures), bom=False))
            else:
                self._write_file(target, figures, fmt, table, bom=not options["no_bom"])

        if options["verbosity"] >= 1:
            summary = _(
                "Wrote the %(format)s report of %(camp)s (%(count)d participants) to %(to)s."
            ) % {
                "format": fmt.upper(),
                "camp": cohort.name,
                "count": len(figures.participants),
                "to": _("standard output") if target is None else output,
            }
            # With the report on standard output, the summary goes beside it.
            (self.stderr if target is None else self.stdout).write(self.style.SUCCESS(summary))

    def _write_stdout(self, lines) -> None:
        binary = getattr(self.stdout._out, "buffer", None)
        try:
            for line in lines:
                if binary is not None:
                    binary.write(line)
                else:  # a text stream, as call_command(stdout=StringIO()) gives
                    self.stdout.write(line.decode("utf-8"), ending="")
            if binary is not None:
                binary.flush()
        except BrokenPipeError:
            # The reader stopped early (``| head``): what it read is what it wanted.
            # OutputWrapper's stream: private in Django, so the stubs leave it out.
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stdout._out.fileno())  # type: ignore[attr-defined]

    def _write_file(self, target: Path, figures, fmt: reports.Format, table: str, bom: bool):
        # Written beside the target and renamed over it: a failure leaves any old file whole.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                if fmt == reports.Format.CSV:
                    csv.write_csv(reports.TABLES[table](figures), out, bom=bom)
                elif fmt == reports.Format.XLSX:
                    from camps.reports.xlsx import write_xlsx  # only when asked

                    write_xlsx(figures, out)
                else:
                    from camps.reports.pdf import write_pdf  # ReportLab is large

                    write_pdf(figures, out)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
