"""Who contributes for which organisation, month by month.

The rules, in order:

1. The community's members count for the community (its ``Organization`` row with
   ``is_community``), whatever their email says.
2. Otherwise an affiliation an organizer recorded for the month decides; where two cover
   the month, the one that started later.
3. Otherwise the domain of the person's commit emails: the one they committed most with in
   the project (any of their emails when they have no commits there). A domain an
   organisation lists names it; an unlisted domain groups the people who share it, named by
   the domain — but only when two people or more share it, so a personal domain is nobody's
   organisation. Free-mail, no-reply, foundation and example domains say nothing
   (``community.domains``).
4. Otherwise the work is unattributed: it counts in the project's total only.

An identity not yet resolved to a person is attributed by its own domain when it is an
email, and left unattributed otherwise.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from community.domains import domain_of, says_nothing, suffixes
from community.models import Affiliation, Organization
from osc4you.lib.calendar import add_months

# An organisation id, or an unlisted email domain; None: unattributed.
OrgKey = int | str | None


def month_end(month: date) -> date:
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


@dataclass
class Directory:
    """The organisations and the domains they list, read once per refresh."""

    community_id: int
    by_domain: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, *, community: Organization) -> "Directory":
        directory = cls(community_id=community.pk)
        rows = Organization.objects.exclude(is_community=True).values_list("pk", "email_domains")
        for pk, domains in rows.order_by("pk"):
            for domain in domains:
                directory.by_domain.setdefault(domain, pk)  # validated unique; first wins
        return directory

    def of_domain(self, domain: str) -> OrgKey:
        """The organisation a domain (or a parent domain) is listed on, else the domain
        itself unless it says nothing."""
        for suffix in suffixes(domain)[:-1]:  # a top-level domain alone names nobody
            if suffix in self.by_domain:
                return self.by_domain[suffix]
        return None if says_nothing(domain) else domain

    def of_email(self, email: str) -> OrgKey:
        domain = domain_of(email)
        return self.of_domain(domain) if domain else None


@dataclass
class Person:
    """What attribution needs to know about one contributor."""

    is_member: bool
    affiliations: list[Affiliation] = field(default_factory=list)  # latest start first
    inferred: OrgKey = None

    def organization_in(self, month: date, directory: Directory) -> OrgKey:
        if self.is_member:
            return directory.community_id
        last_day = month_end(month)
        for affiliation in self.affiliations:
            if affiliation.covers(month, last_day):
                return affiliation.organization_id
        return self.inferred


def sort_affiliations(affiliations: Iterable[Affiliation]) -> list[Affiliation]:
    """Latest start first (no start counts as the earliest), then the newest row."""
    return sorted(affiliations, key=lambda a: (a.since or date.min, a.pk or 0), reverse=True)


def infer_from_emails(emails: Iterable[tuple[str, int]], directory: Directory) -> OrgKey:
    """The organisation of the email committed with most (``(email, commits)`` pairs);
    ties go to the first given. Emails that say nothing are skipped."""
    best: tuple[int, OrgKey] | None = None
    for email, commits in emails:
        key = directory.of_email(email)
        if key is not None and (best is None or commits > best[0]):
            best = (commits, key)
    return best[1] if best else None
