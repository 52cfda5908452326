"""Fast bulk writes for syncs: PostgreSQL COPY through a temporary table, executemany
elsewhere. ``insert_ignoring_conflicts`` skips rows that exist; ``upsert`` updates them.

The ORM's bulk_create builds a model instance and a parameter list per row, which
dominates a first sync of a large repository; these take plain tuples instead (values in
``fields`` order, foreign keys as ids).
"""

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

_counter = itertools.count()


def insert_ignoring_conflicts(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
) -> None:
    """INSERT the rows, skipping any that would break a unique constraint."""
    _write(model, fields, rows, "ON CONFLICT DO NOTHING")


def upsert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """INSERT the rows; where ``unique`` matches a stored row, set its ``update`` fields."""
    quote = connection.ops.quote_name
    target = ", ".join(quote(_column(model, name).column) for name in unique)
    changes = ", ".join(
        f"{quote(column)} = excluded.{quote(column)}"
        for column in (_column(model, name).column for name in update)
    )
    _write(model, fields, rows, f"ON CONFLICT ({target}) DO UPDATE SET {changes}")


def upsert_adding(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    unique: Sequence[str],
    add: Sequence[str],
) -> None:
    """INSERT the rows; where ``unique`` matches a stored row, add to its ``add`` fields."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    target = ", ".join(quote(_column(model, name).column) for name in unique)
    changes = ", ".join(
        f"{quote(column)} = {table}.{quote(column)} + excluded.{quote(column)}"
        for column in (_column(model, name).column for name in add)
    )
    _write(model, fields, rows, f"ON CONFLICT ({target}) DO UPDATE SET {changes}")


def _column(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def _write(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], conflict: str):
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(_column(model, name).column) for name in fields)
    adapters = [_adapter(_column(model, name)) for name in fields]
    if any(adapters):
        rows = [
            tuple(
                adapt(value) if adapt else value for adapt, value in zip(adapters, row, strict=True)
            )
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY cannot say ON CONFLICT: copy into a scratch table, then insert from it.
            temporary = f"_bulk_{next(_counter)}"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {temporary} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {temporary} {conflict}"
            )
            cursor.execute(f"DROP TABLE {temporary}")
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {conflict}", rows
            )


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(field, models.JSONField):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return json.dumps
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        return connection.ops.adapt_datetimefield_value
    return None


def relax_commit() -> None:
    """Let this transaction's COMMIT return before its WAL reaches disk (PostgreSQL).

    For sync pages only: a crash can lose the last pages committed, never corrupt them, and
    a sync re-reads lost pages from its saved cursor. It saves a disk flush per page.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
