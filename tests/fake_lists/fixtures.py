"""The ``fake_lists`` fixture; tests/conftest.py registers it in ``pytest_plugins``."""

from collections.abc import Iterator

import pytest

from tests.fake_lists.server import FakeLists


@pytest.fixture
def fake_lists() -> Iterator[FakeLists]:
    """A started fake archive with no lists; stopped after the test."""
    with FakeLists() as server:
        yield server
