"""Fast bulk inserts for syncs: PostgreSQL COPY through a temporary table, executemany
elsewhere; rows that already exist (any unique constraint) are skipped, never duplicated.

The ORM's bulk_create builds a model instance and a parameter list per row, which
dominates a first sync of a large repository; these take plain tuples instead.
"""

import itertools
from collections.abc import Iterable, Sequence

from django.db import connection, models

_counter = itertools.count()


def _column(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def insert_ignoring_conflicts(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
) -> None:
    """INSERT the rows (values in ``fields`` order; foreign keys as ids), skipping conflicts."""
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [_column(model, name).column for name in fields]
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        temporary = f"_bulk_{next(_counter)}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
                f"SELECT {column_list} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {temporary} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {temporary} "
                f"ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {temporary}")
        return
    adapters = [_adapter(_column(model, name)) for name in fields]
    prepared = [
        tuple(adapt(value) if adapt else value for adapt, value in zip(adapters, row, strict=True))
        for row in rows
    ]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",
            prepared,
        )


def _adapter(field: models.Field):
    if isinstance(field, models.DateTimeField):
        return lambda value: connection.ops.adapt_datetimefield_value(value)
    return None
