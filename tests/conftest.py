"""The cast: an organizer (staff), a mentor, a mentee and an outsider, as healthchecks does."""

import pytest

from tests.factories import ContributorFactory, MentorshipFactory, UserFactory


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
    return UserFactory(username="outsider")
