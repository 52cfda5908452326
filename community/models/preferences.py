"""What organizers decide about the community page, in one row read through the cache."""

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "community:settings"
# Without a shared cache (no REDIS_URL) each process keeps its own copy: a change shows
# in the others within this many seconds.
CACHE_SECONDS = 60


class CommunitySettingsManager(models.Manager):
    def get_current(self) -> "CommunitySettings":
        """The settings row, from the cache when it is there; created on first use."""
        current = cache.get(CACHE_KEY)
        if current is None:
            current, _created = self.get_or_create(pk=1)
            cache.set(CACHE_KEY, current, CACHE_SECONDS)
        return current

    def clear_cache(self) -> None:
        cache.delete(CACHE_KEY)


class CommunitySettings(models.Model):
    public_leaderboards = models.BooleanField(
        _("public leaderboards"),
        default=False,
        help_text=_(
            "Show the named reviewer and contributor leaderboards to anonymous visitors. "
            "Off: only signed-in members see names; everyone sees the totals."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommunitySettingsManager()

    class Meta:
        verbose_name = _("community settings")
        verbose_name_plural = _("community settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="community_settings_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Community settings"))
