"""Importing a camp's participants from a CSV file through the API: a preview, or the
import with ``confirm=true`` (``camps.importing``)."""

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from camps import importing
from camps.api.common import camp_or_404, form_errors
from camps.forms import ImportForm
from camps.models import Cohort
from contributors.roles import IsOrganizer
from osc4you.lib.parsers import MultiPartParser


class CampImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    github_login = serializers.CharField()
    email = serializers.CharField()
    project = serializers.CharField(source="project_text")
    mentor = serializers.CharField(source="mentor_text")
    outcome = serializers.ChoiceField(choices=[o.value for o in importing.Outcome])
    person = serializers.CharField(source="person.slug", default=None, allow_null=True)
    # A field named like Serializer.errors, which the stubs type as the errors' dict.
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
        cohort = camp_or_404(slug)
        given = CampImportInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        form = ImportForm(files=MultiValueDict({"file": [given.validated_data["file"]]}), data={})
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
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
