"""The demo's JIRA issues: those its pull requests fix, with their comments and resolutions,
and those reported on their own. Drawn by ``activity`` as it goes, from the same generator."""

import bisect
import math
import random
from typing import TYPE_CHECKING

from osc4you.demo.cast import (
    ISSUE_TYPES,
    PRIORITIES,
    REPORTS,
    DemoPerson,
    DemoProject,
    active,
    active_pool,
    committer_pool,
)
from osc4you.demo.clock import Clock
from osc4you.demo.draws import at_work, pick, poisson
from projects.models import Issue, IssueComment, Project

if TYPE_CHECKING:  # plan imports activity, which imports this module
    from osc4you.demo.plan import DemoPlan


class IssueDraws:
    """The issue half of ``activity.Activity``: draws on its generator, clock and plan."""

    rng: random.Random
    plan: "DemoPlan"
    clock: Clock
    ids: dict
    shipped: list[float]  # when the project's versions ship, relative months

    def issue(self, project: DemoProject, model: Project, t: float, author: DemoPerson) -> Issue:
        rng = self.rng
        pool = at_work(active_pool(project.slug, math.floor(t)), t) or [(author, 1.0)]
        reporter = author if rng.random() < 0.6 else pick(rng, pool, 1, [])[0]
        created = self.clock.at(t)
        issue = Issue(
            project=model,
            tracker=Issue.Tracker.JIRA,
            reporter=self.ids[reporter.login].jira,
            creator=self.ids[reporter.login].jira,
            issue_type=rng.choices(*ISSUE_TYPES)[0],
            priority=rng.choices(*PRIORITIES)[0],
            status="Open",
            components=[rng.choice(project.components)],
            created_at=created,
            updated_at=created,
        )
        self.plan.issues.append(issue)
        return issue

    def resolve(self, issue: Issue, project: DemoProject, t: float, resolution: str) -> None:
        issue.status, issue.resolution = "Resolved", resolution
        issue.resolved_at = issue.updated_at = self.clock.at(t)
        # The first release after the fix ships it.
        shipping = min(len(project.versions) - 1, bisect.bisect_left(self.shipped, t))
        version = project.versions[shipping]
        issue.fix_versions = [version] if resolution == "Fixed" else []

    def issue_comments(
        self, issue: Issue, start: float, end: float, slug: str, author: DemoPerson
    ) -> None:
        rng, pool = self.rng, active_pool(slug, math.floor(start))
        for c in range(poisson(rng, 1.3)):
            by_author, t = rng.random() < 0.3, start + (end - start) * rng.random()
            others = at_work(pool, t)
            if by_author and active(author, t):
                who = author
            elif others:
                who = pick(rng, others, 1, [])[0]
            else:
                continue
            at = self.clock.at(t)
            self.plan.issue_comments.append(
                IssueComment(
                    issue=issue,
                    external_id=str(c),  # prefixed with the issue's id once keys are known
                    author=self.ids[who.login].jira,
                    created_at=at,
                )
            )
            issue.updated_at = max(issue.updated_at, at)

    def standalone_issue(
        self, project: DemoProject, model: Project, t: float
    ) -> tuple[float, Issue, None, None, str]:
        rng = self.rng
        month = math.floor(t)
        pool = active_pool(project.slug, month)
        reporter = pick(rng, at_work(pool, t) or pool, 1, [])[0]
        summary = rng.choice(REPORTS)
        issue = self.issue(project, model, t, reporter)
        issue.reporter = issue.creator = self.ids[reporter.login].jira
        issue.summary = summary.format(rng.choice(project.subjects))
        end = self.clock.end
        if month < 0 and rng.random() < 0.4:
            fixer = pick(rng, committer_pool(project.slug, month), 1, [])[0]
            issue.assignee = self.ids[fixer.login].jira
            done = min(t + rng.uniform(0.05, 2.0), self.clock.end)
            resolution = rng.choices(("Fixed", "Duplicate", "Not A Problem"), (0.7, 0.2, 0.1))[0]
            self.resolve(issue, project, done, resolution)
            end = done
        self.issue_comments(issue, t, end, project.slug, reporter)
        return (t, issue, None, None, issue.summary)
