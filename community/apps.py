from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community figures and sponsorship")

    def ready(self) -> None:
        from community import signals  # noqa: F401 — drops the cached settings on save
