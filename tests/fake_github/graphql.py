"""Answers to the sync's GraphQL operations (``projects/sync/github_queries.py``).

No GraphQL parser: the operation is recognised by its name and answered from its variables,
in the shape GitHub gives for exactly the fields those documents select. GitHub's checks that
a client can trip over are kept: required variables, ``first`` within 0..100
(EXCESSIVE_PAGINATION), the 500,000-node ceiling (MAX_NODE_LIMIT_EXCEEDED), unknown cursors,
and NOT_FOUND for a repository, pull request, issue or node the token cannot see.
Docs: docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tests.fake_github.dataset import Dataset, Repository
from tests.fake_github.records import Comment, Issue, PullRequest, Review, UpdateOrder

MAX_PAGE = 100
MAX_NODES = 500_000
LABELS_FIRST = 20  # labels(first: 20) in the documents
ASSIGNEES_FIRST = 5  # assignees(first: 5)

_OPERATION = re.compile(r"\bquery\s+(\w+)")
_VARIABLE = re.compile(r"\$(\w+)\s*:\s*(\w+)\s*(!?)")
_CURSOR_PREFIX = b"cursor:v2:"


class QueryError(Exception):
    """GitHub refused the query before running it: the body is ``{"errors": [...]}``."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.error = {**details, "message": message}


@dataclass(frozen=True, slots=True)
class Plan:
    """A recognised operation with its checked variables and its rate-limit cost."""

    operation: str
    variables: dict[str, Any]
    cost: int


def operation_name(document: str) -> str | None:
    match = _OPERATION.search(document or "")
    return match.group(1) if match else None


def plan(document: str, variables: dict[str, Any] | None, *, flat_cost: bool = True) -> Plan:
    """Check a request as GitHub would before running it; raise QueryError if it refuses.

    The cost is 1, or with ``flat_cost=False`` GitHub's estimate: the connections the query
    may request, divided by 100, rounded, at least 1.
    """
    name = operation_name(document)
    if name not in _OPERATIONS:
        raise QueryError(f"The fake GitHub does not answer the operation {name!r}.")
    variables = dict(variables or {})
    _check_variables(document, name, variables)
    limits, nodes, requests = _OPERATIONS[name][1](variables)
    for connection, first in limits:
        if first < 0:
            raise QueryError(f"`first` on the `{connection}` connection cannot be less than zero.")
        if first > MAX_PAGE:
            raise QueryError(
                f"Requesting {first} records on the `{connection}` connection exceeds the "
                f"`first` limit of {MAX_PAGE} records.",
                type="EXCESSIVE_PAGINATION",
            )
    if nodes > MAX_NODES:
        raise QueryError(
            f"This query requests up to {nodes:,} possible nodes which exceeds the maximum "
            f"limit of {MAX_NODES:,}.",
            type="MAX_NODE_LIMIT_EXCEEDED",
        )
    cost = 1 if flat_cost else max(1, round(requests / 100))
    return Plan(name, variables, cost)


def execute(
    query: Plan,
    dataset: Dataset,
    *,
    rate_limit: dict[str, Any],
    visible: Callable[[Repository], bool],
) -> dict[str, Any]:
    """The response body for a planned query: ``{"data": ...}``, plus ``errors`` when
    something asked for is not there or not visible to the token."""
    data: dict[str, Any] = {"rateLimit": rate_limit}
    errors: list[dict[str, Any]] = []
    _OPERATIONS[query.operation][0](dataset, query.variables, visible, data, errors)
    body: dict[str, Any] = {"data": data}
    if errors:
        body["errors"] = errors
    return body


# Operations. An answer fills ``data`` (and ``errors``); its limits are the page sizes asked
# for, the nodes they could return, and the connection requests GitHub's cost counts.


