"""The ``fake_jira`` and ``fake_jira_cloud`` fixtures. Register them with, in
tests/conftest.py:

pytest_plugins = ["tests.fake_jira.fixtures"]
"""

from collections.abc import Iterator

import pytest

from tests.fake_jira.server import FakeJira


@pytest.fixture
def fake_jira() -> Iterator[FakeJira]:
    """A started fake JIRA Server with an empty dataset: UTC, anonymous access, pages of at
    most 100 issues with at most 50 comments inline; stopped after the test."""
    with FakeJira() as server:
        yield server


@pytest.fixture
def fake_jira_cloud() -> Iterator[FakeJira]:
    """The same as Jira Cloud: /rest/api/3/search/jql with page tokens, accountId users."""
    with FakeJira(deployment="Cloud") as server:
        yield server
