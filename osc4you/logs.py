"""Log filters. A refused request (4xx) is the client's business: one line says which path
and why, with no traceback; tracebacks are for server errors, where someone must act."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
