"""A fake PonyMail Foal archive for the mailing-list sync's tests and benchmark: the
``api/stats.lua`` summaries and ``api/mbox.lua`` months of lists held in memory, with a
request log and faults on demand (server errors, rate limits, answers that are no mbox,
streams cut off, slow answers).

    with FakeLists() as fake:
        fake.add("dev@kafka.apache.org", mail(sender="Jane <jane@example.org>", ...))
        fake.inject(Fault.SERVER_ERROR, path="mbox", at=2)
        sync_lists(project=project, client=ListsClient(fake.url))

In tests, the ``fake_lists`` fixture (``tests.fake_lists.fixtures``) yields a started one.
"""

from tests.fake_lists.mail import Mail, busy_year, mail, raw_mail
from tests.fake_lists.server import FakeLists, Fault, Request

__all__ = ["FakeLists", "Fault", "Mail", "Request", "busy_year", "mail", "raw_mail"]
