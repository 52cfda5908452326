"""The API's answers to errors: DRF's, also for Django's refusals of a request body."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.translation import gettext as _
from rest_framework import views
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from osc4you.lib.parsers import PayloadTooLarge


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, also answering Django's refusals of a body (too large, too many fields
    or files) as the API answers, in JSON, where Django would render its HTML error page."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError(
            _("The body has more than %(limit)d fields.")
            % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
        )
    elif isinstance(exc, TooManyFilesSent):
        exc = ParseError(
            _("The body has more than %(limit)d files.")
            % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
        )
    return views.exception_handler(exc, context)
