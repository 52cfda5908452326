"""The fake JIRA, driven with plain requests the way the sync calls JIRA's REST API."""

import base64
import json
import re
from datetime import UTC, datetime

import pytest
import requests

from tests.fake_jira import DROP, Dataset, FakeJira, Fault, generate

KEY = "KAFKA"
SEARCH = "/rest/api/2/search"
SEARCH_JQL = "/rest/api/3/search/jql"
ALL = f"project = {KEY} ORDER BY updated ASC"
# The fields the sync asks for (projects/sync/jira_client.py).
FIELDS = (
    "summary,issuetype,priority,status,resolution,created,updated,resolutiondate,"
    "reporter,assignee,creator,fixVersions,components,project,comment"
)
JIRA_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$")
JULY_1 = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)  # the dataset clock's start


def get(fake, path, **params):
    return requests.get(fake.url + path, params=params, timeout=10)


def search(fake, jql=ALL, **params):
    response = get(fake, SEARCH, jql=jql, **params)
    assert response.status_code == 200, response.text
    return response.json()


def every_issue(fake, jql=ALL, *, max_results=100, fields="summary,updated"):
    """Page with startAt as JIRA says to: by what came back, until total."""
    issues, pages, start = [], 0, 0
    while True:
        body = search(fake, jql, startAt=start, maxResults=max_results, fields=fields)
        pages += 1
        issues += body["issues"]
        start += len(body["issues"])
        if not body["issues"] or start >= body["total"]:
            return issues, pages


def every_cloud_issue(fake, jql=ALL, *, max_results=100, fields="summary,updated"):
    issues, pages, token = [], 0, None
    while True:
        params = {"jql": jql, "maxResults": max_results, "fields": fields}
        if token:
            params["nextPageToken"] = token
        response = get(fake, SEARCH_JQL, **params)
        assert response.status_code == 200, response.text
        body = response.json()
        pages += 1
        issues += body["issues"]
        if body["isLast"]:
            return issues, pages
        token = body["nextPageToken"]


@pytest.fixture
def kafka(fake_jira):
    return fake_jira.dataset.add_project(KEY, "Kafka")


def add_issues(dataset, count, key=KEY):
    return [dataset.add_issue(key) for _ in range(count)]


# Issues in JIRA's shape


def test_it_answers_issues_in_jiras_shape(fake_jira, kafka):
    ds = fake_jira.dataset
    ds.add_user("chia7712", display_name="Chia-Ping Tsai", email="chia7712@apache.org")
    ds.add_issue(
        KEY,
        summary="Fix the log cleaner",
        reporter="chia7712",
        assignee="showuon",
        type="Improvement",
        priority="Critical",
        status="Resolved",
        created="2020-03-04T09:30:12.000+0000",
        updated="2020-03-06T11:00:00Z",
        fix_versions=["2.6.0"],
        components=["core"],
    )
    ds.add_comment("KAFKA-1", author="showuon", created="2020-03-05T08:00:00Z", touch=False)

    body = search(fake_jira, fields=FIELDS, expand="names")

    assert body["startAt"] == 0 and body["maxResults"] == 50 and body["total"] == 1
    assert "expand" in body
    (issue,) = body["issues"]
    assert issue["id"] == str(ds.issue("KAFKA-1").id)
    assert issue["key"] == "KAFKA-1"
    assert issue["self"] == f"{fake_jira.url}/rest/api/2/issue/{issue['id']}"
    fields = issue["fields"]
    assert fields["summary"] == "Fix the log cleaner"
    assert fields["issuetype"]["name"] == "Improvement"
    assert fields["priority"]["name"] == "Critical"
    assert fields["status"]["name"] == "Resolved"
    assert fields["status"]["statusCategory"]["key"] == "done"
    assert fields["resolution"]["name"] == "Fixed"
    assert fields["created"] == "2020-03-04T09:30:12.000+0000"
    assert fields["updated"] == "2020-03-06T11:00:00.000+0000"
    assert fields["resolutiondate"] == "2020-03-06T11:00:00.000+0000"
    reporter = fields["reporter"]
    assert reporter["name"] == reporter["key"] == "chia7712"
    assert reporter["displayName"] == "Chia-Ping Tsai"
    assert reporter["active"] is True
    assert "emailAddress" not in reporter  # hidden, as on issues.apache.org
    assert "accountId" not in reporter
    assert fields["creator"] == reporter
    assert fields["assignee"]["name"] == "showuon"
    assert [v["name"] for v in fields["fixVersions"]] == ["2.6.0"]
    assert [c["name"] for c in fields["components"]] == ["core"]
    assert fields["project"]["key"] == KEY and fields["project"]["name"] == "Kafka"
    comments = fields["comment"]
    assert comments["total"] == 1 and comments["startAt"] == 0
    (comment,) = comments["comments"]
    assert comment["author"]["name"] == "showuon"
    assert comment["created"] == comment["updated"] == "2020-03-05T08:00:00.000+0000"
    assert set(comment) >= {"id", "self", "author", "body", "updateAuthor", "created"}


