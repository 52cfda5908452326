"""The fake GitHub, driven by PyGithub with the sync's own GraphQL documents."""

import json
import time
import urllib.request

import github
import pytest

from projects.sync import github_queries as queries
from tests.fake_github import Dataset, FakeGitHub, Fault, generate

# Imported until tests/conftest.py registers tests.fake_github.fixtures as a plugin.

OWNER, NAME = "octo", "widgets"


def pull_requests(
    gh, *, first=50, after=None, reviews=50, comments=30, conversation=30, owner=OWNER, name=NAME
):
    variables = {"owner": owner, "name": name, "first": first, "after": after}
    variables |= {"reviews": reviews, "comments": comments, "conversation": conversation}
    return gh.requester.graphql_query(queries.PULL_REQUESTS, variables)


def issues(gh, *, first=50, after=None, comments=30):
    variables = {"owner": OWNER, "name": NAME, "first": first, "after": after}
    return gh.requester.graphql_query(queries.ISSUES, variables | {"comments": comments})


def every_pull_request(gh, **sizes):
    after, seen = None, []
    while True:
        _, body = pull_requests(gh, after=after, **sizes)
        page = body["data"]["repository"]["pullRequests"]
        seen.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
def repo(fake_github):
    return fake_github.dataset.add_repository(OWNER, NAME, database_id=4242)


@pytest.fixture
def gh(fake_github):
    return fake_github.client()


# The sync's queries, answered in GitHub's shape


def test_it_answers_pull_requests_in_githubs_shape(fake_github, repo, gh):
    fake_github.dataset.add_user("ada", name="Ada Lovelace")
    repo.add_pull_request(
        title="Fix the parser",
        author="ada",
        state="MERGED",
        created_at="2024-07-01T10:00:00Z",
        updated_at="2024-07-02T11:00:00Z",
        merged_by="grace",
        additions=12,
        deletions=3,
        changed_files=2,
        merge_commit="a" * 40,
        labels=["bug", "parser"],
    )
    review = repo.add_review(
        1, author="grace", state="APPROVED", submitted_at="2024-07-02T09:00:00Z"
    )
    repo.add_review_comment(review, created_at="2024-07-02T08:59:00Z")

    _headers, body = pull_requests(gh)

    grace = fake_github.dataset.users["grace"]
    grace_node = {
        "__typename": "User",
        "login": "grace",
        "avatarUrl": f"https://avatars.githubusercontent.com/u/{grace.database_id}?v=4",
        "databaseId": grace.database_id,
        "name": "Grace",
    }
    data = body["data"]
    assert list(body) == ["data"]
    assert data["rateLimit"]["cost"] == 1
    assert data["repository"]["databaseId"] == 4242
    assert data["repository"]["nameWithOwner"] == "octo/widgets"
    page = data["repository"]["pullRequests"]
    assert page["totalCount"] == 1
    assert page["pageInfo"]["hasNextPage"] is False
    node = page["nodes"][0]
    assert node["author"]["name"] == "Ada Lovelace"
    assert {key: node[key] for key in node if key not in ("author", "comments", "reviews")} == {
        "databaseId": repo.pull_requests[1].database_id,
        "fullDatabaseId": str(repo.pull_requests[1].database_id),
        "number": 1,
        "title": "Fix the parser",
        "state": "MERGED",
        "isDraft": False,
        "createdAt": "2024-07-01T10:00:00Z",
        "updatedAt": "2024-07-02T11:00:00Z",
        "mergedAt": "2024-07-02T11:00:00Z",
        "closedAt": "2024-07-02T11:00:00Z",
        "additions": 12,
        "deletions": 3,
        "changedFiles": 2,
        "mergeCommit": {"oid": "a" * 40},
        "mergedBy": grace_node,
        "labels": {"nodes": [{"name": "bug"}, {"name": "parser"}]},
    }
    assert node["reviews"] == {
        "totalCount": 1,
        "pageInfo": {"hasNextPage": False, "endCursor": node["reviews"]["pageInfo"]["endCursor"]},
        "nodes": [
            {
                "id": review.id,
                "databaseId": review.database_id,
                "fullDatabaseId": str(review.database_id),
                "state": "APPROVED",
                "submittedAt": "2024-07-02T09:00:00Z",
                "author": grace_node,
                "comments": {
                    "totalCount": 1,
                    "pageInfo": {
                        "hasNextPage": False,
                        "endCursor": node["reviews"]["nodes"][0]["comments"]["pageInfo"][
                            "endCursor"
                        ],
                    },
                    "nodes": [
                        {
                            "databaseId": review.comments[0].database_id,
                            "fullDatabaseId": str(review.comments[0].database_id),
                            "createdAt": "2024-07-02T08:59:00Z",
                            "author": grace_node,
                        }
                    ],
                },
            }
        ],
    }


