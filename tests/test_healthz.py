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


def test_it_answers_probes_by_ip_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["osc4you.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""
    response = client.get("/healthz/", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    # Every other page still enforces both.
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400
    assert client.get("/", HTTP_HOST="osc4you.example.org").status_code == 301