def test_it_leaves_out_unrequested_fields(fake_jira, kafka):
    fake_jira.dataset.add_issue(KEY, comments=2)

    (plain,) = search(fake_jira, fields="summary,updated")["issues"]
    (navigable,) = search(fake_jira)["issues"]
    (everything,) = search(fake_jira, fields="*all,-creator")["issues"]

    assert set(plain["fields"]) == {"summary", "updated"}
    assert "comment" not in navigable["fields"] and "reporter" in navigable["fields"]
    assert everything["fields"]["comment"]["total"] == 2
    assert "creator" not in everything["fields"]


# Server search: startAt, maxResults, total


def test_it_pages_with_start_at_under_the_server_cap(kafka):
    with FakeJira(kafka.dataset, max_results=40) as fake:
        made = add_issues(kafka.dataset, 130)

        first = search(fake, startAt=0, maxResults=1000)
        issues, pages = every_issue(fake, max_results=1000)

    assert first["maxResults"] == 40  # capped silently; the client must follow total
    assert first["total"] == 130 and len(first["issues"]) == 40
    assert pages == 4
    assert [issue["key"] for issue in issues] == [issue.key for issue in made]
    assert len({issue["id"] for issue in issues}) == 130


def test_it_answers_past_the_end_and_zero_sized_pages(fake_jira, kafka):
    add_issues(fake_jira.dataset, 3)

    past = search(fake_jira, startAt=10)
    counted = search(fake_jira, maxResults=0)

    assert past["issues"] == [] and past["total"] == 3 and past["startAt"] == 10
    assert counted["issues"] == [] and counted["total"] == 3


def test_it_orders_ties_by_id_across_pages(fake_jira, kafka):
    ds = fake_jira.dataset
    first, second, third, fourth = add_issues(ds, 4)
    # Updated in the order 3, 1, 4, 2, but 1, 3 and 4 land on the same millisecond.
    ds.update_issue(third.key, updated="2024-08-01T10:00:00Z", summary="three")
    ds.update_issue(first.key, updated="2024-08-01T10:00:00Z", summary="one")
    ds.update_issue(fourth.key, updated="2024-08-01T10:00:00Z", summary="four")
    ds.update_issue(second.key, updated="2024-08-01T09:00:00Z", summary="two")

    one_by_one, pages = every_issue(fake_jira, max_results=1)
    again, _ = every_issue(fake_jira, max_results=3)

    expected = [second.key, first.key, third.key, fourth.key]
    assert [issue["key"] for issue in one_by_one] == expected
    assert [issue["key"] for issue in again] == expected
    assert pages == 4


