"""The community page and the sponsorship ledger: parse, check permission, read, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from camps.models import Cohort
from community import figures, ledger
from community.currencies import CURRENCIES
from community.forms import ExpenseForm
from community.models import Expense
from community.tasks import refresh_after_commit
from contributors.roles import is_organizer, organizer_required
from osc4you.lib.assets import chart_js_url
from projects.models import Project

LEDGER_PAGE_SIZE = 50


def read_quarter(text: str) -> tuple[figures.Quarter, str | None]:
    """The quarter asked for, or the default one and a sentence naming the problem."""
    if not text:
        return figures.default_quarter(), None
    try:
        return figures.Quarter.parse(text), None
    except ValueError:
        problem = gettext("“%(quarter)s” is not a quarter such as 2025Q1; showing %(shown)s.")
        default = figures.default_quarter()
        return default, problem % {"quarter": text[:20], "shown": default.label}


def read_project(slug: str) -> tuple[Project | None, str | None]:
    if not slug:
        return None, None
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        problem = gettext("There is no project “%(project)s”; showing all projects.")
        return None, problem % {"project": slug[:50]}
    return project, None


def community_page(request: HttpRequest) -> HttpResponse:
    quarter, quarter_problem = read_quarter(request.GET.get("quarter", "").strip())
    project, project_problem = read_project(request.GET.get("project", "").strip())
    visible = figures.names_visible(request.user)
    page = figures.community_figures(quarter=quarter, with_names=visible, project=project)
    chart = {
        "years": [row.year for row in page.titles_by_year],
        "series": [
            {"label": label, "counts": [row.counts[i] for row in page.titles_by_year]}
            for i, (_role, label) in enumerate(page.title_roles)
        ],
        "axis": gettext("Titles gained"),
    }
    return render(
        request,
        "community/figures.html",
        {
            "page": page,
            "problems": [p for p in (quarter_problem, project_problem) if p],
            "quarters": figures.quarter_choices(),
            "selected_project": project,
            "names_visible": visible,
            "link_people": request.user.is_authenticated,
            "is_organizer": is_organizer(request.user),
            "chart": chart,
            "chart_js": chart_js_url(),
        },
    )


@organizer_required
@require_POST
def refresh_figures(request: HttpRequest) -> HttpResponse:
    refresh_after_commit()
    messages.success(
        request, gettext("The figures are being recounted; reload the page in a minute.")
    )
    return redirect("community:figures")


def ledger_page(request: HttpRequest) -> HttpResponse:
    camps = list(Cohort.objects.order_by("-starts_on"))
    slug = request.GET.get("camp", "").strip()
    camp = next((c for c in camps if c.slug == slug), None)
    problem = None
    if slug and camp is None:
        problem = gettext("There is no camp “%(camp)s”; showing every camp.") % {"camp": slug[:50]}
    organizer = is_organizer(request.user)
    rows = Paginator(ledger.entries(camp=camp), LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [
        (expense, str(expense.person) if organizer else ledger.public_name(expense.person))
        for expense in rows
    ]
    totals = ledger.totals_per_camp(camp=camp)
    return render(
        request,
        "community/ledger.html",
        {
            "rows": rows,
            "entries": entries,
            "camps": camps,
            "camp": camp,
            "problem": problem,
            "totals": totals,
            "overall": ledger.overall_totals(totals),
            "is_organizer": organizer,
        },
    )


def _expense_form_page(
    request: HttpRequest, form: ExpenseForm, expense: Expense | None
) -> HttpResponse:
    return render(
        request,
        "community/expense_form.html",
        {"form": form, "expense": expense, "currencies": sorted(CURRENCIES)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _save(request: HttpRequest, form: ExpenseForm, expense: Expense | None) -> Expense | None:
    """The entry stored from a valid form, or None with the errors on the form."""
    data = {name: form.cleaned_data[name] for name in ExpenseForm.Meta.fields}
    try:
        if expense is None:
            return ledger.record_expense(**data, recorded_by=request.user)
        return ledger.update_expense(expense=expense, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@organizer_required
def expense_new(request: HttpRequest) -> HttpResponse:
    form = ExpenseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save(request, form, None):
        messages.success(request, gettext("The spending is recorded."))
        return redirect("community:ledger")
    return _expense_form_page(request, form, None)


@organizer_required
def expense_edit(request: HttpRequest, pk: int) -> HttpResponse:
    expense = get_object_or_404(Expense, pk=pk)
    form = ExpenseForm(request.POST if request.method == "POST" else None, instance=expense)
    if request.method == "POST" and form.is_valid():
        stored = Expense.objects.get(pk=pk)  # the form changed ``expense`` while validating
        if _save(request, form, stored):
            messages.success(request, gettext("The entry is updated."))
            return redirect("community:ledger")
    return _expense_form_page(request, form, expense)
