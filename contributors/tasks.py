from celery import shared_task
from django.db import transaction

from community.tasks import refresh_project_figures_task
from contributors.progress import calibrate_all, calibrate_project
from projects.models import Project


@shared_task(name="contributors.calibrate_project")
def calibrate_project_task(project_id: int) -> str:
    """Recompute one project's progress targets from its committers; safe to repeat."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:  # deleted since the sync that asked
        return "missing"
    return calibrate_project(project=project).basis


@shared_task(name="contributors.calibrate_all")
def calibrate_all_task() -> int:
    """Recompute every project's progress targets."""
    return calibrate_all()


def calibrate_after_commit(*, project_id: int) -> None:
    """For syncs: recalibrate the project, and recount its community figures, once the
    records just written are committed."""

    def queue() -> None:
        calibrate_project_task.delay(project_id)
        refresh_project_figures_task.delay(project_id)

    transaction.on_commit(queue)
