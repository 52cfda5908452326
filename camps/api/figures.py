"""The camp page's API twin: GET /api/camps/<slug>/figures/, with the page's rules.

Signed-in members read a camp's figures; each enrolment's status and goal are null unless
the viewer may see them (``camps.access``), and the report links are null unless the viewer
may download them.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from camps import reports
from camps.access import ParticipantRow, view_camp
from camps.figures import get_camp_figures, site_zone
from camps.models import Cohort
from contributors.api.permissions import IsMember


class CampCountsSerializer(serializers.Serializer):
    prs_opened = serializers.IntegerField()
    prs_merged = serializers.IntegerField()
    reviews = serializers.IntegerField()
    issues_reported = serializers.IntegerField()
    issues_resolved = serializers.IntegerField()
    commits = serializers.IntegerField()


class CampFiguresPersonSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    chinese_name = serializers.CharField()
    github_login = serializers.CharField()


class CampFirstContributionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    project = serializers.CharField(source="project.slug")


class CampTitleGainedSerializer(serializers.Serializer):
    person = serializers.CharField(source="contributor.slug")
    role = serializers.CharField()
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    granted_on = serializers.DateField()
    during_camp = serializers.BooleanField()


class CampParticipantFiguresSerializer(serializers.Serializer):
    person = CampFiguresPersonSerializer(source="participant.contributor")
    project = serializers.CharField(
        source="participant.enrollment.project.slug", default=None, allow_null=True
    )
    mentor = serializers.CharField(
        source="participant.enrollment.mentor.slug", default=None, allow_null=True
    )
    status = serializers.SerializerMethodField(help_text=_("Null unless the viewer may see it."))
    goal = serializers.SerializerMethodField(help_text=_("Null unless the viewer may see it."))
    counts = CampCountsSerializer(source="participant.counts")
    first_contribution = CampFirstContributionSerializer(
        source="participant.first_contribution", allow_null=True
    )
    first_during_camp = serializers.BooleanField(source="participant.first_during_camp")
    titles = CampTitleGainedSerializer(source="participant.titles", many=True)

    def get_status(self, row: ParticipantRow) -> str | None:
        return row.participant.enrollment.status if row.show_status else None

    def get_goal(self, row: ParticipantRow) -> str | None:
        return row.participant.enrollment.goal if row.show_goal else None


class CampProjectTotalsSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.slug")
    name = serializers.CharField(source="project.name")
    in_camp = serializers.BooleanField()
    participants = serializers.IntegerField()
    counts = CampCountsSerializer()
    first_contributions = serializers.IntegerField()


class CampWeekSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    counts = CampCountsSerializer()


class CampFiguresApi(GenericAPIView):
    """What a camp achieved inside its dates: the camp page's figures."""

    permission_classes = [IsMember]

    @extend_schema_serializer(component_name="CampFigures")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField(source="figures.cohort.slug")
        name = serializers.CharField(source="figures.cohort.name")
        starts_on = serializers.DateField(source="figures.cohort.starts_on")
        ends_on = serializers.DateField(source="figures.cohort.ends_on")
        since = serializers.DateTimeField(
            source="figures.window.since", help_text=_("The window opens: 00:00 on the first day.")
        )
        until = serializers.DateTimeField(
            source="figures.window.until", help_text=_("The window closes (excluded).")
        )
        time_zone = serializers.SerializerMethodField()
        participant_count = serializers.SerializerMethodField()
        active_participants = serializers.IntegerField(source="figures.active_participants")
        first_contributions = serializers.SerializerMethodField(
            help_text=_("Participants whose first contribution ever fell in the window.")
        )
        totals = CampCountsSerializer(source="figures.totals")
        participants = CampParticipantFiguresSerializer(source="rows", many=True)
        projects = CampProjectTotalsSerializer(source="figures.projects", many=True)
        week_count = serializers.IntegerField(
            source="figures.week_count", help_text=_("The camp's weeks, begun or not.")
        )
        weeks = CampWeekSerializer(
            source="figures.weeks",
            many=True,
            help_text=_("The weeks begun so far: a running camp's weeks to come are left out."),
        )
        titles = CampTitleGainedSerializer(source="figures.titles", many=True)
        reports = serializers.SerializerMethodField(
            help_text=_("Report downloads by format; null unless the viewer may download them.")
        )

        def get_participant_count(self, view) -> int:
            return len(view.figures.participants)

        def get_first_contributions(self, view) -> int:
            return len(view.figures.first_contributions)

        def get_time_zone(self, view) -> str:
            return str(site_zone())

        @extend_schema_field(serializers.DictField(child=serializers.URLField(), allow_null=True))
        def get_reports(self, view) -> dict | None:
            if not view.can_export:
                return None
            request = self.context["request"]
            slug = view.figures.cohort.slug
            return {
                fmt.value: request.build_absolute_uri(reverse("camps:report", args=[slug, fmt]))
                for fmt in reports.Format
            }

    serializer_class = OutputSerializer

    def get(self, request, slug: str):
        cohort = get_object_or_404(Cohort, slug=slug)
        view = view_camp(user=request.user, figures=get_camp_figures(cohort=cohort))
        return Response(self.OutputSerializer(view, context={"request": request}).data)
