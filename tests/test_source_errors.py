"""The three errors every source's client raises (projects/sync/errors.py)."""

import importlib
import inspect
from datetime import UTC, datetime
from pathlib import Path

import pytest

from projects.sync.errors import (
    RETRY_IN,
    MalformedResponse,
    RateLimited,
    Refused,
    SourceError,
    Unavailable,
)
from projects.sync.git import GitSyncError
from projects.sync.git_client import GitError, ObjectsMissing
from projects.sync.roster_client import RETRY_IN as ROSTER_RETRY_IN
from tests.test_settings import ROOT

# Exceptions a module of projects/sync may raise and catch inside itself, never let out.
INTERNAL = {"jira_schema.Malformed", "locks.SyncAlreadyRunning"}


def test_a_rate_limit_carries_its_reset():
    until = datetime(2025, 1, 1, 12, tzinfo=UTC)

    error = RateLimited("apache/kafka pull requests: rate limit", until=until)

    assert isinstance(error, SourceError)
    assert (str(error), error.until) == ("apache/kafka pull requests: rate limit", until)


def test_an_outage_waits_a_minute_unless_told_otherwise():
    assert Unavailable("KAFKA issues: JIRA answered 502").retry_in == RETRY_IN == 60
    assert Unavailable("down", retry_in=420).retry_in == 420
    assert Unavailable("down", retry_in=None).retry_in is None  # the policy's backoff


def test_a_malformed_answer_names_the_source_and_the_page_and_is_an_outage():
    error = MalformedResponse(
        "KAFKA issues", "'fields.created' is missing", source="JIRA", where="page at startAt 100"
    )

    assert isinstance(error, Unavailable)
    assert str(error) == (
        "KAFKA issues: malformed response from JIRA (page at startAt 100: "
        "'fields.created' is missing)"
    )
    assert str(MalformedResponse("x", "no data", source="GitHub")) == (
        "x: malformed response from GitHub (no data)"
    )


def test_a_refusal_is_no_outage():
    assert not isinstance(Refused("GitHub refused the token"), Unavailable | RateLimited)


def test_git_failures_are_retried_after_the_backoff():
    """git cannot tell a lost network from a missing repository."""
    for error in (GitError("git fetch failed"), ObjectsMissing("x"), GitSyncError("x")):
        assert isinstance(error, Unavailable)
        assert error.retry_in is None


def test_the_roster_comes_back_later_than_a_minute():
    assert ROSTER_RETRY_IN == 15 * 60


def test_no_sync_module_lets_out_an_error_of_its_own_kind():
    """Every exception class defined in projects/sync is one of the three, or stays inside."""
    strays = []
    for path in sorted((Path(ROOT) / "projects" / "sync").glob("*.py")):
        module = importlib.import_module(f"projects.sync.{path.stem}")
        for name, value in vars(module).items():
            if not (inspect.isclass(value) and issubclass(value, BaseException)):
                continue
            if value.__module__ != module.__name__:
                continue
            if issubclass(value, SourceError) or f"{path.stem}.{name}" in INTERNAL:
                continue
            strays.append(f"{path.stem}.{name}")
    assert strays == []


@pytest.mark.parametrize("error", [RateLimited, Unavailable, Refused])
def test_each_is_caught_as_a_source_error(error):
    kwargs = {"until": datetime.now(UTC)} if error is RateLimited else {}
    with pytest.raises(SourceError, match=r"^what happened$"):
        raise error("what happened", **kwargs)
