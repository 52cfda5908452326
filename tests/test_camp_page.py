"""The camp page /camps/<slug>/, its API twin /api/camps/<slug>/figures/, and who may see
and download what."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from camps.roles import can_export_camp
from contributors.roles import ORGANIZERS_GROUP
from tests.camp_data import make_camp
from tests.factories import (
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGE = "/camps/xiangcai/"
API = "/api/camps/xiangcai/figures/"
REPORTS = [f"/camps/xiangcai/report.{fmt}/" for fmt in ("csv", "xlsx", "pdf")]


@pytest.fixture
def member(db):
    """A contributor with no part in the camp."""
    user = UserFactory(username="camp-member")
    ContributorFactory(display_name="Member Mu", slug="member-mu", user=user)
    return user


@pytest.fixture
def camp(mentor, mentee):
    return make_camp(mentor=mentor, mentee=mentee)


def _user_for(contributor, username):
    user = UserFactory(username=username)
    contributor.user = user
    contributor.save(update_fields=["user"])
    return user


class _Rows(HTMLParser):
    """The participants table's rows as {slug: [cell text, ...]}."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-person" in attrs:
            self._row = self.rows.setdefault(attrs["data-person"], [])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(html: str) -> dict[str, list[str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def test_it_redirects_anonymous_visitors_to_sign_in(client, camp):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for url in REPORTS:
        assert client.get(url).status_code == 302
    assert client.get(API).status_code in (401, 403)


def test_it_refuses_accounts_linked_to_nobody(client, camp, outsider):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403
    for url in REPORTS:
        assert client.get(url).status_code == 403


def test_it_shows_the_camp_figures_from_known_data(client, camp, member):
    client.force_login(member)
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "香菜饅頭營" in text and "陳瑋" in text
    rows = page_rows(text)
    assert list(rows) == ["ann-lee", "mentee-mei", "wei-chen"]
    # Name, project, mentor, then PRs opened, merged, reviews, issues reported and resolved,
    # commits: no status column for a member with no part in the camp.
    assert rows["wei-chen"][1:9] == ["Kafka", "Mentor Ming", "2", "1", "1", "1", "0", "0"]
    assert rows["ann-lee"][3:9] == ["0", "0", "0", "0", "1", "1"]
    assert rows["mentee-mei"][3:9] == ["0"] * 6  # a PR at 00:00 after the last day is out
    assert "during the camp" in rows["wei-chen"][9]
    assert "during the camp" not in rows["ann-lee"][9]
    assert "committer" in rows["wei-chen"][10]
    figures = response.context["figures"]
    assert (figures.totals.prs_opened, figures.totals.commits) == (2, 1)
    assert [p.contributor.slug for p in figures.first_contributions] == ["wei-chen"]
    # Private parts and downloads are not for a member with no part in the camp.
    assert "graduated" not in text and "Land KIP-1000" not in text
    assert "report.xlsx" not in text
    for url in REPORTS:
        assert client.get(url).status_code == 403


def test_it_draws_the_weekly_chart_from_the_same_figures(client, camp, member):
    client.force_login(member)
    response = client.get(PAGE)
    chart = response.context["chart"]
    assert chart["weeks"] == ["Week 1", "Week 2", "Week 3"]
    opened = next(s for s in chart["series"] if s["label"] == "PRs opened")
    assert opened["data"] == [1, 1, 0]
    assert 'id="camp-weeks"' in response.content.decode()


def test_it_charts_a_running_camps_weeks_begun_only(client, member):
    today = timezone.localdate()
    CohortFactory(
        slug="running", starts_on=today - timedelta(days=8), ends_on=today + timedelta(days=40)
    )
    client.force_login(member)
    response = client.get("/camps/running/")
    # 49 days: seven weeks, the second under way.
    assert response.context["chart"]["weeks"] == ["Week 1", "Week 2"]
    assert "7 weeks, week 2 under way" in response.content.decode()
    data = client.get("/api/camps/running/figures/").json()
    assert (data["week_count"], len(data["weeks"])) == (7, 2)


def test_it_shows_a_participant_their_own_status_and_goal_only(client, camp, mentee):
    wei = _user_for(camp.wei, "wei")
    client.force_login(wei)
    response = client.get(PAGE)
    rows = {row.participant.contributor.slug: row for row in response.context["camp"].rows}
    assert (rows["wei-chen"].show_status, rows["wei-chen"].show_goal) == (True, True)
    assert (rows["ann-lee"].show_status, rows["ann-lee"].show_goal) == (False, False)
    text = response.content.decode()
    assert "Land KIP-1000" in text and "Become an Ozone committer" not in text
    assert not response.context["camp"].can_export
    assert client.get(REPORTS[1]).status_code == 403


def test_it_lets_the_camps_mentors_export_and_see_every_status(client, camp, mentor):
    client.force_login(mentor)  # named on Wei's and Mei's enrolments
    response = client.get(PAGE)
    view = response.context["camp"]
    assert view.can_export
    rows = {row.participant.contributor.slug: row for row in view.rows}
    assert rows["ann-lee"].show_status and not rows["ann-lee"].show_goal
    assert rows["wei-chen"].show_goal  # Wei's own mentor
    text = response.content.decode()
    assert "graduated" in text and "Become an Ozone committer" not in text
    assert "/camps/xiangcai/report.xlsx/" in text
    for url in REPORTS:
        assert client.get(url).status_code == 200


def test_it_lets_mentors_named_on_the_camp_or_an_enrolment_and_its_organizers_export(camp):
    on_camp = ContributorFactory()
    camp.cohort.mentors.add(on_camp)
    organizer_of_camp = ContributorFactory()
    camp.cohort.organizers.add(organizer_of_camp)
    elsewhere = ContributorFactory()
    EnrollmentFactory(cohort=CohortFactory(), mentor=elsewhere)
    group_member = UserFactory(username="group-organizer")
    group_member.groups.add(Group.objects.get_or_create(name=ORGANIZERS_GROUP)[0])

    assert can_export_camp(_user_for(on_camp, "on-camp"), camp.cohort)
    assert can_export_camp(_user_for(camp.tsai, "tsai"), camp.cohort)
    assert can_export_camp(_user_for(organizer_of_camp, "camp-organizer"), camp.cohort)
    assert can_export_camp(group_member, camp.cohort)
    assert not can_export_camp(_user_for(elsewhere, "elsewhere"), camp.cohort)
    assert not can_export_camp(_user_for(camp.wei, "wei"), camp.cohort)


def test_it_refuses_downloads_to_a_mentor_of_another_camp(client, camp):
    other = ContributorFactory()
    EnrollmentFactory(cohort=CohortFactory(), mentor=other)
    client.force_login(_user_for(other, "other-mentor"))
    assert client.get(PAGE).status_code == 200
    for url in REPORTS:
        assert client.get(url).status_code == 403


def test_it_shows_organizers_everything(client, camp, organizer):
    client.force_login(organizer)
    text = client.get(PAGE).content.decode()
    assert "Land KIP-1000" in text and "Become an Ozone committer" in text
    assert "graduated" in text


def test_it_answers_404_for_an_unknown_camp_or_format(client, camp, organizer):
    client.force_login(organizer)
    assert client.get("/camps/no-such-camp/").status_code == 404
    assert client.get("/camps/no-such-camp/report.xlsx/").status_code == 404
    assert client.get("/camps/xiangcai/report.docx/").status_code == 404
    assert client.get("/api/camps/no-such-camp/figures/").status_code == 404


def test_it_names_an_unknown_csv_table(client, camp, organizer):
    client.force_login(organizer)
    response = client.get(REPORTS[0] + "?table=mentors")
    assert response.status_code == 400
    text = response.content.decode()
    assert "'mentors'" in text and "people, projects, weeks, titles" in text


def test_it_shows_an_empty_camp(client, member):
    CohortFactory(slug="empty", name="小饅頭營")
    client.force_login(member)
    response = client.get("/camps/empty/")
    assert response.status_code == 200
    assert "Nobody is enrolled in this camp yet." in response.content.decode()


def test_it_renders_in_traditional_chinese(client, camp, member):
    client.force_login(member)
    with translation.override("zh-hant"):
        response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 200
    assert 'lang="zh-hant"' in response.content.decode().lower()


def _more_participants(camp, count):
    for _n in range(count):
        EnrollmentFactory(cohort=camp.cohort, contributor=ContributorFactory(), project=None)


@pytest.mark.parametrize("extra", [0, 25])
def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, camp, member, extra, django_assert_max_num_queries
):
    _more_participants(camp, extra)
    client.force_login(member)
    # session, user, camp by slug, roles (organizer group, own contributor, mentees),
    # camp staff, figures (13): 20.
    with django_assert_max_num_queries(20):
        assert client.get(PAGE).status_code == 200


def test_its_api_twin_gives_the_pages_figures(client, camp, member):
    client.force_login(member)
    data = client.get(API).json()
    page = client.get(PAGE).context["figures"]
    assert (data["name"], data["starts_on"], data["time_zone"]) == (
        "香菜饅頭營",
        "2025-01-01",
        "Asia/Taipei",
    )
    assert data["since"] == "2025-01-01T00:00:00+08:00"
    assert data["until"] == "2025-01-16T00:00:00+08:00"
    assert data["totals"]["prs_opened"] == page.totals.prs_opened == 2
    assert (data["participant_count"], data["first_contributions"]) == (3, 1)
    wei = next(p for p in data["participants"] if p["person"]["slug"] == "wei-chen")
    assert wei["counts"] == {
        "prs_opened": 2,
        "prs_merged": 1,
        "reviews": 1,
        "issues_reported": 1,
        "issues_resolved": 0,
        "commits": 0,
    }
    assert (wei["status"], wei["goal"], wei["first_during_camp"]) == (None, None, True)
    assert wei["first_contribution"]["kind"] == "pull_request"
    assert [t["role"] for t in wei["titles"]] == ["committer"]
    assert [p["project"] for p in data["projects"]] == ["kafka", "ozone"]
    assert [w["counts"]["prs_opened"] for w in data["weeks"]] == [1, 1, 0]
    assert data["reports"] is None


def test_its_api_twin_keeps_the_pages_rules_for_staff(client, camp, mentor):
    client.force_login(mentor)
    data = client.get(API).json()
    people = {p["person"]["slug"]: p for p in data["participants"]}
    assert (people["ann-lee"]["status"], people["ann-lee"]["goal"]) == ("graduated", None)
    assert people["wei-chen"]["goal"] == "Land KIP-1000"
    assert data["reports"]["xlsx"].endswith("/camps/xiangcai/report.xlsx/")


@pytest.mark.parametrize("extra", [0, 25])
def test_its_api_twin_reads_in_a_fixed_number_of_queries(
    client, camp, member, extra, django_assert_max_num_queries
):
    _more_participants(camp, extra)
    client.force_login(member)
    with django_assert_max_num_queries(20):  # as the page
        assert client.get(API).status_code == 200
