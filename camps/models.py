"""Camps and who attended them: a cohort, its projects, organizers and mentors, and the
enrolments of its participants. Who mentors whom outside an enrolment is contributors'
``Mentorship``, which may name a camp.

The tables keep the names they had in contributors (``contributors_cohort``,
``contributors_enrollment`` and the cohort's many-to-many tables, named after its table):
the move changed no table (migrations/0001_initial.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributors.models import Contributor
from osc4you.lib.bounds import check_date

# A camp is announced months before it starts and runs four to five months.
CAMP_DAYS_AHEAD = 2 * 366


class Cohort(models.Model):
    """A mentored camp: 4–5 months, its projects, its organizers."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="cohorts"
    )
    organizers = models.ManyToManyField(
        Contributor, verbose_name=_("organizers"), blank=True, related_name="organized_cohorts"
    )
    # The camp's mentors before anyone is paired with them; an enrolment names its own.
    mentors = models.ManyToManyField(
        Contributor, verbose_name=_("mentors"), blank=True, related_name="mentored_cohorts"
    )

    class Meta:
        # The table keeps the name it had when camps were part of contributors.
        db_table = "contributors_cohort"
        verbose_name = _("camp")
        verbose_name_plural = _("camps")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
                violation_error_message=_("A camp cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for name in ("starts_on", "ends_on"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                check_date(value, days_ahead=CAMP_DAYS_AHEAD)
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        GRADUATED = "graduated", _("graduated")
        DROPPED = "dropped", _("dropped")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("camp"), on_delete=models.CASCADE, related_name="enrollments"
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
    )
    mentor = models.ForeignKey(
        Contributor,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_enrollments",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    goal = models.TextField(_("goal"), blank=True)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)

    class Meta:
        db_table = "contributors_enrollment"
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "contributor__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "contributor"],
                name="enrollment_unique_per_cohort",
                violation_error_message=_("This person is already enrolled in this camp."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} @ {self.cohort}"
