from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from contributors.community import community_overview
from osc4you.health import check_services


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"overview": community_overview()})


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: 200 when every configured service answers."""
    checks = check_services()
    healthy = all(state in ("ok", "not configured") for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
