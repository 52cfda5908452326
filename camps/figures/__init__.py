"""What a camp achieved: its participants' contributions inside the camp window, read in a
fixed number of queries however many people took part.

The window is the camp's dates in the site's time zone (``settings.TIME_ZONE``), both days
included: it opens at 00:00 local time on ``starts_on`` and closes just before 00:00 local
time on the day after ``ends_on``; an event at that instant belongs to the next day and is
out. Weeks are counted from ``starts_on`` (week 1 is its first seven days); the last week
may be shorter. Only the weeks begun by the day the figures are read are listed: a running
camp's weeks to come have nothing to count yet.

What counts, per participant, agreeing with the progress model (``contributors.progress``):
- pull requests opened (created in the window) and merged (merged in the window);
- reviews: pull requests the person reviewed, each once, whether seen as a GitHub review or
  a comment in its conversation (never on their own pull request) or as a reviewer credit
  on the commit that landed it; a credit on a commit with no known pull request counts once
  for that commit (``projects.reviewing``; the tests compare with
  ``tests.reference.reviewed_pull_requests``). A review is dated by its first sighting in
  the window;
- issues reported (created in the window) and resolved as assignee (resolved in it);
- commits authored, merge commits excluded, dated when they landed.

A person's *first contribution* is their earliest commit (authored or co-authored), pull
request, review or issue report, in any project: a first contribution during the camp is
one whose first-ever contribution falls in the window. Comments on issues, and on one's own
pull request, are not contributions here, so a person who only discussed before the camp
still counts when their first patch, review or report comes during it; a comment in
someone else's pull request's conversation is a review.

Queries: enrolments (1), pull requests opened (1) and merged (1), GitHub reviews with
conversation comments (1),
reviewer credits (1), issues reported (1) and resolved (1), commits (1), first
contributions (1), titles (1), the camp's projects (1), projects (1) — twelve, for one
participant or a thousand.

The package reads in steps, each module importing only the ones before it: ``window`` (the
camp's dates in the site's time zone), ``records`` (the figures' types), ``counting`` (the
queries) and ``assembling`` (the rows and totals the page and reports show).
"""

from camps.figures.assembling import get_camp_figures
from camps.figures.records import (
    METRIC_LABELS,
    METRICS,
    CampFigures,
    Counts,
    FirstContribution,
    FirstKind,
    Participant,
    ProjectTotals,
    TitleGained,
    Week,
)
from camps.figures.window import camp_weeks, camp_window, site_zone

__all__ = [
    "METRICS",
    "METRIC_LABELS",
    "CampFigures",
    "Counts",
    "FirstContribution",
    "FirstKind",
    "Participant",
    "ProjectTotals",
    "TitleGained",
    "Week",
    "camp_weeks",
    "camp_window",
    "get_camp_figures",
    "site_zone",
]
