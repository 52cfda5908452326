"""Bounds on what people type, shared by pages and the API: a date outside them is a typing
mistake (2205 for 2025), and would otherwise be stored and shown, or break a computation
that adds days to it."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

# Before any project the community follows had its first Apache release, and long before
# the community (2021): nothing it records happened earlier.
EARLIEST_DATE = date(2000, 1, 1)

# A people search longer than this is not a name, login, Apache id or email anyone types;
# refused rather than cut, so nobody is shown results for words they did not search.
MAX_SEARCH_LENGTH = 100


def check_date(value: date, *, days_ahead: int) -> None:
    """Raise ValidationError unless ``value`` lies between EARLIEST_DATE and ``days_ahead``
    days after today."""
    latest = timezone.localdate() + timedelta(days=days_ahead)
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()},
            code="date_out_of_range",
        )


def _search_too_long() -> str:
    return _("Search for at most %(limit)d characters.") % {"limit": MAX_SEARCH_LENGTH}


def search_too_long_message() -> str:
    """The refusal of a longer search, translated when shown."""
    return lazy(_search_too_long, str)()
