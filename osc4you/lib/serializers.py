"""Input fields the API's serializers share: typed strictly and bounded, so a wrong type or
a huge string is refused with 400 naming the field before anything reads it."""

from typing import Any

from django.db.models import Model
from rest_framework import serializers

# Free text that is not a note (a camp's description, a participant's goal, a ledger note):
# a few paragraphs at most.
MAX_TEXT_LENGTH = 5000
# Lists typed by hand (a camp's projects or mentors).
MAX_LIST_LENGTH = 100


class TextField(serializers.CharField):
    """A CharField that takes a JSON string only: DRF's turns 5 or 2.5 into "5" or "2.5"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def text_list(*, max_length: int, **kwargs: Any) -> serializers.ListField:
    """A list of at most MAX_LIST_LENGTH strings of at most ``max_length`` characters."""
    return serializers.ListField(
        child=TextField(max_length=max_length), max_length=MAX_LIST_LENGTH, **kwargs
    )


class SlugRelatedField[M: Model](serializers.SlugRelatedField[M]):
    """A row named by its slug, given as a string without NUL: DRF looks up anything, and
    PostgreSQL refuses a query holding NUL with an error (a 500)."""

    def to_internal_value(self, data: object) -> M:
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)