def test_it_filters_by_updated_in_the_server_time_zone():
    dataset = Dataset()
    dataset.add_project(KEY)
    before = dataset.add_issue(KEY, updated="2024-07-01T09:59:59Z", created="2024-06-01")
    at = dataset.add_issue(KEY, updated="2024-07-01T10:00:00Z", created="2024-06-01")
    within = dataset.add_issue(KEY, updated="2024-07-01T10:00:59Z", created="2024-06-01")
    later = dataset.add_issue(KEY, updated="2024-07-02T08:00:00Z", created="2024-06-01")

    with FakeJira(dataset, time_zone="Europe/Berlin") as berlin, FakeJira(dataset) as utc:
        berlin.clock = utc.clock = lambda: JULY_1.timestamp()
        noon = f'project = {KEY} AND updated >= "2024/07/01 12:00" ORDER BY updated ASC'
        in_berlin = search(berlin, noon, fields="updated")
        in_utc = search(utc, noon, fields="updated")
        ten = f'project = "{KEY}" AND updated >= "2024-07-01 10:00" ORDER BY updated ASC'
        ten_utc = search(utc, ten)
        info = get(berlin, "/rest/api/2/serverInfo")

    keys = [issue["key"] for issue in in_berlin["issues"]]
    assert keys == [at.key, within.key, later.key]  # 12:00 in Berlin is 10:00 UTC
    assert before.key not in keys
    assert in_berlin["issues"][0]["fields"]["updated"] == "2024-07-01T12:00:00.000+0200"
    assert [issue["key"] for issue in in_utc["issues"]] == [later.key]
    assert [issue["key"] for issue in ten_utc["issues"]] == [at.key, within.key, later.key]
    assert info.headers["X-Fake-Jira-Time-Zone"] == "Europe/Berlin"
    assert info.json()["serverTime"] == "2024-07-01T12:00:00.000+0200"
    assert info.json()["serverTimeZone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    "jql",
    [
        "project = KAFKA ORDER BY updated ASC",
        'project = "KAFKA" ORDER BY updated ASC',
        "PROJECT='kafka' order by UPDATED asc",
        'project = KAFKA AND updated >= "2024/07/01 10:00" ORDER BY updated ASC',
        "project = KAFKA and updatedDate >= 2024-07-01 ORDER BY updated ASC",
    ],
)
def test_it_accepts_the_jql_the_sync_sends(fake_jira, kafka, jql):
    add_issues(fake_jira.dataset, 2)

    assert search(fake_jira, jql)["total"] == 2


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project = KAFKA", "Error in the JQL Query: the fake JIRA understands only"),
        ("project = KAFKA ORDER BY updated DESC", "Error in the JQL Query"),
        ("project in (KAFKA, ZK) ORDER BY updated ASC", "Error in the JQL Query"),
        ('project = KAFKA AND updated > "2024/07/01" ORDER BY updated ASC', "Error in the JQL"),
        ("assignee = chia7712 ORDER BY updated ASC", "Error in the JQL Query"),
        ("", "Error in the JQL Query"),
        (
            'project = KAFKA AND updated >= "2024/13/01" ORDER BY updated ASC',
            "Date value '2024/13/01' for field 'updated' is invalid.",
        ),
        ("project = NOPE ORDER BY updated ASC", "The value 'NOPE' does not exist for the field"),
    ],
)
def test_it_refuses_jql_outside_the_subset(fake_jira, kafka, jql, message):
    for path in (SEARCH, "/rest/api/latest/search"):
        response = get(fake_jira, path, jql=jql)

        assert response.status_code == 400
        body = response.json()
        assert set(body) == {"errorMessages", "errors"} and body["errors"] == {}
        assert body["errorMessages"][0].startswith(message), body


def test_it_searches_by_post_too(fake_jira, kafka):
    add_issues(fake_jira.dataset, 3)

    response = requests.post(
        fake_jira.url + SEARCH,
        json={"jql": ALL, "startAt": 1, "maxResults": 1, "fields": ["summary"]},
        timeout=10,
    )

    body = response.json()
    assert body["total"] == 3 and [issue["key"] for issue in body["issues"]] == ["KAFKA-2"]
    assert set(body["issues"][0]["fields"]) == {"summary"}


# Jira Cloud: nextPageToken


def test_it_pages_cloud_search_with_next_page_tokens(fake_jira_cloud):
    fake = fake_jira_cloud
    fake.dataset.add_project(KEY)
    made = add_issues(fake.dataset, 250)
    fake.max_results = 100

    first = get(fake, SEARCH_JQL, jql=ALL, maxResults=500, fields="summary").json()
    issues, pages = every_cloud_issue(fake, max_results=500)

    assert len(first["issues"]) == 100 and first["isLast"] is False
    assert "total" not in first and "startAt" not in first
    assert pages == 3
    assert [issue["key"] for issue in issues] == [issue.key for issue in made]


def test_it_ends_cloud_pages_without_a_token(fake_jira_cloud):
    fake = fake_jira_cloud
    fake.dataset.add_project(KEY)
    add_issues(fake.dataset, 2)

    body = get(fake, SEARCH_JQL, jql=ALL, maxResults=2, fields="summary").json()
    ids_only = get(fake, SEARCH_JQL, jql=ALL).json()

    assert body["isLast"] is True and "nextPageToken" not in body
    assert ids_only["issues"] == [{"id": str(issue.id)} for issue in fake.dataset.issues.values()]


def test_it_resumes_a_cloud_token_after_the_last_issue_sent(fake_jira_cloud):
    fake = fake_jira_cloud
    fake.dataset.add_project(KEY)
    add_issues(fake.dataset, 6)

    first = get(fake, SEARCH_JQL, jql=ALL, maxResults=3, fields="summary").json()
    fake.dataset.update_issue("KAFKA-1", summary="changed while paging")
    rest = get(
        fake, SEARCH_JQL, jql=ALL, maxResults=3, fields="summary",
        nextPageToken=first["nextPageToken"],
    ).json()  # fmt: skip
    second = get(
        fake, SEARCH_JQL, jql=ALL, maxResults=3, fields="summary",
        nextPageToken=rest["nextPageToken"],
    ).json()  # fmt: skip

    seen = [issue["key"] for issue in first["issues"] + rest["issues"] + second["issues"]]
    assert seen == ["KAFKA-1", "KAFKA-2", "KAFKA-3", "KAFKA-4", "KAFKA-5", "KAFKA-6", "KAFKA-1"]
    assert second["isLast"] is True


