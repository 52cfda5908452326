from celery import shared_task

from contributors.progress import calibrate_all, calibrate_project
from contributors.warming import warm_figures
from projects.models import Project

WARM_AFTER_SECONDS = 300


@shared_task(name="contributors.calibrate_project")
def calibrate_project_task(project_id: int) -> str:
    """Recompute one project's progress targets from its committers; safe to repeat."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:  # deleted since the sync that asked
        return "missing"
    return calibrate_project(project=project).basis


@shared_task(name="contributors.calibrate_all")
def calibrate_all_task() -> int:
    """Recompute every project's progress targets (nightly), then warm the pages."""
    count = calibrate_all()
    warm_figures_task.delay()
    return count


@shared_task(name="contributors.warm_figures")
def warm_figures_task() -> int:
    """Compute members' page figures and mentees' dashboard figures ahead of views."""
    return warm_figures()


def queue_calibration(*, project_id: int) -> None:
    calibrate_project_task.delay(project_id)


def queue_warming() -> None:
    # Later, so that the other syncs of a nightly run land first; a warm run for the same
    # records version is skipped.
    warm_figures_task.apply_async(countdown=WARM_AFTER_SECONDS)
