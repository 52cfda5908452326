from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
