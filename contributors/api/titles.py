"""The titles people hold, for members: Apache's roster and organizers' entries."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView

from contributors.api.permissions import IsMember
from projects.api.views import project_filter
from projects.models import Title


class TitleFilter(django_filters.FilterSet):
    project = project_filter()
    role = django_filters.ChoiceFilter(choices=Title.Role.choices, label=_("Role"))
    since = django_filters.DateFilter(
        field_name="granted_on", lookup_expr="gte", label=_("Granted on or after")
    )

    class Meta:
        model = Title
        fields = ["project", "role", "since"]


class TitleListApi(GenericAPIView):
    """Titles people hold, newest first. Named people: for signed-in members only."""

    permission_classes = [IsMember]
    filterset_class = TitleFilter

    @extend_schema_serializer(component_name="Title")
    class OutputSerializer(serializers.Serializer):
        contributor = serializers.CharField(source="contributor.slug")
        display_name = serializers.CharField(source="contributor.display_name")
        project = serializers.CharField(source="project.slug", default=None, allow_null=True)
        role = serializers.CharField()
        granted_on = serializers.DateField(allow_null=True)

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[Title]:
        return Title.objects.select_related("contributor", "project").filter(
            contributor__merged_into__isnull=True
        )

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)
