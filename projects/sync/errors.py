"""How a source says no, the same for every source (git, GitHub, JIRA, the Apache roster).

Every client raises one of three errors, and the sync tasks' retry policy
(``projects.retries``) reads nothing but their class and the time they carry:

- ``RateLimited``: the source asks to wait until ``until``; the position is saved and the
  task comes back then.
- ``Unavailable``: down, unreachable or answering garbage; worth trying again in
  ``retry_in`` seconds (None: a growing backoff).
- ``Refused``: the request cannot succeed as made (a bad token, no access, an unknown key,
  a bad file); retrying won't help, someone must fix it.

Each message names what was asked for and what happened, in words a person can act on;
the sync state shows it as it is.
"""

from datetime import datetime

# Without a word from the source on when to come back, a minute.
RETRY_IN = 60


class SourceError(Exception):
    """A source did not give what a sync asked for; ``str()`` says what and why."""


class RateLimited(SourceError):
    """The source's budget is spent (or a secondary limit hit) until ``until``."""

    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message)
        self.until = until


class Unavailable(SourceError):
    """A server error, a failed connection or a malformed answer: worth trying again in
    ``retry_in`` seconds; None leaves the wait to the retry policy's backoff."""

    def __init__(self, message: str, *, retry_in: int | None = RETRY_IN) -> None:
        super().__init__(message)
        self.retry_in = retry_in


class MalformedResponse(Unavailable):
    """The source answered 200 with a body unlike its API's. Nothing of that page is stored
    and the position stays at the last good page; it is retried like an outage, since a
    proxy or a server restarting is the usual cause."""

    def __init__(self, what: str, problem: str, *, source: str, where: str = "") -> None:
        detail = f"{where}: {problem}" if where else problem
        super().__init__(f"{what}: malformed response from {source} ({detail})")


class Refused(SourceError):
    """The request cannot succeed as made; retrying won't fix it."""
