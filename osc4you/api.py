"""The REST API's routes under /api/, its schema and its docs page (assets served locally
from drf-spectacular-sidecar, so the page contacts no CDN)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from contributors.api import views as people
from projects.api import views as projects

urlpatterns = [
    path("contributors/", people.ContributorListApi.as_view(), name="api-contributors"),
    path(
        "contributors/<slug:slug>/",
        people.ContributorDetailApi.as_view(),
        name="api-contributor",
    ),
    path(
        "contributors/<slug:slug>/progress/",
        people.ContributorProgressApi.as_view(),
        name="api-contributor-progress",
    ),
    path(
        "contributors/<slug:slug>/activity/",
        people.ContributorActivityApi.as_view(),
        name="api-contributor-activity",
    ),
    path("mentees/", people.MenteeListApi.as_view(), name="api-mentees"),
    path("projects/", projects.ProjectListApi.as_view(), name="api-projects"),
    path("titles/", projects.TitleListApi.as_view(), name="api-titles"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
