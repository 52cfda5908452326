"""Pages about people: the contributor page and the search."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from contributors.profile import get_contributor_page, people, search_people
from contributors.roles import can_view_private, is_organizer

SEARCH_PAGE_SIZE = 25


@login_required
def person(request: HttpRequest, slug: str) -> HttpResponse:
    contributor = get_object_or_404(people(), slug=slug)
    show_private = can_view_private(request.user, contributor)
    page = get_contributor_page(contributor=contributor, show_private=show_private)
    chart = {
        "months": [m.month.isoformat() for m in page.months],
        "commits": [m.commits for m in page.months],
        "prs": [m.prs for m in page.months],
        "reviews": [m.reviews for m in page.months],
        "issues": [m.issues for m in page.months],
        "cumulative": [[month.isoformat(), total] for month, total in page.cumulative_merged],
    }
    return render(
        request,
        "people/detail.html",
        {"page": page, "show_private": show_private, "chart": chart},
    )


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    found = search_people(query=query, include_email=is_organizer(request.user))
    paginator = Paginator(found, SEARCH_PAGE_SIZE)
    results = paginator.get_page(request.GET.get("page"))
    return render(request, "people/search.html", {"query": query, "results": results})
