"""The REST API's routes under /api/, its schema and its docs page (assets served locally
from drf-spectacular-sidecar, so the page contacts no CDN)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from camps import api as camps
from community import api as community
from contributors.api import lists, notes, titles
from contributors.api import views as people
from projects.api import views as projects

# What /api/ lists: the collections one starts from, the schema and its docs page.
ROOT_LINKS = {
    "docs": "api-docs",
    "schema": "api-schema",
    "contributors": "api-contributors",
    "mentees": "api-mentees",
    "projects": "api-projects",
    "titles": "api-titles",
    "camps": "api-camps",
    "community": "api-community",
    "sponsorship": "api-ledger",
}


class ApiRootApi(APIView):
    """The API's index: where each collection, the schema and the docs are."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Name → address.")}
    )
    def get(self, request: Request) -> Response:
        return Response({name: reverse(url, request=request) for name, url in ROOT_LINKS.items()})


urlpatterns = [
    path("", ApiRootApi.as_view(), name="api-root"),
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
        "contributors/<slug:slug>/lists/",
        lists.ContributorListsApi.as_view(),
        name="api-contributor-lists",
    ),
    path(
        "contributors/<slug:slug>/activity/",
        people.ContributorActivityApi.as_view(),
        name="api-contributor-activity",
    ),
    path(
        "contributors/<slug:slug>/notes/",
        notes.CheckInNoteListApi.as_view(),
        name="api-contributor-notes",
    ),
    path("mentees/", people.MenteeListApi.as_view(), name="api-mentees"),
    path("projects/", projects.ProjectListApi.as_view(), name="api-projects"),
    path("titles/", titles.TitleListApi.as_view(), name="api-titles"),
    path("community/", community.CommunityFiguresApi.as_view(), name="api-community"),
    path("community/sponsorship/", community.LedgerApi.as_view(), name="api-ledger"),
    path("community/sponsorship/<int:pk>/", community.ExpenseApi.as_view(), name="api-expense"),
    path("camps/", camps.CampListApi.as_view(), name="api-camps"),
    path(
        "camps/<slug:slug>/settings/",
        camps.CampSettingsApi.as_view(),
        name="api-camp-settings",
    ),
    path(
        "camps/<slug:slug>/enrollments/",
        camps.EnrollmentListApi.as_view(),
        name="api-camp-enrollments",
    ),
    path(
        "camps/<slug:slug>/enrollments/<int:pk>/",
        camps.EnrollmentDetailApi.as_view(),
        name="api-camp-enrollment",
    ),
    path("camps/<slug:slug>/import/", camps.CampImportApi.as_view(), name="api-camp-import"),
    path(
        "camps/<slug:slug>/figures/",
        camps.CampFiguresApi.as_view(),
        name="api-camp-figures",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
