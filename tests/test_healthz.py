import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_reports_the_database_and_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured"}


def test_it_fails_when_redis_does_not_answer(client, settings):
    # Port 9 (discard) is closed on the test machines: a refused connection, at once.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"].startswith("error: ConnectionError")
