"""Organisations people contribute for, and the affiliations organizers record by hand."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from community.domains import validate_domain_list


class Organization(models.Model):
    """A company, university or the community itself, as contributions are counted by.

    People count for an organisation through an affiliation an organizer records, else
    through the domain of their commit emails. The community's own row (``is_community``)
    counts its members instead: membership, not email, says who belongs to it.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    email_domains = models.JSONField(
        _("email domains"),
        default=list,
        blank=True,
        validators=[validate_domain_list],
        help_text=_("Commit emails at these domains (and their subdomains) count for it."),
    )
    homepage = models.URLField(_("homepage"), blank=True)
    is_community = models.BooleanField(
        _("the community itself"),
        default=False,
        help_text=_("Counts the community's members, whatever their email domain."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organization_unique_name",
                violation_error_message=_("An organisation with this name exists."),
            ),
            models.UniqueConstraint(
                fields=["is_community"],
                condition=Q(is_community=True),
                name="organization_one_community",
                violation_error_message=_("Another organisation is already the community."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def community_organization() -> Organization:
    """The community's own organisation, created on first use with the configured name."""
    organization = Organization.objects.filter(is_community=True).first()
    if organization is None:
        organization, _created = Organization.objects.get_or_create(
            is_community=True,
            defaults={"name": settings.COMMUNITY_NAME, "slug": "community"},
        )
    return organization


class Affiliation(models.Model):
    """An organizer's word that a person contributed for an organisation, maybe for a while.

    It overrides what email domains suggest. Where two cover the same month, the one that
    started later wins: a new job replaces the old one in the month of the move.
    """

    contributor = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    since = models.DateField(_("since"), null=True, blank=True, help_text=_("Empty: always."))
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The last day; empty: still there.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["contributor__display_name", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="affiliation_ends_after_start",
                violation_error_message=_("An affiliation cannot end before it starts."),
            ),
        ]
        indexes = [
            # The figures' refresh reads the affiliations of a project's people.
            models.Index(fields=["contributor", "since"], name="affiliation_contributor"),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} — {self.organization}"

    def clean(self) -> None:
        if self.organization_id and self.organization.is_community:
            raise ValidationError(
                {
                    "organization": _(
                        "Members count for the community through their membership: tick "
                        "“community member” on the person instead."
                    )
                }
            )

    def covers(self, first_day: date, last_day: date) -> bool:
        """Whether the affiliation holds on any day from ``first_day`` to ``last_day``."""
        return (self.since is None or self.since <= last_day) and (
            self.until is None or self.until >= first_day
        )
