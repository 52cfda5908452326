"""A camp's enrolments in the API: the list (organizers enrol by POST) and one enrolment
(organizers change it by PATCH), validated by the participants page's forms. Status and
goal show as on the camp page (``camps.access``)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from camps import enrolling, listing
from camps.access import sees_enrollment
from camps.api.common import (
    HANDLE_LENGTH,
    MembersReadOrganizersWrite,
    camp_or_404,
    form_errors,
    refused,
)
from camps.forms import EnrolForm, EnrollmentForm
from camps.matching import describe
from camps.models import Cohort, Enrollment
from camps.roles import can_export_camp
from osc4you.lib.serializers import TextField


class CampPersonSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    github_login = serializers.CharField()


class CampEnrollmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = CampPersonSerializer(source="contributor")
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    mentor = serializers.CharField(source="mentor.slug", default=None, allow_null=True)
    enrolled_on = serializers.DateField()
    status = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null unless the viewer may see it.")
    )
    goal = serializers.SerializerMethodField(
        help_text=gettext_lazy("Null unless the viewer may see it.")
    )

    def _sees(self, enrollment: Enrollment) -> tuple[bool, bool]:
        user = self.context["request"].user
        return sees_enrollment(
            user, enrollment, camp_staff=can_export_camp(user, enrollment.cohort)
        )

    def get_status(self, enrollment: Enrollment) -> str | None:
        return enrollment.status if self._sees(enrollment)[0] else None

    def get_goal(self, enrollment: Enrollment) -> str | None:
        return enrollment.goal if self._sees(enrollment)[1] else None


class CampEnrolInputSerializer(serializers.Serializer):
    who = TextField(
        max_length=HANDLE_LENGTH,
        help_text=gettext_lazy("GitHub login, email, slug or Apache id."),
    )
    name = TextField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=gettext_lazy("Only to create someone new."),
    )
    project = TextField(
        required=False,
        allow_null=True,
        max_length=100,
        help_text=gettext_lazy("Slug of one of the camp's projects."),
    )
    mentor = TextField(
        required=False,
        allow_null=True,
        max_length=HANDLE_LENGTH,
        help_text=gettext_lazy("GitHub login, slug or Apache id of one of the camp's mentors."),
    )
    goal = TextField(required=False, allow_blank=True)


def _project_pk(cohort: Cohort, slug: str | None) -> int | str:
    """The form's value for a project slug: its pk, or the slug itself so that the form
    refuses it by name."""
    if not slug:
        return ""
    project = cohort.projects.filter(slug=slug).first()
    return project.pk if project else slug


def _mentor_pk(cohort: Cohort, handle: str | None) -> int | str:
    if not handle:
        return ""
    person = enrolling.find_person(handle)
    return person.pk if person else handle


def _choice_errors(form, cohort: Cohort, given: dict) -> dict[str, list[str]]:
    """The form's errors, with a refused project or mentor named as the API caller gave it."""
    errors = form_errors(form)
    if "project" in errors:
        errors["project"] = [
            _("“%(project)s” is not one of this camp's projects.") % {"project": given["project"]}
        ]
    if "mentor" in errors:
        person = enrolling.find_person(given["mentor"])
        errors["mentor"] = [
            _("%(mentor)s is not one of this camp's mentors: add them to the camp first.")
            % {"mentor": describe(person)}
            if person
            else _("Unknown mentor “%(mentor)s”: nobody has this GitHub login, slug or Apache id.")
            % {"mentor": given["mentor"]}
        ]
    return errors


class EnrollmentListApi(GenericAPIView):
    """A camp's enrolments; organizers enrol one person by POST."""

    permission_classes = [MembersReadOrganizersWrite]
    serializer_class = CampEnrollmentSerializer
    queryset = Enrollment.objects.none()

    @extend_schema(responses=CampEnrollmentSerializer(many=True))
    def get(self, request, slug: str):
        cohort = camp_or_404(slug)
        rows = self.paginate_queryset(listing.get_participants(cohort=cohort).enrollments)
        data = CampEnrollmentSerializer(rows, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(request=CampEnrolInputSerializer, responses={201: CampEnrollmentSerializer})
    def post(self, request, slug: str):
        cohort = camp_or_404(slug)
        given = CampEnrolInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        form = EnrolForm(
            data={
                "who": data["who"],
                "name": data.get("name", ""),
                "project": _project_pk(cohort, data.get("project")),
                "mentor": _mentor_pk(cohort, data.get("mentor")),
                "goal": data.get("goal", ""),
            },
            cohort=cohort,
        )
        if not form.is_valid():
            return Response(_choice_errors(form, cohort, data), status=status.HTTP_400_BAD_REQUEST)
        try:
            enrollment, _created = enrolling.enrol_person(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            return refused(error.messages)
        return Response(
            CampEnrollmentSerializer(enrollment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CampEnrollmentUpdateSerializer(serializers.Serializer):
    project = TextField(required=False, allow_null=True, allow_blank=True, max_length=100)
    mentor = TextField(required=False, allow_null=True, allow_blank=True, max_length=HANDLE_LENGTH)
    status = serializers.ChoiceField(choices=Enrollment.Status.choices, required=False)
    goal = TextField(required=False, allow_blank=True)


class EnrollmentDetailApi(GenericAPIView):
    """One enrolment; organizers change its project, mentor, status or goal by PATCH."""

    permission_classes = [MembersReadOrganizersWrite]
    serializer_class = CampEnrollmentSerializer
    queryset = Enrollment.objects.none()

    def _enrollment(self, slug: str, pk: int) -> Enrollment:
        cohort = camp_or_404(slug)
        enrollment = get_object_or_404(
            Enrollment.objects.select_related("contributor", "project", "mentor"),
            cohort=cohort,
            pk=pk,
        )
        enrollment.cohort = cohort
        return enrollment

    def get(self, request, slug: str, pk: int):
        enrollment = self._enrollment(slug, pk)
        return Response(CampEnrollmentSerializer(enrollment, context={"request": request}).data)

    @extend_schema(request=CampEnrollmentUpdateSerializer, responses=CampEnrollmentSerializer)
    def patch(self, request, slug: str, pk: int):
        enrollment = self._enrollment(slug, pk)
        cohort = enrollment.cohort
        given = CampEnrollmentUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = {
            "project": enrollment.project.slug if enrollment.project else None,
            "mentor": enrollment.mentor.slug if enrollment.mentor else None,
            "status": enrollment.status,
            "goal": enrollment.goal,
            **given.validated_data,
        }
        form = EnrollmentForm(
            data={
                "project": _project_pk(cohort, data["project"]),
                "mentor": _mentor_pk(cohort, data["mentor"]),
                "status": data["status"],
                "goal": data["goal"],
            },
            cohort=cohort,
        )
        if not form.is_valid():
            return Response(_choice_errors(form, cohort, data), status=status.HTTP_400_BAD_REQUEST)
        try:
            enrolling.update_enrollment(enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            return refused(error.messages)
        return Response(CampEnrollmentSerializer(enrollment, context={"request": request}).data)
