"""People and the community's structure around them, in the order data flows.

people: every person seen (the identities sources record them by are the projects app's,
``projects.models.identities``, re-exported here until every import names them there) ·
mentorships: who mentors whom (camps and their enrolments are the camps app's) ·
resolution: the questions resolution leaves to organizers, and the log of merges · notes:
what mentors write after check-ins · claims: GitHub sign-ins waiting for an organizer ·
tokens: API tokens.
"""

from contributors.models.claims import AccountClaim
from contributors.models.mentorships import Mentorship
from contributors.models.notes import CheckInNote
from contributors.models.people import Contributor
from contributors.models.resolution import ContributorMerge, MergeSuggestion
from contributors.models.tokens import ApiToken
from projects.models import Identity, IdentityPair

__all__ = [
    "AccountClaim",
    "ApiToken",
    "CheckInNote",
    "Contributor",
    "ContributorMerge",
    "Identity",
    "IdentityPair",
    "Mentorship",
    "MergeSuggestion",
]
