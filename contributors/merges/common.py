"""What every decision shares: its error, who made it, the stamp it leaves on a suggestion,
the snapshot of a dropped row that an undo puts back, and the refresh of everyone it
touched, through the pipeline."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from projects import pipeline

Actor = User | None  # who decided, for the log; None for scripts


class MergeError(Exception):
    """A decision that cannot be carried out; the message names the problem."""


def decided(user: Actor) -> dict[str, Any]:
    return {"decided_at": timezone.now(), "decided_by": user}


def refresh_rollups(
    identity_ids: Iterable[int] = (), contributor_ids: Iterable[int | None] = ()
) -> None:
    """Rebuild the people's monthly rollups now, and the figures of their projects once the
    decision commits (``projects.pipeline.people_changed``)."""
    pipeline.people_changed(identity_ids=identity_ids, contributor_ids=contributor_ids)


def snapshot(row: models.Model) -> dict[str, Any]:
    """A row's columns as JSON keeps them; dates as full ISO strings, since the JSON encoder
    would cut times to milliseconds and an undo must put back the same moment."""
    values = {}
    for field in row._meta.concrete_fields:
        value = field.value_from_object(row)
        values[field.attname] = value.isoformat() if isinstance(value, date) else value
    return values


def restore(model: type[models.Model], data: dict[str, Any]) -> None:
    """Insert a dropped row again, with its old id, as the snapshot held it."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    values = {name: fields[name].to_python(value) for name, value in data.items()}
    model._default_manager.create(**values)
    # auto_now_add fields were set to "now" on insert; put back the recorded moment.
    stamped = {
        name: values[name]
        for name, field in fields.items()
        if getattr(field, "auto_now_add", False) and values.get(name) is not None
    }
    if stamped:
        model._default_manager.filter(pk=values["id"]).update(**stamped)
