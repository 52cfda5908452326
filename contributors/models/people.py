"""People and the community's structure around them.

A Contributor is every person seen in the data; ``is_member`` marks the community's own.
Identities (emails, names, logins) point at a Contributor once resolved; source records
point at identities, so linking or merging people never touches a source record.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _


class Contributor(models.Model):
    class Origin(models.TextChoices):
        RESOLVED = "resolved", _("created by identity resolution")
        MANUAL = "manual", _("entered by hand")
        DEMO = "demo", _("demo data")

    display_name = models.CharField(_("display name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=100, blank=True)
    apache_id = models.CharField(_("Apache id"), max_length=64, blank=True)
    github_login = models.CharField(_("GitHub login"), max_length=39, blank=True)
    jira_user = models.CharField(_("JIRA user"), max_length=255, blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
    )
    is_member = models.BooleanField(
        _("community member"), default=False, help_text=_("One of the community's own people.")
    )
    is_bot = models.BooleanField(_("bot"), default=False)
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.MANUAL
    )
    # A merged person keeps their row (emptied of identities, titles and camps) rather than
    # being deleted: their slug and old links still lead somewhere (follow ``merged_into``),
    # merge suggestions and the merge log keep pointing at a real row, and an undo restores
    # the same row. Lists and counts of people leave these rows out.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text=_("Set when this person was merged into another; undoing the merge clears it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("apache_id"),
                condition=~Q(apache_id=""),
                name="contributor_unique_apache_id",
                violation_error_message=_("Another contributor has this Apache id."),
            ),
            models.UniqueConstraint(
                Lower("github_login"),
                condition=~Q(github_login=""),
                name="contributor_unique_github_login",
                violation_error_message=_("Another contributor has this GitHub login."),
            ),
        ]
        indexes = [
            # Member lists and community figures filter on membership first.
            models.Index(fields=["is_member", "display_name"], name="contributor_member_name"),
        ]

    def __str__(self) -> str:
        if self.chinese_name:
            return f"{self.display_name} ({self.chinese_name})"
        return self.display_name


class Identity(models.Model):
    """One way a person appears in a source, stored normalized so the same one is one row."""

    class Kind(models.TextChoices):
        GIT_EMAIL = "git_email", _("git email")
        GIT_NAME = "git_name", _("git name")
        GITHUB = "github", _("GitHub login")
        JIRA = "jira", _("JIRA user")
        APACHE = "apache", _("Apache id")

    class LinkSource(models.TextChoices):
        UNRESOLVED = "", _("unresolved")
        MANUAL = "manual", _("linked by hand")
        RULE = "rule", _("linked by a resolution rule")
        DEMO = "demo", _("demo data")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(
        _("value"), max_length=320, help_text=_("Normalized: lower-cased, trimmed.")
    )
    display = models.CharField(
        _("as seen"), max_length=320, blank=True, help_text=_("The first spelling seen.")
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="identities",
    )
    link_source = models.CharField(
        _("linked by"), max_length=16, choices=LinkSource.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                name="identity_unique_kind_value",
                violation_error_message=_("This identity is already recorded."),
            ),
            models.CheckConstraint(condition=~Q(value=""), name="identity_value_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display or self.value}"

    @staticmethod
    def normalize(kind: str, raw: str) -> str:
        """The stored form of a raw value: trimmed, single-spaced, lower-cased."""
        value = " ".join(raw.split())
        return value.lower()


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

    class Meta:
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
    cohort = models.ForeignKey(
        Cohort,
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


class IdentityPair(models.Model):
    """Two identities seen together in one source: a name with an email on a commit or in a
    trailer, a login with an email on GitHub. Identity resolution reads these as evidence;
    ``first`` always has the smaller id, so a pair is stored once."""

    first = models.ForeignKey(
        Identity, verbose_name=_("identity"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Identity, verbose_name=_("seen with"), on_delete=models.CASCADE, related_name="+"
    )
    occurrences = models.PositiveIntegerField(_("times seen together"), default=1)

    class Meta:
        verbose_name = _("identity pair")
        verbose_name_plural = _("identity pairs")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="identity_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="identity_pair_ordered"
            ),
        ]
        indexes = [
            # Resolution looks pairs up from either side.
            models.Index(fields=["second"], name="identity_pair_second"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"


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
