"""The camp figures (camps/figures/) from known data, on the window's edges.

The camp runs 1–15 January 2025 in Asia/Taipei (UTC+8): its window opens at
2024-12-31 16:00 UTC and closes at 2025-01-15 16:00 UTC, which is already out.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from camps.figures import (
    METRICS,
    Counts,
    FirstKind,
    camp_weeks,
    camp_window,
    get_camp_figures,
)
from contributors.models import Identity
from projects.models import PullRequest, Title
from tests.factories import (
    CohortFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    IssueCommentFactory,
    IssueFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
    TitleFactory,
)
from tests.reference import commits_by, reviewed_pull_requests

pytestmark = pytest.mark.django_db

OPENS = datetime(2024, 12, 31, 16, 0, tzinfo=UTC)  # 2025-01-01 00:00 in Taipei
CLOSES = datetime(2025, 1, 15, 16, 0, tzinfo=UTC)  # 2025-01-16 00:00 in Taipei: out
SECOND = timedelta(seconds=1)


@pytest.fixture
def camp():
    kafka = ProjectFactory(name="Kafka", slug="kafka")
    ozone = ProjectFactory(name="Ozone", slug="ozone")
    cohort = CohortFactory(
        name="香菜饅頭營", slug="xiangcai", starts_on=date(2025, 1, 1), ends_on=date(2025, 1, 15)
    )
    cohort.projects.set([kafka, ozone])
    return cohort


def _person(camp, name, project_slug="kafka"):
    person = ContributorFactory(display_name=name)
    EnrollmentFactory(cohort=camp, contributor=person, project=ProjectFactory(slug=project_slug))
    github = IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB)
    email = IdentityFactory(contributor=person, kind=Identity.Kind.GIT_EMAIL)
    jira = IdentityFactory(contributor=person, kind=Identity.Kind.JIRA)
    return person, github, email, jira


def _repo(slug="kafka"):
    return RepositoryFactory(project=ProjectFactory(slug=slug), name=f"{slug}-repo")


def _participant(figures, person):
    return next(p for p in figures.participants if p.contributor.pk == person.pk)


def test_it_defines_the_window_in_the_sites_time_zone(camp):
    window = camp_window(camp)
    assert window.since == OPENS
    assert window.until == CLOSES


def test_it_counts_pull_requests_on_the_windows_edges(camp):
    person, github, _email, _jira = _person(camp, "Mei")
    repo = _repo()
    # Opened at 00:00 local on the first day: in; a second earlier: out.
    PullRequestFactory(repository=repo, author=github, created_at=OPENS, merged_at=OPENS)
    PullRequestFactory(
        repository=repo, author=github, created_at=OPENS - SECOND, merged_at=OPENS - SECOND
    )
    # Merged a second before 00:00 local after the last day: in; at 00:00: out.
    PullRequestFactory(repository=repo, author=github, created_at=OPENS, merged_at=CLOSES - SECOND)
    PullRequestFactory(repository=repo, author=github, created_at=CLOSES, merged_at=CLOSES)
    PullRequestFactory(
        repository=repo, author=github, created_at=OPENS, state="open", merged_at=None
    )
    figures = get_camp_figures(cohort=camp)
    counts = _participant(figures, person).counts
    assert (counts.prs_opened, counts.prs_merged) == (3, 2)


def test_it_counts_issues_and_commits_on_the_windows_edges(camp):
    person, _github, email, jira = _person(camp, "Mei")
    repo = _repo()
    IssueFactory(project=repo.project, reporter=jira, created_at=OPENS)
    IssueFactory(project=repo.project, reporter=jira, created_at=OPENS - SECOND)
    IssueFactory(project=repo.project, reporter=jira, created_at=CLOSES)
    IssueFactory(
        project=repo.project, assignee=jira, created_at=OPENS - timedelta(days=40),
        resolved_at=CLOSES - SECOND,
    )  # fmt: skip
    IssueFactory(project=repo.project, assignee=jira, created_at=OPENS, resolved_at=CLOSES)
    CommitFactory(repository=repo, author=email, committed_at=OPENS)
    CommitFactory(repository=repo, author=email, committed_at=CLOSES - SECOND)
    CommitFactory(repository=repo, author=email, committed_at=CLOSES)
    CommitFactory(repository=repo, author=email, committed_at=OPENS, is_merge=True)
    figures = get_camp_figures(cohort=camp)
    counts = _participant(figures, person).counts
    assert (counts.issues_reported, counts.issues_resolved, counts.commits) == (1, 1, 2)
    assert counts.commits == commits_by(contributor=person, within=figures.window).count()


def test_it_counts_each_reviewed_pull_request_once_as_the_progress_model_does(camp):
    person, github, email, _jira = _person(camp, "Mei")
    other = IdentityFactory(kind=Identity.Kind.GITHUB)
    repo = _repo()
    # Seen as a GitHub review and as a credit on the commit that landed it: one.
    both = PullRequestFactory(repository=repo, author=other, created_at=OPENS)
    ReviewFactory(pull_request=both, reviewer=github, submitted_at=OPENS)
    ReviewFactory(pull_request=both, reviewer=github, submitted_at=OPENS + SECOND)
    landed = CommitFactory(repository=repo, pull_request=both, committed_at=OPENS + SECOND)
    CommitCreditFactory(commit=landed, identity=email)
    # A review on one's own pull request is no review.
    own = PullRequestFactory(repository=repo, author=github, created_at=OPENS)
    ReviewFactory(pull_request=own, reviewer=github, submitted_at=OPENS)
    # A credit on a commit with no known pull request counts for that commit.
    CommitCreditFactory(commit=CommitFactory(repository=repo, committed_at=OPENS), identity=email)
    # Reviewed before the camp, credited when it landed during it: counted in the camp.
    early = PullRequestFactory(repository=repo, author=other, created_at=OPENS - timedelta(days=3))
    ReviewFactory(pull_request=early, reviewer=github, submitted_at=OPENS - SECOND)
    CommitCreditFactory(
        commit=CommitFactory(repository=repo, pull_request=early, committed_at=CLOSES - SECOND),
        identity=email,
    )
    # Outside the window on both sides.
    ReviewFactory(
        pull_request=PullRequestFactory(repository=repo, author=other),
        reviewer=github,
        submitted_at=CLOSES,
    )
    figures = get_camp_figures(cohort=camp)
    reviews = _participant(figures, person).counts.reviews
    assert reviews == 3
    assert reviews == reviewed_pull_requests(contributor=person, within=figures.window)
    # Dated by the first sighting in the window: two in week 1, one in week 3.
    assert [week.counts.reviews for week in figures.weeks] == [2, 0, 1]


def test_it_finds_first_contributions_made_during_the_camp(camp):
    newcomer, github, _e, _j = _person(camp, "Newcomer")
    veteran, _g, veteran_email, _vj = _person(camp, "Veteran")
    late, late_github, _le, late_jira = _person(camp, "Late")
    talker, _tg, _te, talker_jira = _person(camp, "Talker")
    repo = _repo("ozone")
    # The newcomer's first pull request opens at 00:00 local on the first day.
    PullRequestFactory(repository=repo, author=github, created_at=OPENS, merged_at=CLOSES)
    PullRequestFactory(repository=repo, author=github, created_at=OPENS + timedelta(days=2))
    # The veteran committed a second before the camp opened.
    CommitFactory(repository=repo, author=veteran_email, committed_at=OPENS - SECOND)
    CommitFactory(repository=repo, author=veteran_email, committed_at=OPENS + SECOND)
    # Late starts at 00:00 the day after the last day: out.
    IssueFactory(project=repo.project, reporter=late_jira, created_at=CLOSES)
    # Comments before the camp are not contributions: the talker's first report counts.
    IssueCommentFactory(author=talker_jira, created_at=OPENS - timedelta(days=100))
    IssueFactory(project=repo.project, reporter=talker_jira, created_at=CLOSES - SECOND)

    figures = get_camp_figures(cohort=camp)
    firsts = figures.first_contributions
    assert [p.contributor.display_name for p in firsts] == ["Newcomer", "Talker"]
    first = _participant(figures, newcomer).first_contribution
    assert (first.at, first.kind, first.project.slug) == (OPENS, FirstKind.PULL_REQUEST, "ozone")
    assert _participant(figures, talker).first_contribution.kind == FirstKind.ISSUE
    assert _participant(figures, veteran).first_contribution.at == OPENS - SECOND
    assert not _participant(figures, veteran).first_during_camp
    late_row = _participant(figures, late)
    assert (late_row.first_contribution.at, late_row.first_during_camp) == (CLOSES, False)
    assert not late_row.active
    ozone = next(row for row in figures.projects if row.project.slug == "ozone")
    assert ozone.first_contributions == 2
    assert late_github  # enrolled with a login, nothing done with it


def test_it_counts_a_coauthored_commit_or_a_review_as_a_first_contribution(camp):
    coauthor, _g, email, _j = _person(camp, "Coauthor")
    reviewer, github, _re, _rj = _person(camp, "Reviewer")
    repo = _repo()
    CommitCreditFactory(
        commit=CommitFactory(repository=repo, committed_at=OPENS + SECOND),
        identity=email,
        kind="co_author",
    )
    ReviewFactory(
        pull_request=PullRequestFactory(repository=repo), reviewer=github, submitted_at=OPENS
    )
    figures = get_camp_figures(cohort=camp)
    assert _participant(figures, coauthor).first_contribution.kind == FirstKind.COMMIT
    assert _participant(figures, reviewer).first_contribution.kind == FirstKind.REVIEW
    assert len(figures.first_contributions) == 2


def test_it_lists_titles_gained_since_the_camp_started(camp):
    mei, *_ids = _person(camp, "Mei")
    kafka = ProjectFactory(slug="kafka")
    TitleFactory(contributor=mei, project=kafka, granted_on=date(2024, 12, 31))  # before
    TitleFactory(
        contributor=mei, project=kafka, role=Title.Role.PMC_MEMBER, granted_on=date(2025, 1, 1)
    )
    TitleFactory(contributor=mei, project=None, role=Title.Role.ASF_MEMBER, granted_on=None)
    later = ContributorFactory(display_name="Later")
    EnrollmentFactory(cohort=camp, contributor=later)
    TitleFactory(contributor=later, project=kafka, granted_on=date(2025, 1, 16))
    TitleFactory(contributor=ContributorFactory(), project=kafka, granted_on=date(2025, 1, 2))

    figures = get_camp_figures(cohort=camp)
    gained = [
        (t.contributor.display_name, t.role, t.granted_on, t.during_camp) for t in figures.titles
    ]
    assert gained == [
        ("Mei", Title.Role.PMC_MEMBER, date(2025, 1, 1), True),
        ("Later", Title.Role.COMMITTER, date(2025, 1, 16), False),
    ]
    assert figures.titles_during_camp == 1
    assert [t.role for t in _participant(figures, mei).titles] == [Title.Role.PMC_MEMBER]


def test_it_totals_per_project_and_per_week(camp):
    _mei, mei_github, *_m = _person(camp, "Mei")
    _wei, wei_github, *_w = _person(camp, "Wei")
    kafka, airflow = _repo("kafka"), _repo("airflow")
    PullRequestFactory(repository=kafka, author=mei_github, created_at=OPENS, merged_at=OPENS)
    PullRequestFactory(
        repository=kafka, author=wei_github, created_at=OPENS + timedelta(days=7), merged_at=None,
        state=PullRequest.State.OPEN,
    )  # fmt: skip
    PullRequestFactory(
        repository=airflow, author=wei_github, created_at=CLOSES - SECOND,
        merged_at=CLOSES - SECOND,
    )  # fmt: skip

    figures = get_camp_figures(cohort=camp)
    rows = {row.project.slug: row for row in figures.projects}
    # The camp's projects first, even without activity, then the others.
    assert [row.project.slug for row in figures.projects] == ["kafka", "ozone", "airflow"]
    assert (rows["kafka"].counts.prs_opened, rows["kafka"].counts.prs_merged) == (2, 1)
    assert rows["kafka"].participants == 2
    assert not rows["ozone"].counts and rows["ozone"].participants == 0
    assert (rows["airflow"].counts.prs_opened, rows["airflow"].in_camp) == (1, False)
    assert figures.totals == Counts(prs_opened=3, prs_merged=2)
    # Three weeks: 1–7, 8–14 and the one-day 15 January.
    assert [(w.starts_on.day, w.ends_on.day) for w in figures.weeks] == [(1, 7), (8, 14), (15, 15)]
    assert [w.counts.prs_opened for w in figures.weeks] == [1, 1, 1]
    assert [w.counts.prs_merged for w in figures.weeks] == [1, 0, 1]
    for metric in METRICS:
        weekly = sum(getattr(w.counts, metric) for w in figures.weeks)
        assert weekly == getattr(figures.totals, metric)
    assert figures.active_participants == 2


def test_it_lists_participants_by_name_with_nothing_done(camp):
    for name in ("wei", "Ann", "陳瑋"):
        _person(camp, name)
    figures = get_camp_figures(cohort=camp)
    assert [p.contributor.display_name for p in figures.participants] == ["Ann", "wei", "陳瑋"]
    assert figures.totals == Counts()
    assert figures.active_participants == 0
    assert figures.first_contributions == []


def test_it_reads_a_camp_without_participants(camp):
    figures = get_camp_figures(cohort=camp)
    assert figures.participants == []
    assert [row.project.slug for row in figures.projects] == ["kafka", "ozone"]
    assert len(figures.weeks) == len(camp_weeks(camp)) == 3


@pytest.mark.parametrize(
    ("today", "begun", "running"),
    [
        (date(2024, 12, 31), 0, False),  # not started: no week yet
        (date(2025, 1, 1), 1, True),  # its first day: week 1 under way
        (date(2025, 1, 8), 2, True),
        (date(2025, 1, 15), 3, True),  # its last day
        (date(2025, 2, 1), 3, False),  # finished
    ],
)
def test_it_lists_only_the_weeks_begun(camp, today, begun, running):
    figures = get_camp_figures(cohort=camp, today=today)
    assert [w.number for w in figures.weeks] == list(range(1, begun + 1))
    assert figures.week_count == 3
    assert (figures.as_of, figures.running) == (today, running)


def _busy(camp, people: int):
    repo = _repo()
    for n in range(people):
        _person_id, github, email, jira = _person(camp, f"P{n}")
        pr = PullRequestFactory(repository=repo, author=github, created_at=OPENS, merged_at=OPENS)
        ReviewFactory(pull_request=PullRequestFactory(repository=repo), reviewer=github,
                      submitted_at=OPENS)  # fmt: skip
        CommitCreditFactory(commit=CommitFactory(repository=repo, author=email, pull_request=pr,
                                                 committed_at=OPENS), identity=email)  # fmt: skip
        IssueFactory(project=repo.project, reporter=jira, assignee=jira, created_at=OPENS,
                     resolved_at=OPENS)  # fmt: skip
        TitleFactory(contributor=_person_id, project=repo.project, granted_on=date(2025, 1, 3))


@pytest.mark.parametrize("people", [1, 12])
def test_it_reads_in_a_fixed_number_of_queries(camp, people, django_assert_num_queries):
    _busy(camp, people)
    # enrolments, PRs opened, PRs merged, the projects' credit conventions, reviews,
    # reviewer credits, issues reported, issues resolved, commits, first contributions,
    # titles, camp projects, projects: 13.
    with django_assert_num_queries(13):
        figures = get_camp_figures(cohort=camp)
    assert figures.totals.prs_opened == people * 2 - people  # their own PRs only
    assert len(figures.titles) == people