def _pull_requests(dataset, variables, visible, data, errors) -> None:
    repository = _repository(dataset, variables, visible, data, errors)
    if repository is None:
        return
    reviews, comments = variables["reviews"], variables["comments"]
    conversation = variables["conversation"]
    page = _page_by_update(
        repository.pull_requests_by_update(), variables["first"], variables.get("after")
    )
    data["repository"] = {
        "databaseId": repository.database_id,
        "nameWithOwner": repository.full_name,
        "pullRequests": _connection(
            page,
            len(repository.pull_requests),
            lambda pull: _pull(pull, reviews, comments, conversation),
        ),
    }


def _pull_requests_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    first, reviews, comments = v["first"], v["reviews"], v["comments"]
    conversation = v["conversation"]
    limits = [("pullRequests", first), ("reviews", reviews), ("comments", comments)]
    limits.append(("comments", conversation))
    nodes = first * (1 + LABELS_FIRST + conversation + reviews + reviews * comments)
    # The page, and per pull request its labels, conversation and reviews, and per review
    # its comments.
    return limits, nodes, 1 + 3 * first + first * reviews


def _pull_request_reviews(dataset, variables, visible, data, errors) -> None:
    repository = _repository(dataset, variables, visible, data, errors)
    if repository is None:
        return
    number = variables["number"]
    pull = repository.pull_requests.get(number)
    if pull is None:
        data["repository"] = {"pullRequest": None}
        errors.append(_not_found(["repository", "pullRequest"], "PullRequest", number))
        return
    comments = variables["comments"]
    page = _page_by_index(pull.reviews, MAX_PAGE, variables.get("after"))
    reviews = _connection(page, len(pull.reviews), lambda review: _review(review, comments))
    data["repository"] = {"pullRequest": {"reviews": reviews}}


def _pull_request_reviews_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    comments = v["comments"]
    return [("comments", comments)], MAX_PAGE + MAX_PAGE * comments, 1 + MAX_PAGE


def _pull_request_comments(dataset, variables, visible, data, errors) -> None:
    repository = _repository(dataset, variables, visible, data, errors)
    if repository is None:
        return
    number = variables["number"]
    pull = repository.pull_requests.get(number)
    if pull is None:
        data["repository"] = {"pullRequest": None}
        errors.append(_not_found(["repository", "pullRequest"], "PullRequest", number))
        return
    page = _page_by_index(pull.comments, MAX_PAGE, variables.get("after"))
    comments = _connection(page, len(pull.comments), _comment)
    data["repository"] = {"pullRequest": {"comments": comments}}


def _pull_request_comments_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    return [], MAX_PAGE, 1


def _review_comments(dataset, variables, visible, data, errors) -> None:
    review = dataset.reviews.get(variables["id"])
    if review is None or not visible(review.pull_request.repository):
        data["node"] = None
        errors.append(
            {
                "type": "NOT_FOUND",
                "path": ["node"],
                "locations": [{"line": 4, "column": 3}],
                "message": f"Could not resolve to a node with the global id of '{variables['id']}'",
            }
        )
        return
    page = _page_by_index(review.comments, MAX_PAGE, variables.get("after"))
    data["node"] = {"comments": _connection(page, len(review.comments), _comment)}


def _review_comments_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    return [], MAX_PAGE, 1


def _issues(dataset, variables, visible, data, errors) -> None:
    repository = _repository(dataset, variables, visible, data, errors)
    if repository is None:
        return
    comments = variables["comments"]
    page = _page_by_update(
        repository.issues_by_update(), variables["first"], variables.get("after")
    )
    data["repository"] = {
        "databaseId": repository.database_id,
        "nameWithOwner": repository.full_name,
        "issues": _connection(page, len(repository.issues), lambda issue: _issue(issue, comments)),
    }


def _issues_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    first, comments = v["first"], v["comments"]
    limits = [("issues", first), ("comments", comments)]
    nodes = first * (1 + ASSIGNEES_FIRST + LABELS_FIRST + comments)
    return limits, nodes, 1 + 3 * first


