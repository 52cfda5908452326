"""What of a camp a viewer may see: the same answer for the camp page and its API twin.

Every signed-in member sees a camp's figures. An enrolment's status is private (issue 7):
shown to the person, their mentors (current ones, and the mentor the enrolment names) and
the camp's staff (``roles.can_export_camp``), whose reports carry it. The enrolment's goal
is shown to the person and their mentors only, and to organizers; reports leave it out.
"""

from dataclasses import dataclass

from contributors.camps.figures import CampFigures, Participant
from contributors.roles import AnyUser, can_export_camp, can_view_private, contributor_of


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


def view_camp(*, user: AnyUser, figures: CampFigures) -> CampView:
    """The figures with what ``user`` may see of each participant; no query per row."""
    staff = can_export_camp(user, figures.cohort)
    own = contributor_of(user)
    rows = []
    for participant in figures.participants:
        enrollment = participant.enrollment
        personal = can_view_private(user, participant.contributor) or (
            own is not None and enrollment.mentor_id == own.pk
        )
        rows.append(ParticipantRow(participant, show_status=staff or personal, show_goal=personal))
    return CampView(figures=figures, can_export=staff, rows=rows)
