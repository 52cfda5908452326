"""Check-in notes in the API: the twin of the notes on the contributor page, with the same
rules (read: ``can_view_private``; write: ``can_write_check_in_notes``)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from contributors import notes
from contributors.api.permissions import IsMember
from contributors.models import CheckInNote, Contributor
from contributors.profile import people
from contributors.roles import can_view_private, can_write_check_in_notes
from osc4you.lib.serializers import TextField


class CheckInNoteListApi(GenericAPIView):
    """A person's check-in notes, newest first; mentors and organizers add one by POST."""

    permission_classes = [IsMember]
    queryset = CheckInNote.objects.none()  # for the schema; get() reads its own

    class InputSerializer(serializers.Serializer):
        """Types only, with the page form's messages; the form checks the rest."""

        written_on = serializers.DateField(required=False, allow_null=True)
        body = TextField(
            max_length=notes.MAX_NOTE_LENGTH,
            error_messages={
                "required": notes.BODY_REQUIRED,
                "blank": notes.BODY_REQUIRED,
                "max_length": notes.BODY_TOO_LONG,
            },
        )

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        written_on = serializers.DateField()
        author = serializers.SerializerMethodField()
        body = serializers.CharField()
        created_at = serializers.DateTimeField()

        def get_author(self, obj: CheckInNote) -> str | None:
            if obj.author is None:
                return None
            contributor = getattr(obj.author, "contributor", None)
            return contributor.slug if contributor else obj.author.get_username()

    serializer_class = OutputSerializer

    def _mentee(self, slug: str) -> Contributor:
        return get_object_or_404(people(), slug=slug)

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request, slug: str):
        mentee = self._mentee(slug)
        if not can_view_private(request.user, mentee):
            raise PermissionDenied
        rows = self.paginate_queryset(mentee.check_in_notes.select_related("author__contributor"))
        return self.get_paginated_response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, slug: str):
        mentee = self._mentee(slug)
        if not can_write_check_in_notes(request.user, mentee):
            raise PermissionDenied
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        # The page's form validates: the same messages for the same mistakes.
        form = notes.CheckInNoteForm(
            data={
                "written_on": given.validated_data.get("written_on") or timezone.localdate(),
                "body": given.validated_data["body"],
            }
        )
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        note = notes.write_note(mentee=mentee, author=request.user, **form.cleaned_data)
        return Response(self.OutputSerializer(note).data, status=status.HTTP_201_CREATED)
