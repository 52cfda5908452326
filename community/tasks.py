from celery import shared_task
from django.db import transaction

from community.snapshot import refresh_all_figures, refresh_project_figures
from projects.models import Project


@shared_task(name="community.refresh_project_figures")
def refresh_project_figures_task(project_id: int) -> int:
    """Recount one project's community figures; safe to repeat. Returns the number of
    organisations ranked."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:  # deleted since the sync that asked
        return 0
    return refresh_project_figures(project=project).organizations


@shared_task(name="community.refresh_all_figures")
def refresh_all_figures_task() -> int:
    """Recount every project's community figures (nightly, and after organisations or
    affiliations change)."""
    return refresh_all_figures()


def queue_recount(*, project_id: int) -> None:
    """The pipeline's recount after a sync: one project, as a task."""
    refresh_project_figures_task.delay(project_id)


def refresh_after_commit(*, project_id: int | None = None) -> None:
    """Recount one project (or all) once the current transaction commits."""
    if project_id is None:
        transaction.on_commit(refresh_all_figures_task.delay)
    else:
        transaction.on_commit(lambda: refresh_project_figures_task.delay(project_id))
