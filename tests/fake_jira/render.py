"""Issues, users and comments in JIRA's JSON, Server style or Cloud style.

Shapes follow the REST references: Server/Data Center
(docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search) and Cloud
(developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search). A Server user
has ``name`` and ``key``; a Cloud user only ``accountId`` (names were removed for privacy).
Cloud's v3 writes comment bodies in the Atlassian Document Format, v2 as plain text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import tzinfo
from typing import Any

from tests.fake_jira.records import CATEGORIES, STATUS_CATEGORIES, Comment, Issue, User, jira_time

FIELDS = (
    "summary", "issuetype", "priority", "status", "resolution", "created", "updated",
    "resolutiondate", "reporter", "assignee", "creator", "fixVersions", "components",
    "project", "comment",
)  # fmt: skip
# The issue navigator's columns: every field but the comments.
NAVIGABLE = frozenset(FIELDS) - {"comment"}
ISSUE_EXPAND = "operations,versionedRepresentations,editmeta,changelog,renderedFields"
EMAIL_VISIBILITY = ("hidden", "public", "masked")

# The ids a stock JIRA gives these; anything else gets a stable made-up one.
_IDS = {
    "issuetype": {"Bug": 1, "New Feature": 2, "Task": 3, "Improvement": 4, "Wish": 5,
                  "Test": 6, "Sub-task": 7},
    "priority": {"Blocker": 1, "Critical": 2, "Major": 3, "Minor": 4, "Trivial": 5},
    "status": {"Open": 1, "In Progress": 3, "Reopened": 4, "Resolved": 5, "Closed": 6,
               "To Do": 10000, "Done": 10001, "Patch Available": 10002, "In Review": 10003},
    "resolution": {"Fixed": 1, "Won't Fix": 2, "Duplicate": 3, "Incomplete": 4,
                   "Cannot Reproduce": 5, "Invalid": 6, "Not A Problem": 7, "Done": 10000,
                   "Won't Do": 10001},
}  # fmt: skip


def requested_fields(values: Iterable[str], default: frozenset[str]) -> frozenset[str]:
    """JIRA's ``fields`` parameter, repeatable and comma-separated: names, ``*all``,
    ``*navigable``, ``-name`` to drop one. Only exclusions: the navigable ones less those."""
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not parts:
        return default
    included: set[str] = set()
    excluded: set[str] = set()
    for part in parts:
        if part == "*all":
            included.update(FIELDS)
        elif part == "*navigable":
            included.update(NAVIGABLE)
        elif part.startswith("-"):
            excluded.add(part[1:])
        else:
            included.add(part)
    if not included:
        included.update(NAVIGABLE)
    return frozenset(included - excluded)


class Renderer:
    """Renders for one base URL, API version and server setting; reusable across requests."""

    def __init__(
        self,
        *,
        base: str,
        api: str,
        cloud: bool,
        zone: tzinfo,
        email_visibility: str,
        inline_comments: int | None,
    ) -> None:
        assert email_visibility in EMAIL_VISIBILITY, email_visibility
        self.base = base
        self.api = api
        self.rest = f"{base}/rest/api/{api}"
        self.cloud = cloud
        self.zone = zone
        self.email_visibility = email_visibility
        self.inline_comments = inline_comments
        self._named: dict[tuple[str, str], dict[str, Any]] = {}
        self._user_key = (base, api, cloud, email_visibility)

    def time(self, millis: int | None) -> str | None:
        return None if millis is None else jira_time(millis, self.zone)

    # Users

    def user(self, user: User | None) -> dict[str, Any] | None:
        if user is None:
            return None
        cached = user.cache.get(self._user_key)
        if cached is None:
            cached = self._cloud_user(user) if self.cloud else self._server_user(user)
            user.cache[self._user_key] = cached
        return cached

    def _server_user(self, user: User) -> dict[str, Any]:
        body: dict[str, Any] = {
            "self": f"{self.rest}/user?username={user.name}",
            "name": user.name,
            "key": user.key,
        }
        email = self._email(user.email)
        if email is not None:
            body["emailAddress"] = email
        body["avatarUrls"] = self._avatars(f"{self.base}/secure/useravatar?ownerId={user.key}")
        body["displayName"] = user.display_name
        body["active"] = user.active
        body["timeZone"] = user.time_zone
        return body

    def _cloud_user(self, user: User) -> dict[str, Any]:
        # An anonymized (GDPR-deleted) account shows as "Former user" on Cloud.
        anonymized = user.name.startswith("jirauser") and not user.active
        body: dict[str, Any] = {
            "self": f"{self.rest}/user?accountId={user.account_id}",
            "accountId": user.account_id,
        }
        if self.email_visibility == "public" and user.email:
            body["emailAddress"] = user.email
        body["avatarUrls"] = self._avatars(
            f"https://secure.gravatar.com/avatar/{hashlib.md5(user.account_id.encode()).hexdigest()}"
        )
        body["displayName"] = "Former user" if anonymized else user.display_name
        body["active"] = user.active
        body["timeZone"] = user.time_zone
        body["accountType"] = "atlassian"
        return body

    def _email(self, email: str | None) -> str | None:
        if email is None or self.email_visibility == "hidden":
            return None
        if self.email_visibility == "masked":  # JIRA's "mask" setting
            return email.replace("@", " at ").replace(".", " dot ")
        return email

    @staticmethod
    def _avatars(url: str) -> dict[str, str]:
        joiner = "&" if "?" in url else "?"
        return {
            "48x48": url,
            "24x24": f"{url}{joiner}size=small",
            "16x16": f"{url}{joiner}size=xsmall",
            "32x32": f"{url}{joiner}size=medium",
        }

    # Issues

    def issue(self, issue: Issue, fields: frozenset[str]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "expand": ISSUE_EXPAND,
            "id": str(issue.id),
            "self": f"{self.rest}/issue/{issue.id}",
            "key": issue.key,
        }
        values: dict[str, Any] = {}
        for name in FIELDS:
            if name in fields:
                values[name] = self._field(issue, name)
        body["fields"] = values
        return body

    def _field(self, issue: Issue, name: str) -> Any:
        if name == "summary":
            return issue.summary
        if name == "created":
            return self.time(issue.created)
        if name == "updated":
            return self.time(issue.updated)
        if name == "resolutiondate":
            return self.time(issue.resolved)
        if name in ("reporter", "assignee", "creator"):
            return self.user(getattr(issue, name))
        if name == "issuetype":
            return self._named_value("issuetype", issue.issue_type)
        if name in ("priority", "resolution"):
            value = getattr(issue, name)
            return None if value is None else self._named_value(name, value)
        if name == "status":
            return self._named_value("status", issue.status)
        if name == "fixVersions":
            project = issue.project
            return [self._version(project.version_id(v), v) for v in issue.fix_versions]
        if name == "components":
            project = issue.project
            return [self._component(project.component_id(c), c) for c in issue.components]
        if name == "project":
            return self._project(issue)
        assert name == "comment", name
        comments = issue.comments
        shown = comments if self.inline_comments is None else comments[: self.inline_comments]
        return {
            "comments": [self.comment(issue, comment) for comment in shown],
            "maxResults": len(shown) if self.inline_comments is None else self.inline_comments,
            "total": len(comments),
            "startAt": 0,
        }

    def comment(self, issue: Issue, comment: Comment) -> dict[str, Any]:
        author = self.user(comment.author)
        body: dict[str, Any] = {
            "self": f"{self.rest}/issue/{issue.id}/comment/{comment.id}",
            "id": str(comment.id),
            "author": author,
            "body": self._body(comment.body),
            "updateAuthor": author,
            "created": self.time(comment.created),
            "updated": self.time(comment.updated),
        }
        if author is None:  # JIRA leaves out who wrote it rather than sending null
            del body["author"], body["updateAuthor"]
        if self.cloud:
            body["jsdPublic"] = True
        return body

    def comment_page(
        self, issue: Issue, comments: list[Comment], *, start_at: int, max_results: int
    ) -> dict[str, Any]:
        page = comments[start_at : start_at + max_results]
        return {
            "startAt": start_at,
            "maxResults": max_results,
            "total": len(comments),
            "comments": [self.comment(issue, comment) for comment in page],
        }

    def _body(self, text: str) -> Any:
        if self.api != "3":
            return text
        paragraph = {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        return {"type": "doc", "version": 1, "content": [paragraph]}

    def _named_value(self, kind: str, name: str) -> dict[str, Any]:
        cached = self._named.get((kind, name))
        if cached is not None:
            return cached
        made_up = 20000 + int(hashlib.sha1(name.encode()).hexdigest()[:4], 16)
        ident = str(_IDS[kind].get(name) or made_up)
        value: dict[str, Any] = {"self": f"{self.rest}/{kind}/{ident}"}
        if kind == "issuetype":
            value |= {
                "id": ident,
                "description": "",
                "iconUrl": f"{self.base}/secure/viewavatar?size=xsmall&avatarId=2131{ident}",
                "name": name,
                "subtask": name == "Sub-task",
            }
        elif kind == "priority":
            value |= {
                "iconUrl": f"{self.base}/images/icons/priorities/{name.lower()}.svg",
                "name": name,
                "id": ident,
            }
        elif kind == "status":
            category = STATUS_CATEGORIES[name]
            category_id, color, category_name = CATEGORIES[category]
            value |= {
                "description": "",
                "iconUrl": f"{self.base}/images/icons/statuses/generic.png",
                "name": name,
                "id": ident,
                "statusCategory": {
                    "self": f"{self.rest}/statuscategory/{category_id}",
                    "id": category_id,
                    "key": category,
                    "colorName": color,
                    "name": category_name,
                },
            }
        else:
            value |= {"id": ident, "description": "", "name": name}
        self._named[(kind, name)] = value
        return value

    def _version(self, ident: int, name: str) -> dict[str, Any]:
        return {
            "self": f"{self.rest}/version/{ident}",
            "id": str(ident),
            "description": "",
            "name": name,
            "archived": False,
            "released": True,
        }

    def _component(self, ident: int, name: str) -> dict[str, Any]:
        return {"self": f"{self.rest}/component/{ident}", "id": str(ident), "name": name}

    def _project(self, issue: Issue) -> dict[str, Any]:
        project = issue.project
        cached = self._named.get(("project", project.key))
        if cached is None:
            cached = {
                "self": f"{self.rest}/project/{project.id}",
                "id": str(project.id),
                "key": project.key,
                "name": project.name,
                "projectTypeKey": "software",
                "avatarUrls": self._avatars(
                    f"{self.base}/secure/projectavatar?pid={project.id}&avatarId=10011"
                ),
            }
            self._named[("project", project.key)] = cached
        return cached
