"""What resolution leaves to an organizer and what organizers decided: open questions
about who is who, and the log of merges that an undo reads."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributors.models.people import Contributor
from projects.models.identities import Identity


class MergeSuggestion(models.Model):
    """A question resolution leaves to an organizer: is this identity that person, or are these
    two people one? Confirming links or merges; a dismissed suggestion is kept so the same
    question is never asked again.

    ``contributor`` is the candidate person; ``identity`` is set for "identity → person",
    ``other`` for "person ↔ person" (then ``contributor`` has the smaller id, so a pair of
    people has one row).
    """

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("identity → person")
        PEOPLE = "people", _("two people, one person")

    class Reason(models.TextChoices):
        SAME_NAME = "same_name", _("same name")
        SEEN_TOGETHER = "seen_together", _("seen together")
        SIMILAR_NAME = "similar_name", _("name a few letters apart")
        NAME_ORDER = "name_order", _("same name in another order")
        FIRST_NAME = "first_name", _("the project's only one with this first or family name")
        MORE_WORDS = "more_words", _("one name inside the other")
        SAME_LOGIN = "same_login", _("a login written as a name or an email")
        # Recorded as dismissed by a split, so the two are never suggested as one again.
        SPLIT = "split", _("split by hand")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    identity = models.ForeignKey(
        Identity,
        verbose_name=_("identity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merge_suggestions",
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="merge_suggestions",
    )
    other = models.ForeignKey(
        Contributor,
        verbose_name=_("other person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence = models.JSONField(
        _("evidence"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("Names, emails and logins that make the case, and the identity ids."),
    )
    credits = models.PositiveIntegerField(
        _("credits moved"),
        default=0,
        help_text=_("Commits and credits of the smaller side: what confirming would move."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
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
        verbose_name = _("merge suggestion")
        verbose_name_plural = _("merge suggestions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="identity", identity__isnull=False, other__isnull=True)
                | Q(
                    kind="people",
                    identity__isnull=True,
                    other__isnull=False,
                    contributor__lt=models.F("other"),
                ),
                name="merge_suggestion_shape",
            ),
            models.UniqueConstraint(
                fields=["identity", "contributor"],
                condition=Q(identity__isnull=False),
                name="merge_suggestion_unique_identity",
                violation_error_message=_("This identity is already suggested for this person."),
            ),
            models.UniqueConstraint(
                fields=["contributor", "other"],
                condition=Q(other__isnull=False),
                name="merge_suggestion_unique_people",
                violation_error_message=_("These two people are already suggested as one."),
            ),
        ]
        indexes = [
            # The organizers' queue: pending suggestions, newest first.
            models.Index(fields=["status", "-created_at"], name="merge_suggestion_queue"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.IDENTITY:
            return f"{self.identity} → {self.contributor}"
        return f"{self.contributor} ↔ {self.other}"


class ContributorMerge(models.Model):
    """One merge of a person (source) into another (target), with what moved, so an undo can
    put back exactly that: identity ids with their former link source, moved and dropped
    titles, enrolments, mentorships, camp organizers, the account and filled-in fields."""

    source = models.ForeignKey(
        Contributor,
        verbose_name=_("merged person"),
        on_delete=models.CASCADE,
        related_name="merges_out",
    )
    target = models.ForeignKey(
        Contributor,
        verbose_name=_("merged into"),
        on_delete=models.CASCADE,
        related_name="merges_in",
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    moved = models.JSONField(_("what moved"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="contributor_merge_not_self",
                violation_error_message=_("A person cannot be merged into themselves."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
