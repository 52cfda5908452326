"""The ``fake_github`` fixture. Register it with, in tests/conftest.py:

pytest_plugins = ["tests.fake_github.fixtures"]
"""

from collections.abc import Iterator

import pytest

from tests.fake_github.server import FakeGitHub


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started fake GitHub with an empty dataset, accepting any token, 5,000 requests an
    hour per resource; stopped after the test."""
    with FakeGitHub() as server:
        yield server
