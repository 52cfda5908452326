from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from osc4you import views

# Admin pages of models that moved to another app, by old app and model: bookmarks and links
# in old mails keep working.
MOVED_ADMIN = {
    "contributors/identity": "projects/identity",
    "contributors/identitypair": "projects/identitypair",
    "contributors/cohort": "camps/cohort",
    "contributors/enrollment": "camps/enrollment",
}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's own: without mail, its reset form would promise a mail never sent.
    path("accounts/password/reset/", views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    *(
        re_path(
            rf"^admin/{old}/(?P<rest>.*)$",
            RedirectView.as_view(url=f"/admin/{new}/%(rest)s", permanent=True, query_string=True),
        )
        for old, new in MOVED_ADMIN.items()
    ),
    path("admin/", admin.site.urls),
    path("", include("contributors.urls")),
    path("camps/", include("camps.urls")),
    path("community/", include("community.urls")),
    path("api/", include("osc4you.api")),
]

handler404 = "osc4you.views.not_found"
handler500 = "osc4you.views.server_error"
