"""The Celery app. Workers: ``celery -A osc4you worker``; schedule: ``celery -A osc4you beat``.

Configuration comes from Django settings prefixed CELERY_; with no REDIS_URL the settings
make every task run in-process, so a laptop needs neither broker nor worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osc4you.settings")

app = Celery("osc4you")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
