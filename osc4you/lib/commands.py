"""The base of this project's management commands."""

from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` may be a lazy translation: argparse formats the description
    with a regular expression, which needs a real string (``--help`` crashed otherwise)."""

    # BaseCommand's is a str: this one may be lazy until create_parser makes it one.
    help: "StrOrPromise"  # type: ignore[assignment]

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
