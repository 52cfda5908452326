from django.conf import settings
from django.db import migrations

TASK_NAME = "Recount community figures"


def create_community_and_schedule(apps, schema_editor):
    Organization = apps.get_model("community", "Organization")
    if not Organization.objects.filter(is_community=True).exists():
        Organization.objects.create(
            name=settings.COMMUNITY_NAME, slug="community", is_community=True
        )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # Nightly at 05:30 local time: after the 03:00 sync, its rollups and the 05:00
    # calibration; also run after each project's sync. Editable in the admin.
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="5",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "community.refresh_all_figures", "crontab": crontab},
    )


def remove_schedule(apps, schema_editor):
    # The community's row stays: affiliations and figures may point at it by now.
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(create_community_and_schedule, remove_schedule)]
