"""The admin organizers work in: every model reachable, synced rows read-only, no N+1."""

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import ForeignKey, ManyToManyField, Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from camps.models import Cohort, Enrollment
from contributors.models import (
    AccountClaim,
    ApiToken,
    CheckInNote,
    Contributor,
    ContributorMerge,
    Identity,
    IdentityPair,
    Mentorship,
    MergeSuggestion,
)
from projects.models import (
    ActivityMonth,
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    ListMessage,
    MailingList,
    Project,
    ProjectCalibration,
    PullRequest,
    PullRequestComment,
    Repository,
    Review,
    ReviewComment,
    SyncState,
    Title,
)
from tests.factories import (
    AccountClaimFactory,
    ActivityMonthFactory,
    ApiTokenFactory,
    CheckInNoteFactory,
    CohortFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    ContributorMergeFactory,
    EnrollmentFactory,
    IdentityFactory,
    IdentityPairFactory,
    IssueCommentFactory,
    IssueFactory,
    ListMessageFactory,
    MailingListFactory,
    MentorshipFactory,
    MergeSuggestionFactory,
    ProjectCalibrationFactory,
    ProjectFactory,
    PullRequestCommentFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewCommentFactory,
    ReviewFactory,
    SyncStateFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Each model with the factory for one row and a search term that should find that row.
CASES: dict[type[Model], tuple[Callable[[], Model], Callable[[Model], str]]] = {
    Contributor: (ContributorFactory, lambda row: row.display_name),
    Identity: (IdentityFactory, lambda row: row.value),
    IdentityPair: (IdentityPairFactory, lambda row: row.first.value),
    MergeSuggestion: (MergeSuggestionFactory, lambda row: row.identity.value),
    AccountClaim: (AccountClaimFactory, lambda row: row.login),
    ApiToken: (ApiTokenFactory, lambda row: row.name),
    ContributorMerge: (ContributorMergeFactory, lambda row: row.source.display_name),
    Cohort: (CohortFactory, lambda row: row.name),
    Enrollment: (EnrollmentFactory, lambda row: row.contributor.display_name),
    Mentorship: (MentorshipFactory, lambda row: row.mentee.display_name),
    CheckInNote: (CheckInNoteFactory, lambda row: row.mentee.display_name),
    Project: (ProjectFactory, lambda row: row.jira_key),
    Repository: (RepositoryFactory, lambda row: row.name),
    Title: (TitleFactory, lambda row: row.contributor.display_name),
    Commit: (CommitFactory, lambda row: row.sha),
    CommitCredit: (CommitCreditFactory, lambda row: row.identity.value),
    PullRequest: (PullRequestFactory, lambda row: row.title),
    Review: (ReviewFactory, lambda row: row.pull_request.title),
    ReviewComment: (ReviewCommentFactory, lambda row: str(row.github_id)),
    PullRequestComment: (PullRequestCommentFactory, lambda row: str(row.github_id)),
    Issue: (IssueFactory, lambda row: row.key),
    IssueComment: (IssueCommentFactory, lambda row: row.issue.key),
    SyncState: (SyncStateFactory, lambda row: row.repository.name),
    MailingList: (MailingListFactory, lambda row: row.address),
    ListMessage: (ListMessageFactory, lambda row: row.subject),
    ActivityMonth: (ActivityMonthFactory, lambda row: row.contributor.display_name),
    ProjectCalibration: (ProjectCalibrationFactory, lambda row: row.project.name),
}
EDITABLE = {
    Contributor,
    Identity,
    Cohort,
    Enrollment,
    Mentorship,
    CheckInNote,
    Project,
    Repository,
    Title,
    MailingList,
}
# Made in the admin but never changed after (tests/test_api_tokens.py covers them).
CREATE_ONLY = {ApiToken}
READ_ONLY = [model for model in CASES if model not in EDITABLE | CREATE_ONLY]
editable_models = pytest.mark.parametrize(
    "model", [model for model in CASES if model in EDITABLE], ids=lambda model: model.__name__
)

every_model = pytest.mark.parametrize("model", list(CASES), ids=lambda model: model.__name__)
read_only_models = pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)


