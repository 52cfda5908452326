"""What of a camp a viewer may see: the same answer for the camp page and its API twin.

Every signed-in member sees a camp's figures. An enrolment's status is private (issue 7):
shown to the person, their mentors (current ones, and the mentor the enrolment names) and
the camp's staff (``roles.can_export_camp``), whose reports carry it. The enrolment's goal is
shown to the person and their mentors only, and to organizers; reports leave it out.
"""

from dataclasses import dataclass

from camps.figures import CampFigures, Participant
from camps.models import Enrollment
from camps.roles import can_export_camp
from contributors.roles import AnyUser, can_view_private, contributor_of


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    show_status: bool
    show_goal: bool


@dataclass(frozen=True)
class CampView:
    figures: CampFigures
    can_export: bool
    rows: list[ParticipantRow]

    @property
    def shows_any_status(self) -> bool:
        return any(row.show_status for row in self.rows)


def sees_enrollment(
    user: AnyUser, enrollment: Enrollment, *, camp_staff: bool
) -> tuple[bool, bool]:
    """(sees the status, sees the goal) of ``enrollment``; ``camp_staff`` is
    ``can_export_camp`` for its camp. No query: the role answers are cached on the user."""
    own = contributor_of(user)
    personal = can_view_private(user, enrollment.contributor) or (
        own is not None and enrollment.mentor_id == own.pk
    )
    return camp_staff or personal, personal


def view_camp(*, user: AnyUser, figures: CampFigures) -> CampView:
    """The figures with what ``user`` may see of each participant; no query per row."""
    staff = can_export_camp(user, figures.cohort)
    rows = []
    for participant in figures.participants:
        status, goal = sees_enrollment(user, participant.enrollment, camp_staff=staff)
        rows.append(ParticipantRow(participant, show_status=status, show_goal=goal))
    return CampView(figures=figures, can_export=staff, rows=rows)