def _issue_comments(dataset, variables, visible, data, errors) -> None:
    repository = _repository(dataset, variables, visible, data, errors)
    if repository is None:
        return
    number = variables["number"]
    issue = repository.issues.get(number)
    if issue is None:
        data["repository"] = {"issue": None}
        errors.append(_not_found(["repository", "issue"], "Issue", number))
        return
    page = _page_by_index(issue.comments, MAX_PAGE, variables.get("after"))
    data["repository"] = {"issue": {"comments": _connection(page, len(issue.comments), _comment)}}


def _issue_comments_limits(v: dict[str, Any]) -> tuple[list[tuple[str, int]], int, int]:
    return [], MAX_PAGE, 1


_OPERATIONS: dict[str, tuple[Callable[..., None], Callable[..., Any]]] = {
    "PullRequests": (_pull_requests, _pull_requests_limits),
    "PullRequestReviews": (_pull_request_reviews, _pull_request_reviews_limits),
    "PullRequestComments": (_pull_request_comments, _pull_request_comments_limits),
    "ReviewComments": (_review_comments, _review_comments_limits),
    "Issues": (_issues, _issues_limits),
    "IssueComments": (_issue_comments, _issue_comments_limits),
}
OPERATIONS = frozenset(_OPERATIONS)


# Objects in GitHub's shape


def _pull(pull: PullRequest, reviews: int, comments: int, conversation: int) -> dict[str, Any]:
    page = pull.reviews[:reviews]
    said = pull.comments[:conversation]
    return {
        "databaseId": pull.database_id,
        "fullDatabaseId": str(pull.database_id),  # a BigInt, which GitHub sends as a string
        "number": pull.number,
        "title": pull.title,
        "state": pull.state,
        "isDraft": pull.is_draft,
        "createdAt": pull.created_at,
        "updatedAt": pull.updated_at,
        "mergedAt": pull.merged_at,
        "closedAt": pull.closed_at,
        "additions": pull.additions,
        "deletions": pull.deletions,
        "changedFiles": pull.changed_files,
        "mergeCommit": {"oid": pull.merge_commit} if pull.merge_commit else None,
        "author": pull.author.graphql if pull.author else None,
        "mergedBy": pull.merged_by.graphql if pull.merged_by else None,
        "labels": {"nodes": [{"name": label} for label in pull.labels[:LABELS_FIRST]]},
        "comments": _connection(
            (said, 0, len(said) < len(pull.comments)), len(pull.comments), _comment
        ),
        "reviews": _connection(
            (page, 0, len(page) < len(pull.reviews)),
            len(pull.reviews),
            lambda review: _review(review, comments),
        ),
    }


def _review(review: Review, comments: int) -> dict[str, Any]:
    page = review.comments[:comments]
    return {
        "id": review.id,
        "databaseId": review.database_id,
        "fullDatabaseId": str(review.database_id),
        "state": review.state,
        "submittedAt": review.submitted_at,
        "author": review.author.graphql if review.author else None,
        "comments": _connection(
            (page, 0, len(page) < len(review.comments)), len(review.comments), _comment
        ),
    }


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "databaseId": comment.database_id,
        "fullDatabaseId": str(comment.database_id),
        "createdAt": comment.created_at,
        "author": comment.author.graphql if comment.author else None,
    }


def _issue(issue: Issue, comments: int) -> dict[str, Any]:
    page = issue.comments[:comments]
    return {
        "databaseId": issue.database_id,
        "fullDatabaseId": str(issue.database_id),
        "number": issue.number,
        "title": issue.title,
        "state": issue.state,
        "stateReason": issue.state_reason,
        "createdAt": issue.created_at,
        "updatedAt": issue.updated_at,
        "closedAt": issue.closed_at,
        "author": issue.author.graphql if issue.author else None,
        "assignees": {"nodes": [actor.graphql for actor in issue.assignees[:ASSIGNEES_FIRST]]},
        "labels": {"nodes": [{"name": label} for label in issue.labels[:LABELS_FIRST]]},
        "comments": _connection(
            (page, 0, len(page) < len(issue.comments)), len(issue.comments), _comment
        ),
    }


