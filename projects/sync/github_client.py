"""Talking to GitHub: one function per remote call, through PyGithub's requester, each
answer read into the typed records of ``github_schema``.

Failures become the three errors of ``projects.sync.errors``: ``RateLimited`` (wait until a
time, then go on), ``Unavailable`` (a server error: try again shortly) and ``Refused`` (the
request cannot succeed as made: fix the token or the repository).
"""

import math
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import github
from django.conf import settings
from django.utils import timezone
from github import Auth, Github, GithubException

from projects.sync import github_queries as queries
from projects.sync import github_schema as schema
from projects.sync.errors import MalformedResponse, RateLimited, Refused, Unavailable

RATE_LIMIT_RESERVE = 5  # requests kept back so a page is never cut off mid-way
# Conversation comments asked for with each pull request: GitHub's most. The conversation
# is a list of its own under each pull request, so a longer first page of it costs no more
# of the budget (connections / 100), only bytes; a follow-up query would cost a request.
CONVERSATION_FIRST = 100


def client(*, token: str | None = None, base_url: str | None = None) -> Github:
    """A PyGithub client for GITHUB_API_URL; PyGithub's own retries and sleeps are off,
    since the sync saves its cursor and lets Celery retry at the right time instead."""
    token = settings.GITHUB_TOKEN if token is None else token
    interval = settings.GITHUB_REQUEST_INTERVAL
    return Github(
        base_url=base_url or settings.GITHUB_API_URL,
        auth=Auth.Token(token) if token else None,
        retry=None,
        timeout=30,
        seconds_between_requests=interval,
        seconds_between_writes=interval,  # GraphQL queries are POSTs but read nothing-changing
    )