def test_it_answers_bots_ghosts_and_unmerged_pull_requests(fake_github, repo, gh):
    repo.add_pull_request(author="dependabot[bot]", state="CLOSED")
    repo.add_pull_request(author=None, state="OPEN", draft=True)
    repo.add_review(2, author=None, state="CHANGES_REQUESTED")
    repo.add_review(2, author="github-actions[bot]", state="PENDING")

    nodes = pull_requests(gh)[1]["data"]["repository"]["pullRequests"]["nodes"]

    ghost_pr, bot_pr = nodes
    bot = fake_github.dataset.users["dependabot[bot]"]
    assert bot_pr["author"] == {
        "__typename": "Bot",
        "login": "dependabot",  # GraphQL drops REST's "[bot]"
        "avatarUrl": f"https://avatars.githubusercontent.com/in/{bot.database_id}?v=4",
        "databaseId": bot.database_id,
    }
    assert bot_pr["state"] == "CLOSED"
    assert bot_pr["closedAt"] is not None
    assert (bot_pr["mergedAt"], bot_pr["mergeCommit"], bot_pr["mergedBy"]) == (None, None, None)
    assert ghost_pr["author"] is None
    assert ghost_pr["isDraft"] is True
    assert ghost_pr["closedAt"] is None
    reviews = ghost_pr["reviews"]["nodes"]
    assert reviews[0]["author"] is None
    assert [review["state"] for review in reviews] == ["CHANGES_REQUESTED", "PENDING"]
    assert reviews[1]["submittedAt"] is None
    assert reviews[1]["author"]["__typename"] == "Bot"


def test_it_pages_pull_requests_newest_updated_first_with_opaque_cursors(repo, gh):
    for day in (3, 1, 4, 2, 5):
        repo.add_pull_request(updated_at=f"2024-07-0{day}T10:00:00Z")

    _, first = pull_requests(gh, first=2)
    page = first["data"]["repository"]["pullRequests"]
    _, second = pull_requests(gh, first=2, after=page["pageInfo"]["endCursor"])
    page2 = second["data"]["repository"]["pullRequests"]
    _, last = pull_requests(gh, first=2, after=page2["pageInfo"]["endCursor"])
    page3 = last["data"]["repository"]["pullRequests"]

    updated = [node["updatedAt"][8:10] for p in (page, page2, page3) for node in p["nodes"]]
    assert updated == ["05", "04", "03", "02", "01"]
    assert [p["totalCount"] for p in (page, page2, page3)] == [5, 5, 5]
    assert [p["pageInfo"]["hasNextPage"] for p in (page, page2, page3)] == [True, True, False]
    assert "2024" not in page["pageInfo"]["endCursor"]  # opaque, base64


def test_it_pages_every_pull_request_of_the_big_dataset_once(repo, gh, fake_github):
    generate(repo)

    nodes = every_pull_request(gh)

    numbers = [node["number"] for node in nodes]
    assert len(numbers) == len(set(numbers)) == 5000
    assert fake_github.request_count == 100
    assert sum(node["reviews"]["totalCount"] for node in nodes) == 15000


def test_it_moves_an_updated_pull_request_to_the_top_without_repeating_it(repo, gh):
    for _ in range(5):
        repo.add_pull_request()
    _, body = pull_requests(gh, first=2)
    page = body["data"]["repository"]["pullRequests"]
    assert [node["number"] for node in page["nodes"]] == [5, 4]

    before = repo.pull_requests[3].updated_at
    repo.update_pull_request(3, state="MERGED", merged_by="maintainer")
    _, rest = pull_requests(gh, first=10, after=page["pageInfo"]["endCursor"])
    _, fresh = pull_requests(gh, first=1)

    assert [n["number"] for n in rest["data"]["repository"]["pullRequests"]["nodes"]] == [2, 1]
    top = fresh["data"]["repository"]["pullRequests"]["nodes"][0]
    assert top["number"] == 3
    assert top["updatedAt"] > before
    assert top["state"] == "MERGED"
    assert top["mergedAt"] == top["updatedAt"]
    assert top["mergedBy"]["login"] == "maintainer"


