from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and sources")

    def ready(self) -> None:
        from projects.freshness import forget_figures
        from projects.models import Project

        # A project's targets and weights, edited in the admin, change everyone's progress.
        for signal in (post_save, post_delete):
            signal.connect(forget_figures, sender=Project, dispatch_uid=f"figures-{signal}")
