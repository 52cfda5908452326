"""API views for people. Each parses, checks permission, calls a reader and shapes the
result; serializers are nested in the view that uses them (HackSoft style)."""

from typing import TYPE_CHECKING, TypedDict

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import Combinable
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from contributors.api.permissions import IsMember
from contributors.models import Contributor, Identity
from contributors.parts import PARTS
from contributors.progress import Progress, progress_for, progress_for_many
from contributors.roles import (
    IsMentorOrOrganizer,
    can_view_private,
    current_mentee_ids,
    is_organizer,
    mentees_of,
)
from osc4you.lib.bounds import MAX_SEARCH_LENGTH, search_too_long_message
from projects.api.views import project_filter
from projects.models import ActivityMonth, Project

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _people() -> QuerySet[Contributor]:
    """People as lists show them: merged rows left out, emails and the parts other apps keep
    (camps: enrolments) prefetched, a query each for the whole page, so private parts cost
    nothing per row."""
    return Contributor.objects.filter(merged_into__isnull=True).prefetch_related(
        Prefetch(
            "identities",
            queryset=Identity.objects.filter(kind=Identity.Kind.GIT_EMAIL).order_by("value"),
            to_attr="emails",
        ),
        *(part.prefetch() for part in PARTS),
    )


def _person(slug: str, *, private: bool = True) -> Contributor:
    """The person at ``slug``; with ``private`` their emails and enrolments prefetched."""
    people = _people() if private else Contributor.objects.filter(merged_into__isnull=True)
    return get_object_or_404(people, slug=slug)


class _Emails(TypedDict):
    emails: list[Identity]  # prefetched by _people()


class PrivateSerializer(serializers.Serializer):
    """Emails, then each part other apps keep about the person (camps: enrolments)."""

    emails = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for part in PARTS:
            fields[part.name] = part.field()
        return fields

    def get_emails(self, obj: "WithAnnotations[Contributor, _Emails]") -> list[str]:
        return [identity.value for identity in obj.emails]


class ContributorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    chinese_name = serializers.CharField()
    github_login = serializers.CharField()
    apache_id = serializers.CharField()
    avatar_url = serializers.CharField()
    is_member = serializers.BooleanField()
    private = serializers.SerializerMethodField(
        help_text=_("Emails and enrolments; null unless the viewer may see them.")
    )

    @extend_schema(responses=PrivateSerializer(allow_null=True))
    def get_private(self, obj: Contributor) -> dict | None:
        if not can_view_private(self.context["request"].user, obj):
            return None
        return PrivateSerializer(obj).data


class ContributorListApi(GenericAPIView):
    """Everyone in the data, by name. ``?q=`` searches names, Chinese names, GitHub
    logins and Apache ids, and emails for organizers."""

    permission_classes = [IsMember]
    serializer_class = ContributorSerializer
    queryset = Contributor.objects.none()  # for the schema; get() reads its own

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=MAX_SEARCH_LENGTH,
            error_messages={"max_length": search_too_long_message()},
        )

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description=_("Search text."))],
        responses=ContributorSerializer(many=True),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        people = _people()
        q = filters.validated_data.get("q", "").strip()
        if q:
            match: Q | Combinable = (
                Q(display_name__icontains=q)
                | Q(chinese_name__icontains=q)
                | Q(github_login__icontains=q)
                | Q(apache_id__icontains=q)
            )
            if is_organizer(request.user):
                match |= Exists(
                    Identity.objects.filter(
                        contributor=OuterRef("pk"),
                        kind=Identity.Kind.GIT_EMAIL,
                        value__icontains=q.lower(),
                    )
                )
            people = people.filter(match)
        page = self.paginate_queryset(people)
        data = ContributorSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


class ContributorDetailApi(GenericAPIView):
    permission_classes = [IsMember]
    serializer_class = ContributorSerializer

    def get(self, request, slug: str):
        person = _person(slug)
        return Response(ContributorSerializer(person, context={"request": request}).data)


class SignalSerializer(serializers.Serializer):
    signal = serializers.CharField()
    # DRF takes declared fields out of the class: this is not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField()
    target = serializers.FloatField()
    weight = serializers.FloatField()
    ratio = serializers.FloatField(allow_null=True)


class ProgressSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    toward = serializers.CharField(
        allow_null=True,
        help_text="The title measured toward: committer, pmc_member, or null for a PMC member.",
    )
    readiness = serializers.FloatField(
        allow_null=True, help_text="0..1; null when no bar is measured for the next title."
    )
    calibration = serializers.CharField(source="calibration_description")
    signals = SignalSerializer(many=True)


class ContributorProgressApi(GenericAPIView):
    """Progress toward committership, in ``?project=`` or the most active project."""

    permission_classes = [IsMember]
    serializer_class = ProgressSerializer

    class FilterSerializer(serializers.Serializer):
        project = serializers.SlugField(required=False, max_length=100)

        def validate_project(self, value: str) -> Project:
            project = Project.objects.filter(slug=value).first()
            if project is None:
                raise serializers.ValidationError(
                    _("There is no project “%(project)s”.") % {"project": value}
                )
            return project

    @extend_schema(
        parameters=[OpenApiParameter("project", OpenApiTypes.STR, description=_("Project slug."))],
    )
    def get(self, request, slug: str):
        person = _person(slug, private=False)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        project = filters.validated_data.get("project")
        progress: Progress = progress_for(contributor=person, project=project)
        return Response(ProgressSerializer(progress).data)


class ActivityFilter(django_filters.FilterSet):
    project = project_filter()
    kind = django_filters.ChoiceFilter(choices=ActivityMonth.Kind.choices, label=_("Kind"))
    since = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label=_("From this month")
    )
    until = django_filters.DateFilter(
        field_name="month", lookup_expr="lte", label=_("Up to this month")
    )

    class Meta:
        model = ActivityMonth
        fields = ["project", "kind", "since", "until"]


class ContributorActivityApi(GenericAPIView):
    """Monthly activity counts, newest first."""

    permission_classes = [IsMember]
    filterset_class = ActivityFilter

    @extend_schema_serializer(component_name="ActivityMonth")
    class OutputSerializer(serializers.Serializer):
        month = serializers.DateField()
        project = serializers.CharField(source="project.slug")
        kind = serializers.CharField()
        count = serializers.IntegerField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[ActivityMonth]:
        return ActivityMonth.objects.select_related("project")

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request, slug: str):
        person = _person(slug, private=False)
        rows = self.filter_queryset(self.get_queryset().filter(contributor=person))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class MenteeSerializer(ContributorSerializer):
    readiness = serializers.FloatField(allow_null=True)
    project = serializers.CharField(allow_null=True)


class MenteeListApi(GenericAPIView):
    """The signed-in mentor's current mentees with their readiness; organizers may ask
    for any mentor's with ``?mentor=<slug>``."""

    permission_classes = [IsMentorOrOrganizer]
    serializer_class = MenteeSerializer
    queryset = Contributor.objects.none()  # for the schema; get() reads its own

    class FilterSerializer(serializers.Serializer):
        mentor = serializers.SlugField(required=False, max_length=120)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "mentor", OpenApiTypes.STR, description=_("Mentor's slug (organizers only).")
            )
        ],
        responses=MenteeSerializer(many=True),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        if "mentor" in filters.validated_data:
            if not is_organizer(request.user):
                raise PermissionDenied(_("Only organizers may ask for another mentor's mentees."))
            slug = filters.validated_data["mentor"]
            mentor = _people().filter(slug=slug).first()
            if mentor is None:
                message = _("Nobody has the slug “%(slug)s”.") % {"slug": slug}
                raise ValidationError({"mentor": [message]})
            mentees = _people().filter(pk__in=current_mentee_ids(mentor=mentor))
        else:
            mentees = _people().filter(pk__in=mentees_of(request.user).values("pk"))
        page = self.paginate_queryset(mentees)
        assert page is not None  # REST_FRAMEWORK's DEFAULT_PAGINATION_CLASS pages every list
        progress = progress_for_many(contributors=page)
        for person in page:
            # Read by MenteeSerializer from the row, next to the person's own fields.
            person.readiness = progress[person.pk].readiness  # type: ignore[attr-defined]
            project = progress[person.pk].project
            person.project = project.slug if project is not None else None  # type: ignore[attr-defined]
        data = MenteeSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)