# Pagination: pull requests and issues by (updatedAt, databaseId), nested lists by position.
# A page is (items, position of the first item, whether more follow).

Page = tuple[Sequence[Any], int, bool]


def _connection(page: Page, total: int, shape: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    items, start, more = page
    if items and isinstance(items[-1], PullRequest | Issue):
        end_cursor = _encode(f"{items[-1].updated_at}|{items[-1].database_id}")
    elif items:
        end_cursor = _encode(str(start + len(items) - 1))
    else:
        end_cursor = None
    return {
        "totalCount": total,
        "pageInfo": {"hasNextPage": more, "endCursor": end_cursor},
        "nodes": [shape(item) for item in items],
    }


def _page_by_update(order: UpdateOrder, first: int, after: str | None) -> Page:
    start = 0
    if after is not None:
        updated_at, _, database_id = _decode(after).partition("|")
        if not database_id.isdigit():
            raise QueryError(f"`{after}` does not appear to be a valid cursor.")
        # Everything at or newer than the cursor's key came before it: a pull request
        # updated since moved to the front and is not repeated, as on GitHub.
        start = len(order.keys) - bisect.bisect_left(order.keys, (updated_at, int(database_id)))
    items = order.nodes[start : start + first]
    return items, start, start + len(items) < len(order.nodes)


def _page_by_index(items: list[Any], first: int, after: str | None) -> Page:
    start = 0
    if after is not None:
        position = _decode(after)
        if not position.isdigit():
            raise QueryError(f"`{after}` does not appear to be a valid cursor.")
        start = int(position) + 1
    page = items[start : start + first]
    return page, start, start + len(page) < len(items)


def _encode(key: str) -> str:
    return base64.b64encode(_CURSOR_PREFIX + key.encode()).decode()


def _decode(cursor: str) -> str:
    try:
        raw = base64.b64decode(cursor, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not raw.startswith(_CURSOR_PREFIX):
        raise QueryError(f"`{cursor}` does not appear to be a valid cursor.")
    return raw[len(_CURSOR_PREFIX) :].decode(errors="replace")


# Lookups and errors


def _repository(dataset, variables, visible, data, errors) -> Repository | None:
    owner, name = variables["owner"], variables["name"]
    repository = dataset.repository(f"{owner}/{name}")
    if repository is None or not visible(repository):
        data["repository"] = None
        errors.append(
            {
                "type": "NOT_FOUND",
                "path": ["repository"],
                "locations": [{"line": 5, "column": 3}],
                "message": f"Could not resolve to a Repository with the name '{owner}/{name}'.",
            }
        )
        return None
    return repository


def _not_found(path: list[str], kind: str, number: int) -> dict[str, Any]:
    return {
        "type": "NOT_FOUND",
        "path": path,
        "locations": [{"line": 6, "column": 5}],
        "message": f"Could not resolve to a {kind} with the number of {number}.",
    }


_TYPES: dict[str, Callable[[Any], bool]] = {
    "Int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "String": lambda value: isinstance(value, str),
    "ID": lambda value: isinstance(value, str | int) and not isinstance(value, bool),
}


def _check_variables(document: str, name: str, variables: dict[str, Any]) -> None:
    """The declared ``($name: Type!, ...)`` list, checked as GitHub checks variables."""
    header = document[document.index(name) + len(name) :].lstrip()
    declared = _VARIABLE.findall(header[: header.index(")")]) if header.startswith("(") else []
    for variable, type_name, required in declared:
        value = variables.get(variable)
        if value is None and not required:
            variables.setdefault(variable, None)
            continue
        if value is None:
            problem = "Expected value to not be null"
        elif not _TYPES.get(type_name, lambda _: True)(value):
            problem = f"Could not coerce value {value!r} to {type_name}"
        else:
            continue
        raise QueryError(
            f"Variable ${variable} of type {type_name}{required} was provided invalid value",
            extensions={"value": value, "problems": [{"path": [], "explanation": problem}]},
            locations=[{"line": 2, "column": 1}],
        )
