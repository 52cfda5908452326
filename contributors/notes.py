"""Check-in notes: mentors write them after a check-in, the mentee and organizers read them.

Who may read is ``roles.can_view_private``; who may write is
``roles.can_write_check_in_notes``; who may delete is the note's author or an organizer.
"""

from datetime import date

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contributors.models import CheckInNote, Contributor
from contributors.roles import AnyUser, is_organizer
from osc4you.lib.bounds import check_date

MAX_NOTE_LENGTH = 5000
BODY_REQUIRED = _("Write what you talked about.")
BODY_TOO_LONG = lazy(
    lambda: gettext("Keep a note under %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}, str
)()


class CheckInNoteForm(forms.ModelForm):
    class Meta:
        model = CheckInNote
        fields = ["written_on", "body"]
        widgets = {
            # ISO, whatever the language: a date input reads nothing else.
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE_LENGTH}),
        }
        error_messages = {"body": {"required": BODY_REQUIRED}}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]  # stripped by the field
        if len(body) > MAX_NOTE_LENGTH:
            raise forms.ValidationError(BODY_TOO_LONG)
        return body

    def clean_written_on(self) -> date:
        written_on = self.cleaned_data["written_on"]
        if written_on > timezone.localdate():
            raise forms.ValidationError(_("A check-in cannot be in the future."))
        try:
            check_date(written_on, days_ahead=0)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return written_on


def write_note(
    *, mentee: Contributor, author: User, body: str, written_on: date | None = None
) -> CheckInNote:
    """Record a check-in note about ``mentee``; the caller has checked the author may."""
    return CheckInNote.objects.create(
        mentee=mentee,
        author=author,
        body=body,
        written_on=written_on or timezone.localdate(),
    )


def can_delete_note(user: AnyUser, note: CheckInNote) -> bool:
    return is_organizer(user) or (user.is_authenticated and note.author_id == user.pk)


def delete_note(*, note: CheckInNote) -> None:
    note.delete()
