from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    name = "contributors"
    verbose_name = _("Contributors and mentorships")

    def ready(self) -> None:
        from contributors.resolution import link_claimed, resolve_sighted
        from contributors.roles import grant_organizer_permissions
        from contributors.tasks import queue_calibration, queue_warming
        from projects.pipeline import Step, register

        # Every app's migrate creates its permissions first; then the group gets them.
        post_migrate.connect(grant_organizer_permissions, dispatch_uid="organizer_permissions")
        register(Step.RESOLVE, resolve_sighted)
        register(Step.CLAIMED, link_claimed)
        register(Step.CALIBRATE, queue_calibration)
        register(Step.WARM, queue_warming)
