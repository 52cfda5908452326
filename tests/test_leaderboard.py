"""Leaderboards and per-person commit queries, over a history synced from a real git repo."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contributors.models import Contributor
from projects.commits import Period, leaderboard, period, quarter
from projects.models import Repository
from projects.sync.git import sync_repository
from tests.factories import ProjectFactory
from tests.gitrepo import GitRepo
from tests.reference import commits_by, first_contribution, reviews_credited

pytestmark = pytest.mark.django_db

CHIA = "Chia-Ping Tsai <chia7712@gmail.com>"


@pytest.fixture
def kafka(settings, tmp_path):
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"
    upstream = GitRepo(tmp_path / "kafka")
    commits = [
        ("2024-06-30T23:59:00+08:00", f"Reviewers: {CHIA}"),  # Q2, by a minute
        ("2024-07-01T00:00:00+08:00", f"Reviewers: {CHIA}, Bob <bob@apache.org>"),
        ("2024-09-30T23:59:59+08:00",
         "Reviewers: Chia-Ping Tsai <chia7712@apache.org>, Luke Chen <showuon@gmail.com>"),
        ("2024-10-01T00:00:00+08:00", "Reviewers: Bob <bob@apache.org>"),  # Q4
        ("2024-08-01T00:00:00+08:00",
         "Reviewers: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"),
        ("2024-08-02T00:00:00+08:00", "Co-authored-by: Ann Lee <ann@example.org>"),
    ]  # fmt: skip
    for number, (date, trailer) in enumerate(commits, start=1):
        upstream.commit(f"KAFKA-{number}: change (#{number})\n\n{trailer}\n", date=date)
    project = ProjectFactory(name="Apache Kafka", slug="kafka")
    repository = Repository.objects.create(
        project=project, owner="apache", name="kafka", clone_url=upstream.url
    )
    sync_repository(repository=repository, with_stats=False)
    return project


def chia() -> Contributor:
    return Contributor.objects.get(identities__value="chia7712@gmail.com")


def ranked(rows) -> list[tuple[int, str, int]]:
    return [(row.rank, row.name, row.count) for row in rows]


def test_it_ranks_reviewers_in_a_quarter_with_shared_ranks(kafka):
    rows = leaderboard(project=kafka, kind="review", within=quarter("2024Q3"))
    # Both of Chia-Ping's emails are one person; the bot is left out.
    assert ranked(rows) == [(1, "Chia-Ping Tsai", 2), (2, "Bob", 1), (2, "Luke Chen", 1)]


def test_it_ranks_authors_and_co_authors(kafka):
    assert ranked(leaderboard(project=kafka, kind="commit", within=quarter("2024Q3"))) == [
        (1, "Jane Doe", 4)
    ]
    assert ranked(leaderboard(project=kafka, kind="coauthor")) == [(1, "Ann Lee", 1)]


def test_it_includes_bots_only_when_asked(kafka):
    rows = leaderboard(project=kafka, kind="review", within=quarter("2024Q3"), include_bots=True)
    assert "dependabot[bot]" in {row.name for row in rows}


def test_it_counts_ties_at_the_limit(kafka):
    rows = leaderboard(project=kafka, kind="review", within=quarter("2024Q3"), limit=2)
    assert len(rows) == 3  # both people tied at rank 2 are shown
    assert ranked(leaderboard(project=kafka, kind="review", limit=1)) == [(1, "Chia-Ping Tsai", 3)]


def test_it_reads_periods_in_taipei_time():
    q3 = quarter("2024Q3")
    assert q3.since == datetime(2024, 6, 30, 16, 0, tzinfo=UTC)
    assert q3.until == datetime(2024, 9, 30, 16, 0, tzinfo=UTC)
    assert quarter("2024q4").until == datetime(2024, 12, 31, 16, 0, tzinfo=UTC)
    assert period(since="2024-07-01", until="2024-09-30") == q3
    with pytest.raises(ValueError, match="'2024Q5' is not a quarter like 2024Q3"):
        quarter("2024Q5")
    with pytest.raises(ValueError, match="'July' is not a date"):
        period(since="July")


def test_it_answers_the_dashboard_queries(kafka):
    person = chia()
    assert reviews_credited(contributor=person).count() == 3
    assert reviews_credited(contributor=person, within=quarter("2024Q3")).count() == 2
    jane = Contributor.objects.get(identities__value="jane@example.org")
    assert commits_by(contributor=jane, within=quarter("2024Q3")).count() == 4
    assert commits_by(contributor=jane, project=kafka).count() == 6
    assert first_contribution(contributor=jane) == datetime(2024, 6, 30, 15, 59, tzinfo=UTC)
    assert first_contribution(contributor=person) is None  # reviewing is not contributing code
    ann = Contributor.objects.get(identities__value="ann@example.org")
    assert first_contribution(contributor=ann) == datetime(2024, 8, 1, 16, 0, tzinfo=UTC)
    assert Period().filter("committed_at").children == []


def test_leaderboard_command_prints_csv(kafka, capsys):
    call_command(
        "leaderboard", "kafka", "--kind", "review", "--quarter", "2024Q3", "--format", "csv"
    )
    assert capsys.readouterr().out == (
        "rank,name,count\n1,Chia-Ping Tsai,2\n2,Bob,1\n2,Luke Chen,1\n"
    )


def test_leaderboard_command_prints_a_table(kafka, capsys):
    call_command(
        "leaderboard", "kafka", "--kind", "review", "--since", "2024-07-01",
        "--until", "2024-09-30T23:59:59+08:00", "--limit", "5",
    )  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["rank", "name", "count"]
    # The until instant is excluded: the 23:59:59 commit is not counted.
    assert [line.split() for line in lines[1:]] == [
        ["1", "Bob", "1"],
        ["1", "Chia-Ping", "Tsai", "1"],
    ]


def test_leaderboard_command_says_when_nobody_is_ranked(kafka, capsys):
    call_command("leaderboard", "kafka", "--kind", "coauthor", "--quarter", "2023Q1")
    assert capsys.readouterr().out.strip() == "No coauthor credits in this period."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nope", "--kind", "review"], "unknown project 'nope'"),
        (["kafka", "--kind", "review", "--quarter", "2024Q9"], "'2024Q9' is not a quarter"),
        (["kafka", "--kind", "review", "--quarter", "2024Q3", "--since", "2024-01-01"],
         "use --quarter or --since/--until, not both"),
        (["kafka", "--kind", "review", "--limit", "0"], "--limit must be at least 1"),
        (["kafka", "--kind", "review", "--since", "yesterday"], "'yesterday' is not a date"),
        (["kafka", "--kind", "review", "--until", "9999-12-31"], "'9999-12-31' is not a date"),
    ],
)  # fmt: skip
def test_leaderboard_command_names_bad_input(kafka, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("leaderboard", *arguments)


def test_leaderboard_csv_quotes_a_name_a_spreadsheet_would_run(kafka, capsys):
    chia = Contributor.objects.get(display_name="Chia-Ping Tsai")
    chia.display_name = '=HYPERLINK("http://x","y")'
    chia.save()
    call_command(
        "leaderboard", "kafka", "--kind", "review", "--quarter", "2024Q3", "--format", "csv"
    )
    assert capsys.readouterr().out.splitlines()[1] == '1,"\'=HYPERLINK(""http://x"",""y"")",2'
