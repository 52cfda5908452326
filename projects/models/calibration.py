"""The committer bar of a project: the signals progress is measured by, targets an
organizer may set, and the targets calibrated from the project's own committers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Signal(models.TextChoices):
    """What progress toward committership is measured by, per person and project."""

    MERGED_PRS = "merged_prs", _("merged pull requests")
    REVIEWS = "reviews", _("pull requests reviewed")
    ISSUES_REPORTED = "issues_reported", _("issues reported")
    ISSUES_RESOLVED = "issues_resolved", _("issues resolved")
    ACTIVE_MONTHS = "active_months", _("active months in the last 12")
    MONTHS_SINCE_FIRST = "months_since_first", _("months since the first contribution")
    LIST_MESSAGES = "list_messages", _("messages on the mailing lists")
    VOTES = "votes", _("votes cast")
    DESIGN_THREADS = "design_threads", _("design threads authored")


def validate_signal_numbers(value: object) -> None:
    """A JSON object mapping signal names to numbers of zero or more."""
    if not isinstance(value, dict):
        raise ValidationError(_('Enter an object such as {"merged_prs": 30}.'))
    for key, number in value.items():
        if key not in Signal.values:
            raise ValidationError(
                _("%(key)s is not a signal; use one of %(signals)s."),
                params={"key": key, "signals": ", ".join(Signal.values)},
            )
        if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
            raise ValidationError(
                _("%(key)s must be a number of zero or more."), params={"key": key}
            )


class ProjectCalibration(models.Model):
    """Targets measured on the project's committers, computed after syncs, read by pages."""

    class Basis(models.TextChoices):
        COMMITTERS = "committers", _("calibrated on committers")
        CONFIGURED = "configured", _("targets set for the project")
        DEFAULTS = "defaults", _("default targets")

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="calibration",
    )
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    targets = models.JSONField(
        _("calibrated targets"),
        default=dict,
        blank=True,
        help_text=_("Median of each signal; empty unless calibrated on committers."),
    )
    committers = models.PositiveIntegerField(
        _("committers measured"), default=0, help_text=_("Titled in the last five years.")
    )
    first_year = models.PositiveSmallIntegerField(_("first election year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last election year"), null=True, blank=True)
    # The committers' median path (contributors/progress/paths.py), drawn on contributor
    # pages: cumulative merged PRs at each month since the first contribution.
    median_path = models.JSONField(_("committers' median path"), default=list, blank=True)
    median_path_committers = models.PositiveIntegerField(
        _("committers on the median path"), default=0
    )
    # The step after committer: signals of PMC members over the 24 months before their PMC
    # date, for those whose committer date is known too (contributors/progress/calibration.py).
    pmc_targets = models.JSONField(
        _("PMC step targets"),
        default=dict,
        blank=True,
        help_text=_("Median of each signal before the PMC date; empty with too few measured."),
    )
    pmc_members = models.PositiveIntegerField(
        _("PMC members measured"),
        default=0,
        help_text=_("Made PMC members in the last five years."),
    )
    pmc_first_year = models.PositiveSmallIntegerField(
        _("first PMC election year"), null=True, blank=True
    )
    pmc_last_year = models.PositiveSmallIntegerField(
        _("last PMC election year"), null=True, blank=True
    )
    pmc_median_months = models.FloatField(
        _("median months from committer to PMC"), null=True, blank=True
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("progress calibration")
        verbose_name_plural = _("progress calibrations")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.get_basis_display()}"
