"""Email domains: which say where a person works, and which say nothing.

A domain names an organisation when an organizer lists it on one (``Organization``); an
unlisted domain still groups the people who share it, named by the domain. Free-mail
providers, no-reply addresses, foundations' own addresses and reserved example domains are
shared by unrelated people, so they never name an organisation. Subdomains belong to their
parent: ``us.ibm.com`` counts for a list naming ``ibm.com``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Shared by unrelated people: providers anyone can sign up with, GitHub's no-reply
# addresses, the ASF's committer addresses (an @apache.org address says "committer", not
# "employer"), and the domains RFC 2606 reserves for examples and tests.
NOT_ORGANIZATIONS = frozenset(
    {
        # Free mail, worldwide.
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com",
        "protonmail.com", "protonmail.ch", "proton.me", "pm.me", "tutanota.com", "tuta.io",
        "fastmail.com", "fastmail.fm", "hey.com", "zoho.com", "mail.com", "gmx.com", "gmx.de",
        "gmx.net", "web.de", "yandex.ru", "yandex.com", "mail.ru", "inbox.ru", "posteo.de",
        "mailbox.org", "duck.com",
        # Free mail in Taiwan and the rest of Asia.
        "yahoo.com.tw", "hotmail.com.tw", "msa.hinet.net", "hinet.net", "seed.net.tw",
        "pchome.com.tw", "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net",
        "sina.com", "sina.cn", "sohu.com", "aliyun.com", "naver.com", "daum.net", "hanmail.net",
        "yahoo.co.jp", "yahoo.co.in", "rediffmail.com",
        # No-reply and forwarding addresses.
        "users.noreply.github.com", "noreply.github.com", "users.noreply.gitlab.com",
        "localhost", "localdomain",
        # Foundations: an address there says which foundation, not which employer.
        "apache.org", "linuxfoundation.org", "cncf.io",
        # Reserved for examples and tests (RFC 2606, RFC 6761).
        "example.com", "example.org", "example.net", "example", "test", "invalid", "local",
    }
)  # fmt: skip

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def suffixes(domain: str) -> list[str]:
    """``a.b.ibm.com`` → [``a.b.ibm.com``, ``b.ibm.com``, ``ibm.com``, ``com``]."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def domain_of(email: str) -> str:
    """The lower-cased domain of an address, or "" when it has none."""
    _local, at, domain = email.strip().rpartition("@")
    return domain.strip().strip(".").lower() if at else ""


def says_nothing(domain: str) -> bool:
    """Whether the domain is shared by unrelated people (free mail, no-reply, examples)."""
    if not domain or "noreply" in domain or "no-reply" in domain:
        return True
    return any(suffix in NOT_ORGANIZATIONS for suffix in suffixes(domain))


def normalize_domain(text: str) -> str:
    """A domain an organizer typed, lower-cased; ValidationError naming what is wrong."""
    domain = text.strip().lower().removeprefix("@").strip(".")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError(
            _("“%(domain)s” is not an email domain such as example.co.jp."),
            params={"domain": text.strip()},
            code="invalid_domain",
        )
    if says_nothing(domain):
        raise ValidationError(
            _(
                "“%(domain)s” is shared by unrelated people (free mail, no-reply or a "
                "foundation's addresses); it cannot name an organisation."
            ),
            params={"domain": domain},
            code="shared_domain",
        )
    return domain


def split_domains(text: str) -> tuple[list[str], list[ValidationError]]:
    """Domains separated by commas, spaces or new lines, normalized, without repeats; and
    an error for each part that is no domain or says nothing."""
    domains: list[str] = []
    errors: list[ValidationError] = []
    for part in re.split(r"[\s,;]+", text):
        if not part:
            continue
        try:
            domain = normalize_domain(part)
        except ValidationError as exc:
            errors.append(exc)
            continue
        if domain not in domains:
            domains.append(domain)
    return domains, errors


def validate_domain_list(value: object) -> None:
    """For the model field: a list of normalized domains."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Enter a list of email domains."), code="invalid")
    for item in value:
        if normalize_domain(item) != item:
            raise ValidationError(
                _("“%(domain)s” must be written in lower case, without @."),
                params={"domain": item},
                code="invalid_domain",
            )
