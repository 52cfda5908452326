"""The JQL the fake JIRA understands: what the sync sends, and nothing more.

    project = KAFKA ORDER BY updated ASC
    project = "KAFKA" AND updated >= "2024/07/01 10:00" ORDER BY updated ASC

Keywords and field names are case-insensitive (``updatedDate`` is ``updated``'s alias); the
key may be bare or quoted; the date takes JQL's forms "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm",
"yyyy/MM/dd" or "yyyy-MM-dd" and is read in the server's time zone, as JIRA reads it
(confluence.atlassian.com/jirasoftwareserver/advanced-searching-fields-reference-939938743.html).
Anything else raises ``JqlError`` with the message JIRA's 400 would carry.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

SUBSET = 'project = KEY [AND updated >= "yyyy/MM/dd HH:mm"] ORDER BY updated ASC'
_TOKEN = re.compile(r'\s*(?:"([^"]*)"|\'([^\']*)\'|(>=|<=|!=|[=<>(),])|([^\s"\'=<>!(),]+))')
_DATE_FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
_ORDER_TAILS = (["updated", "asc"], ["updateddate", "asc"])


class JqlError(ValueError):
    """A query JIRA (or this fake) answers with 400; ``str()`` is the errorMessages entry."""


class Query(NamedTuple):
    project: str  # as written, upper-cased
    since: datetime | None  # naive, in the server's zone; minute precision


def parse(jql: str) -> Query:
    tokens = _tokens(jql)
    order = _find_order(tokens)
    tail = [text.lower() for kind, text in tokens[order:] if kind == "word"]
    if order < 0 or len(tail) != len(tokens) - order or tail[2:] not in _ORDER_TAILS:
        raise _outside(jql)
    clauses = _split_and(tokens[:order])
    if clauses is None:
        raise _outside(jql)
    project: str | None = None
    since: datetime | None = None
    for (field_kind, field), (op_kind, op), (value_kind, value) in clauses:
        name = field.lower() if field_kind == "word" else ""
        if op_kind != "op" or value_kind not in ("word", "string"):
            raise _outside(jql)
        if name == "project" and op == "=" and project is None:
            project = value.upper()
        elif name in ("updated", "updateddate") and op == ">=" and since is None:
            since = _date(value, field)
        else:
            raise _outside(jql)
    if project is None:
        raise _outside(jql)
    return Query(project, since)


def _tokens(jql: str) -> list[tuple[str, str]]:
    """(kind, text) pairs, kind "string" (quotes removed), "op" or "word"."""
    tokens: list[tuple[str, str]] = []
    position = 0
    text = jql.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _outside(jql)
        double, single, op, word = match.groups()
        if double is not None or single is not None:
            tokens.append(("string", double if double is not None else single))
        elif op is not None:
            tokens.append(("op", op))
        else:
            tokens.append(("word", word))
        position = match.end()
    return tokens


def _find_order(tokens: list[tuple[str, str]]) -> int:
    """Where ORDER BY starts, or -1."""
    for index in range(len(tokens) - 1):
        (kind, text), (next_kind, next_text) = tokens[index], tokens[index + 1]
        if kind == next_kind == "word" and (text.lower(), next_text.lower()) == ("order", "by"):
            return index
    return -1


def _split_and(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]] | None:
    """Clauses of three tokens joined by AND, or None if the query has another shape."""
    if len(tokens) % 4 != 3:
        return None
    clauses = [tokens[start : start + 3] for start in range(0, len(tokens), 4)]
    joiners = tokens[3::4]
    if any(kind != "word" or text.lower() != "and" for kind, text in joiners):
        return None
    return clauses


def _date(value: str, field: str) -> datetime:
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), form)
        except ValueError:
            continue
    raise JqlError(
        f"Date value '{value}' for field '{field}' is invalid. Valid formats include: "
        "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period "
        "format e.g. '-5d', '4w 2d'."
    )


def _outside(jql: str) -> JqlError:
    return JqlError(
        f"Error in the JQL Query: the fake JIRA understands only '{SUBSET}', not '{jql}'."
    )