def test_it_refuses_a_token_from_another_query(fake_jira_cloud):
    fake = fake_jira_cloud
    fake.dataset.add_project(KEY)
    add_issues(fake.dataset, 3)
    token = get(fake, SEARCH_JQL, jql=ALL, maxResults=1).json()["nextPageToken"]

    other = f'project = {KEY} AND updated >= "2024/01/01" ORDER BY updated ASC'
    wrong_query = get(fake, SEARCH_JQL, jql=other, nextPageToken=token)
    garbage = get(fake, SEARCH_JQL, jql=ALL, nextPageToken="not-a-token")

    for response in (wrong_query, garbage):
        assert response.status_code == 400
        assert response.json()["errorMessages"] == [
            "The provided next page token is invalid or expired."
        ]


def test_it_answers_cloud_style_users_and_bodies(fake_jira_cloud):
    fake = fake_jira_cloud
    ds = fake.dataset
    ds.add_project(KEY)
    ds.add_user("chia7712", display_name="Chia-Ping Tsai")
    ds.add_issue(KEY, reporter="chia7712")
    ds.add_comment("KAFKA-1", author="chia7712", body="LGTM")

    (issue,) = get(fake, SEARCH_JQL, jql=ALL, fields=FIELDS).json()["issues"]
    v2_page = get(fake, "/rest/api/2/issue/KAFKA-1/comment").json()

    reporter = issue["fields"]["reporter"]
    assert set(reporter) >= {"accountId", "displayName", "active", "accountType"}
    assert "name" not in reporter and "key" not in reporter
    assert re.fullmatch(r"[0-9a-f]{24}", reporter["accountId"])
    (comment,) = issue["fields"]["comment"]["comments"]
    assert comment["author"] == reporter
    assert comment["body"]["type"] == "doc"  # the Atlassian Document Format on v3
    assert comment["body"]["content"][0]["content"][0]["text"] == "LGTM"
    assert v2_page["comments"][0]["body"] == "LGTM"


def test_it_counts_cloud_issues_approximately(fake_jira_cloud):
    fake = fake_jira_cloud
    fake.dataset.add_project(KEY)
    add_issues(fake.dataset, 7)
    since = f'project = {KEY} AND updated >= "2030/01/01" ORDER BY updated ASC'

    count = requests.post(
        f"{fake.url}/rest/api/3/search/approximate-count", json={"jql": ALL}, timeout=10
    )
    none = requests.post(
        f"{fake.url}/rest/api/3/search/approximate-count", json={"jql": since}, timeout=10
    )
    as_get = get(fake, "/rest/api/3/search/approximate-count", jql=ALL)

    assert count.status_code == 200 and count.json() == {"count": 7}
    assert none.json() == {"count": 0}
    assert as_get.status_code == 405


def test_it_serves_each_deployments_own_endpoints(fake_jira, fake_jira_cloud):
    for fake in (fake_jira, fake_jira_cloud):
        fake.dataset.add_project(KEY)

    server_v3 = get(fake_jira, SEARCH_JQL, jql=ALL)
    cloud_old_search = get(fake_jira_cloud, SEARCH, jql=ALL)
    cloud_old_v3_search = get(fake_jira_cloud, "/rest/api/3/search", jql=ALL)
    latest = get(fake_jira, "/rest/api/latest/search", jql=ALL)
    server_info = get(fake_jira, "/rest/api/2/serverInfo").json()
    cloud_info = get(fake_jira_cloud, "/rest/api/3/serverInfo").json()

    assert server_v3.status_code == 404
    assert server_v3.json() == {"message": f"null for uri: {SEARCH_JQL}", "status-code": 404}
    for gone in (cloud_old_search, cloud_old_v3_search):
        assert gone.status_code == 410
        assert "/rest/api/3/search/jql" in gone.json()["errorMessages"][0]
    assert latest.status_code == 200
    assert server_info["deploymentType"] == "Server"
    assert server_info["version"] == "8.20.10" and server_info["versionNumbers"] == [8, 20, 10]
    assert JIRA_TIME.match(server_info["serverTime"])
    assert cloud_info["deploymentType"] == "Cloud"


def test_it_serves_under_a_context_path(kafka):
    add_issues(kafka.dataset, 1)
    with FakeJira(kafka.dataset, context="/jira") as fake:
        url = fake.url
        found = search(fake)
        outside = requests.get(url.removesuffix("/jira") + SEARCH, timeout=10)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/jira", url)
    assert found["total"] == 1
    assert found["issues"][0]["self"].startswith(f"{url}/rest/api/2/issue/")
    assert outside.status_code == 404


# Comments: inline, then the comment endpoint


