#!/usr/bin/env python
import os
import sys
from pathlib import Path


def read_checkout_settings() -> None:
    """The development settings `make run` keeps for this checkout (``.env``, or the file
    OSC4YOU_ENV_FILE names; empty reads none). The environment's own variables win."""
    path = os.environ.get("OSC4YOU_ENV_FILE", str(Path(__file__).resolve().parent / ".env"))
    if path and Path(path).is_file():
        import environ

        environ.Env.read_env(path)  # sets only the variables not set already


def main() -> None:
    read_checkout_settings()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osc4you.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
