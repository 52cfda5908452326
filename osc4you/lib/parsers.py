"""How the API reads request bodies: DRF's parsers, bounded.

DRF hands ``json`` any nesting, so a deep body ends in a RecursionError (a 500), and lets
Django refuse a body past DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) with its HTML error page.
Here a JSON body nested deeper than MAX_DEPTH or that is not an object (every operation
takes one object) gets 400 saying so, and a body past the limit gets 413, in JSON.
"""

from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict
    from django.utils.datastructures import MultiValueDict

# The deepest input an operation takes is an object of lists (a camp's projects): 2 levels.
MAX_DEPTH = 10


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(_("The request body is larger than %(limit)d bytes.") % {"limit": limit})


def _depth(value: object) -> int:
    """How deeply ``value`` nests objects and lists (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    children: Iterable[object]
    while stack and deepest <= MAX_DEPTH:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _too_deep() -> ParseError:
    return ParseError(
        _("The body nests objects and lists more than %(depth)d deep.") % {"depth": MAX_DEPTH}
    )


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a string")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("a boolean")
    return _("a number")


class JSONObjectParser(parsers.JSONParser):
    """A JSON body that is one object, at most MAX_DEPTH deep and DATA_UPLOAD_MAX_MEMORY_SIZE
    bytes long."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read()  # DRF read the body first: Django refused it past its limit
        try:
            parse_constant = json.strict_constant if self.strict else None  # no NaN
            data = json.loads(raw.decode(encoding), parse_constant=parse_constant)
        except RecursionError:
            raise _too_deep() from None
        except ValueError as exc:  # also a UnicodeDecodeError
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None
        if _depth(data) > MAX_DEPTH:
            raise _too_deep()
        if not isinstance(data, dict):
            raise ParseError(
                _("The body must be a JSON object of fields, not %(found)s.")
                % {"found": _json_type(data)}
            )
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Django's multipart parser, refusing a body past DATA_UPLOAD_MAX_MEMORY_SIZE up front:
    Django holds fields to that limit but writes files of any size to disk first."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> "parsers.DataAndFiles[_ImmutableQueryDict, MultiValueDict[str, Any]]":
        request = (parser_context or {})["request"]  # DRF always passes it
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            raise PayloadTooLarge
        return super().parse(stream, media_type, parser_context)
