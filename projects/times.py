"""Moments as syncs print them: in TIME_ZONE, with the zone's offset, so "14:05" never leaves
a reader guessing whether it is Taipei's, the server's or UTC's."""

from datetime import datetime

from django.utils import formats, timezone


def _offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None  # callers pass localtime()'s aware moments
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def zoned_time(moment: datetime) -> str:
    """``14:05 +08:00``: the time of day, for a moment within the next hours."""
    local = timezone.localtime(moment)
    return f"{formats.time_format(local, 'H:i')} {_offset(local)}"


def zoned_datetime(moment: datetime) -> str:
    """The date and time in the active language's format, then the offset:
    ``March 14, 2025, 3:30 p.m. +08:00``."""
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {_offset(local)}"


def zoned_stamp(moment: datetime) -> str:
    """``2025-03-14 15:30 +08:00``, the same in every language: for text that is stored or
    logged."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {_offset(local)}"
