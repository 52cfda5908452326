"""GitHub's answers read into typed records at the edge (projects/sync/github_schema.py)."""

from datetime import UTC, datetime

import pytest

from projects.models import PullRequest, Repository, SyncState
from projects.sync import github_client, github_schema
from projects.sync.errors import MalformedResponse
from projects.sync.github import sync_github
from tests.factories import ProjectFactory
from tests.fake_github import generate

NO_MORE = {"hasNextPage": False, "endCursor": None}


def comment_node(database_id: int, login: str | None = "alice") -> dict:
    author = {"__typename": "User", "login": login, "databaseId": 7, "name": "Alice"}
    return {
        "fullDatabaseId": str(database_id),
        "createdAt": "2024-03-01T10:00:00Z",
        "author": author if login else None,
    }


def pull_node(number: int, **changes) -> dict:
    node = {
        "fullDatabaseId": "9000000001",
        "number": number,
        "title": "KAFKA-1: a fix",
        "state": "MERGED",
        "isDraft": False,
        "createdAt": "2024-03-01T09:00:00Z",
        "updatedAt": "2024-03-02T09:00:00Z",
        "mergedAt": "2024-03-02T09:00:00Z",
        "closedAt": "2024-03-02T09:00:00Z",
        "additions": 3,
        "deletions": 1,
        "changedFiles": 1,
        "mergeCommit": {"oid": "abc"},
        "author": {"__typename": "Bot", "login": "dependabot", "databaseId": 49699333},
        "mergedBy": None,
        "labels": {"nodes": [{"name": "core"}]},
        "comments": {
            "pageInfo": {"hasNextPage": True, "endCursor": "C1"},
            "nodes": [comment_node(21, login=None), comment_node(22)],
        },
        "reviews": {
            "pageInfo": {"hasNextPage": True, "endCursor": "R1"},
            "nodes": [
                {
                    "id": "PRR_1",
                    "fullDatabaseId": "5",
                    "state": "APPROVED",
                    "submittedAt": None,
                    "author": None,
                    "comments": {"pageInfo": NO_MORE, "nodes": [comment_node(11)]},
                }
            ],
        },
    }
    node.update(changes)
    return node


def answer(*nodes) -> dict:
    return {
        "rateLimit": {"remaining": 4000, "resetAt": "2024-03-02T10:00:00Z"},
        "repository": {
            "databaseId": 2211243,
            "nameWithOwner": "apache/kafka",
            "pullRequests": {"totalCount": 9, "pageInfo": NO_MORE, "nodes": list(nodes)},
        },
    }


def read(data: dict) -> github_schema.Page:
    return github_schema.page(data, "pullRequests", github_schema.pull_request, what="prs")


def test_it_reads_a_page_into_records():
    page = read(answer(pull_node(3)))

    pull = page.nodes[0]
    assert (page.total, page.has_next_page, page.name_with_owner) == (9, False, "apache/kafka")
    assert page.budget == github_schema.Budget(4000, datetime(2024, 3, 2, 10, tzinfo=UTC))
    assert (pull.number, pull.github_id, pull.state, pull.labels) == (
        3,
        9000000001,
        "merged",
        ["core"],
    )
    assert pull.author == github_schema.Actor("dependabot[bot]", 49699333, "")
    assert pull.merged_by is None
    assert [(c.github_id, c.author) for c in pull.comments] == [
        (21, None),  # a deleted account
        (22, github_schema.Actor("alice", 7, "Alice")),
    ]
    assert pull.more_comments == "C1"
    assert pull.more_reviews == "R1"
    review = pull.reviews[0]
    assert (review.github_id, review.state, review.author, review.more_comments) == (
        5, "approved", None, None
    )  # fmt: skip
    assert review.comments[0].author == github_schema.Actor("alice", 7, "Alice")
    assert review.comments[0].created_at == datetime(2024, 3, 1, 10, tzinfo=UTC)


def test_a_deleted_account_reads_as_nobody():
    assert github_schema.comment(comment_node(1, login=None)).author is None


def test_no_repository_reads_as_none():
    assert read({"repository": None}) is None


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (pull_node(3, updatedAt=None), "pull request #3: a member is of the wrong type"),
        (pull_node(4, reviews=None), "pull request #4: a member is of the wrong type"),
        ({"number": 5}, "pull request #5: 'reviews' is missing"),
        (None, "a pull request is null"),
    ],
)  # fmt: skip
def test_a_node_unlike_the_api_makes_the_page_malformed_naming_it(node, message):
    with pytest.raises(MalformedResponse, match=r"^prs: malformed response from GitHub") as raised:
        read(answer(pull_node(1), node))

    assert message in str(raised.value)


def test_a_connection_without_its_page_info_is_malformed():
    data = answer()
    del data["repository"]["pullRequests"]["pageInfo"]

    with pytest.raises(MalformedResponse, match=r"\(pullRequests: 'pageInfo' is missing\)$"):
        read(data)


@pytest.mark.django_db
def test_a_malformed_page_stops_the_sync_and_stores_nothing_of_it(
    fake_github, settings, monkeypatch
):
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = "test-token"
    upstream = fake_github.dataset.add_repository("apache", "kafka")
    generate(upstream, pull_requests=120, reviews=50, review_comments=20, seed=31)
    repository = Repository.objects.create(
        project=ProjectFactory(), owner="apache", name="kafka", clone_url="/nowhere"
    )
    real = github_client.graphql
    answers = []

    def second_page_loses_a_member(*args, **kwargs):
        data = real(*args, **kwargs)
        answers.append(data)
        if len(answers) == 2:
            del data["repository"]["pullRequests"]["nodes"][0]["createdAt"]
        return data

    monkeypatch.setattr(github_client, "graphql", second_page_loses_a_member)

    with pytest.raises(MalformedResponse, match="'createdAt' is missing"):
        sync_github(repository=repository)

    assert PullRequest.objects.count() == 50  # page one only
    state = SyncState.objects.get(kind=SyncState.Kind.GITHUB)
    assert state.status == SyncState.Status.FAILED
    assert "apache/kafka pull requests: malformed response from GitHub (pull request #" in (
        state.last_error
    )
