"""Progress toward committership: signals per person and project against the project's bar.

Signals are counted over the last 24 months (active months over the last 12), the same
windows a committer's values are measured over before their title date, so a person is
compared with how the project's committers looked when they were elected. Calibration
(``calibrate_project``) runs after syncs and stores its targets; reading progress only
reads rollups, two indexed record queries and the stored calibration.

Months are calendar months in the configured time zone; a window ends with the month of
``today`` (for progress) or the month before the title date (for calibration).
"""

from contributors.progress.calibration import (
    DEFAULT_TARGETS,
    DEFAULT_WEIGHTS,
    Calibration,
    calibrate_all,
    calibrate_project,
    measure_committers,
)
from contributors.progress.reading import (
    Progress,
    SignalProgress,
    progress_for,
    progress_for_many,
    readiness_of,
)

__all__ = [
    "DEFAULT_TARGETS",
    "DEFAULT_WEIGHTS",
    "Calibration",
    "Progress",
    "SignalProgress",
    "calibrate_all",
    "calibrate_project",
    "measure_committers",
    "progress_for",
    "progress_for_many",
    "readiness_of",
]