def _header(headers: dict[str, Any] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def _retry_after(headers: dict[str, Any] | None) -> int | None:
    """Seconds to wait from a Retry-After header, which holds seconds or an HTTP-date
    (RFC 9110, section 10.2.3); None without a readable one."""
    value = (_header(headers, "retry-after") or "").strip()
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # an HTTP-date is always GMT
        moment = moment.replace(tzinfo=UTC)
    return max(0, math.ceil((moment - timezone.now()).total_seconds()))


def _reset_time(headers: dict[str, Any] | None) -> datetime:
    retry_after = _retry_after(headers)
    if retry_after is not None:
        return timezone.now() + timedelta(seconds=retry_after)
    reset = _header(headers, "x-ratelimit-reset")
    if reset and reset.isdigit():
        return datetime.fromtimestamp(int(reset), UTC)
    return timezone.now() + timedelta(minutes=1)  # GitHub's advice without a header


def graphql(gh: Github, query: str, variables: dict[str, Any], *, what: str) -> dict[str, Any]:
    """Run one GraphQL query (docs.github.com/graphql) and return its ``data``.

    Raises RateLimited when the answer says the budget is spent or nearly so (the
    page itself is returned first, see ``check_budget``), Unavailable on 5xx or a
    malformed body, Refused otherwise.
    """
    try:
        _headers, body = gh.requester.graphql_query(query, variables)
    except github.BadCredentialsException:
        raise Refused(f"{what}: GitHub refused the token (401 Bad credentials)") from None
    except github.UnknownObjectException as exc:
        message = (exc.data or {}).get("errors", [{}])[0].get("message") or exc.message
        raise Refused(f"{what}: not found, or the token has no access to it ({message})") from None
    except github.RateLimitExceededException as exc:
        until = _reset_time(exc.headers)
        raise RateLimited(f"{what}: rate limit ({exc.message})", until=until) from None
    except GithubException as exc:
        errors = (exc.data or {}).get("errors") if isinstance(exc.data, dict) else None
        # GitHub has been seen to say both RATE_LIMITED and RATE_LIMIT.
        if errors and any(error.get("type") in ("RATE_LIMITED", "RATE_LIMIT") for error in errors):
            raise RateLimited(f"{what}: rate limit", until=_reset_time(exc.headers)) from None
        if exc.status == 429:
            raise RateLimited(
                f"{what}: too many requests", until=_reset_time(exc.headers)
            ) from None
        if exc.status >= 500:
            # A 502, 503 or 504 may say when to come back (an outage, a deploy).
            retry_after = _retry_after(exc.headers)
            if retry_after is None:
                raise Unavailable(f"{what}: GitHub answered {exc.status}") from None
            raise Unavailable(
                f"{what}: GitHub answered {exc.status} (retry after {retry_after} s)",
                retry_in=retry_after,
            ) from None
        if errors:
            detail = "; ".join(error.get("message", "?") for error in errors)
            raise Refused(f"{what}: GitHub rejected the query: {detail}") from None
        raise Refused(f"{what}: GitHub answered {exc.status}: {exc.message}") from None
    except ValueError as exc:  # a body that is not JSON, e.g. cut off by a proxy
        raise MalformedResponse(what, str(exc), source="GitHub") from None
    except OSError as exc:  # connection refused, reset, timed out
        raise Unavailable(f"{what}: cannot reach GitHub ({exc})") from None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise MalformedResponse(what, "no data", source="GitHub")
    return data


def check_budget(budget: schema.Budget, *, what: str) -> None:
    """Stop (after the caller stored this page) when too little budget is left."""
    if budget.remaining <= RATE_LIMIT_RESERVE:
        until = budget.reset or timezone.now() + timedelta(minutes=1)
        raise RateLimited(f"{what}: {budget.remaining} requests left until the reset", until=until)


def _found[T](page: schema.Page[T] | None, *, owner: str, name: str) -> schema.Page[T]:
    if page is None:
        raise Refused(f"{owner}/{name}: repository not found")
    return page


def fetch_pull_requests(
    gh: Github, *, owner: str, name: str, after: str | None, first: int = 50
) -> schema.Page[schema.PullRequest]:
    """A page of pull requests, newest-updated first, with their conversation comments,
    reviews and review comments nested."""
    what = f"{owner}/{name} pull requests"
    data = graphql(
        gh,
        queries.PULL_REQUESTS,
        # Nested sizes keep a page near 12 points of GitHub's budget (connections / 100);
        # the rare pull request or review that overflows gets a follow-up query.
        {"owner": owner, "name": name, "first": first, "after": after, "reviews": 20,
         "comments": 10, "conversation": CONVERSATION_FIRST},
        what=what,
    )  # fmt: skip
    page = schema.page(data, "pullRequests", schema.pull_request, what=what)
    return _found(page, owner=owner, name=name)


def fetch_pull_request_reviews(
    gh: Github, *, owner: str, name: str, number: int, after: str | None
) -> schema.More[schema.Review]:
    """More reviews of one pull request, when they overflowed its page."""
    what = f"{owner}/{name}#{number} reviews"
    data = graphql(
        gh,
        queries.PULL_REQUEST_REVIEWS,
        {"owner": owner, "name": name, "number": number, "after": after, "comments": 10},
        what=what,
    )
    return schema.more(data, ("repository", "pullRequest", "reviews"), schema.review, what=what)


def fetch_pull_request_comments(
    gh: Github, *, owner: str, name: str, number: int, after: str | None
) -> schema.More[schema.Comment]:
    """More conversation comments of one pull request, when they overflowed its page."""
    what = f"{owner}/{name}#{number} conversation"
    data = graphql(
        gh,
        queries.PULL_REQUEST_COMMENTS,
        {"owner": owner, "name": name, "number": number, "after": after},
        what=what,
    )
    return schema.more(data, ("repository", "pullRequest", "comments"), schema.comment, what=what)


def fetch_review_comments(
    gh: Github, *, review_id: str, after: str | None
) -> schema.More[schema.Comment]:
    """More comments of one review, when they overflowed its page."""
    what = "review comments"
    data = graphql(gh, queries.REVIEW_COMMENTS, {"id": review_id, "after": after}, what=what)
    return schema.more(data, ("node", "comments"), schema.comment, what=what)


def fetch_issues(
    gh: Github, *, owner: str, name: str, after: str | None, first: int = 50
) -> schema.Page[schema.Issue]:
    """A page of issues, newest-updated first, with comments nested."""
    what = f"{owner}/{name} issues"
    data = graphql(
        gh,
        queries.ISSUES,
        {"owner": owner, "name": name, "first": first, "after": after, "comments": 20},
        what=what,
    )
    return _found(schema.page(data, "issues", schema.issue, what=what), owner=owner, name=name)


def fetch_issue_comments(
    gh: Github, *, owner: str, name: str, number: int, after: str | None
) -> schema.More[schema.Comment]:
    """More comments of one issue, when they overflowed its page."""
    what = f"{owner}/{name}#{number} comments"
    data = graphql(
        gh,
        queries.ISSUE_COMMENTS,
        {"owner": owner, "name": name, "number": number, "after": after},
        what=what,
    )
    return schema.more(data, ("repository", "issue", "comments"), schema.comment, what=what)