def test_it_returns_comments_inline_only_when_asked(fake_jira, kafka):
    fake_jira.dataset.add_issue(KEY, comments=3)

    (without,) = search(fake_jira, fields="summary")["issues"]
    (inline,) = search(fake_jira, fields="summary,comment")["issues"]

    assert "comment" not in without["fields"]
    block = inline["fields"]["comment"]
    assert block["total"] == 3 and len(block["comments"]) == 3


def test_it_truncates_inline_comments_and_pages_the_comment_endpoint(kafka):
    ds = kafka.dataset
    issue = ds.add_issue(KEY, created="2024-01-01T00:00:00Z")
    for hour in range(12):
        ds.add_comment(issue.key, author=f"user-{hour}", created=f"2024-01-02T{hour:02d}:00:00Z")
    with FakeJira(ds, inline_comments=5, comment_max_results=4) as fake:
        (found,) = search(fake, fields="comment")["issues"]
        pages, start = [], 5
        while True:
            page = get(fake, f"/rest/api/2/issue/{issue.key}/comment", startAt=start, maxResults=50)
            pages.append(page.json())
            start += len(page.json()["comments"])
            if start >= page.json()["total"]:
                break
        newest = get(fake, f"/rest/api/2/issue/{issue.id}/comment", orderBy="-created").json()
        missing = get(fake, "/rest/api/2/issue/KAFKA-99/comment")

    block = found["fields"]["comment"]
    assert block["total"] == 12 and block["maxResults"] == 5 and block["startAt"] == 0
    inline_authors = [comment["author"]["name"] for comment in block["comments"]]
    assert inline_authors == [f"user-{hour}" for hour in range(5)]
    assert [page["startAt"] for page in pages] == [5, 9]
    assert all(page["maxResults"] == 4 and page["total"] == 12 for page in pages)
    later = [comment["author"]["name"] for page in pages for comment in page["comments"]]
    assert later == [f"user-{hour}" for hour in range(5, 12)]
    assert newest["comments"][0]["author"]["name"] == "user-11"
    assert missing.status_code == 404
    assert missing.json() == {"errorMessages": ["Issue Does Not Exist"], "errors": {}}


def test_it_moves_the_issues_updated_with_a_new_comment(fake_jira, kafka):
    ds = fake_jira.dataset
    first, second = add_issues(ds, 2)

    ds.add_comment(first.key, created="2025-01-01T00:00:00Z")

    keys = [issue["key"] for issue in search(fake_jira, fields="updated")["issues"]]
    assert keys == [second.key, first.key]


# An issue moved between projects


def test_it_finds_a_moved_issue_under_its_new_key(fake_jira, kafka):
    ds = fake_jira.dataset
    ds.add_project("ZOOKEEPER", "ZooKeeper")
    add_issues(ds, 3)
    ds.add_issue("ZOOKEEPER")
    moved = ds.issue("KAFKA-2")
    ds.add_comment("KAFKA-2", touch=False)

    new_key = ds.move_issue("KAFKA-2", "ZOOKEEPER")

    kafka_keys = [i["key"] for i in search(fake_jira)["issues"]]
    zookeeper = search(fake_jira, "project = ZOOKEEPER ORDER BY updated ASC")["issues"]
    by_old_key = get(fake_jira, "/rest/api/2/issue/KAFKA-2", fields="summary,project").json()
    old_comments = get(fake_jira, "/rest/api/2/issue/KAFKA-2/comment").json()
    assert new_key == "ZOOKEEPER-2"
    assert kafka_keys == ["KAFKA-1", "KAFKA-3"]
    assert [i["key"] for i in zookeeper] == ["ZOOKEEPER-1", "ZOOKEEPER-2"]
    assert zookeeper[-1]["id"] == str(moved.id)  # same id, new key, now updated last
    assert by_old_key["key"] == "ZOOKEEPER-2"
    assert by_old_key["fields"]["project"]["key"] == "ZOOKEEPER"
    assert old_comments["total"] == 1


def test_it_forgets_a_deleted_issue_by_every_key_and_id(fake_jira, kafka):
    ds = fake_jira.dataset
    ds.add_project("ZOOKEEPER", "ZooKeeper")
    first, _second = add_issues(ds, 2)
    ds.add_comment(first.key)
    new_key = ds.move_issue(first.key, "ZOOKEEPER")

    ds.delete_issue(new_key)

    zookeeper = search(fake_jira, "project = ZOOKEEPER ORDER BY updated ASC")
    assert [i["key"] for i in search(fake_jira)["issues"]] == ["KAFKA-2"]
    assert zookeeper["total"] == 0 and ds.issue(first.id) is None
    for path in (f"issue/{first.id}", "issue/KAFKA-1", f"issue/{new_key}", "issue/KAFKA-1/comment"):
        response = get(fake_jira, f"/rest/api/2/{path}")
        assert response.status_code == 404, path
        assert response.json()["errorMessages"] == ["Issue Does Not Exist"]