def admin_url(model: type[Model], view: str, *args: object) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def make_row(model: type[Model]) -> Model:
    factory, _ = CASES[model]
    return factory()


def test_it_registers_every_model_of_our_apps() -> None:
    ours = {
        model
        for label in ("contributors", "projects", "camps")
        for model in apps.get_app_config(label).get_models()
    }
    missing = sorted(model.__name__ for model in ours if model not in admin.site._registry)
    assert missing == []
    # A new model must also get a case here, so the page tests below cover it.
    assert sorted(model.__name__ for model in ours - set(CASES)) == []


@every_model
def test_it_lists_the_row(client: Client, organizer, model: type[Model]) -> None:
    row = make_row(model)
    client.force_login(organizer)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [row]


@every_model
def test_it_shows_the_change_page(client: Client, organizer, model: type[Model]) -> None:
    row = make_row(model)
    client.force_login(organizer)

    response = client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
    assert response.context["original"] == row


@every_model
def test_it_finds_the_row_by_search(client: Client, organizer, model: type[Model]) -> None:
    row = make_row(model)
    _, term = CASES[model]
    client.force_login(organizer)

    found = client.get(admin_url(model, "changelist"), {"q": term(row)})
    not_found = client.get(admin_url(model, "changelist"), {"q": "no-such-thing-xyz"})

    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [row]
    assert not_found.status_code == 200
    assert list(not_found.context["cl"].result_list) == []


@every_model
def test_it_sends_outsiders_to_login(client: Client, outsider, model: type[Model]) -> None:
    make_row(model)
    client.force_login(outsider)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@editable_models
def test_it_shows_the_add_page(client: Client, organizer, model: type[Model]) -> None:
    client.force_login(organizer)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == 200


@read_only_models
def test_it_refuses_to_add_synced_rows(client: Client, organizer, model: type[Model]) -> None:
    client.force_login(organizer)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == 403


@read_only_models
def test_it_shows_synced_rows_read_only(client: Client, organizer, model: type[Model]) -> None:
    row = make_row(model)
    client.force_login(organizer)

    response = client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["adminform"].form.fields == {}


def _contributor_with_everything() -> tuple[Model, list[Model]]:
    contributor = ContributorFactory()
    return contributor, [
        IdentityFactory(contributor=contributor),
        TitleFactory(contributor=contributor),
        EnrollmentFactory(contributor=contributor),
    ]


def _project_with_repository() -> tuple[Model, list[Model]]:
    repository = RepositoryFactory()
    return repository.project, [repository]


def _cohort_with_enrolment() -> tuple[Model, list[Model]]:
    enrollment = EnrollmentFactory()
    return enrollment.cohort, [enrollment]


def _pull_request_with_review() -> tuple[Model, list[Model]]:
    review = ReviewFactory()
    return review.pull_request, [review]


def _commit_with_credit() -> tuple[Model, list[Model]]:
    credit = CommitCreditFactory()
    return credit.commit, [credit]


@pytest.mark.parametrize(
    "make",
    [
        _contributor_with_everything,
        _project_with_repository,
        _cohort_with_enrolment,
        _pull_request_with_review,
        _commit_with_credit,
    ],
    ids=lambda make: make.__name__.strip("_"),
)
def test_it_shows_related_rows_inline(
    client: Client, organizer, make: Callable[[], tuple[Model, list[Model]]]
) -> None:
    parent, children = make()
    client.force_login(organizer)

    response = client.get(admin_url(type(parent), "change", parent.pk))

    inline_rows = [
        form.original for formset in response.context["inline_admin_formsets"] for form in formset
    ]
    assert response.status_code == 200
    assert [row for row in inline_rows if row is not None] == children


def _forms() -> list[BaseModelAdmin]:
    forms: list[BaseModelAdmin] = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in ("contributors", "projects"):
            forms.append(model_admin)
            forms.extend(inline(model, admin.site) for inline in model_admin.inlines)
    return forms


