"""The cast: an organizer (staff), a mentor, a mentee and an outsider, as healthchecks does."""

import pytest
from django.utils import translation

from tests.factories import ContributorFactory, MentorshipFactory, UserFactory

pytest_plugins = [
    "tests.fake_github.fixtures",
    "tests.fake_jira.fixtures",
    "tests.fake_lists.fixtures",
]


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request's LocaleMiddleware leaves its language active in the thread; reset it so
    one test's zh-Hant page never changes the next test's command output."""
    yield
    translation.activate("en")


@pytest.fixture
def organizer(db):
    return UserFactory(username="organizer", is_staff=True, is_superuser=True)


@pytest.fixture
def mentor(db):
    user = UserFactory(username="mentor")
    ContributorFactory(display_name="Mentor Ming", slug="mentor-ming", user=user)
    return user


@pytest.fixture
def mentee(db, mentor):
    user = UserFactory(username="mentee")
    contributor = ContributorFactory(display_name="Mentee Mei", slug="mentee-mei", user=user)
    MentorshipFactory(mentor=mentor.contributor, mentee=contributor)
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but linked to nobody: sees what anonymous visitors see."""
    return UserFactory(username="outsider")


@pytest.fixture
def member(db):
    """A contributor who mentors nobody: sees others' pages without their private parts."""
    user = UserFactory(username="member")
    ContributorFactory(display_name="Member Mu", slug="member-mu", user=user)
    return user
