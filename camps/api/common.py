"""What the camps API's views share: who may read and write, errors as the forms give
them, a camp looked up by slug."""

from django.forms import BaseForm
from django.shortcuts import get_object_or_404
from rest_framework import status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from camps.models import Cohort
from contributors.api.permissions import IsMember
from contributors.roles import IsOrganizer


class MembersReadOrganizersWrite(IsMember):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        return IsOrganizer().has_permission(request, view)


# A GitHub login, email (up to 320 characters), slug or Apache id.
HANDLE_LENGTH = 320


def form_errors(form: BaseForm) -> dict[str, list[str]]:
    return {field: [str(error) for error in errors] for field, errors in form.errors.items()}


def refused(messages: list[str], field: str = "non_field_errors") -> Response:
    return Response({field: messages}, status=status.HTTP_400_BAD_REQUEST)


def camp_or_404(slug: str) -> Cohort:
    return get_object_or_404(Cohort, slug=slug)
