"""Bots by their addresses, not first names; AI assistants a kind of their own, shown on a
commit and never ranked or counted as people (issue 14, item 6). Real trailers from Apache
Ozone, Flyte and Kafka."""

import pytest

from contributors.models import Identity
from contributors.overview import community_overview
from contributors.resolution import looks_like_assistant, looks_like_bot
from projects.commits import LeaderboardKind, leaderboard
from projects.models import Commit, CommitCredit, Repository
from projects.sync.git import sync_repository
from tests.factories import followed_repository
from tests.gitrepo import GitRepo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mirrors(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"


@pytest.fixture
def followed(tmp_path) -> tuple[GitRepo, Repository]:
    return followed_repository(tmp_path / "flyte", "flyte")


@pytest.mark.parametrize(
    "value",
    [
        "goreleaser@carlosbecker.com",
        "goreleaserbot",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "github+bot@snyk.io",
        "flyte-bot",
        "builds@travis-ci.org",
        "travis-ci",
    ],
)
def test_it_knows_a_bot_by_its_address_or_login(value):
    assert looks_like_bot(value)


@pytest.mark.parametrize("value", ["Travis Wellman", "tw@traviswellman.com", "Hudson Taylor"])
def test_it_never_takes_a_person_for_a_bot_by_a_first_name(value):
    assert not looks_like_bot(value)


@pytest.mark.parametrize(
    "value",
    [
        "noreply@anthropic.com",
        "Claude Opus 4.8 (1M context)",
        "Claude - Opus 4.6",
        "175728472+Copilot@users.noreply.github.com",
        "Copilot Autofix powered by AI",
        "cursoragent@cursor.com",
        "Codex (GPT-5.6 Sol)",
        "Google Gemini Cli, Gemini 2.5 Flash",
    ],
)
def test_it_knows_an_ai_assistant(value):
    assert looks_like_assistant(value)
    assert not looks_like_assistant("Claude Monet")


def test_it_ranks_neither_bots_nor_assistants_yet_shows_assistants_on_the_commit(followed):
    upstream, repository = followed
    for _ in range(3):
        upstream.commit(
            "Bump flytectl to v0.9.4", author=("goreleaserbot", "goreleaser@carlosbecker.com")
        )
    upstream.commit(
        "Add array node subnode idempotency\n\n"
        "Co-authored-by: Claude Opus 4.8 (1M context) <noreply@anthropic.com>\n"
        "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n"
        "Co-authored-by: Cursor <cursoragent@cursor.com>",
        author=("Katrina Rogan", "katroganGH@gmail.com"),
    )
    upstream.commit(
        "KAFKA-3489: Update request timeout", author=("Travis Wellman", "tw@traviswellman.com")
    )

    sync_repository(repository=repository)

    commits = leaderboard(project=repository.project, kind=LeaderboardKind.COMMIT)
    assert {row.name for row in commits} == {"Katrina Rogan", "Travis Wellman"}
    assert leaderboard(project=repository.project, kind=LeaderboardKind.COAUTHOR) == []
    claude = Identity.objects.get(kind=Identity.Kind.GIT_EMAIL, value="noreply@anthropic.com")
    assert claude.contributor is not None and claude.contributor.is_assistant
    assert not claude.contributor.is_bot
    shown = CommitCredit.objects.filter(
        commit=Commit.objects.get(subject__startswith="Add array node"),
        kind=CommitCredit.Kind.CO_AUTHOR,
    )
    assert shown.count() == 3  # still on the commit
    overview = community_overview()
    # Katrina Rogan and Travis Wellman; not goreleaserbot, Claude, Copilot or Cursor.
    assert overview.contributors == 2
