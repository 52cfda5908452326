"""The base of this project's management commands."""

import argparse

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` may be a lazy translation: argparse formats the description
    with a regular expression, which needs a real string (``--help`` crashed otherwise)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> argparse.ArgumentParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
