"""The mentor dashboard /mentor/: mentees' rows, stalled flag, sorting, filters, budget."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from contributors.models import Identity
from tests.factories import (
    CohortFactory,
    CommitFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    IssueFactory,
    MentorshipFactory,
    ProjectFactory,
    PullRequestFactory,
    ReviewFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


def _active(contributor, *, days_ago: int):
    github = IdentityFactory(contributor=contributor, kind=Identity.Kind.GITHUB)
    when = timezone.now() - timedelta(days=days_ago)
    PullRequestFactory(
        author=github, state="open", merged_at=None, created_at=when, updated_at=when
    )


def _mentee(mentor, name: str, **kwargs):
    person = ContributorFactory(display_name=name)
    MentorshipFactory(mentor=mentor.contributor, mentee=person, **kwargs)
    return person


def test_it_redirects_anonymous_to_sign_in(client):
    response = client.get("/mentor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_people_who_mentor_nobody(client, outsider):
    client.force_login(outsider)
    assert client.get("/mentor/").status_code == 403


def test_it_lists_the_mentors_mentees_with_their_figures(client, mentor, mentee):
    mei = mentee.contributor
    _active(mei, days_ago=3)
    TitleFactory(contributor=mei)
    ContributorFactory(display_name="Not Mine")
    client.force_login(mentor)
    response = client.get("/mentor/")
    rows = response.context["rows"]
    assert [r.contributor.display_name for r in rows] == ["Mentee Mei"]
    (row,) = rows
    assert (row.recent, row.waiting, row.oldest_waiting_days, row.stalled) == (1, 1, 3, False)
    assert len(row.titles) == 1
    assert "Not Mine" not in response.content.decode()


def test_it_flags_stalled_mentees(client, mentor, settings):
    settings.STALLED_AFTER_DAYS = 10
    quiet = _mentee(mentor, "Quiet")
    busy = _mentee(mentor, "Busy")
    never = _mentee(mentor, "Never")
    _active(quiet, days_ago=11)
    _active(busy, days_ago=9)
    client.force_login(mentor)
    response = client.get("/mentor/")
    stalled = {r.contributor.pk: r.stalled for r in response.context["rows"]}
    assert stalled == {quiet.pk: True, busy.pk: False, never.pk: True}
    assert "badge-stalled" in response.content.decode()


def test_it_takes_last_activity_from_every_kind_and_identity(client, mentor, mentee):
    mei, now = mentee.contributor, timezone.now()
    email = IdentityFactory(contributor=mei)
    github = IdentityFactory(contributor=mei, kind=Identity.Kind.GITHUB)
    jira = IdentityFactory(contributor=mei, kind=Identity.Kind.JIRA)
    # A commit counts when it landed, as in the monthly rollups.
    CommitFactory(
        author=email, authored_at=now - timedelta(days=40), committed_at=now - timedelta(days=5)
    )
    ReviewFactory(reviewer=github, submitted_at=now - timedelta(days=2))
    IssueFactory(reporter=jira, created_at=now - timedelta(days=45))
    client.force_login(mentor)
    (row,) = client.get("/mentor/").context["rows"]
    assert (now - row.last_activity).days == 2
    assert (row.recent, row.stalled) == (2, False)


def test_it_sorts_by_the_asked_column(client, mentor):
    for name, days in [("A", 5), ("B", 1), ("C", 9)]:
        _active(_mentee(mentor, name), days_ago=days)
    client.force_login(mentor)
    names = lambda sort: [  # noqa: E731
        r.contributor.display_name for r in client.get("/mentor/", {"sort": sort}).context["rows"]
    ]
    assert names("name") == ["A", "B", "C"]
    assert names("-name") == ["C", "B", "A"]
    assert names("-last_activity") == ["B", "A", "C"]
    assert names("-waiting") == ["C", "A", "B"]
    # By default, and for an unknown sort: who needs the mentor first (oldest PR here).
    assert names("attention") == names("bogus") == ["C", "A", "B"]


def test_it_filters_by_camp_and_project(client, mentor):
    kafka = ProjectFactory(slug="kafka")
    camp = CohortFactory(slug="spinach")
    in_camp = ContributorFactory(display_name="In camp")
    EnrollmentFactory(contributor=in_camp, cohort=camp, mentor=mentor.contributor)
    _mentee(mentor, "On Kafka", project=kafka)
    _mentee(mentor, "Elsewhere")
    client.force_login(mentor)

    def names(**query):
        return [r.contributor.display_name for r in client.get("/mentor/", query).context["rows"]]

    assert names(camp="spinach") == ["In camp"]
    assert names(project="kafka") == ["On Kafka"]
    assert len(names()) == 3


def test_it_lets_organizers_pick_any_mentor(client, organizer, mentor, mentee):
    other = ContributorFactory(slug="other-mentor")
    MentorshipFactory(mentor=other, mentee=ContributorFactory(display_name="Theirs"))
    client.force_login(organizer)
    rows = client.get("/mentor/", {"mentor": "mentor-ming"}).context["rows"]
    assert [r.contributor.display_name for r in rows] == ["Mentee Mei"]


def test_organizers_see_every_current_mentee_with_their_mentors(client, organizer, mentor):
    camp = CohortFactory(slug="spinach")
    bo = ContributorFactory(display_name="Bo Chen", chinese_name="陳博")
    EnrollmentFactory(contributor=bo, cohort=camp, mentor=ContributorFactory(display_name="Ana"))
    MentorshipFactory(mentor=mentor.contributor, mentee=bo)
    _mentee(mentor, "Past", ended_on=timezone.localdate() - timedelta(days=1))
    quiet = _mentee(mentor, "Quiet")
    _active(quiet, days_ago=40)
    ContributorFactory(display_name="Nobody's")
    client.force_login(organizer)

    response = client.get("/mentor/")

    rows = response.context["rows"]
    assert response.context["everyone"]
    assert [(r.contributor.display_name, r.mentors) for r in rows] == [
        ("Bo Chen", ("Ana", "Mentor Ming")),  # never active: stalled longest, first
        ("Quiet", ("Mentor Ming",)),
    ]
    text = response.content.decode()
    assert "Every current mentee" in text
    assert '<span class="chinese-name">陳博</span>' in text
    assert [
        r.contributor.display_name
        for r in client.get("/mentor/", {"camp": "spinach"}).context["rows"]
    ] == ["Bo Chen"]


def test_it_ignores_the_mentor_parameter_for_mentors(client, mentor, mentee):
    other = ContributorFactory(slug="other-mentor")
    MentorshipFactory(mentor=other, mentee=ContributorFactory(display_name="Theirs"))
    client.force_login(mentor)
    rows = client.get("/mentor/", {"mentor": "other-mentor"}).context["rows"]
    assert [r.contributor.display_name for r in rows] == ["Mentee Mei"]


@pytest.mark.parametrize("mentees", [1, 30])
def test_it_reads_the_dashboard_in_a_fixed_number_of_queries(
    client, mentor, mentees, django_assert_max_num_queries
):
    for n in range(mentees):
        person = _mentee(mentor, f"Mentee {n:02}")
        _active(person, days_ago=n)
        TitleFactory(contributor=person)
        CommitFactory(author=IdentityFactory(contributor=person))
    client.force_login(mentor)
    # session, user, roles (organizer group, own contributor, mentee ids, reused for the
    # rows), mentees, progress (4), last activity over commits, PRs, reviews and issues,
    # waiting PRs, titles, last check-ins, the camp and project choices: 15.
    with django_assert_max_num_queries(15):
        response = client.get("/mentor/")
    assert len(response.context["rows"]) == mentees


def test_it_renders_in_traditional_chinese(client, mentor, mentee):
    client.force_login(mentor)
    with translation.override("zh-hant"):
        response = client.get("/mentor/", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 200
    assert "導師" in response.content.decode()
