"""Sponsorship spending: what the community paid for whom, recorded by organizers."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.currencies import DEFAULT_CURRENCY, validate_currency
from osc4you.lib.bounds import check_date

# A flight or a conference ticket is paid for ahead, but not more than a year ahead.
SPENT_DAYS_AHEAD = 366


class Expense(models.Model):
    class Category(models.TextChoices):
        TRAVEL = "travel", _("travel")
        CONFERENCE = "conference", _("conference ticket")
        ACCOMMODATION = "accommodation", _("accommodation")
        OTHER = "other", _("other")

    spent_on = models.DateField(_("date"))
    # PROTECT: a ledger keeps who was paid; a person with entries is merged, never deleted.
    person = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=DEFAULT_CURRENCY,
        validators=[validate_currency],
        help_text=_("ISO 4217 code, such as TWD or USD."),
    )
    camp = models.ForeignKey(
        "camps.Cohort",
        verbose_name=_("camp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("For organizers only; the public ledger leaves it out.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sponsorship expense")
        verbose_name_plural = _("sponsorship expenses")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="expense_amount_positive",
                violation_error_message=_("An amount must be more than zero."),
            ),
        ]
        indexes = [
            # The ledger, newest first, a page at a time.
            models.Index(fields=["-spent_on", "-id"], name="expense_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on:%Y-%m-%d} {self.amount} {self.currency}"

    def clean(self) -> None:
        if self.spent_on is not None:
            try:
                check_date(self.spent_on, days_ahead=SPENT_DAYS_AHEAD)
            except ValidationError as error:
                raise ValidationError({"spent_on": error.error_list}) from None
