"""Rows for the bulk writers (``projects.bulk``) as named tuples whose field names are the
model's: the column list is read off the row type, so values and columns cannot drift."""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import models

from projects.bulk import upsert


def upsert_rows(
    model: type[models.Model], rows: Iterable[NamedTuple], *, unique: Sequence[str]
) -> None:
    """INSERT the rows; where ``unique`` matches a stored row, set every other field."""
    rows = list(rows)
    if not rows:
        return
    fields = type(rows[0])._fields
    update = [name for name in fields if name not in unique]
    upsert(model, fields, rows, unique=unique, update=update)
