"""Figures computed from records are cached until records change: a sync's rollups, a
calibration or a project's edited targets make every cached figure stale at once."""

import pytest
from django.core.cache import cache

from contributors.progress import calibrate_project
from projects.freshness import cached_figures, records_changed, records_version
from projects.rollups import refresh_activity_months
from tests.factories import (
    ActivityMonthFactory,
    ContributorFactory,
    IdentityFactory,
    ProjectFactory,
    PullRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures_cache(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_it_computes_once_per_records_version(django_capture_on_commit_callbacks):
    calls = []

    def compute():
        calls.append(1)
        return {"merged": len(calls)}

    assert cached_figures("page", (1,), compute) == {"merged": 1}
    assert cached_figures("page", (1,), compute) == {"merged": 1}
    assert cached_figures("page", (2,), compute) == {"merged": 2}  # another key
    with django_capture_on_commit_callbacks(execute=True):
        records_changed()
    assert cached_figures("page", (1,), compute) == {"merged": 3}


def test_it_changes_the_version_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = records_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records_changed()
    assert records_version() == before
    callbacks[0]()
    assert records_version() != before


def test_it_computes_every_time_when_turned_off(settings):
    settings.FIGURES_CACHE_SECONDS = 0
    calls = []
    cached_figures("page", (1,), lambda: calls.append(1))
    cached_figures("page", (1,), lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.parametrize("change", ["rollups", "calibration", "project edit"])
def test_syncs_calibrations_and_edits_make_figures_stale(
    change, django_capture_on_commit_callbacks
):
    project = ProjectFactory()
    person = ContributorFactory()
    before = records_version()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "rollups":
            refresh_activity_months(contributor_ids=[person.pk])
        elif change == "calibration":
            calibrate_project(project=project)
        else:
            project.progress_targets = {"merged_prs": 5}
            project.save()
    assert records_version() != before


def test_the_contributor_page_shows_new_records_after_a_sync(
    client, member, django_capture_on_commit_callbacks
):
    person = ContributorFactory(slug="mei")
    github = IdentityFactory(contributor=person, kind="github", value="mei")
    project = ProjectFactory()
    ActivityMonthFactory(contributor=person, project=project)
    client.force_login(member)
    assert client.get("/people/mei/").context["page"].recent == []
    PullRequestFactory(author=github, title="Landed after the first view")
    # Until the sync's rollups are written, the cached figures are shown.
    assert client.get("/people/mei/").context["page"].recent == []
    with django_capture_on_commit_callbacks(execute=True):
        refresh_activity_months(identity_ids=[github.pk])
    titles = [item.title for item in client.get("/people/mei/").context["page"].recent]
    assert titles == ["Landed after the first view"]


def test_a_cached_page_reads_only_live_parts(client, mentor, mentee, django_assert_max_num_queries):
    client.force_login(mentor)
    client.get("/people/mentee-mei/")  # computes and caches the figures
    # session, user, contributor by slug, roles (organizer group, own contributor, mentee
    # ids), titles, enrolments, mentorships, emails, check-in notes: 11.
    with django_assert_max_num_queries(11):
        assert client.get("/people/mentee-mei/").status_code == 200


def test_warming_fills_members_pages_and_dashboards_once(
    client, mentor, mentee, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from contributors.warming import warm_figures

    Contributor = type(mentee.contributor)
    Contributor.objects.filter(pk__in=[mentee.contributor.pk, mentor.contributor.pk]).update(
        is_member=True
    )
    assert warm_figures() == 2
    assert warm_figures() == 0  # the same records version: nothing to do
    client.force_login(mentor)
    # Only live parts: session, user, contributor, roles (3), titles, enrolments,
    # mentorships, emails, check-in notes.
    with django_assert_max_num_queries(11):
        assert client.get("/people/mentee-mei/").status_code == 200
    # Dashboard: session, user, roles (3), mentees, titles, check-ins, camp and project
    # choices; the figures come from the cache.
    with django_assert_max_num_queries(10):
        assert client.get("/mentor/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        refresh_activity_months(contributor_ids=[mentee.contributor.pk])
    assert warm_figures() == 2  # records changed: warm again


def test_warming_does_nothing_with_the_cache_off(settings, mentee):
    from contributors.warming import warm_figures

    settings.FIGURES_CACHE_SECONDS = 0
    assert warm_figures() == 0
