"""What mentors write down about their mentees between check-ins."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributors.models.people import Contributor


class CheckInNote(models.Model):
    """A mentor's note after a check-in with a mentee. Private: the mentee, their mentors and
    organizers read it (``contributors.roles.can_view_private``)."""

    mentee = models.ForeignKey(
        Contributor,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="check_in_notes",
    )
    # A user, not a Contributor: organizers without a contributor record write notes too.
    # Kept when the account goes, so the mentee's history stays whole.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_in_notes",
    )
    written_on = models.DateField(_("check-in date"), default=timezone.localdate)
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("check-in note")
        verbose_name_plural = _("check-in notes")
        ordering = ["-written_on", "-pk"]
        indexes = [
            # The contributor page and the dashboard read a mentee's latest notes.
            models.Index(fields=["mentee", "-written_on"], name="checkinnote_mentee_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body=""),
                name="checkinnote_not_empty",
                violation_error_message=_("A check-in note cannot be empty."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} · {self.written_on:%Y-%m-%d}"
