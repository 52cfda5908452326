from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShellConfig(AppConfig):
    """The project shell: settings, URLs, the API's routes, the home page, the schedules."""

    name = "osc4you"
    verbose_name = "osc4you"

    def ready(self) -> None:
        from django.apps import apps

        from osc4you.schedules import install_schedules

        # Django sends post_migrate only for apps with models, which this shell has none of:
        # the schedules follow django-celery-beat's own, once its tables exist.
        post_migrate.connect(
            install_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="beat_schedules",
        )
