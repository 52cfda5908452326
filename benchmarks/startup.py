"""Start-up: how long ``manage.py check`` takes, beside the floors it cannot go below.

    .venv/bin/python benchmarks/startup.py [--rounds 7] [--imports]

Every command starts like ``check`` does (settings, apps, models, the URLs the system checks
import), so this is the wait before any command begins its work. Each figure is the best of
``--rounds`` runs in fresh processes: the floor of a bare interpreter, of Django set up with
nothing installed, and the app's own ``check``. ``--imports`` adds the heaviest imports
(``python -X importtime``). Prints the target line and exits 1 when it is missed.

The project's bytecode is compiled first, as any checkout's first run does: on a machine that
sets ``PYTHONDONTWRITEBYTECODE`` (CI images often do) every command would otherwise compile
the app's ~170 modules from source again, about 0.12 s of each start.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.0  # seconds for manage.py check
# Django set up with no app and no URLs: what any Django command costs at least.
APP_SOURCES = ("manage.py", "osc4you", "projects", "contributors", "camps", "community", "tests")
BARE_DJANGO = (
    "import django; from django.conf import settings; settings.configure(); django.setup()"
)


def best_of(command: list[str], rounds: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def compile_bytecode(env: dict[str, str]) -> None:
    """Write the ``__pycache__`` files a first run writes, whatever PYTHONDONTWRITEBYTECODE says."""
    sources = [str(ROOT / name) for name in APP_SOURCES]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *sources], check=True, cwd=ROOT, env=env
    )


def heaviest_imports(env: dict[str, str], count: int = 12) -> list[tuple[float, str]]:
    """The modules imported first by the app's own code, heaviest first (cumulative)."""
    log = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    found = []
    for line in log.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):  # imported at the top level: cumulative
            found.append((int(match.group(1)) / 1e6, match.group(3)))
    return sorted(found, reverse=True)[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "tests.settings", "OSC4YOU_ENV_FILE": ""}
    compile_bytecode(env)
    python = best_of([sys.executable, "-c", "pass"], args.rounds, env)
    django = best_of([sys.executable, "-c", BARE_DJANGO], args.rounds, env)
    check = best_of([sys.executable, "manage.py", "check"], args.rounds, env)
    print(f"figure python_alone: {python:.2f} s; bare_django_setup: {django:.2f} s")
    print(f"figure manage_py_check: {check:.2f} s ({check - django:.2f} s above bare Django)")
    if args.imports:
        for seconds, module in heaviest_imports(env):
            print(f"figure import {module}: {seconds * 1000:.0f} ms")
    met = check <= GOAL
    print(
        f"target manage_py_check: {check:.2f} s (goal <= {GOAL:.0f} s) {'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
