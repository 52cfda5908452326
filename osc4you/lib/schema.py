"""The API's OpenAPI schema: drf-spectacular's, with the errors every operation can answer.

drf-spectacular documents success responses only. A client (and tests generated from the
schema) must also know the refusals, so each operation lists the ones it can give:

- 400 when it reads query parameters (an empty one counts as not given) or a body: an
  object naming each refused field with its messages, or ``detail`` for a body that cannot
  be read at all;
- 401 always: a wrong or expired token is refused before any permission is asked;
- 403 when its permissions refuse someone (anyone the anonymous visitor is not);
- 404 when its path names a row;
- 413 and 415 when it reads a body: too large, or of a type it does not read.
"""

from types import SimpleNamespace
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text=_("What is wrong, in the caller's language."))


def _validation_errors_schema() -> dict[str, Any]:
    messages = {"type": "array", "items": {"type": "string"}}
    return {
        "type": "object",
        "description": str(
            _(
                "Each refused field with its messages (by position for a list's items); "
                "non_field_errors for the whole input; detail for a body that cannot be read."
            )
        ),
        "additionalProperties": {
            "anyOf": [messages, {"type": "string"}, {"type": "object"}],
        },
    }


ERROR_CODES = {
    "400": _("The input is refused: the answer names each wrong field or parameter."),
    "401": _("No valid credentials: the token is wrong or expired, or none was sent."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("Nothing at this address."),
    "413": _("The request body is too large."),
    "415": _("The request body is of a type this operation does not read."),
}


class ApiSchema(AutoSchema):
    """drf-spectacular's schema of an operation, with its error responses (module docstring)."""

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            # Filters, forms and pagination alike read an empty value as no value.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code == "400":
                responses["400"] = self._bad_request(responses.get("400"))
            elif code not in responses:
                # drf-spectacular leaves this method of AutoSchema unannotated.
                responses[code] = self._get_response_for_code(ErrorSerializer, code)  # type: ignore[no-untyped-call]
                responses[code]["description"] = str(ERROR_CODES[code])
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        has_body = self.method in ("POST", "PUT", "PATCH")
        query = [p for p in self._get_parameters() if p.get("in") == "query"]
        codes = ["401"]
        if has_body or query:
            codes.append("400")
        if not self._anyone_may_call():
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if has_body:
            codes += ["413", "415"]
        return codes

    def _anyone_may_call(self) -> bool:
        # Permissions read only the method and the user of a request.
        request = cast(Request, SimpleNamespace(method=self.method, user=AnonymousUser()))
        return all(
            permission.has_permission(request, self.view)
            for permission in self.view.get_permissions()
        )

    def _bad_request(self, declared: dict[str, Any] | None) -> dict[str, Any]:
        """400: the field errors, or what the operation declares for 400 as well."""
        errors = _validation_errors_schema()
        contents: dict[str, Any] = {}
        response = {"description": str(ERROR_CODES["400"]), "content": contents}
        if declared is None:
            for media_type in self.map_renderers("media_type"):
                contents[media_type] = {"schema": errors}
            return response
        for media_type, content in declared.get("content", {}).items():
            contents[media_type] = {"schema": {"anyOf": [content["schema"], errors]}}
        response["description"] = declared.get("description") or response["description"]
        return response
