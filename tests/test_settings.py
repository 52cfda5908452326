"""Settings are read in a fresh interpreter: they run once per process, at import."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A check of production settings that needs no database.
PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE, "
    "settings.CELERY_TASK_ALWAYS_EAGER)"
)


def run_with(env: dict[str, str], code: str = PROBE) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY_FILE"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "osc4you.settings", "DATA_DIR": "/tmp/osc4you-probe"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_it_refuses_production_without_a_secret():
    result = run_with({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_production_with_the_development_secret():
    result = run_with({"SECRET_KEY": "osc4you-development-only-not-a-secret"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("secret", "shown"),
    [("x", "1 characters, 1 different"), ("ab" * 40, "80 characters, 2 different")],
)
def test_it_refuses_a_weak_secret_in_production(secret, shown):
    result = run_with({"SECRET_KEY": secret})
    assert result.returncode != 0
    assert f"SECRET_KEY is too weak ({shown})" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr
    assert "ab" * 40 not in result.stderr  # the key itself is never printed


def test_it_allows_the_development_secret_with_debug():
    result = run_with({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "Asia/Taipei", "True"]


def test_it_reads_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-long-random-value-" + "z" * 40 + "\n")
    result = run_with({"SECRET_KEY_FILE": str(secret)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_it_switches_to_postgresql_and_redis():
    result = run_with(
        {
            "SECRET_KEY": "tests-only-secret-" + "x" * 60,
            "DATABASE_URL": "postgres://app@db.example:5432/osc4you",
            "REDIS_URL": "redis://cache.example:6379/0",
            "TIME_ZONE": "Europe/Berlin",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "Europe/Berlin",
        "False",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "1", "REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379' must start"),
        ({"DEBUG": "1", "GITHUB_API_URL": "api.github.com"}, "GITHUB_API_URL='api.github.com'"),
        (
            {"DEBUG": "1", "DATABASE_CONN_MAX_AGE": "x", "DATABASE_URL": "postgres://a@b/c"},
            "not an integer",
        ),
    ],
)
def test_it_names_the_bad_variable(env, message):
    result = run_with(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_passes_the_deployment_checks():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "osc4you.settings",
        "SECRET_KEY": "deploy-check-" + "k" * 60,
        "ALLOWED_HOSTS": "osc4you.example.org",
        "DATA_DIR": "/tmp/osc4you-probe",
    }
    for name in ("DEBUG", "SECURE_SSL_REDIRECT"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


MAIL_PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.MAIL_CONFIGURED, settings.EMAIL_BACKEND, getattr(settings, 'EMAIL_HOST', ''))"
)
STRONG = "tests-only-secret-" + "m" * 60


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SECRET_KEY": STRONG}, "False osc4you.mail.NoMailBackend localhost"),
        ({"DEBUG": "1"}, "True django.core.mail.backends.console.EmailBackend localhost"),
        (
            {"SECRET_KEY": STRONG, "EMAIL_URL": "smtp+tls://bot:pw@mail.example.org:587"},
            "True django.core.mail.backends.smtp.EmailBackend mail.example.org",
        ),
    ],
)
def test_mail_is_sent_only_where_it_can_arrive(env, expected):
    result = run_with(env, MAIL_PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_it_refuses_email_verification_without_mail():
    result = run_with({"SECRET_KEY": STRONG, "ACCOUNT_EMAIL_VERIFICATION": "mandatory"})
    assert result.returncode != 0
    assert "ACCOUNT_EMAIL_VERIFICATION=mandatory sends mail: set EMAIL_URL" in result.stderr


def test_every_typed_reader_honours_a_file(tmp_path):
    """A Docker or Kubernetes secret file works for any variable, not only for strings."""
    files = {
        "DEBUG": "0",
        "SECRET_KEY": STRONG,
        "SIGN_IN_FAILURE_LIMIT": "7\n",
        "GITHUB_REQUEST_INTERVAL": "1.5",
        "ALLOWED_HOSTS": "a.example.org, b.example.org",
        "JIRA_URL": "https://jira.example.org/",
    }
    env = {}
    for name, value in files.items():
        (tmp_path / name).write_text(value)
        env[f"{name}_FILE"] = str(tmp_path / name)
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.AXES_FAILURE_LIMIT, s.GITHUB_REQUEST_INTERVAL, s.ALLOWED_HOSTS, "
        "s.JIRA_URL)"
    )
    result = run_with(env, probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False 7 1.5 ['a.example.org', 'b.example.org'] https://jira.example.org"
    )


def test_it_names_a_file_it_cannot_read(tmp_path):
    result = run_with({"DEBUG_FILE": str(tmp_path / "missing")})
    assert result.returncode != 0
    assert f"DEBUG_FILE='{tmp_path / 'missing'}' cannot be read" in result.stderr


def _manage(env_file: Path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.DEBUG)"
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY_FILE"}
    }
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "osc4you.settings", "DATA_DIR": "/tmp/osc4you-probe"},
        OSC4YOU_ENV_FILE=str(env_file),
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )  # fmt: skip


def test_manage_py_keeps_the_checkouts_development_settings(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# as make run writes it\nDEBUG=1\n")

    assert _manage(env_file, {}).stdout.strip() == "True"
    # The environment wins over the file: production refuses to start without a secret.
    refused = _manage(env_file, {"DEBUG": "0"})
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr
    env_file.unlink()
    assert "SECRET_KEY must be set" in _manage(env_file, {}).stderr
