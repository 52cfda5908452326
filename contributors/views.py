"""Pages about people: the contributor page, the search, the mentor dashboard."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from contributors import dashboard, notes
from contributors.accounts import claims_on
from contributors.models import CheckInNote, Contributor
from contributors.profile import get_contributor_page, people, search_people
from contributors.roles import (
    can_view_private,
    can_write_check_in_notes,
    contributor_of,
    current_mentee_ids,
    is_organizer,
    member_required,
    mentee_ids_of,
    mentor_or_organizer_required,
    signed_in_user,
)
from osc4you.lib.assets import chart_js_url
from osc4you.lib.bounds import MAX_SEARCH_LENGTH, search_too_long_message
from projects.models import Project

SEARCH_PAGE_SIZE = 25


@member_required
def person(request: HttpRequest, slug: str) -> HttpResponse:
    contributor = get_object_or_404(people(), slug=slug)
    show_private = can_view_private(request.user, contributor)
    note_form = None
    if can_write_check_in_notes(request.user, contributor):
        note_form = notes.CheckInNoteForm(initial={"written_on": timezone.localdate()})
    return _render_person(request, contributor, show_private=show_private, note_form=note_form)


def _render_person(
    request: HttpRequest,
    contributor: Contributor,
    *,
    show_private: bool,
    note_form: notes.CheckInNoteForm | None,
) -> HttpResponse:
    page = get_contributor_page(contributor=contributor, show_private=show_private)
    chart = {
        "months": [m.month.isoformat() for m in page.months],
        "commits": [m.commits for m in page.months],
        "prs": [m.prs for m in page.months],
        "reviews": [m.reviews for m in page.months],
        "issues": [m.issues for m in page.months],
        "cumulative": [[month.isoformat(), total] for month, total in page.cumulative_merged],
        "own_path": page.own_path,
        "committers_path": page.committers_path,
        "labels": {
            "commits": gettext("Commits"),
            "prs": gettext("Pull requests"),
            "reviews": gettext("Reviews"),
            "issues": gettext("Issues"),
            "merged": gettext("Merged so far"),
            "committers": gettext("Median of the project's committers"),
            "offset": gettext("Months since the first contribution"),
        },
    }
    return render(
        request,
        "people/detail.html",
        {
            "page": page,
            "show_private": show_private,
            "chart": chart,
            "chart_js": chart_js_url(),
            "note_form": note_form,
            "can_delete_any_note": is_organizer(request.user),
            "claims": claims_on(contributor) if is_organizer(request.user) else [],
        },
        status=400 if note_form is not None and note_form.errors else 200,
    )


@require_POST
@member_required
def add_note(request: HttpRequest, slug: str) -> HttpResponse:
    contributor = get_object_or_404(people(), slug=slug)
    if not can_write_check_in_notes(request.user, contributor):
        raise PermissionDenied
    form = notes.CheckInNoteForm(request.POST)
    if not form.is_valid():
        return _render_person(request, contributor, show_private=True, note_form=form)
    notes.write_note(
        mentee=contributor,
        author=signed_in_user(request),
        body=form.cleaned_data["body"],
        written_on=form.cleaned_data["written_on"],
    )
    messages.success(request, gettext("Check-in note saved."))
    return redirect(reverse("person", args=[contributor.slug]) + "#check-in-notes")


@require_POST
@member_required
def delete_note(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    note = get_object_or_404(CheckInNote, pk=pk, mentee__slug=slug)
    if not notes.can_delete_note(request.user, note):
        raise PermissionDenied
    notes.delete_note(note=note)
    messages.success(request, gettext("Check-in note deleted."))
    return redirect(reverse("person", args=[slug]) + "#check-in-notes")


@member_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if len(query.strip()) > MAX_SEARCH_LENGTH:
        context: dict[str, object] = {"query": query, "problem": search_too_long_message()}
        context["max_length"] = MAX_SEARCH_LENGTH
        return render(request, "people/search.html", context, status=400)
    found = search_people(query=query, include_email=is_organizer(request.user))
    paginator = Paginator(found, SEARCH_PAGE_SIZE)
    results = paginator.get_page(request.GET.get("page"))
    context = {"query": query, "results": results, "max_length": MAX_SEARCH_LENGTH}
    return render(request, "people/search.html", context)


@mentor_or_organizer_required
def mentor_dashboard(request: HttpRequest) -> HttpResponse:
    """A mentor's current mentees; an organizer sees every current mentee, or one mentor's."""
    mentor = contributor_of(request.user)
    choices = None
    everyone = False
    if is_organizer(request.user):
        choices = list(dashboard.mentors())
        slug = request.GET.get("mentor", "")
        mentor = get_object_or_404(people(), slug=slug) if slug else None
        everyone = mentor is None
    if everyone:
        mentee_ids = current_mentee_ids()
    elif mentor is None:
        mentee_ids = frozenset()
    elif mentor == contributor_of(request.user):
        mentee_ids = mentee_ids_of(request.user)  # read by the role check already
    else:
        mentee_ids = current_mentee_ids(mentor=mentor)
    sort = request.GET.get("sort", dashboard.DEFAULT_SORT)
    rows = dashboard.get_mentee_rows(
        mentee_ids=mentee_ids,
        cohort=request.GET.get("camp", ""),
        project=request.GET.get("project", ""),
        sort=sort,
        with_mentors=everyone,
    )
    return render(
        request,
        "mentor/dashboard.html",
        {
            "mentor": mentor,
            "everyone": everyone,
            "mentors": choices,
            "rows": rows,
            "sort": sort,
            "camp": request.GET.get("camp", ""),
            "project": request.GET.get("project", ""),
            "projects": Project.objects.order_by("name"),
            "stalled_after": settings.STALLED_AFTER_DAYS,
        },
    )
