"""The fake GitHub's REST endpoints: the few the sync calls through PyGithub.

GET /repos/{owner}/{repo} (a renamed repository's old name answers 301 to
/repositories/{id}, as GitHub does), GET /repositories/{id}, and GET /rate_limit, which
costs nothing. Docs: docs.github.com/rest/repos/repos, docs.github.com/rest/rate-limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.fake_github import faults
from tests.fake_github.dataset import Dataset, Repository
from tests.fake_github.responses import RateBudget, Response

DOCS = "https://docs.github.com/rest"
_REPO_PATH = re.compile(r"^/repos/([^/]+)/([^/]+)/?$")
_REPO_ID_PATH = re.compile(r"^/repositories/(\d+)/?$")


def answer(
    method: str,
    path: str,
    *,
    base: str,
    dataset: Dataset,
    budgets: dict[str, RateBudget],
    visible: Callable[[Repository], bool],
    request_id: str,
    now: float,
) -> Response:
    """``path`` without the Enterprise prefix; ``base`` is the URL links start with."""
    budget = budgets["core"]
    if method == "GET" and path.rstrip("/") == "/rate_limit":
        body = {name: budgets[name].as_rest() for name in ("core", "graphql")}
        return Response.json(200, {"resources": body, "rate": body["core"]}, budget.headers("core"))
    if budget.remaining <= 0:
        return rate_limited(budget, request_id=request_id, now=now)
    budget.spend(1)
    headers = budget.headers("core")
    repository = None
    by_name, by_id = _REPO_PATH.match(path), _REPO_ID_PATH.match(path)
    if method == "GET" and by_name:
        asked = f"{by_name[1]}/{by_name[2]}"
        repository = dataset.repository(asked)
        if repository and repository.full_name.lower() != asked.lower() and visible(repository):
            location = f"{base}/repositories/{repository.database_id}"
            body = {
                "message": "Moved Permanently",
                "url": location,
                "documentation_url": f"{DOCS}/repos/repos#get-a-repository",
            }
            return Response.json(301, body, {**headers, "Location": location})
    elif method == "GET" and by_id:
        repository = dataset.repositories.get(int(by_id[1]))
    if repository is None or not visible(repository):
        return Response(404, faults.error_body("Not Found", DOCS, status="404"), headers)
    return Response.json(200, repository_json(repository, base), headers)


def rate_limited(budget: RateBudget, *, request_id: str, now: float) -> Response:
    """REST's answer once the primary budget is spent: 403, remaining 0, wait for reset."""
    timestamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    message = faults.PRIMARY_MESSAGE.format(request_id=request_id, timestamp=timestamp)
    body = faults.error_body(message, faults.DOCS_PRIMARY)
    return Response(403, body, budget.headers("core", remaining=0))


def repository_json(repository: Repository, base: str) -> dict[str, Any]:
    """The fields of a repository a client reads."""
    full_name = repository.full_name
    # GitHub counts open pull requests among open issues.
    open_issues = sum(issue.state == "OPEN" for issue in repository.issues.values()) + sum(
        pull.state == "OPEN" for pull in repository.pull_requests.values()
    )
    return {
        "id": repository.database_id,
        "node_id": f"R_kgDO{repository.database_id:x}",
        "name": repository.name,
        "full_name": full_name,
        "private": False,
        "owner": {
            "login": repository.owner,
            "type": "Organization",
            "url": f"{base}/users/{repository.owner}",
            "html_url": f"https://github.com/{repository.owner}",
        },
        "html_url": f"https://github.com/{full_name}",
        "description": None,
        "fork": False,
        "url": f"{base}/repos/{full_name}",
        "default_branch": "main",
        "archived": False,
        "visibility": "public",
        "open_issues_count": open_issues,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2024-07-01T10:00:00Z",
    }
