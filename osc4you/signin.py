"""One sign-in throttle for both doors: the site's sign-in page (allauth) and /admin/login/.

django-axes counts failed ``authenticate()`` calls, which both doors make, keyed on the client
address and the name typed together: five failures from one address for one name lock that
pair out for a while. Keying on the name alone would let anyone lock any organizer out; keying
on the address alone would lock out everyone behind one office's NAT.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost of them saw. Entries further left in X-Forwarded-For are whatever
    the client wrote, so they are never read."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def sign_in_name(request: HttpRequest, credentials: dict | None) -> str:
    """The name a sign-in was tried with, as one key however it is spelled: allauth sends
    ``username`` or ``email``, the admin ``username``; forms post ``login`` or ``username``."""
    sources = [credentials or {}, getattr(request, "POST", {})]
    for source in sources:
        for field in ("username", "email", "login"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()[:255]
    return ""


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a locked-out sign-in gets, from either door: 429, in the site's style."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "account/locked_out.html", context, status=429)
