from django.contrib import admin
from django.urls import include, path

from osc4you import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: without mail, its reset form would promise a mail never sent.
    path("accounts/password/reset/", views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("contributors.urls")),
    path("community/", include("community.urls")),
    path("api/", include("osc4you.api")),
]

handler404 = "osc4you.views.not_found"
