"""Decisions a person makes about who is who: link an identity, merge two people, undo a
merge, split a wrong link, and confirm or dismiss what resolution suggested.

Each is atomic, marks what it links ``link_source=manual`` so resolution never undoes it,
and rebuilds the monthly rollups of everyone involved. Source records point at identities,
so none of this touches a commit, review or issue.

people: merge and undo, with the merge log · links: link by hand and split · suggestions:
confirm and dismiss · common: the error, the actor and the rollup refresh they share.
"""

from contributors.merges.common import Actor, MergeError
from contributors.merges.links import link_identity, split_identity
from contributors.merges.people import (
    HANDLED_RELATIONS,
    Follower,
    choose_merge_target,
    merge_contributors,
    register_follower,
    undo_merge,
)
from contributors.merges.suggestions import confirm_suggestion, dismiss_suggestion

__all__ = [
    "HANDLED_RELATIONS",
    "Actor",
    "Follower",
    "MergeError",
    "choose_merge_target",
    "confirm_suggestion",
    "dismiss_suggestion",
    "link_identity",
    "merge_contributors",
    "register_follower",
    "split_identity",
    "undo_merge",
]