def test_it_deletes_a_comment(fake_jira, kafka):
    ds = fake_jira.dataset
    issue = ds.add_issue(KEY, comments=3)
    before = issue.updated
    gone = issue.comments[1]

    ds.delete_comment(issue.key, gone.id, touch=False)

    page = get(fake_jira, f"/rest/api/2/issue/{issue.key}/comment").json()
    assert page["total"] == 2
    assert str(gone.id) not in [comment["id"] for comment in page["comments"]]
    assert issue.updated == before


# Users: deleted, anonymized, no e-mail


def test_it_shows_deleted_and_anonymized_users(fake_jira, kafka):
    ds = fake_jira.dataset
    ds.add_issue(KEY, reporter=None, assignee="gone", creator="forgotten")
    ds.add_comment("KAFKA-1", author=None)
    ds.add_comment("KAFKA-1", author="gone")
    ds.delete_user("gone")
    forgotten = ds.anonymize_user("forgotten")

    (issue,) = search(fake_jira, fields=FIELDS)["issues"]

    fields = issue["fields"]
    assert fields["reporter"] is None
    assert fields["assignee"]["name"] == "gone" and fields["assignee"]["active"] is False
    creator = fields["creator"]
    assert creator["name"] == f"jirauser{forgotten.id}"
    assert creator["key"] == f"JIRAUSER{forgotten.id}"
    assert re.fullmatch(r"user-[0-9a-f]{5}", creator["displayName"])
    assert creator["active"] is False
    anonymous, by_gone = fields["comment"]["comments"]
    assert "author" not in anonymous
    assert by_gone["author"]["active"] is False


def test_it_shows_anonymized_users_as_former_users_on_cloud(fake_jira_cloud):
    ds = fake_jira_cloud.dataset
    ds.add_project(KEY)
    ds.add_issue(KEY, reporter="forgotten")
    ds.anonymize_user("forgotten")

    (issue,) = get(fake_jira_cloud, SEARCH_JQL, jql=ALL, fields="reporter").json()["issues"]

    assert issue["fields"]["reporter"]["displayName"] == "Former user"
    assert issue["fields"]["reporter"]["active"] is False


@pytest.mark.parametrize(
    ("visibility", "email"),
    [("hidden", None), ("public", "chia7712@apache.org"), ("masked", "chia7712 at apache dot org")],
)
def test_it_shows_emails_as_configured(kafka, visibility, email):
    kafka.dataset.add_issue(KEY, reporter="chia7712")
    with FakeJira(kafka.dataset, email_visibility=visibility) as fake:
        (issue,) = search(fake, fields="reporter")["issues"]

    assert issue["fields"]["reporter"].get("emailAddress") == email


# Faults


def test_it_answers_429_with_retry_after(fake_jira, kafka):
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, at=2, retry_after=30)

    before = get(fake_jira, SEARCH, jql=ALL)
    limited = get(fake_jira, SEARCH, jql=ALL)
    after = get(fake_jira, SEARCH, jql=ALL)

    assert before.status_code == after.status_code == 200
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "30"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", limited.headers["X-RateLimit-Reset"])
    assert limited.headers["RateLimit-Reason"] == "jira-burst-based"
    assert limited.json() == {"errorMessages": ["Rate limit exceeded."], "errors": {}}


@pytest.mark.parametrize(
    ("fault", "status", "title"),
    [
        (Fault.SERVICE_UNAVAILABLE, 503, "<title>503 Service Unavailable</title>"),
        (Fault.BAD_GATEWAY, 502, "<title>502 Proxy Error</title>"),
    ],
)
def test_it_serves_the_proxys_html_errors(fake_jira, kafka, fault, status, title):
    fake_jira.inject(fault)

    response = get(fake_jira, SEARCH, jql=ALL)

    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html")
    assert title in response.text
    assert "Retry-After" not in response.headers


def test_it_serves_jiras_500(fake_jira, kafka):
    fake_jira.inject(Fault.SERVER_ERROR)

    response = get(fake_jira, SEARCH, jql=ALL)

    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert response.json() == {"errorMessages": ["Internal server error"], "errors": {}}


def test_it_adds_retry_after_to_a_503_when_asked(fake_jira, kafka):
    fake_jira.inject(Fault.SERVICE_UNAVAILABLE, retry_after=5)

    response = get(fake_jira, SEARCH, jql=ALL)

    assert response.status_code == 503 and response.headers["Retry-After"] == "5"


def test_it_cuts_a_page_short(fake_jira, kafka):
    add_issues(fake_jira.dataset, 5)
    fake_jira.inject(Fault.MALFORMED_BODY)

    response = get(fake_jira, SEARCH, jql=ALL, fields=FIELDS)

    assert response.status_code == 200
    with pytest.raises(requests.JSONDecodeError):
        response.json()
    assert response.text.startswith('{"expand"')


