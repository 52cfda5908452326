"""A fake JIRA for the sync's tests and benchmark: REST search (Server's startAt, Cloud's
nextPageToken) over the JQL the sync sends, issues, comment pages and serverInfo, from an
in-memory dataset, with request counts, a request budget and faults on demand.

    with FakeJira(time_zone="Europe/Berlin") as fake:
        project = fake.dataset.add_project("KAFKA", "Kafka")
        generate(project, issues=20000, comments=100000)
        requests.get(f"{fake.url}/rest/api/2/search", params={"jql": ...})
        fake.inject(Fault.TOO_MANY_REQUESTS, at=3, retry_after=30)
        fake.inject(Fault.ALTERED_BODY, path="/comment", changes={"comments": DROP})

In tests, the ``fake_jira`` fixture (``tests.fake_jira.fixtures``) yields a started Server,
``fake_jira_cloud`` a started Cloud.
"""

from tests.fake_jira.dataset import Dataset, Project
from tests.fake_jira.faults import DROP, Fault
from tests.fake_jira.generator import generate
from tests.fake_jira.jql import JqlError
from tests.fake_jira.records import Comment, Issue, User
from tests.fake_jira.responses import RateBudget
from tests.fake_jira.server import FakeJira, Request

__all__ = [
    "DROP",
    "Comment",
    "Dataset",
    "FakeJira",
    "Fault",
    "Issue",
    "JqlError",
    "Project",
    "RateBudget",
    "Request",
    "User",
    "generate",
]
