"""The base of this project's management commands."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` may be a lazy translation: argparse formats the description
    with a regular expression, which needs a real string (``--help`` crashed otherwise)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
