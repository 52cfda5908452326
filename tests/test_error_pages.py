"""Errors in the site's style and language: 404 and 500 pages, JSON under /api/."""

import pytest
from django.test import Client
from django.urls import path

from osc4you.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("broken/", broken), path("api/broken/", broken), *site_patterns]
handler404 = "osc4you.views.not_found"
handler500 = "osc4you.views.server_error"


@pytest.fixture
def erring(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "title"), [("en", "There is no page here"), ("zh-hant", "這裡沒有頁面")]
)
def test_a_missing_page_is_the_sites_own(erring, language, title):
    erring.cookies["django_language"] = language
    response = erring.get("/no/such/page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert title in page
    assert 'class="site-header"' in page


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Something went wrong"), ("zh-hant", "出了點問題")]
)
def test_a_server_error_is_the_sites_own_page(erring, language, title, django_assert_num_queries):
    erring.cookies["django_language"] = language
    response = erring.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert title in page
    assert "OpenSource4You" in page
    assert "broken on purpose" not in page


def test_a_server_error_under_the_api_is_json(erring):
    response = erring.get("/api/broken/")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}
