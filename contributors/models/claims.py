"""Sign-ins that say they are someone an organizer has to confirm.

A GitHub sign-in is linked straight to a person only when GitHub's numeric account id is
recorded on one of that person's GitHub identities. When only the login matches (a person
imported from a CSV file, or known from data that carries no id), the account claims the
person and waits for an organizer: a login can belong to someone else than it did when it was
recorded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contributors.models.people import Contributor
from projects.models.identities import Identity


class AccountClaim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an organizer")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="account_claim",
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("claimed person"),
        on_delete=models.CASCADE,
        related_name="account_claims",
    )
    identity = models.ForeignKey(
        Identity,
        verbose_name=_("GitHub identity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_claims",
    )
    login = models.CharField(_("GitHub login at sign-in"), max_length=39)
    account_id = models.BigIntegerField(_("GitHub account id"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("account claim")
        verbose_name_plural = _("account claims")
        ordering = ["-created_at"]
        indexes = [
            # The person page tells organizers about the claims waiting on that person.
            models.Index(fields=["contributor", "status"], name="account_claim_person_status"),
        ]

    def __str__(self) -> str:
        return f"{self.login} → {self.contributor}"
