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
        "SECRET_KEY": "tests-only-secret-" + "s" * 60,
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


def _fake_python(tmp_path: Path, version: str) -> Path:
    """A stand-in interpreter that reports ``version`` and answers version checks as it would."""
    major, minor = (int(part) for part in version.split(".")[:2])
    script = tmp_path / f"python{major}.{minor}"
    script.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && {{ echo "Python {version}"; exit 0; }}\n'
        f'[ "$1" = -c ] && exec {sys.executable} -c "import sys; sys.version_info = '
        f'({major}, {minor}, 0); exec(sys.argv[1])" "$2"\n'
        "exit 3\n"
    )
    script.chmod(0o755)
    return script


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_refuses_a_python_older_than_3_12_and_says_what_to_install(tmp_path):
    old = _fake_python(tmp_path, "3.11.2")
    result = subprocess.run(
        ["make", "-s", "install", f"PYTHON={old}", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Python 3.11.2" in result.stderr
    assert "needs Python 3.12 or newer" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_the_package_requires_the_python_the_makefile_requires():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.12"
    assert "sys.version_info < (3, 12)" in (ROOT / "Makefile").read_text()
