"""The camp page /camps/<slug>/ and its report downloads /camps/<slug>/report.<format>/."""

import tempfile
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext

from camps import reports
from camps.access import view_camp
from camps.figures import METRIC_LABELS, CampFigures, get_camp_figures, site_zone
from camps.models import Cohort
from camps.reports import csv
from camps.roles import can_export_camp
from contributors.roles import member_required
from osc4you.lib.assets import chart_js_url

# The weekly chart's series, in legend order (the table below it has every figure).
CHARTED = ("prs_opened", "prs_merged", "reviews", "issues_reported", "issues_resolved")


def _chart(figures: CampFigures) -> dict:
    return {
        "weeks": [gettext("Week %(number)d") % {"number": w.number} for w in figures.weeks],
        "series": [
            {"label": str(METRIC_LABELS[m]), "data": [getattr(w.counts, m) for w in figures.weeks]}
            for m in CHARTED
        ],
    }


@member_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(Cohort, slug=slug)
    figures = get_camp_figures(cohort=cohort)
    return render(
        request,
        "camps/detail.html",
        {
            "camp": view_camp(user=request.user, figures=figures),
            "figures": figures,
            "chart": _chart(figures),
            "chart_js": chart_js_url(),
            "zone": str(site_zone()),
        },
    )


def _attachment(figures: CampFigures, fmt: reports.Format) -> FileResponse:
    # A temporary file rather than memory: the response streams it in blocks and closing
    # it at the end of the response deletes it.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    # Imported when a report is asked for: ReportLab and openpyxl take a fifth of a
    # second to import, at every start-up otherwise (the URLs load this module).
    if fmt == reports.Format.XLSX:
        from camps.reports.xlsx import write_xlsx as write
    else:
        from camps.reports.pdf import write_pdf as write
    write(figures, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=reports.file_name(figures, fmt),
        content_type=reports.CONTENT_TYPES[fmt],
    )


def _in_language(lines: Iterator[bytes], language: str) -> Iterator[bytes]:
    # Rows are written while the response streams, after the view has returned.
    with translation.override(language):
        yield from lines


@login_required
def report(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    try:
        fmt = reports.Format(fmt)
    except ValueError:
        raise Http404 from None
    cohort = get_object_or_404(Cohort, slug=slug)
    if not can_export_camp(request.user, cohort):
        raise PermissionDenied
    table = request.GET.get("table", "people")
    if fmt == reports.Format.CSV and table not in reports.TABLES:
        return HttpResponseBadRequest(
            gettext("There is no table %(table)s in a camp report; choose one of %(tables)s.")
            % {"table": repr(table), "tables": ", ".join(reports.TABLE_CHOICES)},
            content_type="text/plain; charset=utf-8",
        )
    figures = get_camp_figures(cohort=cohort)
    if fmt != reports.Format.CSV:
        return _attachment(figures, fmt)
    response = StreamingHttpResponse(
        _in_language(csv.lines(reports.TABLES[table](figures)), translation.get_language()),
        content_type=reports.CONTENT_TYPES[fmt],
    )
    name = reports.file_name(figures, fmt, table)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
