"""Settings for the test suite: the real settings, with a test secret and a fast hasher.

DATABASE_URL and REDIS_URL still come from the environment, so ``.ci/run`` tests on
PostgreSQL and Redis while a plain ``make test`` uses SQLite and in-process tasks.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
# manage.py run by a test reads no checkout .env (`make run` writes one): tests set their own.
os.environ["OSC4YOU_ENV_FILE"] = ""
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from osc4you.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
GITHUB_REQUEST_INTERVAL = 0  # the fake GitHub server needs no politeness
# Each test rolls its rows back but not the cache: figures are computed on every view,
# except in tests/test_freshness.py, which turns the cache on.
FIGURES_CACHE_SECONDS = 0
# Tasks run in-process in tests, with or without REDIS_URL; the worker tests in
# test_celery_worker.py turn this off to send through the real broker.
CELERY_TASK_ALWAYS_EAGER = True
# The retry tests play the worker (task.apply(retries=n)); test_sync_retries turns this off
# to check what a sync says when nothing will retry it.
SYNC_RETRIES_COME_BACK = True
