"""API views for projects; serializers nested in the view that uses them."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny

from projects.models import Project


class ProjectListApi(GenericAPIView):
    """The projects the community follows: community-level data, open to anyone."""

    permission_classes = [AllowAny]

    @extend_schema_serializer(component_name="Project")
    class OutputSerializer(serializers.Serializer):
        slug = serializers.CharField()
        name = serializers.CharField()
        foundation = serializers.CharField()
        homepage = serializers.CharField()
        description = serializers.CharField()
        issue_tracker = serializers.CharField()
        jira_key = serializers.CharField()

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.order_by("name")

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


def project_filter() -> django_filters.ModelChoiceFilter:
    """``?project=<slug>``: an unknown slug is refused (400) rather than matching nothing."""
    return django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(),
        to_field_name="slug",
        label=_("Project slug"),
        error_messages={"invalid_choice": _("There is no project “%(value)s”.")},
    )
