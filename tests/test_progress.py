"""Progress toward committership: calibration on committers, readiness, the signals."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from contributors.models import Identity
from contributors.progress import (
    DEFAULT_TARGETS,
    calibrate_all,
    calibrate_project,
    measure_committers,
    progress_for,
    progress_for_many,
    readiness_of,
)
from contributors.tasks import calibrate_all_task, calibrate_project_task
from osc4you.celery import app
from projects import pipeline
from projects.models import ActivityMonth, ProjectCalibration, Signal, Title
from tests.factories import (
    ActivityMonthFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
    TitleFactory,
)
from tests.reference import reviewed_pull_requests

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
Kind = ActivityMonth.Kind


def month(year: int, number: int) -> date:
    return date(year, number, 1)


def at(year: int, number: int, day: int = 15) -> datetime:
    return datetime(year, number, day, 6, 0, tzinfo=UTC)


def activity(person, project, when: date, kind: str, count: int = 1) -> None:
    ActivityMonthFactory(contributor=person, project=project, month=when, kind=kind, count=count)


def committer(project, granted_on: date, rows: list[tuple[date, str, int]]):
    person = ContributorFactory()
    TitleFactory(contributor=person, project=project, granted_on=granted_on)
    for when, kind, count in rows:
        activity(person, project, when, kind, count)
    return person


@pytest.fixture
def kafka():
    return ProjectFactory(name="Kafka", slug="kafka")


@pytest.fixture
def three_committers(kafka):
    # Windows are the 24 months before the title's month: 2020-03..2022-02 for the first.
    committer(
        kafka,
        date(2022, 3, 10),
        [
            (month(2019, 1), Kind.COMMIT, 1),  # before the window: only dates the first step
            (month(2021, 6), Kind.PR_MERGED, 10),
            (month(2022, 3), Kind.PR_MERGED, 50),  # the title's month: after the fact
        ],
    )
    committer(
        kafka,
        date(2023, 7, 1),
        [(month(2022, 1), Kind.PR_MERGED, 20), (month(2023, 6), Kind.ISSUE_REPORTED, 3)],
    )
    committer(
        kafka,
        date(2024, 11, 20),
        [(month(2024, 1), Kind.PR_MERGED, 40), (month(2024, 10), Kind.ISSUE_RESOLVED, 4)],
    )


def test_it_measures_each_committer_over_the_24_months_before_the_title(kafka, three_committers):
    measured = sorted(measure_committers(project=kafka, today=TODAY).values(), key=str)
    by_year = {values["granted_on"].year: values for values in measured}

    assert by_year[2022][Signal.MERGED_PRS] == 10
    assert by_year[2022][Signal.ACTIVE_MONTHS] == 1  # 2021-06 only
    assert by_year[2022][Signal.MONTHS_SINCE_FIRST] == 38  # 2019-01 → 2022-03
    assert by_year[2023][Signal.ISSUES_REPORTED] == 3
    assert by_year[2023][Signal.MONTHS_SINCE_FIRST] == 18
    assert by_year[2024][Signal.ACTIVE_MONTHS] == 2
    assert by_year[2024][Signal.ISSUES_RESOLVED] == 4


def test_it_calibrates_on_the_median_of_committers_titled_in_the_last_five_years(
    kafka, three_committers
):
    # Left out: titled over five years ago, titled without measurable history, another
    # role, another project, no title date.
    committer(kafka, date(2019, 1, 1), [(month(2018, 1), Kind.PR_MERGED, 900)])
    committer(kafka, date(2025, 5, 1), [(month(2018, 1), Kind.PR_MERGED, 900)])
    pmc = committer(kafka, date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 900)])
    Title.objects.filter(contributor=pmc).update(role=Title.Role.PMC_MEMBER)
    committer(ProjectFactory(), date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 900)])
    undated = committer(kafka, date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 900)])
    Title.objects.filter(contributor=undated).update(granted_on=None)

    calibrate_project(project=kafka, today=TODAY)

    stored = ProjectCalibration.objects.get(project=kafka)
    assert stored.basis == ProjectCalibration.Basis.COMMITTERS
    assert stored.committers == 3
    assert (stored.first_year, stored.last_year) == (2022, 2024)
    assert stored.targets == {
        Signal.MERGED_PRS: 20.0,
        Signal.REVIEWS: 0.0,
        Signal.ISSUES_REPORTED: 0.0,
        Signal.ISSUES_RESOLVED: 0.0,
        Signal.ACTIVE_MONTHS: 1.0,
        Signal.MONTHS_SINCE_FIRST: 18.0,
        # No list history: those signals get no target, so they are not used.
        Signal.LIST_MESSAGES: 0.0,
        Signal.VOTES: 0.0,
        Signal.DESIGN_THREADS: 0.0,
    }
    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)
    assert progress.calibration_description == "calibrated on 3 Kafka committers elected 2022–2024"
    assert progress.signal(Signal.MERGED_PRS).target == 20.0


def test_it_describes_the_calibration_in_traditional_chinese(kafka, three_committers):
    calibrate_project(project=kafka, today=TODAY)
    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)

    with translation.override("zh-hant"):
        assert progress.calibration_description == "依 3 位 2022–2024 年選出的 Kafka 提交者校準"
        assert progress.signal(Signal.REVIEWS).label == "審查過的拉取請求"


def test_it_falls_back_to_configured_targets_with_fewer_than_three_committers(kafka):
    committer(kafka, date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 5)])
    committer(kafka, date(2025, 1, 1), [(month(2024, 1), Kind.PR_MERGED, 7)])
    kafka.progress_targets = {Signal.MERGED_PRS: 12}
    kafka.save()

    calibrate_project(project=kafka, today=TODAY)

    stored = ProjectCalibration.objects.get(project=kafka)
    assert (stored.basis, stored.committers, stored.targets) == ("configured", 2, {})
    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)
    assert progress.calibration_description == "targets set for Kafka"
    assert progress.signal(Signal.MERGED_PRS).target == 12
    assert progress.signal(Signal.REVIEWS).target == DEFAULT_TARGETS[Signal.REVIEWS]


def test_it_falls_back_to_default_targets_without_configured_ones(kafka):
    committer(kafka, date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 5)])

    calibrate_project(project=kafka, today=TODAY)

    assert ProjectCalibration.objects.get(project=kafka).basis == "defaults"
    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)
    assert progress.calibration_description == "default targets"
    assert {s.signal: s.target for s in progress.signals} == DEFAULT_TARGETS


def test_it_uses_default_targets_before_any_calibration(kafka):
    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)

    assert progress.calibration_description == "default targets"
    assert progress.readiness == 0.0
    assert not ProjectCalibration.objects.exists()  # reading never calibrates


def test_it_computes_readiness_as_a_weighted_mean_of_capped_ratios():
    readiness = readiness_of(
        values={Signal.MERGED_PRS: 50, Signal.REVIEWS: 5},
        targets={Signal.MERGED_PRS: 10, Signal.REVIEWS: 20},
        weights={Signal.MERGED_PRS: 1, Signal.REVIEWS: 3},
    )
    # 50/10 is capped at 1: (1 × 1 + 3 × 0.25) / 4.
    assert readiness == pytest.approx(0.4375)


def test_it_leaves_signals_with_a_zero_target_or_weight_out_of_readiness():
    readiness = readiness_of(
        values={Signal.MERGED_PRS: 5, Signal.REVIEWS: 0, Signal.ISSUES_REPORTED: 0},
        targets={Signal.MERGED_PRS: 10, Signal.REVIEWS: 0, Signal.ISSUES_REPORTED: 4},
        weights={Signal.MERGED_PRS: 2, Signal.REVIEWS: 5, Signal.ISSUES_REPORTED: 0},
    )
    assert readiness == pytest.approx(0.5)


def test_it_weighs_signals_with_the_project_weights(kafka):
    kafka.progress_targets = {s: 10 for s in Signal.values}
    kafka.progress_weights = {s: 0 for s in Signal.values} | {
        Signal.MERGED_PRS: 1,
        Signal.ISSUES_REPORTED: 1,
    }
    kafka.save()
    person = ContributorFactory()
    activity(person, kafka, month(2026, 5), Kind.PR_MERGED, 25)
    activity(person, kafka, month(2026, 5), Kind.ISSUE_REPORTED, 2)

    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert progress.signal(Signal.MERGED_PRS).ratio == 1.0
    assert progress.signal(Signal.ISSUES_REPORTED).ratio == pytest.approx(0.2)
    assert progress.readiness == pytest.approx(0.6)


def test_it_counts_a_review_once_per_pull_request(kafka):
    repository = RepositoryFactory(project=kafka)
    person = ContributorFactory()
    on_github = IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB, value="rev")
    in_git = IdentityFactory(contributor=person)
    seen_twice = PullRequestFactory(repository=repository)
    ReviewFactory(pull_request=seen_twice, reviewer=on_github, submitted_at=at(2026, 1))
    ReviewFactory(pull_request=seen_twice, reviewer=on_github, submitted_at=at(2026, 2))
    CommitCreditFactory(
        commit=CommitFactory(
            repository=repository, pull_request=seen_twice, committed_at=at(2026, 2)
        ),
        identity=in_git,
    )
    credited_only = PullRequestFactory(repository=repository)
    CommitCreditFactory(
        commit=CommitFactory(
            repository=repository, pull_request=credited_only, committed_at=at(2025, 9)
        ),
        identity=in_git,
    )
    CommitCreditFactory(
        commit=CommitFactory(repository=repository, committed_at=at(2025, 3)), identity=in_git
    )
    stranger = IdentityFactory(kind=Identity.Kind.GITHUB, contributor=None)
    ReviewFactory(  # a PR by someone not yet resolved to a person
        pull_request=PullRequestFactory(repository=repository, author=stranger),
        reviewer=on_github,
        submitted_at=at(2026, 3),
    )
    own = PullRequestFactory(repository=repository, author=on_github)
    ReviewFactory(pull_request=own, reviewer=on_github, submitted_at=at(2026, 1))
    ReviewFactory(reviewer=on_github, submitted_at=at(2026, 1))  # another project
    ReviewFactory(  # older than 24 months
        pull_request=PullRequestFactory(repository=repository),
        reviewer=on_github,
        submitted_at=at(2024, 5),
    )

    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert progress.signal(Signal.REVIEWS).value == 4
    assert reviewed_pull_requests(contributor=person, project=kafka) == 5  # all time


def test_it_dates_reviews_by_their_month_in_the_configured_time_zone(kafka, settings):
    settings.TIME_ZONE = "Asia/Taipei"
    repository = RepositoryFactory(project=kafka)
    person = ContributorFactory()
    # 1 July 01:00 in Taipei, still June in UTC: the first month of the 24 counted.
    ReviewFactory(
        pull_request=PullRequestFactory(repository=repository),
        reviewer=IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB),
        submitted_at=datetime(2024, 6, 30, 17, 0, tzinfo=UTC),
    )
    # 30 June 23:00 in Taipei: the month before.
    CommitCreditFactory(
        commit=CommitFactory(
            repository=repository, committed_at=datetime(2024, 6, 30, 15, 0, tzinfo=UTC)
        ),
        identity=IdentityFactory(contributor=person),
    )

    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert progress.signal(Signal.REVIEWS).value == 1


def test_it_counts_active_months_in_the_last_twelve(kafka):
    person = ContributorFactory()
    for when, kind in [
        (month(2026, 6), Kind.ISSUE_COMMENT),
        (month(2026, 6), Kind.COMMIT),  # the same month twice
        (month(2025, 7), Kind.REVIEW),  # the oldest month in the window
        (month(2025, 6), Kind.COMMIT),  # a month too old
        (month(2026, 1), Kind.PR_OPENED),
    ]:
        activity(person, kafka, when, kind)
    activity(person, ProjectFactory(), month(2026, 3), Kind.COMMIT)  # another project

    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert progress.signal(Signal.ACTIVE_MONTHS).value == 3


def test_it_counts_months_since_the_first_contribution(kafka):
    person = ContributorFactory()
    activity(person, kafka, month(2023, 2), Kind.ISSUE_REPORTED)
    activity(person, kafka, month(2026, 6), Kind.COMMIT)
    newcomer = ContributorFactory()

    progress = progress_for_many(contributors=[person, newcomer], project=kafka, today=TODAY)

    assert progress[person.pk].signal(Signal.MONTHS_SINCE_FIRST).value == 40
    assert progress[newcomer.pk].signal(Signal.MONTHS_SINCE_FIRST).value == 0
    # Counted signals look back 24 months only.
    assert progress[person.pk].signal(Signal.ISSUES_REPORTED).value == 0


def test_it_measures_a_person_in_their_most_active_project_when_none_is_given(kafka):
    person = ContributorFactory()
    ozone = ProjectFactory(name="Ozone")
    activity(person, kafka, month(2026, 5), Kind.PR_MERGED, 4)
    for number in (3, 4, 5):
        activity(person, ozone, month(2026, number), Kind.PR_MERGED, 1)

    progress = progress_for(contributor=person, today=TODAY)

    assert progress.project == ozone
    assert progress.signal(Signal.MERGED_PRS).value == 3
    assert progress.calibration_description == "default targets"
    assert progress_for(contributor=ContributorFactory(), today=TODAY).project is None


def _busy_people(project, count: int) -> list:
    repository = RepositoryFactory(project=project)
    people = []
    for _index in range(count):
        person = ContributorFactory()
        identity = IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB)
        for number in (1, 2, 3):
            activity(person, project, month(2026, number), Kind.PR_MERGED, number)
        ReviewFactory(
            pull_request=PullRequestFactory(repository=repository),
            reviewer=identity,
            submitted_at=at(2026, 2),
        )
        CommitCreditFactory(
            commit=CommitFactory(repository=repository, committed_at=at(2026, 2)), identity=identity
        )
        people.append(person)
    return people


@pytest.mark.parametrize("count", [1, 30])
def test_it_reads_progress_in_a_fixed_number_of_queries(
    kafka, three_committers, django_assert_max_num_queries, count
):
    calibrate_project(project=kafka, today=TODAY)
    people = _busy_people(kafka, count)

    # rollup months · GitHub reviews · reviewer credits · projects with calibrations
    with django_assert_max_num_queries(5):
        progress = progress_for_many(contributors=people, project=kafka, today=TODAY)
    with django_assert_max_num_queries(5):
        progress_for_many(contributors=people, today=TODAY)
    with django_assert_max_num_queries(5):
        one = progress_for(contributor=people[0], project=kafka, today=TODAY)

    assert len(progress) == count
    assert one.signal(Signal.MERGED_PRS).value == 6
    assert one.signal(Signal.REVIEWS).value == 2
    assert one.calibration.basis == ProjectCalibration.Basis.COMMITTERS


def test_it_reuses_the_stored_calibration_on_read(kafka, three_committers):
    calibrate_project(project=kafka, today=TODAY)
    Title.objects.filter(project=kafka).delete()  # a recalibration would fall to defaults

    progress = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)

    assert progress.calibration.committers == 3
    assert progress.signal(Signal.MERGED_PRS).target == 20.0
    calibrate_project(project=kafka, today=TODAY)
    again = progress_for(contributor=ContributorFactory(), project=kafka, today=TODAY)
    assert again.calibration_description == "default targets"
    assert ProjectCalibration.objects.filter(project=kafka).count() == 1


def test_it_calibrates_every_project_idempotently(kafka, three_committers):
    other = ProjectFactory()

    assert calibrate_all(today=TODAY) == 2
    assert calibrate_all(today=TODAY) == 2

    assert dict(ProjectCalibration.objects.values_list("project", "basis")) == {
        kafka.pk: "committers",
        other.pk: "defaults",
    }


def test_it_calibrates_in_a_task(kafka, three_committers):
    assert calibrate_project_task.apply(args=[kafka.pk], throw=True).get() == "committers"
    assert calibrate_project_task.apply(args=[kafka.pk], throw=True).get() == "committers"
    assert calibrate_project_task.apply(args=[kafka.pk + 1000], throw=True).get() == "missing"
    assert ProjectCalibration.objects.count() == 1
    assert calibrate_all_task.apply(throw=True).get() == 1
    assert ProjectCalibration.objects.count() == 1


def test_it_schedules_calibration_nightly_after_the_sync():
    task = PeriodicTask.objects.select_related("crontab").get(name="Calibrate progress targets")

    assert task.task == calibrate_all_task.name
    assert task.task in app.tasks
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("0", "5", "*")
    assert str(crontab.timezone) == settings.TIME_ZONE


def test_it_calibrates_after_the_sync_commits(kafka, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pipeline.records_committed(project_id=kafka.pk)
        assert not ProjectCalibration.objects.exists()

    # The calibration, then forgetting the figures it makes stale.
    assert len(callbacks) == 2
    assert ProjectCalibration.objects.get(project=kafka).basis == "defaults"


def test_it_rejects_unknown_signals_and_negative_numbers_in_settings(kafka):
    kafka.progress_targets = {"stars": 3}
    with pytest.raises(ValidationError, match="stars is not a signal; use one of merged_prs"):
        kafka.full_clean()

    kafka.progress_targets = {}
    kafka.progress_weights = {Signal.REVIEWS: -1}
    with pytest.raises(ValidationError, match="reviews must be a number of zero or more"):
        kafka.full_clean()


def pmc_member(project, committer_on: date, pmc_on: date, rows: list[tuple[date, str, int]]):
    person = committer(project, committer_on, rows)
    TitleFactory(contributor=person, project=project, role=Title.Role.PMC_MEMBER, granted_on=pmc_on)
    return person


@pytest.fixture
def three_pmc_members(kafka):
    # Windows are the 24 months before the PMC month.
    pmc_member(kafka, date(2021, 1, 5), date(2023, 1, 5), [(month(2022, 3), Kind.PR_MERGED, 40)])
    pmc_member(kafka, date(2020, 6, 1), date(2024, 6, 1), [(month(2023, 2), Kind.PR_MERGED, 60)])
    pmc_member(kafka, date(2023, 2, 1), date(2025, 2, 1), [(month(2024, 4), Kind.PR_MERGED, 80)])


def test_a_committer_is_measured_toward_the_pmc_on_its_members_own_step(kafka, three_pmc_members):
    # Left out of the PMC step: no committer date, a committer date after the PMC one.
    undated = pmc_member(
        kafka, date(2022, 1, 1), date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 1)]
    )
    Title.objects.filter(contributor=undated, role=Title.Role.COMMITTER).update(granted_on=None)
    pmc_member(kafka, date(2025, 1, 1), date(2024, 1, 1), [(month(2023, 1), Kind.PR_MERGED, 1)])
    person = committer(kafka, date(2025, 1, 1), [(month(2026, 2), Kind.PR_MERGED, 30)])

    calibrate_project(project=kafka, today=TODAY)
    stored = ProjectCalibration.objects.get(project=kafka)
    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert (stored.pmc_members, stored.pmc_median_months) == (3, 24.0)
    assert stored.pmc_targets[Signal.MERGED_PRS] == 60.0
    assert progress.toward == Title.Role.PMC_MEMBER
    assert progress.signal(Signal.MERGED_PRS).target == 60.0
    assert progress.readiness is not None and progress.readiness < 1
    assert progress.calibration_description == (
        "calibrated on 3 Kafka PMC members elected 2023–2025, 24 months after becoming "
        "committers (median)"
    )


def test_with_too_few_pmc_members_known_the_step_is_not_measured_and_says_so(kafka):
    pmc_member(kafka, date(2021, 1, 5), date(2023, 1, 5), [(month(2022, 3), Kind.PR_MERGED, 4)])
    person = committer(kafka, date(2025, 1, 1), [(month(2026, 2), Kind.PR_MERGED, 30)])
    calibrate_project(project=kafka, today=TODAY)

    progress = progress_for(contributor=person, project=kafka, today=TODAY)

    assert progress.toward == Title.Role.PMC_MEMBER
    assert progress.readiness is None
    assert not progress.measured
    assert progress.calibration_description.startswith(
        "Not measured: 1 Kafka PMC member has known committer and PMC dates, and 3 are needed"
    )


@pytest.mark.parametrize(
    ("foundation", "roles", "toward"),
    [
        ("asf", [], "committer"),
        ("asf", ["committer"], "pmc_member"),
        ("asf", ["committer", "pmc_member"], None),
        ("asf", ["pmc_chair"], None),
        ("asf", ["asf_member"], "committer"),  # an ASF member of another project's making
        ("cncf", ["maintainer"], None),  # outside the ASF, maintainer is the last step
        ("cncf", [], "committer"),
    ],
)
def test_the_ladder_measures_the_next_title(foundation, roles, toward):
    project = ProjectFactory(foundation=foundation)
    person = ContributorFactory()
    for role in roles:
        TitleFactory(contributor=person, project=project, role=role, granted_on=date(2024, 1, 1))
    activity(person, project, month(2026, 3), Kind.PR_MERGED, 2)

    progress = progress_for(contributor=person, project=project, today=TODAY)

    assert progress.toward == toward
    # Uncalibrated here: only the committer bar has defaults to read readiness against.
    assert (progress.readiness is None) == (toward != "committer")


def test_a_pmc_member_page_shows_activity_without_a_bar(client, kafka, member):
    person = pmc_member(
        kafka, date(2020, 1, 1), date(2022, 1, 1), [(month(2026, 3), Kind.PR_MERGED, 5)]
    )
    client.force_login(member)

    text = client.get(f"/people/{person.slug}/").content.decode()

    assert "Activity in Kafka" in text
    assert "Readiness" not in text
    assert "No further title of Kafka is measured here." in text
