"""The compose file describes the whole stack, each service with its health check."""

import shutil
import subprocess
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
