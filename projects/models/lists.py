"""Mailing lists a project names, and the messages their public archive holds.

At Apache "if it didn't happen on the mailing list, it didn't happen": design discussions,
votes and the announcement of new committers are on the lists. Each message is stored once,
by its Message-ID; the sender is an identity like any other source's, except for mail that
machines write (JIRA and GitHub notifications, CI, "via GitHub" relays): those rows keep no
sender identity, so they never count as anyone's participation.
"""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Where archive links point when LISTS_URL is a directory rather than an archive.
PUBLIC_ARCHIVE = "https://lists.apache.org"


class MailingList(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="mailing_lists",
    )
    address = models.EmailField(
        _("address"), max_length=200, help_text=_("For example dev@kafka.apache.org.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["address"]
        constraints = [
            models.UniqueConstraint(
                Lower("address"),
                name="mailing_list_unique_address",
                violation_error_message=_("This mailing list is already followed."),
            ),
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def name(self) -> str:
        """The list part: ``dev`` of dev@kafka.apache.org."""
        return self.address.partition("@")[0].lower()

    @property
    def domain(self) -> str:
        return self.address.partition("@")[2].lower()

    @property
    def list_id(self) -> str:
        """The List-Id the archive files it under: ``<dev.kafka.apache.org>``."""
        return f"<{self.name}.{self.domain}>"

    @property
    def announces_titles(self) -> bool:
        """dev@ and announce@ are where a PMC announces its new committers."""
        return self.name in ("dev", "announce")


class ListMessage(models.Model):
    class Kind(models.TextChoices):
        THREAD = "thread", _("started a thread")
        REPLY = "reply", _("replied")

    class Vote(models.TextChoices):
        NONE = "", _("no vote")
        PLUS_ONE = "+1", "+1"
        ZERO = "0", "0"
        MINUS_ONE = "-1", "-1"

    mailing_list = models.ForeignKey(
        MailingList,
        verbose_name=_("mailing list"),
        on_delete=models.CASCADE,
        related_name="messages",
        db_index=False,  # the (mailing_list, sent_at) index leads with it
    )
    message_id = models.CharField(_("Message-ID"), max_length=500)
    sent_at = models.DateTimeField(_("sent"))
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sender = models.ForeignKey(
        "projects.Identity",
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="list_messages",
        help_text=_("Empty for mail written by machines."),
    )
    sender_display = models.CharField(_("From"), max_length=320, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=500, blank=True)
    thread_root = models.CharField(
        _("thread root"), max_length=500, help_text=_("Message-ID of the thread's first message.")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    is_machine = models.BooleanField(
        _("written by a machine"),
        default=False,
        help_text=_("JIRA, GitHub, CI notifications: never counted as participation."),
    )
    vote = models.CharField(_("vote"), max_length=2, choices=Vote.choices, blank=True)
    is_design = models.BooleanField(_("design thread"), default=False)
    announced_role = models.CharField(
        _("announces"),
        max_length=16,
        blank=True,
        help_text=_("The title this message announces (committer, PMC member), if any."),
    )
    announced_name = models.CharField(_("announced person"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("list message")
        verbose_name_plural = _("list messages")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                name="list_message_unique_message_id",
                violation_error_message=_("This message is already stored."),
            ),
        ]
        indexes = [
            # A list's month, re-read by a sync; the archive pages of a list.
            models.Index(fields=["mailing_list", "sent_at"], name="list_message_list_sent"),
            # Rollups and the person page: a sender's messages by date.
            models.Index(fields=["sender", "sent_at"], name="list_message_sender_sent"),
            # Title dating reads the announcements alone.
            models.Index(
                fields=["announced_role"],
                condition=~Q(announced_role=""),
                name="list_message_announcements",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.subject[:60]}"

    def archive_url(self, mailing_list: MailingList | None = None) -> str:
        """The thread on the archive's web pages (PonyMail's ``/thread/<Message-ID>?<List-Id>``
        permalink); ``mailing_list`` saves a query when the caller has it."""
        lists = mailing_list or self.mailing_list
        base = settings.LISTS_URL.rstrip("/")
        if not base.startswith(("http://", "https://")):
            base = PUBLIC_ARCHIVE
        return f"{base}/thread/{quote(self.thread_root, safe='')}?{quote(lists.list_id, safe='')}"
