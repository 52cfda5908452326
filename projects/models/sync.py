from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.times import zoned_time


class SyncState(models.Model):
    """Where one source's sync stands: its cursor, its progress and how it last ended.

    The cursor is saved as pages are stored, so an interrupted sync resumes from it.
    """

    class Kind(models.TextChoices):
        GIT = "git", _("git history")
        GIT_STATS = "git_stats", _("git line stats")
        GITHUB = "github", _("GitHub")
        JIRA = "jira", _("JIRA")
        APACHE_ROSTER = "apache_roster", _("Apache roster")
        LISTS = "lists", _("mailing lists")

    class Status(models.TextChoices):
        IDLE = "idle", _("never run")
        RUNNING = "running", _("running")
        WAITING = "waiting", _("waiting for the rate limit")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("source"), max_length=16, choices=Kind.choices)
    repository = models.ForeignKey(
        "projects.Repository",
        verbose_name=_("repository"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sync_states",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sync_states",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDLE
    )
    cursor = models.JSONField(_("cursor"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    warning = models.TextField(
        _("warning"), blank=True, help_text=_("What the last finished run had to leave out.")
    )
    pages_done = models.PositiveIntegerField(_("pages done"), default=0)
    items_done = models.PositiveIntegerField(_("items done"), default=0)
    items_total = models.PositiveIntegerField(_("items expected"), null=True, blank=True)
    rate_limit_until = models.DateTimeField(_("rate limit wait until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sync state")
        verbose_name_plural = _("sync states")
        ordering = ["kind", "repository", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "repository"],
                condition=Q(repository__isnull=False),
                name="sync_state_unique_repository",
            ),
            models.UniqueConstraint(
                fields=["kind", "project"],
                condition=Q(repository__isnull=True, project__isnull=False),
                name="sync_state_unique_project",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(repository__isnull=True, project__isnull=True),
                name="sync_state_unique_global",
            ),
        ]

    def __str__(self) -> str:
        target = self.repository or self.project or _("all")
        return f"{self.get_kind_display()} — {target}"

    # Whether the sync holds its lock, set for running states by
    # projects.sync.locks.check_running (one query for a whole list); None: not asked yet.
    lock_held: bool | None = None

    @property
    def is_interrupted(self) -> bool:
        """Running, but nobody holds the sync's lock: the run died (a killed worker, a lost
        machine) and could not say so. Asks about this row alone unless a list was checked."""
        if self.status != self.Status.RUNNING:
            return False
        if self.lock_held is None:
            from projects.sync.locks import check_running

            check_running([self])
        return not self.lock_held

    @property
    def is_waiting(self) -> bool:
        return bool(self.rate_limit_until and self.rate_limit_until > timezone.now())

    def describe(self) -> str:
        """Where the sync stands, in a sentence: "waiting for the rate limit until 14:05
        +08:00"."""

        def at(moment) -> str:
            return zoned_time(moment) if moment else "?"

        if self.status == self.Status.WAITING and self.rate_limit_until:
            return _("waiting for the rate limit until %(time)s") % {
                "time": at(self.rate_limit_until)
            }
        if self.is_interrupted:
            return _("interrupted at %(time)s") % {"time": at(self.updated_at or self.started_at)}
        if self.status == self.Status.RUNNING:
            if self.items_total:
                return _("running: %(done)s of %(total)s, %(pages)s pages") % {
                    "done": self.items_done, "total": self.items_total, "pages": self.pages_done
                }  # fmt: skip
            return _("running: %(done)s done, %(pages)s pages") % {
                "done": self.items_done, "pages": self.pages_done
            }  # fmt: skip
        if self.status == self.Status.FAILED:
            return _("failed at %(time)s: %(reason)s") % {
                "time": at(self.finished_at), "reason": self.last_error
            }  # fmt: skip
        if self.status == self.Status.SUCCEEDED and self.warning:
            return _("finished at %(time)s with a warning: %(warning)s") % {
                "time": at(self.finished_at), "warning": self.warning
            }  # fmt: skip
        if self.status == self.Status.SUCCEEDED:
            return _("finished at %(time)s") % {"time": at(self.finished_at)}
        return str(self.get_status_display())
