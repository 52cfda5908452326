from celery import shared_task

from projects.rollups import refresh_activity_months


@shared_task(name="projects.refresh_activity_months")
def refresh_activity_months_task(identity_ids: list[int], contributor_ids: list[int]) -> int:
    """Rebuild monthly rollups for these people; safe to repeat."""
    return refresh_activity_months(identity_ids=identity_ids, contributor_ids=contributor_ids)
