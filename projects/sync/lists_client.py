"""Reading a mailing-list archive: Apache's PonyMail Foal (https://lists.apache.org), another
archive serving the same API, or a directory of mbox files.

PonyMail Foal's API (github.com/apache/incubator-ponymail-foal, ``server/openapi.yaml`` and
``server/endpoints/``), of which two calls are used, by GET with the ``.lua`` names
lists.apache.org keeps for old clients:

- ``api/stats.lua?list=dev&domain=kafka.apache.org&d=lte=1d&quick&emailsOnly``: a search's
  summaries as JSON; ``active_months`` (``{"2024-07": 312, …}``) counts the list's messages
  per month over its whole life, whatever the date asked. One call a list and run says which
  months hold mail and how many messages each should give.
- ``api/mbox.lua?list=dev&domain=kafka.apache.org&d=2024-07``: one month of the list as an
  mboxrd file (``From `` lines inside bodies quoted as ``>From ``), streamed; a stream the
  server breaks off still ends with 200, so a month giving fewer messages than its count is
  stored but read again next time.

A directory (``file:///srv/lists``) holds ``<list>@<domain>/YYYY-MM.mbox``: the months are
the files there, and a month has no count to check against.

Failures are the errors of ``projects.sync.errors``: ``RateLimited`` (429 with Retry-After),
``Unavailable`` (5xx, a timeout, a failed connection), ``Refused`` (no such list, 4xx).
A month whose body is not an mbox raises ``BadMonth``, which the sync records and passes.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import requests
from django.conf import settings
from django.utils import timezone

from projects.sync.errors import RateLimited, Refused, SourceError, Unavailable

__all__ = ["BadMonth", "ListsClient", "client_for"]

TIMEOUT = 120  # seconds; a busy list's month is a few megabytes, streamed as it is read


class BadMonth(SourceError):
    """One list-month answered something that is not an mbox; the others can go on."""


@dataclass(frozen=True, slots=True)
class Activity:
    """Months of a list that hold mail: ``YYYY-MM`` → messages (None: not counted)."""

    months: dict[str, int | None]


class ListsClient:
    """An archive at ``base_url``: ``https://lists.apache.org`` or ``file:///a/directory``."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        parsed = urlparse(self.base_url)
        self.directory = Path(unquote(parsed.path)) if parsed.scheme == "file" else None
        if self.directory is None and parsed.scheme not in ("http", "https"):
            raise Refused(f"LISTS_URL {base_url!r} is neither http(s):// nor file://")
        self.timeout = timeout
        self.session = requests.Session()
        self.requests = 0

    def activity(self, address: str) -> Activity:
        """The months of ``address`` that hold mail (PonyMail: ``api/stats.lua``)."""
        name, domain = _split(address)
        if self.directory is not None:
            folder = self.directory / f"{name}@{domain}"
            if not folder.is_dir():
                raise Refused(f"{address}: no folder {folder}")
            return Activity(months={path.stem: None for path in sorted(folder.glob("*.mbox"))})
        params = {"list": name, "domain": domain, "d": "lte=1d", "quick": "", "emailsOnly": ""}
        response = self._get("api/stats.lua", params, what=f"{address} months")
        try:
            body = response.json()
        except ValueError:
            raise Unavailable(
                f"{address} months: malformed response from the archive (not JSON)"
            ) from None
        months = body.get("active_months") if isinstance(body, dict) else None
        if not isinstance(months, dict) or not all(
            isinstance(key, str) and isinstance(count, int) for key, count in months.items()
        ):
            raise Unavailable(
                f"{address} months: malformed response from the archive "
                "(no active_months object of month → count)"
            )
        return Activity(months=dict(sorted(months.items())))

    def month(self, address: str, month: str) -> bytes:
        """One month of ``address`` as mbox bytes (PonyMail: ``api/mbox.lua``)."""
        name, domain = _split(address)
        if self.directory is not None:
            path = self.directory / f"{name}@{domain}" / f"{month}.mbox"
            try:
                return path.read_bytes()
            except OSError as exc:
                raise BadMonth(f"{address} {month}: cannot read {path} ({exc})") from None
        params = {"list": name, "domain": domain, "d": month}
        body = self._get("api/mbox.lua", params, what=f"{address} {month}").content
        if body.strip() and not body.startswith(b"From "):
            start = body[:60].decode("utf-8", "replace")
            raise BadMonth(f"{address} {month}: the archive answered no mbox ({start!r}…)")
        return body

    def _get(self, path: str, params: dict[str, Any], *, what: str) -> requests.Response:
        self.requests += 1
        url = f"{self.base_url}/{path}"
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.Timeout:
            raise Unavailable(f"{what}: the archive did not answer in {self.timeout:g} s") from None
        except requests.RequestException as exc:
            raise Unavailable(f"{what}: cannot reach the archive ({exc})") from None
        status = response.status_code
        if status == 429 or (status == 503 and "Retry-After" in response.headers):
            wait = response.headers.get("Retry-After", "60")
            seconds = int(wait) if wait.isdigit() else 60
            raise RateLimited(
                f"{what}: the archive asks to wait {seconds} s",
                until=timezone.now() + timedelta(seconds=seconds),
            )
        if status >= 500:
            raise Unavailable(f"{what}: the archive answered {status}")
        if status == 404:
            raise Refused(f"{what}: the archive has no such list (404 from {url})")
        if status >= 400:
            raise Refused(f"{what}: the archive answered {status}: {response.reason}")
        return response


def client_for(base_url: str | None = None) -> ListsClient:
    return ListsClient(base_url or settings.LISTS_URL)


def _split(address: str) -> tuple[str, str]:
    name, _at, domain = address.strip().lower().partition("@")
    if not name or not domain:
        raise Refused(f"{address!r} is not a list address such as dev@kafka.apache.org")
    return name, domain
