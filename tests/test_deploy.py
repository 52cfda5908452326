"""Deployment: the compose file describes the whole stack, each service with its health
check, and the built static files collect."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_every_component():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn osc4you.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A osc4you worker")
    assert services["beat"]["command"].startswith("celery -A osc4you beat")
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "/healthz/" in " ".join(services["web"]["healthcheck"]["test"])


def test_it_points_the_app_at_its_services_and_ships_no_secret():
    environment = compose()["services"]["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["SECRET_KEY"] == "${SECRET_KEY:-}"


def compose_command() -> list[str] | None:
    """docker-compose (v1, from Debian; .ci/run installs it), or the docker client's compose
    plugin when it has one."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_compose_accepts_the_file():
    command = compose_command()
    if command is None:
        pytest.skip("needs docker-compose or docker's compose plugin to validate")
    result = subprocess.run(
        [*command, "config", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not (ROOT / "static/vendor/chart.umd.min.js").exists(), reason="make install copies Chart.js"
)
def test_collectstatic_accepts_the_built_static_files(tmp_path):
    # The manifest storage refuses a file whose source-map comment names a missing file.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "osc4you.settings",
        "DEBUG": "0",
        "SECRET_KEY": "s" * 60,
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static/staticfiles.json").exists()
