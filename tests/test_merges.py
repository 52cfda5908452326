"""People decisions: link, merge, undo, split, confirm and dismiss, by function, command and
admin. Every one re-reads the rows it changed and the rows it must have left alone."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from camps.models import Cohort, Enrollment
from contributors.merges import (
    HANDLED_RELATIONS,
    MergeError,
    confirm_suggestion,
    dismiss_suggestion,
    link_identity,
    merge_contributors,
    split_identity,
    undo_merge,
)
from contributors.models import (
    CheckInNote,
    Contributor,
    ContributorMerge,
    Identity,
    IdentityPair,
    Mentorship,
    MergeSuggestion,
)
from contributors.resolution import resolve_identities
from projects.models import ActivityMonth, Title
from projects.rollups import refresh_activity_months
from tests.factories import (
    CheckInNoteFactory,
    CohortFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    MentorshipFactory,
    ProjectFactory,
    RepositoryFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL, NAME, GITHUB = Identity.Kind.GIT_EMAIL, Identity.Kind.GIT_NAME, Identity.Kind.GITHUB


def commits(identity: Identity, n: int, repository=None) -> None:
    CommitFactory.create_batch(n, author=identity, repository=repository or RepositoryFactory())


def monthly(kind: str = ActivityMonth.Kind.COMMIT) -> dict:
    rows = ActivityMonth.objects.filter(kind=kind)
    return {row.contributor_id or f"identity {row.identity_id}": row.count for row in rows}


def reread(*rows):
    for row in rows:
        row.refresh_from_db()
    return rows


# Link


def test_it_links_an_identity_by_hand_and_moves_its_rollups() -> None:
    first, second = ContributorFactory(), ContributorFactory()
    email = IdentityFactory(contributor=first)
    commits(email, 3)
    resolve_identities(identity_ids=[email.pk])  # nothing to do, rollups untouched
    link_identity(identity=email, contributor=first)
    assert monthly() == {first.pk: 3}

    link_identity(identity=email, contributor=second)

    email.refresh_from_db()
    assert (email.contributor, email.link_source) == (second, "manual")
    assert monthly() == {second.pk: 3}


def test_it_confirms_the_matching_suggestion_when_linking_and_drops_the_rest() -> None:
    first, second = ContributorFactory(), ContributorFactory()
    credit = IdentityFactory(kind=NAME, value="wei chen.", contributor=None)
    chosen = MergeSuggestion.objects.create(
        kind="identity", reason="same_name", identity=credit, contributor=first
    )
    MergeSuggestion.objects.create(
        kind="identity", reason="same_name", identity=credit, contributor=second
    )
    user = UserFactory()

    link_identity(identity=credit, contributor=first, user=user)

    chosen.refresh_from_db()
    assert (chosen.status, chosen.decided_by) == ("confirmed", user)
    assert list(MergeSuggestion.objects.all()) == [chosen]


def test_it_refuses_to_link_to_a_merged_person() -> None:
    gone, kept = ContributorFactory(), ContributorFactory()
    merge_contributors(source=gone, target=kept)
    email = IdentityFactory(contributor=None)

    with pytest.raises(MergeError, match="was merged into another person"):
        link_identity(identity=email, contributor=gone)

    email.refresh_from_db()
    assert (email.contributor, email.link_source) == (None, "")


# Merge and undo


@pytest.fixture
def two_people():
    """A source with everything a person can have, and a target with some of it already."""
    project, other_project = ProjectFactory(), ProjectFactory()
    cohort, other_cohort = CohortFactory(), CohortFactory()
    account = UserFactory()
    source = ContributorFactory(
        display_name="Chia-Ping", github_login="chia7712", is_member=True, user=account
    )
    target = ContributorFactory(display_name="Chia-Ping Tsai", is_member=False)
    outsider = ContributorFactory()
    identities = [
        IdentityFactory(contributor=source, link_source="rule"),
        IdentityFactory(contributor=source, link_source="manual", kind=GITHUB, value="chia7712"),
    ]
    target_email = IdentityFactory(contributor=target)
    repository = RepositoryFactory(project=project)
    commits(identities[0], 2, repository)
    commits(target_email, 1, repository)
    rows = {
        "title_moved": TitleFactory(contributor=source, project=project, role="pmc_member"),
        "title_shared": TitleFactory(
            contributor=source, project=other_project, granted_on=date(2020, 1, 1)
        ),
        "title_kept": TitleFactory(contributor=target, project=other_project),
        "enrollment_moved": EnrollmentFactory(contributor=source, cohort=cohort, mentor=outsider),
        "enrollment_shared": EnrollmentFactory(contributor=source, cohort=other_cohort),
        "enrollment_kept": EnrollmentFactory(contributor=target, cohort=other_cohort),
        "mentoring_target": MentorshipFactory(mentor=source, mentee=target, project=project),
        "mentoring_outsider": MentorshipFactory(mentor=source, mentee=outsider, project=project),
        "mentored": MentorshipFactory(mentor=outsider, mentee=source, project=other_project),
        "mentored_twin": MentorshipFactory(mentor=outsider, mentee=target, project=other_project),
        "mentoring_enrollment": EnrollmentFactory(mentor=source),
    }
    cohort.organizers.add(source)
    other_cohort.organizers.add(source, target)
    cohort.mentors.add(source)
    other_cohort.mentors.add(source, target)
    rows["note"] = CheckInNoteFactory(mentee=source, body="Before the merge")
    refresh_activity_months(contributor_ids=[source.pk, target.pk])
    return source, target, identities, rows, (cohort, other_cohort), account


def test_it_merges_everything_a_person_has(two_people) -> None:
    source, target, identities, rows, (cohort, other_cohort), account = two_people
    user = UserFactory()

    merge = merge_contributors(source=source, target=target, user=user)

    reread(source, target, *identities)
    assert [(i.contributor, i.link_source) for i in identities] == [(target, "manual")] * 2
    assert source.merged_into == target
    assert (source.github_login, target.github_login) == ("", "chia7712")
    assert (source.user, target.user) == (None, account)
    assert (source.is_member, target.is_member) == (False, True)
    assert set(target.titles.all()) == {rows["title_moved"], rows["title_kept"]}
    assert not Title.objects.filter(pk=rows["title_shared"].pk).exists()
    assert set(target.enrollments.all()) == {rows["enrollment_moved"], rows["enrollment_kept"]}
    assert not Enrollment.objects.filter(pk=rows["enrollment_shared"].pk).exists()
    assert Enrollment.objects.get(pk=rows["mentoring_enrollment"].pk).mentor == target
    # Mentoring oneself and a twin of the target's own mentorship are dropped.
    assert set(Mentorship.objects.filter(mentor=target)) == {rows["mentoring_outsider"]}
    assert set(Mentorship.objects.filter(mentee=target)) == {rows["mentored_twin"]}
    assert not Mentorship.objects.filter(pk__in=[rows["mentoring_target"].pk]).exists()
    assert set(target.organized_cohorts.all()) == {cohort, other_cohort}
    assert not source.organized_cohorts.exists()
    assert set(target.mentored_cohorts.all()) == {cohort, other_cohort}
    assert not source.mentored_cohorts.exists()
    assert list(target.check_in_notes.all()) == [rows["note"]]
    assert monthly() == {target.pk: 3}
    assert (merge.source, merge.target, merge.merged_by, merge.undone_at) == (
        source,
        target,
        user,
        None,
    )
    assert len(merge.moved["identities"]) == 2


def test_it_undoes_a_merge_exactly(two_people) -> None:
    source, target, _, rows, _, _ = two_people
    shared_title = rows["title_shared"]
    before = {
        "identities": list(Identity.objects.order_by("pk").values()),
        "titles": list(Title.objects.order_by("pk").values()),
        "enrollments": list(Enrollment.objects.order_by("pk").values()),
        "mentorships": list(Mentorship.objects.order_by("pk").values()),
        "organizers": list(
            Cohort.organizers.through.objects.order_by("pk").values_list(
                "cohort_id", "contributor_id"
            )
        ),
        "people": list(
            Contributor.objects.order_by("pk")
            .values()
            .values_list("pk", "github_login", "user", "is_member", "merged_into")
        ),
        "rollups": monthly(),
        "camp_mentors": set(
            Cohort.mentors.through.objects.values_list("cohort_id", "contributor_id")
        ),
        "notes": list(CheckInNote.objects.order_by("pk").values("pk", "mentee")),
    }
    merge = merge_contributors(source=source, target=target)

    undo_merge(merge=merge)

    after = {
        "identities": list(Identity.objects.order_by("pk").values()),
        "titles": list(Title.objects.order_by("pk").values()),
        "enrollments": list(Enrollment.objects.order_by("pk").values()),
        "mentorships": list(Mentorship.objects.order_by("pk").values()),
        "organizers": list(
            Cohort.organizers.through.objects.order_by("pk").values_list(
                "cohort_id", "contributor_id"
            )
        ),
        "people": list(
            Contributor.objects.order_by("pk")
            .values()
            .values_list("pk", "github_login", "user", "is_member", "merged_into")
        ),
        "rollups": monthly(),
        "camp_mentors": set(
            Cohort.mentors.through.objects.values_list("cohort_id", "contributor_id")
        ),
        "notes": list(CheckInNote.objects.order_by("pk").values("pk", "mentee")),
    }
    assert after["identities"] == before["identities"]
    assert after["titles"] == before["titles"]  # the dropped one too, date and all
    assert Title.objects.get(pk=shared_title.pk).granted_on == date(2020, 1, 1)
    assert after["enrollments"] == before["enrollments"]
    assert after["mentorships"] == before["mentorships"]
    assert after["camp_mentors"] == before["camp_mentors"]
    assert after["notes"] == before["notes"]
    assert sorted(after["organizers"]) == sorted(before["organizers"])
    assert after["people"] == before["people"]
    assert after["rollups"] == before["rollups"] == {source.pk: 2, target.pk: 1}
    merge.refresh_from_db()
    assert merge.undone_at is not None

    with pytest.raises(MergeError, match=f"Merge {merge.pk} was already undone"):
        undo_merge(merge=merge)


def test_it_undoes_only_the_newest_merge_of_a_chain_first() -> None:
    a, b, c = ContributorFactory(), ContributorFactory(), ContributorFactory()
    first = merge_contributors(source=a, target=b)
    merge_contributors(source=b, target=c)

    with pytest.raises(MergeError, match="undo that merge first"):
        undo_merge(merge=first)

    a.refresh_from_db()
    assert a.merged_into == b


def test_it_refuses_merges_that_make_no_sense() -> None:
    person, other = ContributorFactory(display_name="Ann"), ContributorFactory(display_name="Bo")
    with pytest.raises(MergeError, match="Ann cannot be merged into themselves"):
        merge_contributors(source=person, target=person)
    merge_contributors(source=person, target=other)
    with pytest.raises(MergeError, match="Ann was already merged into Bo"):
        merge_contributors(source=person, target=ContributorFactory())
    assert ContributorMerge.objects.count() == 1


def test_it_accounts_for_every_relation_to_a_person() -> None:
    relations = {
        f"{rel.related_model._meta.label}.{rel.field.name}"
        for rel in Contributor._meta.related_objects
    }
    # A new model pointing at people must say what a merge does with it.
    assert relations - HANDLED_RELATIONS == set()


# Split


def test_it_splits_a_wrong_link_and_resolution_keeps_it_split() -> None:
    person = ContributorFactory(display_name="Chia-Ping Tsai", github_login="chia771")
    right = IdentityFactory(kind=EMAIL, value="chia7712@gmail.com", contributor=person)
    wrong = IdentityFactory(kind=GITHUB, value="chia771", display="chia771", contributor=person)
    IdentityPair.objects.create(first=right, second=wrong)
    credit = IdentityFactory(kind=NAME, value="chia771", contributor=None)  # a bridge
    IdentityPair.objects.create(first=right, second=credit)
    IdentityPair.objects.create(first=wrong, second=credit)
    commits(wrong, 2)
    refresh_activity_months(contributor_ids=[person.pk])
    assert monthly() == {person.pk: 2}

    new = split_identity(identity=wrong)
    resolve_identities()
    resolve_identities(identity_ids=Identity.objects.values_list("pk", flat=True))

    reread(wrong, right, person, credit)
    assert (wrong.contributor, wrong.link_source) == (new, "manual")
    assert right.contributor == person
    assert (new.display_name, new.slug, new.github_login, new.origin) == (
        "chia771",
        "chia771",
        "chia771",
        "manual",
    )
    assert person.github_login == ""
    assert monthly() == {new.pk: 2}
    # The two are recorded as different people: the bridge is not a reason to ask.
    assert list(MergeSuggestion.objects.values_list("reason", "status")) == [("split", "dismissed")]
    assert credit.contributor is None


# Suggestions


def test_it_confirms_a_people_suggestion_by_merging_and_resolving_the_bridge() -> None:
    member = ContributorFactory(is_member=True)
    stranger = ContributorFactory(is_member=False)
    email = IdentityFactory(contributor=member)
    login = IdentityFactory(kind=GITHUB, value="someone", contributor=stranger)
    bridge = IdentityFactory(kind=NAME, value="some one", contributor=None)
    IdentityPair.objects.create(first=email, second=bridge)
    IdentityPair.objects.create(first=login, second=bridge)
    resolve_identities()
    suggestion = MergeSuggestion.objects.get()

    merge = confirm_suggestion(suggestion=suggestion)

    suggestion.refresh_from_db()
    bridge.refresh_from_db()
    assert (merge.source, merge.target) == (stranger, member)
    assert suggestion.status == "confirmed"
    assert bridge.contributor == member


def test_it_dismisses_once() -> None:
    suggestion = MergeSuggestion.objects.create(
        kind="people",
        reason="same_name",
        contributor=ContributorFactory(),
        other=ContributorFactory(),
    )
    user = UserFactory()

    dismiss_suggestion(suggestion=suggestion, user=user)

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("dismissed", user)
    assert suggestion.decided_at is not None
    with pytest.raises(MergeError, match="already dismissed"):
        confirm_suggestion(suggestion=suggestion)
    assert not ContributorMerge.objects.exists()


# Commands


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_resolves_from_the_command_line() -> None:
    name = IdentityFactory(kind=NAME, value="ann lee", display="Ann Lee", contributor=None)
    email = IdentityFactory(value="ann@example.org", contributor=None)
    IdentityPair.objects.create(first=name, second=email)

    first = run("resolve_identities")
    again = run("resolve_identities", "--all")

    assert first == (
        "2 identities looked at: 2 linked, 1 new person, 0 suggestions to review, "
        "0 left unresolved, 0 bots flagged.\n"
    )
    assert again == (
        "2 identities looked at: 0 linked, 0 new people, 0 suggestions to review, "
        "0 left unresolved, 0 bots flagged.\n"
    )


def test_it_links_merges_undoes_and_splits_from_the_command_line() -> None:
    ContributorFactory(display_name="Ann Lee", slug="ann-lee")
    annie = ContributorFactory(display_name="Annie", slug="annie")
    IdentityFactory(kind=EMAIL, value="ann@example.org", contributor=annie)

    linked = run("link_identity", "git_email", "Ann@Example.org", "ann-lee")
    merged = run("merge_contributors", "ann-lee", "annie")
    merge = ContributorMerge.objects.get()
    undone = run("undo_merge", str(merge.pk))
    split = run("split_identity", "git_email", "ann@example.org")

    assert linked == "Linked git email: ann@example.org to Ann Lee.\n"
    assert merged == (
        f"Merged Ann Lee into Annie: 1 identities moved (merge {merge.pk}; "
        f"undo with: manage.py undo_merge {merge.pk}).\n"
    )
    assert undone == f"Undid merge {merge.pk}: Ann Lee is separate from Annie again.\n"
    assert split == (
        "Split git email: ann@example.org from Ann Lee into a new person: ann (ann).\n"
    )
    assert Identity.objects.get().contributor.slug == "ann"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("link_identity", "git_email", "nobody@example.org", "ann"),
            "No git email identity 'nobody@example.org' is recorded.",
        ),
        (
            ("link_identity", "git_email", "ann@example.org", "nobody"),
            "No contributor has the slug 'nobody'.",
        ),
        (("merge_contributors", "ann", "nobody"), "No contributor has the slug 'nobody'."),
        (("merge_contributors", "ann", "ann"), "Ann cannot be merged into themselves."),
        (("undo_merge", "999"), "No merge has the id 999."),
        (("split_identity", "github", "nobody"), "No GitHub login identity 'nobody' is recorded."),
    ],
)
def test_it_names_the_problem_on_bad_input(args: tuple[str, ...], message: str) -> None:
    ann = ContributorFactory(display_name="Ann", slug="ann")
    email = IdentityFactory(value="ann@example.org", contributor=ann)

    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=StringIO())

    assert str(error.value) == message
    email.refresh_from_db()
    assert (email.contributor, email.link_source) == (ann, "rule")
    assert not ContributorMerge.objects.exists()


# Admin


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_confirms_and_dismisses_from_the_list_in_one_click(client: Client, organizer) -> None:
    person = ContributorFactory()
    credit = IdentityFactory(kind=NAME, value="ann lee", display="Ann Lee", contributor=None)
    to_confirm = MergeSuggestion.objects.create(
        kind="identity",
        reason="same_name",
        identity=credit,
        contributor=person,
        evidence={"names": ["Ann Lee", "Ann-Lee"], "emails": ["ann@example.org"]},
    )
    to_dismiss = MergeSuggestion.objects.create(
        kind="people", reason="same_name", contributor=person, other=ContributorFactory()
    )
    client.force_login(organizer)
    url = reverse("admin:contributors_mergesuggestion_changelist")

    page = client.get(url).content.decode()
    confirmed = client.post(
        reverse("admin:contributors_mergesuggestion_confirm", args=[to_confirm.pk]), follow=True
    )
    dismissed = client.post(
        url, {"action": "dismiss_selected", "_selected_action": [to_dismiss.pk]}, follow=True
    )
    refused = client.get(reverse("admin:contributors_mergesuggestion_dismiss", args=[1]))

    assert "names: Ann Lee, Ann-Lee · emails: ann@example.org" in page
    assert f'formaction="/admin/contributors/mergesuggestion/{to_confirm.pk}/confirm/"' in page
    assert _messages(confirmed) == [f"Confirmed: {to_confirm}."]
    assert _messages(dismissed) == ["1 suggestion dismissed."]
    assert refused.status_code == 405
    reread(to_confirm, to_dismiss, credit)
    assert (to_confirm.status, to_confirm.decided_by) == ("confirmed", organizer)
    assert (to_dismiss.status, to_dismiss.decided_by) == ("dismissed", organizer)
    assert (credit.contributor, credit.link_source) == (person, "manual")


def test_it_lets_only_organizers_decide(client: Client) -> None:
    suggestion = MergeSuggestion.objects.create(
        kind="people",
        reason="same_name",
        contributor=ContributorFactory(),
        other=ContributorFactory(),
    )
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_mergesuggestion"))
    client.force_login(viewer)

    response = client.post(
        reverse("admin:contributors_mergesuggestion_confirm", args=[suggestion.pk])
    )

    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert not ContributorMerge.objects.exists()


def test_it_merges_selected_people_and_undoes_from_the_log(client: Client, organizer) -> None:
    oldest = ContributorFactory(display_name="Oldest", is_member=False)
    newer = ContributorFactory(display_name="Newer", is_member=False)
    chosen = ContributorFactory(display_name="Chosen", slug="chosen", is_member=False)
    email = IdentityFactory(contributor=newer)
    client.force_login(organizer)
    people_url = reverse("admin:contributors_contributor_changelist")

    into_oldest = client.post(
        people_url,
        {"action": "merge_selected", "_selected_action": [oldest.pk, newer.pk]},
        follow=True,
    )
    merge = ContributorMerge.objects.get()
    undone = client.post(
        reverse("admin:contributors_contributormerge_undo", args=[merge.pk]), follow=True
    )
    into_chosen = client.post(
        people_url,
        {
            "action": "merge_selected",
            "merge_into": "chosen",
            "_selected_action": [oldest.pk, newer.pk],
        },
        follow=True,
    )

    assert _messages(into_oldest) == ["1 person merged into Oldest."]
    assert _messages(undone) == [f"Undone: {merge}."]
    assert _messages(into_chosen) == ["2 people merged into Chosen."]
    reread(oldest, newer, email, merge)
    assert merge.undone_at is not None and merge.undone_by == organizer
    assert (oldest.merged_into, newer.merged_into, email.contributor) == (chosen, chosen, chosen)


def test_it_links_by_hand_when_an_identity_changes_person(client: Client, organizer) -> None:
    first, second = ContributorFactory(), ContributorFactory()
    email = IdentityFactory(contributor=first, link_source="rule")
    commits(email, 2)
    client.force_login(organizer)

    response = client.post(
        reverse("admin:projects_identity_change", args=[email.pk]),
        {"kind": email.kind, "value": email.value, "display": "shown", "contributor": second.pk},
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.contributor, email.link_source, email.display) == (second, "manual", "shown")
    assert monthly() == {second.pk: 2}


def test_it_refuses_to_link_an_identity_to_a_merged_person(client: Client, organizer) -> None:
    gone, kept = ContributorFactory(display_name="Gone"), ContributorFactory(display_name="Kept")
    merge_contributors(source=gone, target=kept)
    email = IdentityFactory(contributor=None)
    client.force_login(organizer)

    response = client.post(
        reverse("admin:projects_identity_change", args=[email.pk]),
        {"kind": email.kind, "value": email.value, "display": "", "contributor": gone.pk},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "contributor": ["Gone was merged into Kept; choose Kept."]
    }
    email.refresh_from_db()
    assert email.contributor is None


def test_it_splits_identities_from_the_admin(client: Client, organizer) -> None:
    person = ContributorFactory()
    wrong = IdentityFactory(value="wrong@example.org", contributor=person)
    right = IdentityFactory(contributor=person)
    CommitCreditFactory(identity=wrong)
    client.force_login(organizer)

    response = client.post(
        reverse("admin:projects_identity_changelist"),
        {"action": "split_into_own_person", "_selected_action": [wrong.pk]},
        follow=True,
    )

    assert _messages(response) == ["1 identity split into a person of its own."]
    reread(wrong, right)
    assert wrong.contributor.display_name == "wrong"
    assert wrong.contributor != person
    assert right.contributor == person
