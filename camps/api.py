"""The API twin of the camp management pages, with their rules: members read, organizers
write. The pages' forms validate the API's input too, so a mistake gets the same message
in both.

An enrolment's status is shown as on the camp page (``camps.access``): to
organizers, the camp's staff, the person and their mentors; its goal to organizers, the
person and their mentors only.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from camps import enrolling, importing, listing
from camps.access import sees_enrollment
from camps.forms import CampForm, EnrolForm, EnrollmentForm, ImportForm
from camps.matching import describe
from camps.models import Cohort, Enrollment
from camps.roles import can_export_camp
from contributors.api.permissions import IsMember
from contributors.roles import IsOrganizer
from osc4you.lib.parsers import MultiPartParser
from osc4you.lib.serializers import TextField, text_list
from projects.models import Project


class _MembersReadOrganizersWrite(IsMember):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return IsOrganizer().has_permission(request, view)


# A GitHub login, email (up to 320 characters), slug or Apache id.
HANDLE_LENGTH = 320


def _errors(form) -> dict[str, list[str]]:
    return {field: [str(error) for error in errors] for field, errors in form.errors.items()}


def _refused(messages: list[str], field: str = "non_field_errors") -> Response:
    return Response({field: messages}, status=status.HTTP_400_BAD_REQUEST)


def _camp(slug: str) -> Cohort:
    return get_object_or_404(Cohort, slug=slug)


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
            return _refused(
                [_("No project has the slug: %(slugs)s.") % {"slugs": ", ".join(unknown)}],
                "projects",
            )
        form_data["projects"] = list(projects.values())
    if "mentors" in data:
        form_data["mentors"] = " ".join(data["mentors"])
    form = CampForm(data=form_data, instance=cohort)
    if not form.is_valid():
        return Response(_errors(form), status=status.HTTP_400_BAD_REQUEST)
    saved = form.save()
    code = status.HTTP_201_CREATED if cohort is None else status.HTTP_200_OK
    return Response(CampSerializer(_camp_row(saved.slug)).data, status=code)


class CampListApi(GenericAPIView):
    """Every camp with its counts; organizers create one by POST."""

    permission_classes = [_MembersReadOrganizersWrite]
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

    permission_classes = [_MembersReadOrganizersWrite]
    serializer_class = CampSerializer
    queryset = Cohort.objects.none()

    def get(self, request, slug: str):
        return Response(CampSerializer(_camp_row(slug)).data)

    @extend_schema(request=CampInputSerializer, responses=CampSerializer)
    def patch(self, request, slug: str):
        return _save_camp(request, _camp(slug))


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
    errors = _errors(form)
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

    permission_classes = [_MembersReadOrganizersWrite]
    serializer_class = CampEnrollmentSerializer
    queryset = Enrollment.objects.none()

    @extend_schema(responses=CampEnrollmentSerializer(many=True))
    def get(self, request, slug: str):
        cohort = _camp(slug)
        rows = self.paginate_queryset(listing.get_participants(cohort=cohort).enrollments)
        data = CampEnrollmentSerializer(rows, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(request=CampEnrolInputSerializer, responses={201: CampEnrollmentSerializer})
    def post(self, request, slug: str):
        cohort = _camp(slug)
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
            return _refused(error.messages)
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

    permission_classes = [_MembersReadOrganizersWrite]
    serializer_class = CampEnrollmentSerializer
    queryset = Enrollment.objects.none()

    def _enrollment(self, slug: str, pk: int) -> Enrollment:
        cohort = _camp(slug)
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
            return _refused(error.messages)
        return Response(CampEnrollmentSerializer(enrollment, context={"request": request}).data)


class CampImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    github_login = serializers.CharField()
    email = serializers.CharField()
    project = serializers.CharField(source="project_text")
    mentor = serializers.CharField(source="mentor_text")
    outcome = serializers.ChoiceField(choices=[o.value for o in importing.Outcome])
    person = serializers.CharField(source="person.slug", default=None, allow_null=True)
    # A field, which DRF takes out of the class: not Serializer.errors.
    errors = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]
    notes = serializers.ListField(child=serializers.CharField())


class CampImportPreviewSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    digest = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())
    rows = CampImportRowSerializer(many=True)


class CampImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    enrolled = serializers.IntegerField()
    skipped = serializers.IntegerField()


class CampImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Import if every row is good; otherwise only preview."),
    )


class CampImportApi(GenericAPIView):
    """Preview a CSV file of participants (nothing written), or import it with
    ``confirm=true``: every row or, if any is bad, none (400 with the preview)."""

    permission_classes = [IsOrganizer]
    parser_classes = [MultiPartParser]  # a file
    serializer_class = CampImportPreviewSerializer
    queryset = Cohort.objects.none()

    @extend_schema(
        request={"multipart/form-data": CampImportInputSerializer},
        responses={
            200: CampImportPreviewSerializer,
            201: CampImportResultSerializer,
            400: CampImportPreviewSerializer,
        },
    )
    def post(self, request, slug: str):
        cohort = _camp(slug)
        given = CampImportInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        form = ImportForm(files=MultiValueDict({"file": [given.validated_data["file"]]}), data={})
        if not form.is_valid():
            return Response(_errors(form), status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data["file"]
        if not given.validated_data["confirm"]:
            preview = importing.preview_import(cohort=cohort, data=data)
            return Response(CampImportPreviewSerializer(preview).data)
        try:
            result = importing.apply_import(cohort=cohort, data=data)
        except importing.ImportRefused as refused:
            return Response(
                CampImportPreviewSerializer(refused.preview).data,
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(CampImportResultSerializer(result).data, status=status.HTTP_201_CREATED)
