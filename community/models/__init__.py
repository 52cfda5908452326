"""The community's own records, in the order data flows.

organizations: organisations and the affiliations organizers record · figures: counts
recomputed after syncs for the community page · preferences: what organizers decide about
the page · ledger: sponsorship spending.
"""

from community.models.figures import (
    MemberQuarter,
    OrganizationFigures,
    ProjectFigures,
    ProjectQuarter,
    ReviewMonth,
)
from community.models.ledger import Expense
from community.models.organizations import Affiliation, Organization, community_organization
from community.models.preferences import CommunitySettings

__all__ = [
    "Affiliation",
    "CommunitySettings",
    "Expense",
    "MemberQuarter",
    "Organization",
    "OrganizationFigures",
    "ProjectFigures",
    "ProjectQuarter",
    "ReviewMonth",
    "community_organization",
]
