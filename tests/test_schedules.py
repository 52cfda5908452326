"""The beat schedule, declared in osc4you/schedules.py and installed after every migrate."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django_celery_beat.models import PeriodicTask

from osc4you.celery import app
from osc4you.schedules import SCHEDULES, install_schedules

pytestmark = pytest.mark.django_db


def test_every_schedule_is_installed_by_migrate():
    for schedule in SCHEDULES:
        task = PeriodicTask.objects.select_related("crontab").get(name=schedule.name)
        assert task.task == schedule.task and task.enabled
        crontab = task.crontab
        assert (crontab.minute, crontab.hour, crontab.day_of_week) == (
            schedule.minute,
            schedule.hour,
            schedule.day_of_week,
        )


def test_migrate_brings_back_every_missing_schedule():
    PeriodicTask.objects.filter(name__in=[s.name for s in SCHEDULES]).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate sends

    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= {s.name for s in SCHEDULES}


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    assert {s.task for s in SCHEDULES} <= set(app.tasks)


def test_a_deleted_schedule_comes_back_and_an_edited_one_stays():
    PeriodicTask.objects.filter(name=SCHEDULES[0].name).delete()
    edited = PeriodicTask.objects.get(name=SCHEDULES[1].name)
    edited.enabled = False
    edited.save()

    assert install_schedules() == 1
    assert install_schedules() == 0  # idempotent

    assert PeriodicTask.objects.filter(name=SCHEDULES[0].name).exists()
    assert PeriodicTask.objects.get(name=SCHEDULES[1].name).enabled is False
