"""A deterministic demo community: four Apache projects, the community's 45 members among
some 70 other fictional people who write most of each project, two camps and about 50,000
activity records over the last three years, all labelled as demo data.

The flow, one module a step: ``cast`` holds the fixed projects, members, titles and camps
(``crowd`` the rest of each project, ``texts`` what members wrote); ``clock`` maps relative
months (1.0 is now) onto each project's calendar, weekdays busier than weekends;
``activity`` draws the records from a fixed-seed ``random.Random`` (``issues`` the JIRA
side, with the sampling helpers of ``draws``); ``plan`` assembles it all as unsaved rows, so
a re-run on any day plans the same rows with dates that slide forward; ``write`` upserts the
plan keyed by each table's unique constraint, prunes demo rows the plan no longer holds and
rebuilds the rollups.
"""

from osc4you.demo.cast import LOGIN_PASSWORD
from osc4you.demo.plan import DemoPlan, plan_demo
from osc4you.demo.write import (
    DemoConflict,
    DemoSummary,
    existing_demo_logins,
    flush_demo,
    list_real_projects,
    seed_demo,
)

__all__ = [
    "LOGIN_PASSWORD",
    "DemoConflict",
    "DemoPlan",
    "DemoSummary",
    "existing_demo_logins",
    "flush_demo",
    "list_real_projects",
    "plan_demo",
    "seed_demo",
]
