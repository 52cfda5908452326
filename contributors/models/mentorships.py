"""Who mentors whom: in a camp (``camps``), on a project, or both."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from contributors.models.people import Contributor


class Mentorship(models.Model):
    mentor = models.ForeignKey(
        Contributor, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="mentees_of"
    )
    mentee = models.ForeignKey(
        Contributor, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="mentors_of"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships",
    )
    # A model of the camps app above: named, never imported (tests/test_layers.py).
    cohort = models.ForeignKey(
        "camps.Cohort",
        verbose_name=_("camp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships",
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["mentor__display_name", "mentee__display_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")),
                name="mentorship_not_self",
                violation_error_message=_("A person cannot mentor themselves."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
                violation_error_message=_("A mentorship cannot end before it starts."),
            ),
            # Coalesce: a mentorship without project or camp is still recorded once.
            models.UniqueConstraint(
                "mentor",
                "mentee",
                Coalesce("project", 0),
                Coalesce("cohort", 0),
                name="mentorship_unique",
                violation_error_message=_("This mentorship is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"
