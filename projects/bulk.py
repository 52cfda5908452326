"""Fast bulk writes for syncs: PostgreSQL COPY (through a temporary table where a conflict
clause is needed) and array parameters, portable multi-row statements elsewhere.
``insert_ignoring_conflicts`` skips rows that exist, ``insert_returning`` also says which it
inserted, ``upsert`` updates them, ``copy_rows`` writes rows that cannot exist yet,
``create_objects`` is ``bulk_create`` for many rows, ``update_rows`` sets values per row.

The ORM's bulk_create builds a model instance and a parameter list per row, which
dominates a first sync of a large repository; these take plain tuples instead (values in
``fields`` order, foreign keys as ids).
"""

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from django.db import connection, models, transaction

_counter = itertools.count()
# Below this many rows, binding them as parameters costs less than COPY's scratch table.
COPY_FROM_ROWS = 500


def fast_path() -> bool:
    """Whether PostgreSQL's COPY and array parameters do the writes below (and the reads
    that take many ids); elsewhere (SQLite) portable statements do the same work. The tests
    turn it off to run the portable statements on PostgreSQL too."""
    return connection.vendor == "postgresql"


def insert_ignoring_conflicts(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]
) -> None:
    """INSERT the rows, skipping any that would break a unique constraint."""
    _write(model, fields, rows, "ON CONFLICT DO NOTHING")


def id_array(ids: Iterable[int]) -> str:
    """Integer ids as one PostgreSQL array literal, for a ``%s::bigint[]`` parameter.

    psycopg adapts a list element by element in Python; thousands of ids passed to a dozen
    statements cost more than the statements. Integers need no escaping.
    """
    return "{" + ",".join(map(str, map(int, ids))) + "}"


def insert_returning(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    returning: Sequence[str],
) -> list[tuple]:
    """INSERT the rows, skipping any that would break a unique constraint; the ``returning``
    fields of the rows inserted, in no particular order. A large batch goes through COPY on
    PostgreSQL (three statements whatever its size); otherwise one multi-row INSERT per
    ``max_query_params`` values."""
    rows = _adapted(model, fields, rows)
    if not rows:
        return []
    quote = sql_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name).column) for name in fields)
    back = ", ".join(quote(_column(model, name).column) for name in returning)
    with connection.cursor() as cursor:
        if fast_path() and len(rows) >= COPY_FROM_ROWS:
            with _scratch(cursor, table, columns, rows) as scratch:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} "
                    f"ON CONFLICT DO NOTHING RETURNING {back}"
                )
                return cursor.fetchall()
        inserted: list[tuple] = []
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for chunk in _chunks(rows, _per_statement(len(fields))):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT DO NOTHING RETURNING {back}",
                [value for row in chunk for value in row],
            )
            inserted += cursor.fetchall()
        return inserted


def create_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """``bulk_create`` for many new rows, their ``pk`` set: on PostgreSQL the ids are drawn
    from the table's sequence in one query and the rows written with one COPY, where
    ``bulk_create`` would bind every value as a parameter in Python. A unique value already
    stored raises IntegrityError, as ``bulk_create`` does."""
    if not fast_path() or len(objs) < COPY_FROM_ROWS:
        model._default_manager.bulk_create(objs, batch_size=500)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = sql_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, connection.alias
        columns = ", ".join(quote(field.column) for field in [meta.pk, *fields])
        with _copy(cursor, f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [obj.pk]
                    + [
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    ]
                )


def copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """INSERT rows that cannot exist yet (those of records this transaction created): a
    plain COPY on PostgreSQL, no conflict clause, no scratch table. Returns the rows written."""
    rows = _adapted(model, fields, rows)
    if not rows:
        return 0
    quote = sql_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name).column) for name in fields)
    with connection.cursor() as cursor:
        if fast_path():
            with _copy(cursor, f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    return len(rows)


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], *, key: str = "pk"
) -> int:
    """Set ``fields`` of the rows whose ``key`` is each row's first value (``(key, *fields)``
    tuples): one UPDATE over arrays on PostgreSQL, where ``bulk_update`` would build a CASE
    per row; one statement run per row elsewhere. Returns the rows given."""
    rows = list(rows)
    if not rows:
        return 0
    quote = sql_name
    table = quote(model._meta.db_table)
    key_field = model._meta.pk if key == "pk" else _column(model, key)
    targets = [key_field, *(_column(model, name) for name in fields)]
    rows = _adapted(model, [field.name for field in targets], rows)
    with connection.cursor() as cursor:
        if fast_path():
            names = [quote(field.column) for field in targets]
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in targets)
            changes = ", ".join(f"{name} = new.{name}" for name in names[1:])
            cursor.execute(
                f"UPDATE {table} SET {changes} FROM unnest({arrays}) AS new({', '.join(names)}) "
                f"WHERE {table}.{names[0]} = new.{names[0]}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            changes = ", ".join(f"{quote(field.column)} = %s" for field in targets[1:])
            cursor.executemany(
                f"UPDATE {table} SET {changes} WHERE {quote(key_field.column)} = %s",
                [(*row[1:], row[0]) for row in rows],
            )
    return len(rows)


def upsert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """INSERT the rows; where ``unique`` matches a stored row, set its ``update`` fields."""
    quote = sql_name
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
    quote = sql_name
    table = quote(model._meta.db_table)
    target = ", ".join(quote(_column(model, name).column) for name in unique)
    changes = ", ".join(
        f"{quote(column)} = {table}.{quote(column)} + excluded.{quote(column)}"
        for column in (_column(model, name).column for name in add)
    )
    _write(model, fields, rows, f"ON CONFLICT ({target}) DO UPDATE SET {changes}")


def _column(model: type[models.Model], name: str) -> models.Field:
    # The writers name the model's own fields, never the other side of a relation.
    return cast(models.Field, model._meta.get_field(name))


def sql_name(name: str | None) -> str:
    """A table's name or a concrete field's column, quoted for SQL (Django types a column
    optional, for the fields that have none)."""
    if name is None:
        raise ValueError("a field without a column")
    return connection.ops.quote_name(name)


def _adapted(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> list:
    rows = list(rows)
    adapters = [_adapter(_column(model, name)) for name in fields]
    if rows and any(adapters):
        rows = [
            tuple(
                adapt(value) if adapt else value for adapt, value in zip(adapters, row, strict=True)
            )
            for row in rows
        ]
    return rows


@contextmanager
def _scratch(cursor: Any, table: str, columns: str, rows: list[tuple]) -> Iterator[str]:
    """A temporary table holding ``rows``, written with COPY, which cannot say ON CONFLICT;
    the caller inserts from it. In a transaction of its own when the caller has none: in
    autocommit the table would be dropped as soon as it is created."""
    temporary = f"_bulk_{next(_counter)}"
    with transaction.atomic(savepoint=False):
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with _copy(cursor, f"COPY {temporary} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        yield temporary
        cursor.execute(f"DROP TABLE {temporary}")


@contextmanager
def _copy(cursor: Any, sql: str) -> Iterator[Any]:
    """psycopg's COPY, its errors raised as Django's (IntegrityError and the like)."""
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        yield copy


def _per_statement(width: int) -> int:
    """Rows per multi-row statement under the backend's bound-parameter limit."""
    limit = connection.features.max_query_params or 10_000
    return max(1, min(limit, 10_000) // width)


def _chunks(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], conflict: str):
    rows = _adapted(model, fields, rows)
    if not rows:
        return
    table = sql_name(model._meta.db_table)
    columns = ", ".join(sql_name(_column(model, name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with _scratch(cursor, table, columns, rows) as scratch:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} {conflict}"
                )
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