def test_it_never_renders_a_select_of_a_large_table() -> None:
    large = {Contributor, Identity, Commit, PullRequest, Issue, get_user_model()}
    unguarded = []
    for form in _forms():
        for field in form.model._meta.get_fields():
            if not isinstance(field, ForeignKey | ManyToManyField):
                continue
            if field.related_model not in large:
                continue
            if form.fields is not None and field.name not in form.fields:
                continue
            is_inline_parent = isinstance(form, InlineModelAdmin) and (
                field.name == form.fk_name
                or (form.fk_name is None and field.related_model is form.parent_model)
            )
            if is_inline_parent or field.name in [*form.autocomplete_fields, *form.raw_id_fields]:
                continue
            unguarded.append(f"{type(form).__name__}.{field.name}")
    assert unguarded == []


def test_it_autocompletes_people_in_enrolments(client: Client, organizer) -> None:
    wanted = ContributorFactory(display_name="Lin Yu-Ting", chinese_name="林語婷")
    ContributorFactory(display_name="Someone Else")
    client.force_login(organizer)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "camps",
            "model_name": "enrollment",
            "field_name": "contributor",
            "term": "林語婷",
        },
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_it_links_synced_rows_to_github(client: Client, organizer) -> None:
    commit = CommitFactory(repository__owner="apache", repository__name="kafka")
    pull_request = PullRequestFactory(repository=commit.repository, number=12345)
    client.force_login(organizer)

    commit_page = client.get(admin_url(Commit, "change", commit.pk))
    pull_request_page = client.get(admin_url(PullRequest, "change", pull_request.pk))

    assert f"https://github.com/apache/kafka/commit/{commit.sha}" in commit_page.content.decode()
    assert "https://github.com/apache/kafka/pull/12345" in pull_request_page.content.decode()
    comment = PullRequestCommentFactory(pull_request=pull_request, github_id=2400000001)
    comment_page = client.get(admin_url(PullRequestComment, "change", comment.pk))
    assert (
        "https://github.com/apache/kafka/pull/12345#issuecomment-2400000001"
        in comment_page.content.decode()
    )


def test_it_refuses_to_edit_a_commit(client: Client, organizer) -> None:
    commit = CommitFactory(subject="KAFKA-1: the original subject")
    client.force_login(organizer)

    response = client.post(admin_url(Commit, "change", commit.pk), {"subject": "rewritten"})

    assert response.status_code == 403
    commit.refresh_from_db()
    assert commit.subject == "KAFKA-1: the original subject"


def test_it_lets_only_superusers_delete_synced_rows(client: Client, organizer) -> None:
    commit = CommitFactory()
    staff = UserFactory(username="staff", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_commit", "delete_commit"])
    )

    client.force_login(staff)
    as_staff = client.get(admin_url(Commit, "delete", commit.pk))
    client.force_login(organizer)
    as_superuser = client.get(admin_url(Commit, "delete", commit.pk))

    assert as_staff.status_code == 403
    assert as_superuser.status_code == 200
    assert Commit.objects.filter(pk=commit.pk).exists()


def test_it_marks_and_unmarks_members(client: Client, organizer) -> None:
    newcomers = ContributorFactory.create_batch(2, is_member=False)
    already = ContributorFactory(is_member=True)
    bystander = ContributorFactory(is_member=False)
    client.force_login(organizer)
    url = admin_url(Contributor, "changelist")

    marked = client.post(
        url,
        {"action": "mark_as_member", "_selected_action": [c.pk for c in [*newcomers, already]]},
        follow=True,
    )

    assert [str(m) for m in get_messages(marked.wsgi_request)] == [
        "2 contributors marked as community members."
    ]
    assert set(Contributor.objects.filter(is_member=True)) == {*newcomers, already}

    unmarked = client.post(
        url, {"action": "unmark_as_member", "_selected_action": [already.pk]}, follow=True
    )

    assert [str(m) for m in get_messages(unmarked.wsgi_request)] == [
        "1 contributor is no longer a community member."
    ]
    assert set(Contributor.objects.filter(is_member=True)) == set(newcomers)
    bystander.refresh_from_db()
    assert bystander.is_member is False