def test_it_alters_parts_of_an_answer_on_demand(fake_jira, kafka):
    fake_jira.dataset.add_issue(KEY, comments=3)
    fake_jira.inject(Fault.ALTERED_BODY, path="/comment", changes={"comments": DROP, "total": "3"})
    fake_jira.inject(
        Fault.ALTERED_BODY, path="/search", changes={"issues.0.fields.updated": 12, "startAt": None}
    )

    page = get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment")
    found = search(fake_jira, fields="updated")
    again = get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment").json()

    assert page.status_code == 200 and page.json()["startAt"] == 0
    assert "comments" not in page.json() and page.json()["total"] == "3"
    assert found["issues"][0]["fields"]["updated"] == 12 and found["startAt"] is None
    assert found["total"] == 1
    assert len(again["comments"]) == 3  # once unless ``times`` says more


def test_it_replaces_a_whole_answer_on_demand(fake_jira, kafka):
    fake_jira.inject(Fault.ALTERED_BODY, changes={"": ["not", "an", "object"]})

    assert get(fake_jira, SEARCH, jql=ALL).json() == ["not", "an", "object"]


def test_it_repeats_a_fault_on_matching_paths_until_cleared(fake_jira, kafka):
    fake_jira.dataset.add_issue(KEY, comments=1)
    fake_jira.inject(Fault.BAD_GATEWAY, times=None, path="/comment")

    statuses = [
        get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment").status_code,
        get(fake_jira, SEARCH, jql=ALL).status_code,
        get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment").status_code,
    ]
    fake_jira.clear_faults()
    statuses.append(get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment").status_code)

    assert statuses == [502, 200, 502, 200]


def test_it_spends_a_rate_budget_and_refills_it(kafka):
    now = [1_000_000.0]
    with FakeJira(kafka.dataset, rate_limit=2, rate_interval=60) as fake:
        fake.clock = lambda: now[0]
        fake.set_rate_limit(reset=now[0] + 60)
        first = get(fake, SEARCH, jql=ALL)
        second = get(fake, SEARCH, jql=ALL)
        refused = get(fake, SEARCH, jql=ALL)
        now[0] += 61
        refilled = get(fake, SEARCH, jql=ALL)

    assert first.headers["X-RateLimit-Limit"] == "2"
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert first.headers["X-RateLimit-Interval-Seconds"] == "60"
    assert second.headers["X-RateLimit-Remaining"] == "0"
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.headers["RateLimit-Reason"] == "jira-quota-based"
    assert refilled.status_code == 200 and refilled.headers["X-RateLimit-Remaining"] == "1"


def test_it_has_no_rate_headers_without_a_budget(fake_jira, kafka):
    response = get(fake_jira, SEARCH, jql=ALL)

    assert not [name for name in response.headers if name.lower().startswith("x-ratelimit")]


def test_it_checks_tokens_when_configured(kafka):
    def basic(user, token):
        return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()

    with FakeJira(kafka.dataset, tokens={"good-token"}) as fake:

        def status(authorization=None):
            headers = {"Authorization": authorization} if authorization else {}
            url = fake.url + SEARCH
            return requests.get(url, params={"jql": ALL}, headers=headers, timeout=10)

        answers = {
            "anonymous": status(),
            "bearer": status("Bearer good-token"),
            "basic": status(basic("me@example.com", "good-token")),
            "bad bearer": status("Bearer stolen"),
            "bad basic": status(basic("me@example.com", "stolen")),
            "garbled": status("Basic %%%"),
        }
        schemes = [request.auth for request in fake.requests]

    codes = {name: response.status_code for name, response in answers.items()}
    assert codes == {
        "anonymous": 200,
        "bearer": 200,
        "basic": 200,
        "bad bearer": 401,
        "bad basic": 401,
        "garbled": 401,
    }
    refused = answers["bad bearer"]
    assert refused.json()["errorMessages"] == [
        "You are not authenticated. Authentication required to perform this operation."
    ]
    assert refused.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"
    assert schemes == [None, "bearer", "basic", "bearer", "basic", "basic"]


def test_it_can_refuse_anonymous_requests(kafka):
    with FakeJira(kafka.dataset, tokens={"good-token"}, anonymous=False) as fake:
        anonymous = get(fake, SEARCH, jql=ALL)

    assert anonymous.status_code == 401


# Counting


def test_it_counts_requests(fake_jira, kafka):
    fake_jira.dataset.add_issue(KEY, comments=1)

    get(fake_jira, SEARCH, jql=ALL, startAt=0, fields="summary", expand="names")
    get(fake_jira, "/rest/api/2/issue/KAFKA-1/comment", startAt=0)
    requests.get(f"{fake_jira.url}{SEARCH}?jql=x&fields=a&fields=b", timeout=10)

    assert fake_jira.request_count == 3
    first = fake_jira.requests[0]
    assert (first.method, first.path, first.auth) == ("GET", SEARCH, None)
    assert first.params == {"jql": ALL, "startAt": "0", "fields": "summary", "expand": "names"}
    assert fake_jira.requests[2].params["fields"] == "a,b"
    assert fake_jira.count("/comment") == 1 and fake_jira.count("/search") == 2
    fake_jira.reset_counts()
    assert fake_jira.request_count == 0 and fake_jira.requests == []


# The generator


def test_it_generates_exact_counts_deterministically():
    one = generate("KAFKA", issues=2000, comments=9000, seed=7, many_comments=5)
    two = generate("KAFKA", issues=2000, comments=9000, seed=7, many_comments=5)
    other = generate("KAFKA", issues=2000, comments=9000, seed=8, many_comments=5)

    def fingerprint(project):
        return [
            (i.key, i.id, i.updated, i.status, i.reporter and i.reporter.name, len(i.comments))
            for i in project.by_update().issues
        ]

    counts = [len(issue.comments) for issue in one.issues.values()]
    assert len(one.issues) == 2000 and sum(counts) == 9000
    assert sum(1 for count in counts if count > 50) == 5
    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(other)
    users = list(one.dataset.users.values())
    assert any(not user.active and user.name.startswith("jirauser") for user in users)
    assert any(not user.active and user.name.startswith("dev-") for user in users)
    assert any(issue.reporter is None for issue in one.issues.values())
    for issue in one.issues.values():
        assert issue.created <= issue.updated
        assert all(issue.created <= c.created <= issue.updated for c in issue.comments)


def test_it_generates_a_large_project():
    project = generate("KAFKA", issues=20000, comments=100000)

    assert len(project.issues) == 20000
    assert sum(len(issue.comments) for issue in project.issues.values()) == 100000


def test_it_pages_20000_issues_with_comments_in_220_requests():
    project = generate("KAFKA", issues=20000, comments=100000, many_comments=20)
    with FakeJira(project.dataset) as fake, requests.Session() as session:
        start, seen, comments = 0, 0, 0
        while True:
            params = {"jql": ALL, "startAt": start, "maxResults": 100, "fields": FIELDS}
            body = session.get(fake.url + SEARCH, params=params, timeout=30).json()
            for issue in body["issues"]:
                block = issue["fields"]["comment"]
                got = len(block["comments"])
                while got < block["total"]:
                    path = f"{fake.url}/rest/api/2/issue/{issue['key']}/comment"
                    page = session.get(path, params={"startAt": got}, timeout=30).json()
                    got += len(page["comments"])
                comments += got
            seen += len(body["issues"])
            start += len(body["issues"])
            if start >= body["total"]:
                break
    assert seen == 20000 and comments == 100000
    assert fake.request_count == 200 + 20  # 100 a page, one follow-up per crowded issue


def test_it_keeps_json_shapes_valid_for_every_generated_issue(kafka):
    generate(kafka, issues=300, comments=1200, seed=3)
    with FakeJira(kafka.dataset, time_zone="America/Los_Angeles") as fake:
        issues, _ = every_issue(fake, fields=FIELDS)

    assert len(issues) == 300
    for issue in issues:
        fields = issue["fields"]
        for name in ("created", "updated"):
            assert JIRA_TIME.match(fields[name]), fields[name]
        assert fields["resolutiondate"] is None or JIRA_TIME.match(fields["resolutiondate"])
        assert (fields["resolution"] is None) == (fields["resolutiondate"] is None)
        json.dumps(issue)  # plain JSON all the way down


def test_it_resolves_and_reopens_with_the_status(fake_jira, kafka):
    ds = fake_jira.dataset
    issue = ds.add_issue(KEY, created="2024-07-01T10:00:00Z")

    ds.update_issue(issue.key, status="Resolved", updated="2024-07-02T10:00:00Z")
    (resolved,) = search(fake_jira, fields="resolution,resolutiondate,updated")["issues"]
    ds.update_issue(issue.key, status="Reopened")
    (reopened,) = search(fake_jira, fields="resolution,resolutiondate,updated")["issues"]

    assert resolved["fields"]["resolution"]["name"] == "Fixed"
    assert resolved["fields"]["resolutiondate"] == "2024-07-02T10:00:00.000+0000"
    assert reopened["fields"]["resolution"] is None
    assert reopened["fields"]["resolutiondate"] is None
    assert reopened["fields"]["updated"] > resolved["fields"]["updated"]
