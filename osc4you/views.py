from allauth.account.views import password_reset as allauth_password_reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from rest_framework.exceptions import NotFound

from contributors.overview import community_overview
from osc4you.health import check_services
from osc4you.home import personal_home


def home(request: HttpRequest) -> HttpResponse:
    context = {"overview": community_overview(), "personal": personal_home(request.user)}
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: 200 when every configured service answers."""
    checks = check_services()
    healthy = all(state in ("ok", "not configured") for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """allauth's password reset where the site can send mail; elsewhere a page that says an
    organizer sets a new password (a reset mail could never arrive)."""
    if settings.MAIL_CONFIGURED:
        return allauth_password_reset(request)
    return render(request, "account/password_reset_unavailable.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the API's JSON error under /api/, else the site's page, rendered with nothing that
    could fail again (no context processors, no queries)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "A server error occurred."}, status=500)
    page = loader.get_template("500.html").render({"community_name": settings.COMMUNITY_NAME})
    return HttpResponseServerError(page)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the API's JSON error under /api/ (an address no route matches), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
