"""The story the demo tells, read from its plan (no database): work spread over the days as
real projects spread it, a few mentees gone quiet, pull requests waiting days to weeks,
titles after the work, and goals and notes in the members' own words. Shapes, not times.
The community's share as the community page counts it is in test_seed_demo."""

import re
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from osc4you.demo import plan_demo
from osc4you.demo.cast import CURRENT_MENTEES

TODAY = date(2026, 3, 18)  # a Wednesday
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def plan():
    """The full-size plan for TODAY, drawn once."""
    return plan_demo(today=TODAY)


@pytest.fixture(scope="module")
def now():
    return datetime.combine(TODAY, time(12), tzinfo=timezone.get_current_timezone())


def moments(plan):
    """(who, when) of every record, as sources would date them."""
    for rows, who, when in (
        (plan.pull_requests, "author", "created_at"),
        (plan.reviews, "reviewer", "submitted_at"),
        (plan.review_comments, "author", "created_at"),
        (plan.commits, "author", "committed_at"),
        (plan.issues, "reporter", "created_at"),
        (plan.issue_comments, "author", "created_at"),
    ):
        for row in rows:
            yield getattr(row, who), getattr(row, when)


def last_activity(plan):
    """Each person's latest record of the kinds the mentor dashboard reads."""
    last: dict[str, datetime] = {}
    for rows, who, when in (
        (plan.pull_requests, "author", "created_at"),
        (plan.reviews, "reviewer", "submitted_at"),
        (plan.commits, "author", "committed_at"),
        (plan.issues, "reporter", "created_at"),
    ):
        for row in rows:
            login = getattr(row, who).contributor.github_login
            last[login] = max(last.get(login, getattr(row, when)), getattr(row, when))
    return last


def test_the_seeding_day_holds_a_days_work_and_weekdays_more_than_weekends(plan, now):
    per_day = Counter(timezone.localtime(at).date() for _who, at in moments(plan))
    weeks = [TODAY - timedelta(days=d) for d in range(1, 57)]
    weekdays = statistics.median(per_day[day] for day in weeks if day.weekday() < 5)
    weekends = statistics.median(per_day[day] for day in weeks if day.weekday() >= 5)

    assert 0 < per_day[TODAY] <= 2 * weekdays  # half a day's work, not weeks piled up
    assert weekdays > 1.5 * weekends
    assert max(per_day) == TODAY  # and nothing after now
    assert all(at <= now for _who, at in moments(plan))


def test_a_few_current_mentees_have_gone_quiet_and_the_rest_are_at_work(plan, now):
    last = last_activity(plan)
    silent = {login: (now - last[login]).days for login in CURRENT_MENTEES}
    stalled = {login for login, days in silent.items() if days > settings.STALLED_AFTER_DAYS}

    assert 2 <= len(stalled) <= len(CURRENT_MENTEES) // 3
    assert {"juichi", "fangyu-chen"} <= stalled  # the demo mentor has two of them
    assert "haoyu-lu" not in stalled  # the demo mentee is at work
    # Members active this month, seeded on the 1st, are a day's worth.
    first = plan_demo(today=date(2026, 4, 1))
    members = {c.github_login for c in first.contributors if c.is_member}
    this_month = {
        who.contributor.github_login
        for who, at in moments(first)
        if timezone.localtime(at).date() >= date(2026, 4, 1)
    }
    assert len(this_month & members) <= len(members) // 3


def test_pull_requests_wait_days_to_weeks_and_reviews_follow_them(plan, now):
    waiting = [
        (now - pull.created_at).days
        for pull in plan.pull_requests
        if pull.state == "open" and not pull.is_draft
    ]
    assert min(waiting) < 7
    assert any(7 <= age <= 28 for age in waiting)
    assert any(age > 28 for age in waiting)
    mentees = [
        (now - pull.created_at).days
        for pull in plan.pull_requests
        if pull.state == "open" and pull.author.contributor.github_login in CURRENT_MENTEES
    ]
    assert len({age // 7 for age in mentees}) >= 3  # their ages spread over weeks
    merged = [pull for pull in plan.pull_requests if pull.merged_at]
    days = statistics.median((p.merged_at - p.created_at).total_seconds() / 86400 for p in merged)
    assert 2 <= days <= 14
    assert all(r.submitted_at >= r.pull_request.created_at for r in plan.reviews)
    assert all(c.committed_at == c.pull_request.merged_at for c in plan.commits if c.pull_request)


def test_titles_come_after_the_work_that_earned_them(plan):
    for title in plan.titles:
        if title.project is None:  # ASF membership
            continue
        earlier = [
            commit
            for commit in plan.commits
            if commit.author.contributor is title.contributor
            and commit.repository.project is title.project
            and commit.committed_at.date() < title.granted_on
        ]
        assert len(earlier) >= 3, title


def test_the_current_camps_mentees_start_small_and_grow(plan):
    camp = next(cohort for cohort in plan.cohorts if cohort.slug == "demo-dingdingdang")
    mentees = {id(e.contributor) for e in plan.enrollments if e.cohort is camp}
    opened = [
        timezone.localtime(pull.created_at).date()
        for pull in plan.pull_requests
        if id(pull.author.contributor) in mentees
    ]

    assert camp.starts_on <= min(opened)  # after the kick-off
    first_month = sum(day < camp.starts_on + timedelta(days=30) for day in opened)
    last_month = sum(day > TODAY - timedelta(days=30) for day in opened)
    assert 0 < first_month < last_month


def test_goals_and_notes_are_varied_and_mostly_in_chinese(plan):
    goals = [enrollment.goal for enrollment in plan.enrollments]
    notes = [note.body for _author, note in plan.check_in_notes]

    for texts in (goals, notes):
        assert len(set(texts)) == len(texts)
        chinese = sum(bool(CJK.search(text)) for text in texts)
        assert len(texts) // 2 < chinese < len(texts)  # and a few in English
    assert all(note.written_on <= TODAY for _author, note in plan.check_in_notes)
