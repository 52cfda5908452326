"""JIRA's answers read into typed records at the edge (projects/sync/jira_schema.py); the
checks themselves are exercised through the fake JIRA in test_jira_sync.py."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from projects.sync import jira_schema
from projects.sync.jira_schema import Malformed, User


def raw_issue(**fields) -> dict:
    return {
        "id": 10001,  # some plugins send a number
        "key": "KIP-7",
        "fields": {
            "summary": None,
            "created": "2020-03-04T09:30:12.000+0800",
            "updated": "2020-03-05T09:30:12.000+0000",
            "reporter": {"name": "jun", "key": "JIRAUSER1", "displayName": "Jun Rao"},
            "assignee": {"accountId": "5b10a2844c20165700ede21g", "emailAddress": "a@b.org"},
            "creator": {"displayName": "Nobody stable"},
            "issuetype": {"name": "Bug"},
            "resolution": None,
            "project": {"key": "KIP"},
            "fixVersions": [{"name": "3.8.0"}, {}],
            "comment": {
                "total": 3,
                "comments": [
                    {"id": "1", "created": "2020-03-04T10:00:00.000+0000", "author": None}
                ],
            },
            **fields,
        },
    }


def test_it_reads_an_issue_into_a_record():
    issue = jira_schema.issue(raw_issue())

    assert (issue.id, issue.key, issue.project_key) == ("10001", "KIP-7", "KIP")
    assert (issue.summary, issue.issue_type, issue.priority, issue.resolution) == (
        "",
        "Bug",
        "",
        "",
    )
    assert issue.created == datetime(2020, 3, 4, 9, 30, 12, tzinfo=timezone(timedelta(hours=8)))
    assert issue.resolved is None
    assert issue.reporter == User("jun", "Jun Rao", "")  # Server's name before its key
    assert issue.assignee == User("5b10a2844c20165700ede21g", "", "a@b.org")  # Cloud
    assert issue.creator is None  # no stable name to store it under
    assert issue.fix_versions == ["3.8.0", ""]
    assert (issue.comment_total, issue.comments[0].id, issue.comments[0].author) == (3, "1", None)
    assert issue.comments[0].created == datetime(2020, 3, 4, 10, tzinfo=UTC)


def test_a_member_of_the_wrong_type_names_the_issue_and_the_member():
    with pytest.raises(Malformed) as raised:
        jira_schema.issue(raw_issue(reporter={"name": 7}))

    assert (raised.value.context, raised.value.problem) == (
        "issue KIP-7",
        "'fields.reporter.name' is a number, not a string",
    )
