"""What a project's credit trailers mean: which kinds of ``CommitCredit`` say that someone
reviewed a change, co-wrote it or merged it.

Credits are stored as written (their kind is the trailer's key), and the meaning is applied
when they are counted, so a project's convention can change without fetching anything
again. Kafka's merge script is the default: ``Reviewers:`` lines are reviews, ``Author:``
and ``Co-authored-by:`` lines co-authors, and sign-offs mean nothing. YuniKorn's committers
sign off the changes they reviewed and merged instead.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meaning(models.TextChoices):
    REVIEWED = "reviewed", _("reviewed")
    CO_AUTHORED = "co_authored", _("co-authored")
    MERGED_BY = "merged_by", _("merged by")


# CommitCredit.Kind values, written out: the records module imports the catalog, not back.
CREDIT_KINDS = ("reviewer", "co_author", "signed_off", "author_line")

DEFAULT_MEANINGS: dict[str, tuple[str, ...]] = {
    Meaning.REVIEWED: ("reviewer",),
    Meaning.CO_AUTHORED: ("co_author", "author_line"),
    Meaning.MERGED_BY: (),
}


def kinds_meaning(convention: dict, meaning: str) -> tuple[str, ...]:
    """The credit kinds that mean ``meaning`` under a project's stored convention; a
    meaning the convention leaves out keeps its default."""
    kinds = convention.get(meaning) if isinstance(convention, dict) else None
    if kinds is None:
        return DEFAULT_MEANINGS[meaning]
    return tuple(kind for kind in CREDIT_KINDS if kind in kinds)


def validate_credit_meanings(value: object) -> None:
    """A JSON object mapping meanings to lists of credit kinds."""
    if not isinstance(value, dict):
        raise ValidationError(_('Enter an object such as {"reviewed": ["reviewer"]}.'))
    for meaning, kinds in value.items():
        if meaning not in Meaning.values:
            raise ValidationError(
                _("%(key)s is not a meaning; use one of %(meanings)s."),
                params={"key": meaning, "meanings": ", ".join(Meaning.values)},
            )
        if not isinstance(kinds, list) or any(kind not in CREDIT_KINDS for kind in kinds):
            raise ValidationError(
                _("%(key)s must list credit kinds among %(kinds)s."),
                params={"key": meaning, "kinds": ", ".join(CREDIT_KINDS)},
            )
