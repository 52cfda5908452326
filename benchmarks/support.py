"""What the benchmark scripts share: a throwaway PostgreSQL database and the report line.

Importing this sets Django up on the test settings, with DATABASE_URL if set, else a new
database on 127.0.0.1 that ``drop_database`` removes at the end.
"""

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="osc4you-bench-"))

THROWAWAY = None
if not os.environ.get("DATABASE_URL"):
    THROWAWAY = f"osc4you_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", THROWAWAY], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{THROWAWAY}"

import django  # noqa: E402

django.setup()


def drop_database() -> None:
    """Remove the throwaway database, if this run made one."""
    from django.db import connection

    if THROWAWAY:
        connection.close()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", THROWAWAY])


def report(name: str, value: float, goal: str, met: bool, unit: str = "", digits: int = 1) -> bool:
    """One line per target, the form every benchmark prints: figure, goal, verdict."""
    print(f"target {name}: {value:,.{digits}f}{unit} (goal {goal}) {'met' if met else 'MISSED'}")
    return met


def run(main: Callable[[], int]) -> None:
    """Run a benchmark's ``main`` and exit with its code; the throwaway database is
    dropped unless ``--keep`` or ``--reuse`` asked to keep it."""
    code = 1
    try:
        code = main()
    finally:
        if "--keep" in sys.argv or "--reuse" in sys.argv:
            print(f"database kept: {os.environ['DATABASE_URL']}")
        else:
            drop_database()
    sys.exit(code)
