"""What a project's credit trailers mean: counted by its convention, changed in the admin
without a fetch, and proposed from the project's own history."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from contributors.models import Contributor
from projects.commits import leaderboard, quarter
from projects.models import ActivityMonth, Project, Repository, Title
from projects.sync import git_client
from projects.sync.git import sync_repository
from tests.factories import ProjectFactory
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.django_db

YUNIKORN_MEANINGS = {
    "reviewed": ["reviewer", "signed_off"],
    "co_authored": ["co_author"],
    "merged_by": ["signed_off"],
}
CRAIG = ("Craig Condit", "ccondit@apache.org")
PETER = ("Peter Bacsko", "bacskop@gmail.com")


@pytest.fixture(autouse=True)
def mirrors(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"


def synced(tmp_path, slug: str, commits: list[tuple[str, tuple[str, str]]]) -> Project:
    upstream = GitRepo(tmp_path / slug)
    for number, (message, author) in enumerate(commits, start=1):
        upstream.commit(message, author=author, date=f"2024-08-{number:02d}T10:00:00+08:00")
    project = ProjectFactory(name=slug.title(), slug=slug)
    repository = Repository.objects.create(
        project=project, owner="apache", name=slug, clone_url=upstream.url
    )
    sync_repository(repository=repository, with_stats=False)
    return project


@pytest.fixture
def yunikorn(tmp_path):
    # apache/yunikorn-core fe067b77, 9c601bd6, 46ce58d6: committers sign off what they
    # reviewed and merged, and their own changes too.
    return synced(
        tmp_path,
        "yunikorn",
        [
            (
                "[YUNIKORN-2887] Optimize sortApplications function code (#974)\n\n"
                "Closes: #974\n\nSigned-off-by: Craig Condit <ccondit@apache.org>",
                ("wzh", "wzhmsgs@gmail.com"),
            ),
            (
                "[YUNIKORN-2777] Improve TrackedResource type (#928)\n\n"
                "Closes: #928\n\nSigned-off-by: Peter Bacsko <bacskop@gmail.com>",
                PETER,
            ),
            (
                "[YUNIKORN-2450] Rename updateLowestId to updateLowestID, TestLoggerIds to "
                "TestLoggerIDs (#973)\n\nCloses: #973\n\n"
                "Signed-off-by: Peter Bacsko <bacskop@gmail.com>",
                ("YUN SUN", "yun.sun7119@gmail.com"),
            ),
        ],
    )


def ranked(project: Project, kind: str) -> list[tuple[str, int]]:
    return [(row.name, row.count) for row in leaderboard(project=project, kind=kind)]


def months(name: str, kind: str) -> int:
    person = Contributor.objects.get(display_name=name)
    return sum(
        ActivityMonth.objects.filter(contributor=person, kind=kind).values_list("count", flat=True)
    )


def test_kafkas_defaults_leave_sign_offs_uncounted(yunikorn):
    assert ranked(yunikorn, "review") == []
    assert ranked(yunikorn, "merge") == []
    assert months(CRAIG[0], ActivityMonth.Kind.COMMIT_REVIEW) == 0


def test_a_convention_counts_sign_offs_by_others_as_reviews_and_merges(yunikorn):
    Project.objects.filter(pk=yunikorn.pk).update(credit_meanings=YUNIKORN_MEANINGS)
    yunikorn.refresh_from_db()

    # Peter's sign-off of his own change is no review of it.
    assert ranked(yunikorn, "review") == [("Craig Condit", 1), ("Peter Bacsko", 1)]
    assert ranked(yunikorn, "merge") == [("Craig Condit", 1), ("Peter Bacsko", 1)]
    assert leaderboard(project=yunikorn, kind="review", within=quarter("2024Q2")) == []


def test_changing_the_convention_in_the_admin_recounts_without_a_fetch(
    yunikorn, admin_client, monkeypatch
):
    def no_fetch(*args, **kwargs):
        raise AssertionError("the convention must not fetch git again")

    monkeypatch.setattr(git_client, "read_log", no_fetch)
    monkeypatch.setattr(git_client, "update_mirror", no_fetch)
    repository = yunikorn.repositories.get()
    data = {
        "name": yunikorn.name,
        "slug": yunikorn.slug,
        "foundation": yunikorn.foundation,
        "issue_tracker": yunikorn.issue_tracker,
        "jira_key": yunikorn.jira_key,
        "progress_targets": "{}",
        "progress_weights": "{}",
        "reviewed_by": ["reviewer", "signed_off"],
        "co_authored_by": ["co_author", "author_line"],
        "merged_by": ["signed_off"],
        "repositories-TOTAL_FORMS": "1",
        "repositories-INITIAL_FORMS": "1",
        "repositories-MIN_NUM_FORMS": "0",
        "repositories-MAX_NUM_FORMS": "1000",
        "repositories-0-id": str(repository.pk),
        "repositories-0-project": str(yunikorn.pk),
        "repositories-0-owner": repository.owner,
        "repositories-0-name": repository.name,
        "repositories-0-clone_url": repository.clone_url,
        "repositories-0-default_branch": repository.default_branch,
        # The project page's second inline, its mailing lists: none.
        "mailing_lists-TOTAL_FORMS": "0",
        "mailing_lists-INITIAL_FORMS": "0",
        "mailing_lists-MIN_NUM_FORMS": "0",
        "mailing_lists-MAX_NUM_FORMS": "1000",
    }
    url = reverse("admin:projects_project_change", args=[yunikorn.pk])

    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form["reviewed_by"].value() == ["reviewer"]
    assert form["co_authored_by"].value() == ["co_author", "author_line"]

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200, response.context["adminform"].errors
    yunikorn.refresh_from_db()
    assert yunikorn.credit_kinds("reviewed") == ("reviewer", "signed_off")
    assert yunikorn.credit_kinds("merged_by") == ("signed_off",)
    assert months(CRAIG[0], ActivityMonth.Kind.COMMIT_REVIEW) == 1
    assert months(PETER[0], ActivityMonth.Kind.COMMIT_REVIEW) == 1
    assert "counted again" in response.text


def test_the_admin_refuses_an_unknown_kind(yunikorn, admin_client):
    url = reverse("admin:projects_project_change", args=[yunikorn.pk])
    response = admin_client.post(url, {"name": "x", "reviewed_by": ["approved"]})
    assert response.status_code == 200
    assert "approved is not one of the available choices" in response.text
    yunikorn.refresh_from_db()
    assert yunikorn.credit_meanings == {}


def test_author_lines_are_co_authors_except_the_git_authors_own(tmp_path):
    # apache/kafka 270881cd65: the merge script lists every author, the git author first.
    kafka = synced(
        tmp_path,
        "kafka",
        [
            (
                "KAFKA-9313: Set default for client.dns.lookup (#7954)\n\n"
                "Author: Mickael Maison <mickael.maison@gmail.com>, "
                "Edoardo Comar <ecomar@uk.ibm.com>\n\n"
                "Reviewers: Rajini Sivaram <rajinisivaram@googlemail.com>",
                ("Mickael Maison", "mimaison@users.noreply.github.com"),
            ),
        ],
    )

    assert ranked(kafka, "commit") == [("Mickael Maison", 1)]
    assert ranked(kafka, "coauthor") == [("Edoardo Comar", 1)]
    assert ranked(kafka, "review") == [("Rajini Sivaram", 1)]
    assert months("Mickael Maison", ActivityMonth.Kind.COMMIT_COAUTHOR) == 0
    assert months("Edoardo Comar", ActivityMonth.Kind.COMMIT_COAUTHOR) == 1


def test_detect_conventions_proposes_sign_offs_by_committers(yunikorn):
    Title.objects.create(
        contributor=Contributor.objects.get(display_name=CRAIG[0]),
        project=yunikorn,
        role=Title.Role.COMMITTER,
    )
    out = StringIO()

    call_command("detect_conventions", "yunikorn", "--apply", stdout=out)

    text = out.getvalue()
    assert "yunikorn: 3 commits; committers known: yes" in text
    assert (
        "signed_off: 3 credits on 3 commits; 2 name someone other than the author, 2 people, "
        "1 of those credits committers, 2 the ten named most"
    ) in text
    assert "proposed reviewed: signed_off" in text
    assert "proposed merged_by: signed_off" in text
    yunikorn.refresh_from_db()
    assert yunikorn.credit_kinds("reviewed") == ("signed_off",)
    assert months(CRAIG[0], ActivityMonth.Kind.COMMIT_REVIEW) == 1


def test_detect_conventions_leaves_authors_own_sign_offs_alone(tmp_path):
    # flyteorg/flyte 6fadb90d65, d856cc0858, ba21c83834: Developer Certificate of Origin
    # sign-offs, each by the change's own author.
    project = synced(
        tmp_path,
        "flyte",
        [
            (
                "Remove 'Try in Browser' badge from README (#7898)\n\n"
                "Signed-off-by: Niels Bantilan <niels.bantilan@gmail.com>\n"
                "Reviewers: Bob <bob@example.org>",
                ("Niels Bantilan", "niels.bantilan@gmail.com"),
            ),
            (
                "fix: honor in-band rejection status from UpdateActionStatus (#7896)\n\n"
                "Signed-off-by: Fayupable <90789180+Fayupable@users.noreply.github.com>",
                ("Fayupable", "90789180+Fayupable@users.noreply.github.com"),
            ),
            (
                "fix(plugins/ray): retry KubeRay status-loss failures (#7893)\n\n"
                "Signed-off-by: 1fanwang <1fannnw@gmail.com>",
                ("Stefan Wang", "1fannnw@gmail.com"),
            ),
        ],
    )
    out = StringIO()

    call_command("detect_conventions", "flyte", stdout=out)

    assert "signed_off: 3 credits on 3 commits; 0 name someone other than the author" in (
        out.getvalue()
    )
    assert "proposed reviewed: reviewer\n" in out.getvalue()
    assert "proposed merged_by: -\n" in out.getvalue()
    project.refresh_from_db()
    assert project.credit_meanings == {}


def test_progress_counts_reviews_by_the_projects_convention(yunikorn):
    from contributors.progress import progress_for
    from projects.models import Signal

    def reviews(name: str) -> int:
        person = Contributor.objects.get(display_name=name)
        progress = progress_for(contributor=person, project=yunikorn, today=date(2024, 9, 30))
        return next(s.value for s in progress.signals if s.signal == Signal.REVIEWS)

    assert (reviews(CRAIG[0]), reviews(PETER[0])) == (0, 0)  # Kafka's defaults
    Project.objects.filter(pk=yunikorn.pk).update(credit_meanings=YUNIKORN_MEANINGS)
    # Craig signed off wzh's change; Peter YUN SUN's, and his own, which is no review.
    assert (reviews(CRAIG[0]), reviews(PETER[0])) == (1, 1)


def test_the_community_counts_review_months_by_the_projects_convention(yunikorn):
    from community.snapshot import refresh_review_months

    before = refresh_review_months(project=yunikorn)
    Project.objects.filter(pk=yunikorn.pk).update(credit_meanings=YUNIKORN_MEANINGS)
    yunikorn.refresh_from_db()
    assert refresh_review_months(project=yunikorn) == before + 2
