from datetime import date

import pytest
from django.urls import reverse

from projects.models import ActivityMonth, Title
from tests.factories import (
    ActivityMonthFactory,
    ContributorFactory,
    ProjectFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_month():
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


def test_it_renders_with_an_empty_database(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"No projects are followed yet" in response.content


def test_it_shows_counts_from_the_database(client, this_month):
    kafka = ProjectFactory(name="Apache Kafka", slug="kafka")
    ozone = ProjectFactory(name="Apache Ozone", slug="ozone")
    members = ContributorFactory.create_batch(3, is_member=True)
    outsider = ContributorFactory(is_member=False)
    ContributorFactory(is_member=True, is_bot=True)
    TitleFactory(contributor=members[0], project=kafka, role=Title.Role.COMMITTER)
    TitleFactory(contributor=members[0], project=kafka, role=Title.Role.PMC_MEMBER)
    TitleFactory(contributor=members[1], project=ozone, role=Title.Role.COMMITTER)
    ActivityMonthFactory(contributor=members[0], project=kafka, month=this_month, count=17)
    ActivityMonthFactory(contributor=members[1], project=kafka, month=this_month, count=4)
    ActivityMonthFactory(
        contributor=members[2],
        project=ozone,
        month=this_month,
        kind=ActivityMonth.Kind.PR_MERGED,
        count=6,
    )
    # Outsiders' activity counts for the project's totals elsewhere, never as members'.
    ActivityMonthFactory(contributor=outsider, project=kafka, month=this_month, count=500)

    response = client.get(reverse("home"))

    overview = response.context["overview"]
    assert overview.members == 3
    assert overview.contributors == 4  # bots are not people
    assert overview.committers == 2
    assert overview.pmc_members == 1
    assert overview.title_holders == 2
    assert overview.active_members_this_month == 3
    assert overview.this_month[ActivityMonth.Kind.COMMIT] == 21
    assert overview.this_month[ActivityMonth.Kind.PR_MERGED] == 6
    figures = {row.project.slug: row for row in overview.projects}
    assert figures["kafka"].member_commits == 21
    assert figures["kafka"].title_holders == 1
    assert figures["ozone"].member_prs_merged == 6
    assert overview.monthly_commits[-1].count == 21
    assert overview.monthly_commits[-1].percent == 100
    content = response.content.decode()
    assert "Apache Kafka" in content and "Apache Ozone" in content


def test_it_shows_last_month_beside_this_month(client, this_month):
    person = ContributorFactory()
    project = ProjectFactory()
    last = date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)
    ActivityMonthFactory(contributor=person, project=project, month=last, count=9)
    ActivityMonthFactory(contributor=person, project=project, month=this_month, count=3)

    overview = client.get(reverse("home")).context["overview"]

    commits = next(stat for stat in overview.month_stats if stat.value == 3)
    assert commits.previous == 9


def test_it_keeps_a_fixed_query_budget(client, django_assert_max_num_queries, this_month):
    def add_people(count: int) -> None:
        for _ in range(count):
            project = ProjectFactory()
            person = ContributorFactory()
            TitleFactory(contributor=person, project=project)
            ActivityMonthFactory(contributor=person, project=project, month=this_month)

    add_people(1)
    # session-less anonymous request: people, titles, projects×2, months×4, active, titles list
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))
    add_people(20)
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))


def test_it_labels_demo_data(client):
    ProjectFactory(is_demo=True)
    response = client.get(reverse("home"))
    assert b"Demo data" in response.content


def test_it_speaks_traditional_chinese(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert response.status_code == 200
    assert response.content.decode().count('lang="zh-hant"') == 1
