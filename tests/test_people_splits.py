"""People split in two and two people in one (issue 14, items 4 and 5), on real message text
from Apache Kafka and Apache YuniKorn, synced from small git repositories."""

import pytest

from contributors.models import Contributor, Identity, MergeSuggestion
from contributors.resolution.similar import edit_distance
from projects.commits import LeaderboardKind, leaderboard
from projects.models import Repository
from projects.sync.git import sync_repository
from tests.factories import followed_repository
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.django_db

ISMAEL = ("Ismael Juma", "ismael@juma.me.uk")
GUOZHANG = ("Guozhang Wang", "wangguoz@gmail.com")
MATTHIAS = ("Matthias J. Sax", "matthias@confluent.io")
DONG_LIN = ("Dong Lin", "lindong28@gmail.com")


@pytest.fixture(autouse=True)
def mirrors(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"


def repository(tmp_path, slug: str) -> tuple[GitRepo, Repository]:
    return followed_repository(tmp_path / slug, slug)


def person(value: str, kind: str = Identity.Kind.GIT_NAME) -> Contributor | None:
    identity = Identity.objects.get(kind=kind, value=Identity.normalize(kind, value))
    if identity.contributor is None:
        return None
    return identity.contributor.merged_into or identity.contributor


def questions() -> dict[frozenset[str], MergeSuggestion]:
    return {
        frozenset((s.contributor.display_name, s.other.display_name)): s
        for s in MergeSuggestion.objects.filter(kind=MergeSuggestion.Kind.PEOPLE).select_related(
            "contributor", "other"
        )
    }


def test_it_counts_a_swap_of_two_letters_as_one_edit():
    assert edit_distance("isamel", "ismael", 1) == 1
    assert edit_distance("guohang", "guozhang", 1) == 1
    assert edit_distance("narendra", "satendra", 2) == 2
    assert edit_distance("ismael", "jason", 1) == 2  # past the limit: limit + 1


def test_it_asks_about_typos_first_names_and_reversed_names_with_their_evidence(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    for author in (ISMAEL, GUOZHANG, MATTHIAS, DONG_LIN) * 3:
        upstream.commit(f"KAFKA-1: a change by {author[0]}", author=author)
    upstream.commit(
        "KAFKA-4090: Validate the first frame\n\nReviewers: Isamel Juma, Guohang Wang",
        author=("Jaikiran Pai", "jaikiran.pai@gmail.com"),
    )
    upstream.commit(
        "MINOR: Fix typo\n\nReviewers: Matthas J. Sax, Lin Dong", author=("A", "a@example.org")
    )
    upstream.commit("MINOR: Docs\n\nReviewers: Ismael, Guozhang", author=("B", "b@example.org"))

    sync_repository(repository=repo)

    asked = questions()
    typo = asked[frozenset(("Ismael Juma", "Isamel Juma"))]
    assert typo.reason == MergeSuggestion.Reason.SIMILAR_NAME
    assert typo.evidence["edit_distance"] == 1
    assert "Isamel Juma" in typo.evidence["names"]
    assert asked[frozenset(("Guozhang Wang", "Guohang Wang"))].reason == "similar_name"
    assert asked[frozenset(("Matthias J. Sax", "Matthas J. Sax"))].reason == "similar_name"
    # A name alone in another word order is the one person known by those words (issue 14:
    # name order never makes two people); it is not asked about.
    assert person("Lin Dong") == person("Dong Lin")
    assert frozenset(("Dong Lin", "Lin Dong")) not in asked
    assert asked[frozenset(("Ismael Juma", "Ismael"))].reason == MergeSuggestion.Reason.FIRST_NAME
    first_name = asked[frozenset(("Guozhang Wang", "Guozhang"))]
    assert first_name.reason == MergeSuggestion.Reason.FIRST_NAME
    assert first_name.evidence["first_name"] == "guozhang"
    assert first_name.evidence["project"] == repo.project_id
    # Nobody is merged on a guess.
    assert person("Isamel Juma") != person("Ismael Juma")


def test_it_ranks_the_queue_by_the_credits_confirming_would_move(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    for _ in range(3):
        upstream.commit("MINOR: one", author=ISMAEL)
        upstream.commit("MINOR: two", author=MATTHIAS)
    upstream.commit("MINOR: a\n\nReviewers: Isamel Juma", author=("A", "a@example.org"))
    upstream.commit("MINOR: b\n\nReviewers: Isamel Juma", author=("B", "b@example.org"))
    upstream.commit("MINOR: c\n\nReviewers: Matthas J. Sax", author=("C", "c@example.org"))

    sync_repository(repository=repo)

    ranked = list(MergeSuggestion.objects.order_by("-credits", "pk"))
    assert [s.credits for s in ranked][:2] == [2, 1]
    assert str(ranked[0]) == "Ismael Juma ↔ Isamel Juma"
    assert ranked[0].evidence["credits"] == 2


def test_it_asks_about_a_login_used_as_a_git_name_beside_a_full_name(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    upstream.commit(
        "KAFKA-17140: Remove SinkConnector", author=("Chun-Hao Tang", "tang7526@gmail.com")
    )
    upstream.commit(
        "KAFKA-17285: Consider using Utils.closeQuietly",
        author=("tang7526", "tang7526@users.noreply.github.com"),
    )

    sync_repository(repository=repo)

    asked = questions()[frozenset(("Chun-Hao Tang", "tang7526"))]
    assert asked.reason == MergeSuggestion.Reason.SAME_LOGIN
    assert asked.evidence["login"] == "tang7526"


def test_it_keeps_two_people_one_commit_signed_with_the_others_email_joined(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    for _ in range(8):
        upstream.commit("KAFKA-1: sriram", author=("Sriram Subramanian", "sriram@gmail.com"))
    for _ in range(30):
        upstream.commit("KAFKA-2: swapnil", author=("Swapnil Ghike", "sghike@linkedin.com"))
    upstream.commit(
        "KAFKA-1066 Reduce logging on producer", author=("Swapnil Ghike", "sriram@gmail.com")
    )

    sync_repository(repository=repo)

    sriram, swapnil = person("Sriram Subramanian"), person("Swapnil Ghike")
    assert sriram is not None and swapnil is not None and sriram != swapnil
    assert person("sriram@gmail.com", Identity.Kind.GIT_EMAIL) == sriram
    board = leaderboard(project=repo.project, kind=LeaderboardKind.COMMIT)
    assert [(row.name, row.count) for row in board] == [
        ("Swapnil Ghike", 30),
        ("Sriram Subramanian", 9),  # the slip's commit goes with its email
    ]


def test_it_joins_nobody_through_a_placeholder_name(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    upstream.commit(
        "KAFKA-3: a fix\n\nAuthor: John Doe <daedalus2718@gmail.com>",
        author=("Daedalus", "daedalus2718@gmail.com"),
    )
    upstream.commit(
        "KAFKA-4: another fix\n\nCo-authored-by: John Doe <zh2725284321@gmail.com>",
        author=("Someone Else", "someone@example.org"),
    )

    sync_repository(repository=repo)

    first = person("daedalus2718@gmail.com", Identity.Kind.GIT_EMAIL)
    second = person("zh2725284321@gmail.com", Identity.Kind.GIT_EMAIL)
    assert first is not None and second is not None and first != second
    assert person("John Doe") is None


def _sync_both(tmp_path, order: list[str]) -> set[frozenset[str]]:
    """Kafka and YuniKorn as PoAn Yang signs in each, synced in ``order``; the people as the
    sets of emails they hold."""
    repos = {}
    # As in the real histories: in Kafka PoAn Yang signs mostly with payang@apache.org and
    # twice with yangpoan@gmail.com, the email that YuniKorn shows with "Frank Yang" only.
    # Rare against both, the pair still holds: the email spells the name.
    kafka, repos["kafka"] = repository(tmp_path / "k", "kafka")
    for _ in range(2):
        kafka.commit("KAFKA-17747: Trigger rebalance", author=("PoAn Yang", "yangpoan@gmail.com"))
    for _ in range(12):
        kafka.commit("KAFKA-18035: Fix timeout", author=("PoAn Yang", "payang@apache.org"))
    yunikorn, repos["yunikorn"] = repository(tmp_path / "y", "yunikorn")
    for _ in range(10):
        yunikorn.commit("[YUNIKORN-2689] Fix tests", author=("Frank Yang", "yangpoan@gmail.com"))
    yunikorn.commit("[YUNIKORN-2900] Update docs", author=("PoAn Yang", "payang@apache.org"))
    for slug in order:
        sync_repository(repository=repos[slug])
    people = {}
    for identity in Identity.objects.filter(kind=Identity.Kind.GIT_EMAIL).select_related(
        "contributor"
    ):
        owner = identity.contributor.merged_into_id or identity.contributor_id
        people.setdefault(owner, set()).add(identity.value)
    return {frozenset(emails) for emails in people.values()}


@pytest.mark.parametrize("order", [["kafka", "yunikorn"], ["yunikorn", "kafka"]])
def test_it_finds_the_same_people_whichever_project_syncs_first(tmp_path, order):
    assert _sync_both(tmp_path, order) == {frozenset({"yangpoan@gmail.com", "payang@apache.org"})}
    assert Contributor.objects.filter(merged_into__isnull=True).count() == 1


def test_the_admin_queue_puts_the_question_moving_most_credits_first_with_its_evidence(
    client, organizer
):
    from django.urls import reverse

    from tests.factories import ContributorFactory

    def ask(credits: int, name: str) -> MergeSuggestion:
        a, b = sorted(
            [ContributorFactory(), ContributorFactory(display_name=name)], key=lambda p: p.pk
        )
        return MergeSuggestion.objects.create(
            kind=MergeSuggestion.Kind.PEOPLE,
            reason=MergeSuggestion.Reason.SIMILAR_NAME,
            contributor=a,
            other=b,
            credits=credits,
            evidence={"names": [name], "edit_distance": 1, "credits": credits},
        )

    ask(1, "Matthas J. Sax")
    ask(185, "Isamel Juma")
    client.force_login(organizer)

    page = client.get(reverse("admin:contributors_mergesuggestion_changelist")).content.decode()

    assert page.index("Isamel Juma") < page.index("Matthas J. Sax")
    assert "edit distance: 1" in page


def test_it_asks_about_an_initial_and_a_name_written_together(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    upstream.commit("KAFKA-5: a", author=("Nikolay Izhikov", "nizhikov@apache.org"))
    upstream.commit("KAFKA-6: b", author=("n.izhikov", "n.izhikov@yandex.ru"))
    upstream.commit("KAFKA-7: c", author=("Phuc-Hong-Tran", "phuchong.tran@gmail.com"))
    upstream.commit("KAFKA-8: d", author=("phuchong.tran", "phuchong.tran@icloud.com"))

    sync_repository(repository=repo)

    asked = questions()
    assert asked[frozenset(("Nikolay Izhikov", "n.izhikov"))].evidence["initial"] == "n"
    written = asked[frozenset(("Phuc-Hong-Tran", "phuchong.tran"))]
    assert written.evidence["joined"] == "phuchongtran"


def test_name_order_never_makes_two_people_of_names_seen_alone(tmp_path):
    # apache/ozone writes the Hungarian order too: "Elek Márton" beside "Márton Elek".
    upstream, repo = repository(tmp_path, "ozone")
    upstream.commit("HDDS-1: a\n\nReviewed-by: Elek Márton", author=("A", "a@example.org"))
    upstream.commit("HDDS-2: b\n\nReviewed-by: Márton Elek", author=("B", "b@example.org"))

    sync_repository(repository=repo)

    assert person("Elek Márton") is not None
    assert person("Elek Márton") == person("Márton Elek")


def test_two_people_whose_names_differ_only_in_order_are_asked_about(tmp_path):
    upstream, repo = repository(tmp_path, "kafka")
    for _ in range(3):
        upstream.commit("MINOR: one", author=("Dong Lin", "lindong28@gmail.com"))
        upstream.commit("MINOR: two", author=("Lin Dong", "lin.dong@example.net"))

    sync_repository(repository=repo)

    assert person("Dong Lin") != person("Lin Dong")  # each has mail of their own: asked
    assert questions()[frozenset(("Dong Lin", "Lin Dong"))].reason == "name_order"
