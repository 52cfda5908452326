from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShellConfig(AppConfig):
    """The project shell: settings, URLs, the API's routes, the home page, the schedules."""

    name = "osc4you"
    verbose_name = "osc4you"

    def ready(self) -> None:
        from osc4you.schedules import install_schedules

        post_migrate.connect(install_schedules, sender=self, dispatch_uid="beat_schedules")