def test_it_counts_identities_even_when_searching_them(client: Client, organizer) -> None:
    person = ContributorFactory(display_name="Chen Wei", chinese_name="陳威")
    IdentityFactory.create_batch(3, contributor=person)
    loner = ContributorFactory(display_name="No Identity")
    client.force_login(organizer)
    url = admin_url(Contributor, "changelist")

    listed = client.get(url)
    # The search joins identities again; the column must still count each one once.
    searched = client.get(url, {"q": "example.org"})
    by_chinese_name = client.get(url, {"q": "陳威"})

    counts = {c: c.identity_count for c in listed.context["cl"].result_list}
    assert counts == {person: 3, loner: 0}
    assert [(c, c.identity_count) for c in searched.context["cl"].result_list] == [(person, 3)]
    assert list(by_chinese_name.context["cl"].result_list) == [person]


def test_it_shows_sync_errors_short_and_the_rate_limit_wait(client: Client, organizer) -> None:
    SyncStateFactory(
        status=SyncState.Status.WAITING,
        last_error="GitHub said no. " + "x" * 500,
        rate_limit_until=datetime(2025, 3, 14, 7, 30, tzinfo=UTC),
        pages_done=12,
        items_done=1200,
    )
    SyncStateFactory(status=SyncState.Status.SUCCEEDED)
    client.force_login(organizer)

    response = client.get(admin_url(SyncState, "changelist"))

    content = response.content.decode()
    cells = re.findall(r'<td class="field-(\w+)[^"]*">(.*?)</td>', content)
    waiting = [value for column, value in cells if column == "waiting_until"]
    errors = [value for column, value in cells if column == "short_error"]
    # 15:30 in Taipei, the project's time zone, said so; the finished sync has no wait.
    assert sorted(waiting) == ["-", "March 14, 2025, 3:30 p.m. +08:00"]
    updated = [value for column, value in cells if column == "updated"]
    assert len(updated) == 2 and all(value.endswith(" +08:00") for value in updated)
    assert sorted(errors) == ["-", "GitHub said no. " + "x" * 43 + "…"]
    assert ("items_done", "1200") in cells


# Query budgets: a list costs the same with one row as with thirty; relations are joined
# into the rows query, nothing runs per row.
def _contributor() -> Model:
    contributor = ContributorFactory(user=UserFactory())
    IdentityFactory(contributor=contributor)
    return contributor


BUDGETED = {
    # session, user, count of the page, count of the table ("x of y"), rows with their
    # account and identity count
    Contributor: (_contributor, 5),
    # session, user, projects and repositories for the filters, count of the page, rows with
    # repository and author's person, first and last date, dates to drill down to
    Commit: (CommitFactory, 8),
    # the same as for commits
    PullRequest: (PullRequestFactory, 8),
}


@pytest.mark.parametrize("model", list(BUDGETED), ids=lambda model: model.__name__)
def test_it_lists_without_a_query_per_row(
    client: Client, organizer, django_assert_max_num_queries, model: type[Model]
) -> None:
    factory, budget = BUDGETED[model]
    factory()
    client.force_login(organizer)
    url = admin_url(model, "changelist")

    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    for _ in range(29):
        factory()
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)

    assert len(one_row) <= budget
    assert response.context["cl"].result_count == 30


@every_model
def test_it_lists_every_model_without_a_query_per_row(
    client: Client, organizer, django_assert_max_num_queries, model: type[Model]
) -> None:
    factory, _ = CASES[model]
    factory()
    client.force_login(organizer)
    url = admin_url(model, "changelist")

    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    for _ in range(9):
        factory()
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)

    assert response.context["cl"].result_count == 10


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/contributors/identity/", "/admin/projects/identity/"),
        ("/admin/contributors/identity/12/change/?_changelist_filters=q%3Dana",
         "/admin/projects/identity/12/change/?_changelist_filters=q%3Dana"),
        ("/admin/contributors/identitypair/", "/admin/projects/identitypair/"),
        ("/admin/contributors/cohort/3/change/?_popup=1", "/admin/camps/cohort/3/change/?_popup=1"),
        ("/admin/contributors/enrollment/", "/admin/camps/enrollment/"),
    ],
)  # fmt: skip
def test_admin_pages_of_moved_models_redirect_to_their_new_app(client: Client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new
