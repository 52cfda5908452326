"""Who counts as a person on boards and in figures: bots and AI assistants never do.

One helper, so a board, a figure and a count leave out the same rows. It names fields of
``contributors.Contributor`` by string only, as the lookups through an identity do.
"""

from django.db.models import Q


def not_people(prefix: str = "") -> Q:
    """Contributors that are bots or AI assistants; ``prefix`` reaches them through a
    relation, e.g. ``"author__contributor__"``. Use with ``exclude()``."""
    return Q(**{f"{prefix}is_bot": True}) | Q(**{f"{prefix}is_assistant": True})