def test_it_answers_overflowing_reviews_with_the_follow_up_query(repo, gh):
    repo.add_pull_request()
    for _ in range(130):
        repo.add_review(1, author="reviewer")

    _, body = pull_requests(gh, reviews=50)
    reviews = body["data"]["repository"]["pullRequests"]["nodes"][0]["reviews"]
    variables = {"owner": OWNER, "name": NAME, "number": 1, "comments": 30}
    _, more = gh.requester.graphql_query(
        queries.PULL_REQUEST_REVIEWS, variables | {"after": reviews["pageInfo"]["endCursor"]}
    )

    assert reviews["totalCount"] == 130
    assert len(reviews["nodes"]) == 50
    assert reviews["pageInfo"]["hasNextPage"] is True
    follow_up = more["data"]["repository"]["pullRequest"]["reviews"]
    assert follow_up["totalCount"] == 130
    assert follow_up["pageInfo"]["hasNextPage"] is False
    ids = [review["id"] for review in reviews["nodes"] + follow_up["nodes"]]
    assert ids == [review.id for review in repo.pull_requests[1].reviews]


def test_it_answers_overflowing_review_comments_by_the_reviews_node_id(repo, gh):
    repo.add_pull_request()
    review = repo.add_review(1, comments=150)

    _, body = pull_requests(gh, comments=30)
    comments = body["data"]["repository"]["pullRequests"]["nodes"][0]["reviews"]["nodes"][0][
        "comments"
    ]
    seen = [comment["databaseId"] for comment in comments["nodes"]]
    after = comments["pageInfo"]["endCursor"]
    pages = []
    while after:
        _, more = gh.requester.graphql_query(
            queries.REVIEW_COMMENTS, {"id": review.id, "after": after}
        )
        page = more["data"]["node"]["comments"]
        pages.append(len(page["nodes"]))
        seen += [comment["databaseId"] for comment in page["nodes"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None

    assert comments["totalCount"] == 150
    assert pages == [100, 20]
    assert seen == [comment.database_id for comment in review.comments]


def test_it_answers_a_conversation_and_its_overflow_by_pull_request_number(repo, gh):
    repo.add_pull_request(author="ada", updated_at="2024-07-01T10:00:00Z")
    first = repo.add_pull_request_comment(1, author="grace", created_at="2024-07-02T10:00:00Z")
    repo.add_pull_request_comment(1, author=None)  # a deleted account
    for _ in range(118):
        repo.add_pull_request_comment(1, author="linus")
    issue = repo.add_issue(comments=1)

    _, body = pull_requests(gh, conversation=30)
    node = body["data"]["repository"]["pullRequests"]["nodes"][0]
    comments = node["comments"]
    variables = {"owner": OWNER, "name": NAME, "number": 1}
    _, more = gh.requester.graphql_query(
        queries.PULL_REQUEST_COMMENTS, variables | {"after": comments["pageInfo"]["endCursor"]}
    )

    assert node["updatedAt"] > "2024-07-02T10:00:00Z"  # a comment moves the pull request
    assert (comments["totalCount"], len(comments["nodes"])) == (120, 30)
    assert comments["nodes"][0] == {
        "databaseId": first.database_id,
        "fullDatabaseId": str(first.database_id),
        "createdAt": "2024-07-02T10:00:00Z",
        "author": repo.dataset.users["grace"].graphql,
    }
    assert comments["nodes"][1]["author"] is None
    follow_up = more["data"]["repository"]["pullRequest"]["comments"]
    assert (len(follow_up["nodes"]), follow_up["pageInfo"]["hasNextPage"]) == (90, False)
    ids = [c["databaseId"] for c in comments["nodes"] + follow_up["nodes"]]
    assert ids == [c.database_id for c in repo.pull_requests[1].comments]
    # Issue comments and conversation comments share GitHub's IssueComment ids.
    assert len({*ids, issue.comments[0].database_id}) == 121


def test_it_answers_issues_and_their_overflowing_comments(repo, gh):
    repo.add_issue(author="ada", assignees=["grace", "linus"], labels=["bug"], comments=120)
    repo.add_issue(state="CLOSED", state_reason="NOT_PLANNED", author=None)
    repo.add_pull_request()  # not an issue

    _, body = issues(gh)
    page = body["data"]["repository"]["issues"]
    variables = {"owner": OWNER, "name": NAME, "number": 1}
    comments = page["nodes"][1]["comments"]
    _, more = gh.requester.graphql_query(
        queries.ISSUE_COMMENTS, variables | {"after": comments["pageInfo"]["endCursor"]}
    )

    assert page["totalCount"] == 2
    closed, opened = page["nodes"]
    assert (closed["state"], closed["stateReason"], closed["author"]) == (
        "CLOSED",
        "NOT_PLANNED",
        None,
    )
    assert closed["closedAt"] == closed["updatedAt"]
    assert (opened["state"], opened["stateReason"], opened["closedAt"]) == ("OPEN", None, None)
    assert [actor["login"] for actor in opened["assignees"]["nodes"]] == ["grace", "linus"]
    assert opened["labels"] == {"nodes": [{"name": "bug"}]}
    assert (comments["totalCount"], len(comments["nodes"])) == (120, 30)
    follow_up = more["data"]["repository"]["issue"]["comments"]
    assert len(follow_up["nodes"]) == 90
    assert follow_up["pageInfo"]["hasNextPage"] is False


def test_it_refuses_what_github_refuses(repo, gh):
    repo.add_pull_request()

    with pytest.raises(github.GithubException) as too_many:
        pull_requests(gh, first=101)
    with pytest.raises(github.GithubException) as too_big:
        pull_requests(gh, first=50, reviews=100, comments=100)
    with pytest.raises(github.GithubException) as bad_cursor:
        pull_requests(gh, after="bm90IGEgY3Vyc29y")
    with pytest.raises(github.GithubException) as missing:
        gh.requester.graphql_query(queries.PULL_REQUESTS, {"owner": OWNER, "name": NAME})

    assert too_many.value.status == 400
    assert too_many.value.data["errors"][0] == {
        "type": "EXCESSIVE_PAGINATION",
        "message": "Requesting 101 records on the `pullRequests` connection exceeds the "
        "`first` limit of 100 records.",
    }
    assert too_big.value.data["errors"][0]["type"] == "MAX_NODE_LIMIT_EXCEEDED"
    # 50 × (the pull request, 20 labels, 30 conversation comments, 100 reviews × 101).
    assert "507,550 possible nodes" in too_big.value.data["errors"][0]["message"]
    assert "does not appear to be a valid cursor" in bad_cursor.value.data["errors"][0]["message"]
    assert missing.value.data["errors"][0]["message"] == (
        "Variable $first of type Int! was provided invalid value"
    )


# Access


def test_it_answers_not_found_for_a_repository_the_token_cannot_see(fake_github, repo):
    fake_github.deny("octo/widgets", token="outsider")

    with pytest.raises(github.UnknownObjectException) as hidden:
        pull_requests(fake_github.client("outsider"))
    with pytest.raises(github.UnknownObjectException):
        pull_requests(fake_github.client("outsider"), owner="octo", name="missing")
    with pytest.raises(github.UnknownObjectException):
        fake_github.client("outsider").get_repo("octo/widgets")
    _, allowed = pull_requests(fake_github.client("insider"))

    assert hidden.value.status == 404
    assert hidden.value.data == {
        "data": {"rateLimit": hidden.value.data["data"]["rateLimit"], "repository": None},
        "errors": [
            {
                "type": "NOT_FOUND",
                "path": ["repository"],
                "locations": [{"line": 5, "column": 3}],
                "message": "Could not resolve to a Repository with the name 'octo/widgets'.",
            }
        ],
    }
    assert allowed["data"]["repository"]["nameWithOwner"] == "octo/widgets"


def test_it_refuses_a_bad_token_and_a_missing_one():
    with FakeGitHub(tokens={"good"}) as fake:
        fake.dataset.add_repository("octo", "widgets")
        anonymous = github.Github(base_url=fake.url, retry=None)

        with pytest.raises(github.BadCredentialsException) as bad:
            pull_requests(fake.client("bad"))
        with pytest.raises(github.BadCredentialsException):
            fake.client("bad").get_repo("octo/widgets")
        with pytest.raises(github.GithubException) as missing:
            pull_requests(anonymous)
        _, good = pull_requests(fake.client("good"))
        request = urllib.request.Request(
            fake.url + "/repos/octo/widgets", headers={"Authorization": "Bearer good"}
        )
        with urllib.request.urlopen(request) as bearer:
            pass

    assert bearer.status == 200
    assert bad.value.status == 401
    assert bad.value.data["message"] == "Bad credentials"
    assert missing.value.status == 401
    assert missing.value.data["message"] == "This endpoint requires you to be authenticated."
    assert good["data"]["repository"]["pullRequests"]["totalCount"] == 0


# Faults


def test_it_serves_a_502_as_pygithub_sees_it(fake_github, repo, gh):
    fake_github.inject(Fault.BAD_GATEWAY)

    with pytest.raises(github.GithubException) as raised:
        pull_requests(gh)
    _, body = pull_requests(gh)

    assert type(raised.value) is github.GithubException
    assert raised.value.status == 502
    assert "502 Bad Gateway" in raised.value.data["data"]  # PyGithub wraps a non-JSON body
    assert body["data"]["repository"] is not None


def test_it_serves_a_503_with_retry_after_on_demand(fake_github, repo, gh):
    fake_github.inject(Fault.SERVICE_UNAVAILABLE, retry_after=120)
    fake_github.inject(Fault.SERVICE_UNAVAILABLE, at=2, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")
    fake_github.inject(Fault.SERVICE_UNAVAILABLE, at=3)

    statuses, retry_after = [], []
    for _ in range(3):
        with pytest.raises(github.GithubException) as raised:
            pull_requests(gh)
        statuses.append(raised.value.status)
        retry_after.append((raised.value.headers or {}).get("retry-after"))

    assert statuses == [503, 503, 503]
    assert retry_after == ["120", "Wed, 21 Oct 2015 07:28:00 GMT", None]
    assert pull_requests(gh)[1]["data"]["repository"] is not None


def test_it_serves_a_secondary_rate_limit(fake_github, repo, gh):
    fake_github.inject(Fault.SECONDARY_RATE_LIMIT, retry_after=90)

    with pytest.raises(github.RateLimitExceededException) as raised:
        pull_requests(gh)

    assert raised.value.status == 403
    assert raised.value.headers["retry-after"] == "90"
    assert raised.value.data["message"].startswith("You have exceeded a secondary rate limit")


def test_it_serves_a_429_which_pygithub_does_not_call_a_rate_limit(fake_github, repo, gh):
    fake_github.inject(Fault.TOO_MANY_REQUESTS)

    with pytest.raises(github.GithubException) as raised:
        pull_requests(gh)

    assert type(raised.value) is github.GithubException
    assert raised.value.status == 429
    assert raised.value.headers["retry-after"] == "60"


def test_it_serves_primary_exhaustion_as_graphql_and_rest_do(fake_github, repo, gh):
    fake_github.inject(Fault.RATE_LIMIT_EXHAUSTED, times=2)

    with pytest.raises(github.GithubException) as graphql:
        pull_requests(gh)
    with pytest.raises(github.RateLimitExceededException) as rest:
        gh.get_repo("octo/widgets")

    # GraphQL answers 200 with a RATE_LIMITED error; PyGithub turns any errors into a 400.
    assert type(graphql.value) is github.GithubException
    assert graphql.value.status == 400
    assert graphql.value.data == {
        "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}]
    }
    assert graphql.value.headers["x-ratelimit-remaining"] == "0"
    assert graphql.value.headers["x-ratelimit-resource"] == "graphql"
    assert rest.value.status == 403
    assert rest.value.data["message"].startswith("API rate limit exceeded for user ID 1.")
    assert rest.value.headers["x-ratelimit-remaining"] == "0"
    assert rest.value.headers["x-ratelimit-resource"] == "core"


def test_it_serves_a_malformed_body(fake_github, repo, gh):
    repo.add_pull_request()
    fake_github.inject(Fault.MALFORMED_BODY)

    with pytest.raises(json.JSONDecodeError):
        pull_requests(gh)


def test_it_serves_a_fault_at_the_nth_request_and_repeats_it(fake_github, repo, gh):
    fake_github.inject(Fault.BAD_GATEWAY, at=3, times=2)

    outcomes = []
    for _ in range(5):
        try:
            pull_requests(gh)
            outcomes.append("ok")
        except github.GithubException as failure:
            outcomes.append(failure.status)

    assert outcomes == ["ok", "ok", 502, 502, "ok"]
    assert fake_github.faults == []


def test_it_serves_faults_due_at_the_same_request_one_after_the_other(fake_github, repo, gh):
    fake_github.inject(Fault.BAD_GATEWAY, at=2)
    fake_github.inject(Fault.TOO_MANY_REQUESTS, at=2)

    outcomes = []
    for _ in range(4):
        try:
            gh.get_repo("octo/widgets")
            outcomes.append("ok")
        except github.GithubException as failure:
            outcomes.append(failure.status)

    assert outcomes == ["ok", 502, 429, "ok"]


def test_it_serves_a_fault_only_to_the_operation_asked_for(fake_github, repo, gh):
    repo.add_pull_request()
    review = repo.add_review(1, comments=2)
    fake_github.inject(Fault.BAD_GATEWAY, operation="ReviewComments")

    pull_requests(gh)
    gh.get_repo("octo/widgets")
    with pytest.raises(github.GithubException) as raised:
        gh.requester.graphql_query(queries.REVIEW_COMMENTS, {"id": review.id, "after": None})

    assert raised.value.status == 502
    assert fake_github.operations() == ["PullRequests", None, "ReviewComments"]


def test_it_runs_out_of_budget_and_refills_at_the_reset(fake_github, repo, gh):
    fake_github.set_rate_limit("graphql", remaining=2)

    remaining = [pull_requests(gh)[1]["data"]["rateLimit"]["remaining"] for _ in range(2)]
    with pytest.raises(github.GithubException) as spent:
        pull_requests(gh)
    fake_github.set_rate_limit("graphql", reset=time.time() - 1)
    headers, body = pull_requests(gh)

    assert remaining == [1, 0]
    assert spent.value.data["errors"][0]["type"] == "RATE_LIMITED"
    assert spent.value.headers["x-ratelimit-remaining"] == "0"
    assert body["data"]["rateLimit"]["remaining"] == 4999
    assert headers["x-ratelimit-remaining"] == "4999"
    assert int(headers["x-ratelimit-reset"]) > time.time() + 3500


def test_it_runs_out_of_rest_budget_too(fake_github, repo, gh):
    fake_github.set_rate_limit("core", remaining=0, reset=time.time() + 600)

    with pytest.raises(github.RateLimitExceededException) as raised:
        gh.get_repo("octo/widgets")
    pull_requests(gh)  # GraphQL has its own budget

    assert raised.value.headers["x-ratelimit-reset"] == str(fake_github.budgets["core"].reset)


# Rate-limit headers and counting


def test_it_sends_rate_limit_headers_and_counts_requests(fake_github, repo, gh):
    headers, body = pull_requests(gh)
    headers2, _ = pull_requests(gh)
    repository = gh.get_repo("octo/widgets")
    rate = gh.get_rate_limit()

    assert {key: headers[key] for key in headers if key.startswith("x-ratelimit-")} == {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4999",
        "x-ratelimit-used": "1",
        "x-ratelimit-reset": str(fake_github.budgets["graphql"].reset),
        "x-ratelimit-resource": "graphql",
    }
    assert headers2["x-ratelimit-remaining"] == "4998"
    assert body["data"]["rateLimit"] == {
        "cost": 1,
        "limit": 5000,
        "remaining": 4999,
        "resetAt": time.strftime(
            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(fake_github.budgets["graphql"].reset)
        ),
    }
    assert repository.id == 4242
    assert gh.requester.rate_limiting == (4999, 5000)  # from the last REST headers
    assert (rate.resources.core.remaining, rate.resources.graphql.remaining) == (4999, 4998)
    assert fake_github.requests == [
        ("POST", "/graphql", "PullRequests"),
        ("POST", "/graphql", "PullRequests"),
        ("GET", "/repos/octo/widgets", None),
        ("GET", "/rate_limit", None),
    ]
    assert fake_github.request_count == 4

    fake_github.reset_counts()
    assert (fake_github.request_count, fake_github.requests) == (0, [])


def test_it_can_charge_what_github_would_for_a_query():
    with FakeGitHub(flat_cost=False) as fake:
        fake.dataset.add_repository(OWNER, NAME)
        _, body = pull_requests(fake.client(), first=50, reviews=50, comments=30)

    # 1 pull request page + 50 labels + 50 conversations + 50 reviews + 2,500 comment lists,
    # over 100.
    assert body["data"]["rateLimit"]["cost"] == 27
    assert body["data"]["rateLimit"]["remaining"] == 5000 - 27


# Renames and GitHub Enterprise


def test_it_redirects_a_renamed_repository(fake_github, repo, gh):
    repo.rename("octo-org/gadgets")

    repository = gh.get_repo("octo/widgets")
    _, body = pull_requests(gh)

    assert repository.full_name == "octo-org/gadgets"
    assert repository.id == 4242
    assert fake_github.requests[:2] == [
        ("GET", "/repos/octo/widgets", None),
        ("GET", "/repositories/4242", None),
    ]
    assert body["data"]["repository"]["nameWithOwner"] == "octo-org/gadgets"


def test_it_serves_github_enterprise_paths(fake_github, repo):
    gh = fake_github.client(enterprise=True)
    repo.rename("octo/gizmos")

    repository = gh.get_repo("octo/widgets")
    _, body = pull_requests(gh)

    assert repository.full_name == "octo/gizmos"
    assert body["data"]["repository"]["databaseId"] == 4242
    assert fake_github.requests == [
        ("GET", "/api/v3/repos/octo/widgets", None),
        ("GET", "/api/v3/repositories/4242", None),
        ("POST", "/api/graphql", "PullRequests"),
    ]


# The bulk generator


def test_it_generates_the_benchmark_dataset_exactly():
    repo = generate(Dataset().add_repository(OWNER, NAME))

    pulls = list(repo.pull_requests.values())
    reviews = [review for pull in pulls for review in pull.reviews]
    comments = [comment for review in reviews for comment in review.comments]
    assert (len(pulls), len(reviews), len(comments)) == (5000, 15000, 20000)
    assert max(len(pull.reviews) for pull in pulls) <= 100
    assert max(len(review.comments) for review in reviews) <= 100
    assert {pull.state for pull in pulls} == {"OPEN", "CLOSED", "MERGED"}
    assert any(pull.is_draft for pull in pulls)
    assert any(pull.author is None for pull in pulls)
    assert any(review.author is None for review in reviews)
    assert {"dependabot[bot]", "renovate[bot]"} <= {
        pull.author.login for pull in pulls if pull.author and pull.author.typename == "Bot"
    }
    assert all(review.submitted_at <= review.pull_request.updated_at for review in reviews)


def test_it_generates_the_same_data_from_the_same_seed():
    def fingerprint(seed):
        repo = generate(Dataset().add_repository(OWNER, NAME), 300, 900, 1200, seed=seed)
        return [
            (
                pull.number,
                pull.updated_at,
                pull.author and pull.author.login,
                pull.state,
                [(review.id, review.state, len(review.comments)) for review in pull.reviews],
            )
            for pull in repo.pull_requests.values()
        ]

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)


def test_it_generates_conversations_without_changing_the_rest(repo, gh):
    def fingerprint(repository):
        return [
            (pull.number, pull.updated_at, [review.id for review in pull.reviews])
            for pull in repository.pull_requests.values()
        ]

    plain = generate(Dataset().add_repository(OWNER, NAME), 300, 900, 1200, seed=3)
    generate(repo, 300, 900, 1200, seed=3, pull_request_comments=2000, many_conversations=4)

    pulls = list(repo.pull_requests.values())
    comments = [comment for pull in pulls for comment in pull.comments]
    assert fingerprint(repo) == fingerprint(plain)
    assert len(comments) == 2000
    assert sum(len(pull.comments) > 100 for pull in pulls) == 4
    assert all(
        pull.created_at <= comment.created_at <= pull.updated_at
        for pull in pulls
        for comment in pull.comments
    )
    authors = {comment.author.login for comment in comments if comment.author}
    assert "github-actions[bot]" in authors
    assert any(comment.author is pull.author for pull in pulls for comment in pull.comments)


def test_it_generates_overflowing_lists_only_when_asked(repo, gh):
    generate(repo, 200, 1000, 1500, many_reviews=2, many_comments=3, issues=50, issue_comments=80)

    pulls = list(repo.pull_requests.values())
    reviews = [review for pull in pulls for review in pull.reviews]
    nodes = every_pull_request(gh, reviews=100, comments=100 // 10)

    assert sum(len(pull.reviews) > 100 for pull in pulls) == 2
    assert sum(len(review.comments) > 100 for review in reviews) == 3
    assert (len(reviews), sum(len(review.comments) for review in reviews)) == (1000, 1500)
    assert sum(node["reviews"]["pageInfo"]["hasNextPage"] for node in nodes) == 2
    assert len(repo.issues) == 50
    assert sum(len(issue.comments) for issue in repo.issues.values()) == 80
