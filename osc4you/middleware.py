from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from osc4you.views import healthz


class HealthCheckMiddleware:
    """Answers /healthz/ ahead of host validation and the HTTPS redirect.

    Container and load-balancer probes call the app by its IP over plain HTTP, which
    ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise refuse.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz/":
            return healthz(request)
        return self.get_response(request)


class NulParameterMiddleware:
    """Refuses a query string holding a NUL character (400, naming the parameter): no page
    or API parameter takes one, and PostgreSQL fails any query that compares with it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = _("The parameter “%(name)s” holds a NUL character.") % {
                    "name": name.replace("\x00", "\\0")
                }
                if request.path.startswith("/api/"):
                    return JsonResponse({name.replace("\x00", ""): [message]}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
