"""What the log says: one line per refused request, tracebacks only for server errors."""

import logging
import sys

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    """Everything the root logger's handlers would write, as text."""
    written: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            written.append(logging.Formatter().format(record))

    handler = Collect()
    logging.getLogger().addHandler(handler)
    yield written
    logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize("debug", [False, True])
def test_a_refused_page_is_one_line_without_a_traceback(member, lines, debug):
    client = Client()
    client.force_login(member)

    with override_settings(DEBUG=debug):
        assert client.get("/mentor/").status_code == 403

    refused = [line for line in lines if "Forbidden" in line]
    assert refused == ["Forbidden (Permission denied): /mentor/"]
    assert logging.getLogger("django").handlers == []


def test_a_server_error_keeps_its_traceback(lines):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    logging.getLogger("django.request").handle(record)

    assert "Traceback" in lines[-1] and "RuntimeError: broken" in lines[-1]
