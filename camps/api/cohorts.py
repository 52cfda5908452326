"""Camps in the API: the list (organizers create by POST) and one camp's settings
(organizers change them by PATCH), validated by the camp page's form."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from camps import listing
from camps.api.common import (
    HANDLE_LENGTH,
    MembersReadOrganizersWrite,
    camp_or_404,
    form_errors,
    refused,
)
from camps.forms import CampForm
from camps.models import Cohort
from osc4you.lib.serializers import TextField, text_list
from projects.models import Project


class CampStatusCountsSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    graduated = serializers.IntegerField()
    dropped = serializers.IntegerField()


class CampSerializer(serializers.Serializer):
    slug = serializers.CharField(source="cohort.slug")
    name = serializers.CharField(source="cohort.name")
    description = serializers.CharField(source="cohort.description")
    starts_on = serializers.DateField(source="cohort.starts_on")
    ends_on = serializers.DateField(source="cohort.ends_on")
    projects = serializers.SerializerMethodField()
    mentors = serializers.SerializerMethodField()
    participants = serializers.IntegerField()
    statuses = serializers.SerializerMethodField()

    def get_projects(self, row: listing.CampRow) -> list[str]:
        return [project.slug for project in row.projects]

    def get_mentors(self, row: listing.CampRow) -> list[str]:
        return [person.slug for person in row.mentors]

    @extend_schema(responses=CampStatusCountsSerializer)
    def get_statuses(self, row: listing.CampRow) -> dict[str, int]:
        return {"active": row.active, "graduated": row.graduated, "dropped": row.dropped}


class CampInputSerializer(serializers.Serializer):
    name = TextField(required=False, max_length=200)
    slug = TextField(required=False, allow_blank=True, max_length=120)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    description = TextField(required=False, allow_blank=True)
    projects = text_list(max_length=100, required=False, help_text=gettext_lazy("Project slugs."))
    mentors = text_list(
        max_length=HANDLE_LENGTH,
        required=False,
        help_text=gettext_lazy("GitHub logins, slugs or Apache ids."),
    )


def _camp_row(slug: str) -> listing.CampRow:
    rows = listing.camp_rows(slug=slug)
    if not rows:
        raise Http404
    return rows[0]


def _save_camp(request, cohort: Cohort | None) -> Response:
    """Validate with the camp form, starting from the camp's current values (PATCH)."""
    given = CampInputSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    data = given.validated_data
    form_data = {}
    if cohort is not None:
        form_data = {
            "name": cohort.name,
            "slug": cohort.slug,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "description": cohort.description,
            "projects": list(cohort.projects.values_list("pk", flat=True)),
            "mentors": " ".join(
                person.github_login or person.slug for person in cohort.mentors.all()
            ),
        }
    form_data.update({key: data[key] for key in data if key not in ("projects", "mentors")})
    if "projects" in data:
        projects = {p.slug: p.pk for p in Project.objects.filter(slug__in=data["projects"])}
        unknown = [slug for slug in data["projects"] if slug not in projects]
        if unknown:
            return refused(
                [_("No project has the slug: %(slugs)s.") % {"slugs": ", ".join(unknown)}],
                "projects",
            )
        form_data["projects"] = list(projects.values())
    if "mentors" in data:
        form_data["mentors"] = " ".join(data["mentors"])
    form = CampForm(data=form_data, instance=cohort)
    if not form.is_valid():
        return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
    saved = form.save()
    code = status.HTTP_201_CREATED if cohort is None else status.HTTP_200_OK
    return Response(CampSerializer(_camp_row(saved.slug)).data, status=code)


class CampListApi(GenericAPIView):
    """Every camp with its counts; organizers create one by POST."""

    permission_classes = [MembersReadOrganizersWrite]
    serializer_class = CampSerializer
    pagination_class = None  # a few camps a year
    queryset = Cohort.objects.none()  # for the schema; get() reads its own

    @extend_schema(responses=CampSerializer(many=True))
    def get(self, request):
        return Response(CampSerializer(listing.camp_rows(), many=True).data)

    @extend_schema(request=CampInputSerializer, responses={201: CampSerializer})
    def post(self, request):
        return _save_camp(request, None)


class CampSettingsApi(GenericAPIView):
    """A camp's name, dates, projects and mentors; organizers change them by PATCH."""

    permission_classes = [MembersReadOrganizersWrite]
    serializer_class = CampSerializer
    queryset = Cohort.objects.none()

    def get(self, request, slug: str):
        return Response(CampSerializer(_camp_row(slug)).data)

    @extend_schema(request=CampInputSerializer, responses=CampSerializer)
    def patch(self, request, slug: str):
        return _save_camp(request, camp_or_404(slug))
