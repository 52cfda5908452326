"""Mail when a deployment has none: nothing is sent, and nothing fails for it.

Without ``EMAIL_URL`` a production site has no way to send mail; Django's default would try
an SMTP server on localhost and answer the request with a 500. This backend logs what it
drops instead, and the password reset page says an organizer resets passwords here.
"""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger(__name__)


class NoMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            log.warning(
                "No mail is configured (EMAIL_URL): not sent to %d recipient(s): %s",
                len(message.recipients()),
                message.subject,
            )
        return 0
