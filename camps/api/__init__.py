"""The API twin of the camp management pages, with their rules: members read, organizers
write. The pages' forms validate the API's input too, so a mistake gets the same message
in both.

An enrolment's status is shown as on the camp page (``camps.access``): to
organizers, the camp's staff, the person and their mentors; its goal to organizers, the
person and their mentors only.
"""

from camps.api.cohorts import CampListApi, CampSettingsApi
from camps.api.enrollments import EnrollmentDetailApi, EnrollmentListApi
from camps.api.figures import CampFiguresApi
from camps.api.imports import CampImportApi

__all__ = [
    "CampFiguresApi",
    "CampImportApi",
    "CampListApi",
    "CampSettingsApi",
    "EnrollmentDetailApi",
    "EnrollmentListApi",
]
