"""The pipeline: what follows a sync and a merge, in the order projects/pipeline.py writes."""

import pytest

from projects import pipeline
from projects.pipeline import Step

pytestmark = pytest.mark.django_db


def test_every_step_is_registered_by_the_app_that_does_it():
    from community.tasks import queue_recount
    from contributors.resolution import link_claimed, resolve_sighted
    from contributors.tasks import queue_calibration, queue_warming

    assert pipeline.registered(Step.RESOLVE) == [resolve_sighted]
    assert pipeline.registered(Step.CLAIMED) == [link_claimed]
    assert pipeline.registered(Step.CALIBRATE) == [queue_calibration]
    assert pipeline.registered(Step.RECOUNT) == [queue_recount]
    assert pipeline.registered(Step.WARM) == [queue_warming]
    assert len(pipeline.registered(Step.RECOUNT_PEOPLE)) == 1


def test_a_sync_resolves_and_rolls_up_at_once_and_queues_the_rest_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    done = []
    steps = {
        Step.RESOLVE: [lambda identity_ids: done.append(("resolve", sorted(identity_ids)))],
        Step.CALIBRATE: [lambda project_id: done.append(("calibrate", project_id))],
        Step.RECOUNT: [lambda project_id: done.append(("recount", project_id))],
        Step.WARM: [lambda: done.append(("warm",))],
    }
    monkeypatch.setattr(pipeline, "_steps", steps)
    monkeypatch.setattr(
        pipeline, "refresh_activity_months", lambda **ids: done.append(("roll up", ids))
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pipeline.records_synced(project_id=7, identity_ids=[3, 1])
        assert done == [("resolve", [1, 3]), ("roll up", {"identity_ids": {1, 3}})]
    assert len(callbacks) == 1
    assert done[2:] == [("calibrate", 7), ("recount", 7), ("warm",)]


def test_a_step_nobody_registered_is_skipped(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pipeline, "_steps", {})
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.records_synced(project_id=7, identity_ids=[])


def test_identities_seen_says_how_many_were_linked_and_rolls_up_unless_told(monkeypatch):
    rolled = []
    monkeypatch.setattr(
        pipeline, "_steps", {Step.RESOLVE: [lambda identity_ids: 2, lambda identity_ids: None]}
    )
    monkeypatch.setattr(pipeline, "refresh_activity_months", lambda **ids: rolled.append(ids))

    assert pipeline.identities_seen([5, 4]) == 2
    assert rolled == [{"identity_ids": {4, 5}}]
    assert pipeline.identities_seen([6], roll_up=False) == 2
    assert pipeline.identities_seen([]) == 0
    assert rolled == [{"identity_ids": {4, 5}}]


def test_claimed_ids_link_only_the_people_who_named_them():
    from contributors.models import Contributor, Identity

    ana = Contributor.objects.create(display_name="Ana", slug="ana", apache_id="Ana")
    named = Identity.objects.create(kind=Identity.Kind.APACHE, value="ana")
    stranger = Identity.objects.create(kind=Identity.Kind.APACHE, value="bo")

    assert pipeline.identities_claimed([named.pk, stranger.pk]) == 1
    named.refresh_from_db()
    stranger.refresh_from_db()
    assert named.contributor == ana
    assert stranger.contributor is None
    assert Contributor.objects.count() == 1


def test_answer_first_holds_the_follow_ups_until_the_block_ends(monkeypatch):
    done = []
    monkeypatch.setattr(
        pipeline, "_steps", {Step.CALIBRATE: [lambda project_id: done.append(project_id)]}
    )

    with pipeline.answer_first() as held:
        pipeline.follow_up(project_id=7)
        pipeline.follow_up(project_id=7)  # two syncs of one project: one follow-up
        pipeline.follow_up(project_id=8)
        assert (done, held) == ([], [7, 8])
    assert done == [7, 8]

    pipeline.follow_up(project_id=9)  # outside the block: at once, as before
    assert done == [7, 8, 9]
