"""The demo's activity: pull requests with their reviews, merge commits, credits and JIRA
issues, drawn project by project from one seeded random generator. The order of the draws is
part of the result: drawing in another order changes every row after it."""

import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from osc4you.demo.cast import (
    ACTIONS,
    ACTIVE_MENTEES,
    BUMPED,
    ISSUE_TYPES,
    MENTOR_OF,
    PEOPLE,
    PRIORITIES,
    PROJECTS,
    REPORTS,
    REVIEW_STATES,
    DemoPerson,
    DemoProject,
    active_pool,
    committer_pool,
    git_email,
    pace,
    share,
)
from osc4you.demo.clock import MONTHS, Clock
from projects.models import (
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    Project,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
)

if TYPE_CHECKING:  # plan imports this module, so the plan's type is for the checker only
    from osc4you.demo.plan import DemoPlan

RATE = 1.3  # pull requests per unit of a person's pace; tuned for ~50,000 records at scale 1
# GitHub ids of demo reviews and comments; real ids are far below this.
GITHUB_ID_BASE = 9 * 10**15


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _pick(
    rng: random.Random,
    pool: Sequence[tuple[DemoPerson, float]],
    k: int,
    exclude: Iterable[DemoPerson],
) -> list[DemoPerson]:
    """Up to k people, weighted, without replacement."""
    skip = set(exclude)
    candidates = [(person, weight) for person, weight in pool if person not in skip]
    chosen: list[DemoPerson] = []
    while candidates and len(chosen) < k:
        weights = [weight for _person, weight in candidates]
        index = rng.choices(range(len(candidates)), weights)[0]
        chosen.append(candidates.pop(index)[0])
    return chosen


def _sha(*parts: object) -> str:
    return hashlib.sha1(":".join(["demo", *map(str, parts)]).encode()).hexdigest()


class Activity:
    """Draws pull requests and everything around them, project by project."""

    def __init__(
        self, rng: random.Random, plan: "DemoPlan", clock: Clock, scale: float, ids: dict
    ) -> None:
        self.rng, self.plan, self.clock, self.scale, self.ids = rng, plan, clock, scale, ids

    def draw(self, project: DemoProject, repository: Repository, model: Project) -> None:
        rng = self.rng
        opened: list[tuple[float, int, DemoPerson]] = []
        for month in range(-MONTHS + 1, 1):
            for index, person in enumerate(PEOPLE):
                if project.slug not in person.projects:
                    continue
                lam = pace(person, month) * share(person, project.slug) * RATE * self.scale
                count = _poisson(rng, lam * rng.lognormvariate(0, 0.3)) if lam else 0
                if month == 0 and person.login in ACTIVE_MENTEES:
                    count = max(count, 1)  # every active mentee shows up this month
                opened.extend((month + rng.random(), index, person) for _n in range(count))
        opened.sort(key=lambda row: (row[0], row[1]))
        issues: list[tuple[float, Issue, PullRequest | None, Commit | None, str]] = []
        for number, (t, _index, author) in enumerate(opened, start=project.pr_base):
            issues.extend(self.pull_request(project, repository, model, number, t, author))
        for month in range(-MONTHS + 1, 1):
            for _n in range(_poisson(rng, 5 * self.scale)):
                issues.append(self.standalone_issue(project, model, month + rng.random()))
        # JIRA keys follow creation order; titles and subjects quote them.
        issues.sort(key=lambda row: row[0])
        for key_number, (_t, issue, pull, commit, summary) in enumerate(
            issues, start=project.issue_base
        ):
            issue.key = f"{project.jira_key}-{key_number}"
            issue.external_id = f"demo-{issue.key}"
            if pull is not None:
                pull.title = project.linked_title.format(key=issue.key, summary=summary)
                if commit is not None:
                    commit.subject = f"{pull.title} (#{pull.number})"
        self.releases(project, repository)

    def pull_request(
        self,
        project: DemoProject,
        repository: Repository,
        model: Project,
        number: int,
        t: float,
        author: DemoPerson,
    ) -> list[tuple[float, Issue, PullRequest | None, Commit | None, str]]:
        rng, clock, plan, slug = self.rng, self.clock, self.plan, project.slug
        State = PullRequest.State
        month = math.floor(t)
        if author.bot:
            state = rng.choices((State.MERGED, State.CLOSED), (7, 3))[0]
            bumped = rng.choice(BUMPED)
            summary = (
                f"Bump {bumped} from 1.{number % 7}.{number % 5} to 1.{number % 7}.{number % 5 + 1}"
                if author.login.startswith("dependabot")
                else "Update pre-commit hook versions"
            )
        else:
            p_open = {0: 0.5, -1: 0.18}.get(month, 0.02)
            state = rng.choices(
                (State.MERGED, State.OPEN, State.CLOSED), (0.92 - p_open, p_open, 0.08)
            )[0]
            summary = rng.choice(ACTIONS).format(rng.choice(project.subjects))
        merged, done = state == State.MERGED, t
        if state != State.OPEN:
            delay = rng.lognormvariate(math.log(3), 0.9) / 30.44
            if t + delay >= clock.end:
                delay = (clock.end - t) * rng.uniform(0.3, 0.95)
            done = t + delay
        additions = int(rng.lognormvariate(3.5, 1.3))
        pull = PullRequest(
            repository=repository,
            number=number,
            author=self.ids[author.login].github,
            state=state,
            is_draft=state == State.OPEN and rng.random() < 0.2,
            title=project.plain_title.format(summary=summary),
            labels=["dependencies"] if author.bot else [rng.choice(project.components)],
            created_at=clock.at(t),
            additions=additions,
            changed_files=max(1, int(rng.lognormvariate(1.0, 0.9))),
        )
        pull.deletions = int(additions * rng.uniform(0.05, 0.8))
        plan.pull_requests.append(pull)

        reviewers, merger = self.reviewers(slug, author, month, math.floor(done), merged)
        last = self.reviews(pull, PROJECTS.index(project), reviewers, t, done, merged)
        if merged:
            assert merger is not None  # reviewers() names one for every merged pull request
            pull.merged_at = pull.closed_at = pull.updated_at = clock.at(done)
            pull.merged_by = self.ids[merger.login].github
            pull.merge_commit_sha = _sha(slug, "pr", number)
        elif state == State.CLOSED:
            pull.closed_at = pull.updated_at = clock.at(done)
        else:
            pull.updated_at = clock.at(last)

        commit = None
        if merged:
            assert merger is not None
            commit = self.commit(project, repository, pull, month, author, merger, reviewers)
        if author.bot or rng.random() >= project.linked:
            if commit is not None:
                commit.subject = f"{pull.title} (#{number})"
            return []
        issue = self.issue(project, model, max(-MONTHS + 1.0, t - rng.uniform(0, 0.6)), author)
        issue.assignee = self.ids[author.login].jira
        issue.summary = summary
        if merged:
            self.resolve(issue, project, min(done + rng.uniform(0, 0.01), clock.end), "Fixed")
        else:
            issue.status = "Patch Available" if state == State.OPEN else "Open"
        self.issue_comments(issue, t, done if merged else clock.end, slug, author)
        return [(t, issue, pull, commit, summary)]

    def reviewers(
        self, slug: str, author: DemoPerson, month: int, merge_month: int, merged: bool
    ) -> tuple[list[DemoPerson], DemoPerson | None]:
        """Who reviews (mentors far likelier on their own mentees' work) and who merges."""
        rng = self.rng
        pool = [
            (p, w * (4 if MENTOR_OF.get(author.login) == p.login else 1))
            for p, w in active_pool(slug, month)
        ]
        reviewers = _pick(rng, pool, 1 if author.bot else 1 + _poisson(rng, 0.9), [author])
        if not merged:
            return reviewers, None
        mergers = committer_pool(slug, merge_month)
        candidates = [row for row in mergers if row[0] in reviewers] or mergers
        merger = _pick(rng, candidates, 1, [author] if len(candidates) > 1 else [])[0]
        if author.bot:
            reviewers = [merger]
        elif merger not in reviewers and merger is not author:
            reviewers.append(merger)
        return reviewers, merger

    def reviews(
        self,
        pull: PullRequest,
        index: int,
        reviewers: list[DemoPerson],
        t: float,
        done: float,
        merged: bool,
    ) -> float:
        """Reviews in time order, the merger's approval last, with their comments and the
        author's replies; returns when the last of them happened."""
        rng, clock, plan, last = self.rng, self.clock, self.plan, t
        times = sorted(t + (done - t) * rng.uniform(0.05, 0.98) for _person in reviewers)
        for k, (reviewer, at) in enumerate(zip(reviewers, times, strict=True)):
            approves = merged and k == len(reviewers) - 1
            state = Review.State.APPROVED if approves else rng.choices(*REVIEW_STATES)[0]
            github_id = GITHUB_ID_BASE + index * 10**12 + pull.number * 1000 + k * 50
            submitted = clock.at(at)
            review = Review(
                pull_request=pull,
                github_id=github_id,
                reviewer=self.ids[reviewer.login].github,
                state=state,
                submitted_at=submitted,
            )
            plan.reviews.append(review)
            last = max(last, at)
            for c in range(_poisson(rng, 0.3 if state == Review.State.APPROVED else 1.0)):
                plan.review_comments.append(
                    ReviewComment(
                        pull_request=pull,
                        review=review,
                        github_id=github_id + 1 + c,
                        author=review.reviewer,
                        created_at=submitted,
                    )
                )
                if c == 0 and rng.random() < 0.4:
                    reply = min(at + rng.uniform(0.005, 0.05), clock.end)
                    last = max(last, reply)
                    plan.review_comments.append(
                        ReviewComment(
                            pull_request=pull,
                            github_id=github_id + 40,
                            author=pull.author,
                            created_at=clock.at(reply),
                        )
                    )
        return last

    def commit(
        self,
        project: DemoProject,
        repository: Repository,
        pull: PullRequest,
        month: int,
        author: DemoPerson,
        merger: DemoPerson,
        reviewers: list[DemoPerson],
    ) -> Commit:
        rng = self.rng
        with_stats = rng.random() < 0.8
        assert pull.merged_at is not None  # called for merged pull requests only
        commit = Commit(
            repository=repository,
            sha=pull.merge_commit_sha,
            author=self.ids[author.login].email,
            committer=self.ids[merger.login].email,
            authored_at=pull.created_at,
            committed_at=pull.merged_at,
            pr_number=pull.number,
            pull_request=pull,
            files_changed=pull.changed_files if with_stats else None,
            additions=pull.additions if with_stats else None,
            deletions=pull.deletions if with_stats else None,
        )
        self.plan.commits.append(commit)
        credited = [p for p in reviewers if p is not author]
        line = "Reviewers: " + ", ".join(f"{p.name} <{git_email(p)}>" for p in credited)
        for person in credited:
            self.plan.credits.append(
                CommitCredit(
                    commit=commit,
                    identity=self.ids[person.login].email,
                    kind=CommitCredit.Kind.REVIEWER,
                    raw=line,
                )
            )
        if not author.bot and rng.random() < 0.06:
            pool = active_pool(project.slug, month)
            for partner in _pick(rng, pool, 1, [author, *credited]):
                self.plan.credits.append(
                    CommitCredit(
                        commit=commit,
                        identity=self.ids[partner.login].email,
                        kind=CommitCredit.Kind.CO_AUTHOR,
                        raw=f"Co-authored-by: {partner.name} <{git_email(partner)}>",
                    )
                )
        return commit

    def issue(self, project: DemoProject, model: Project, t: float, author: DemoPerson) -> Issue:
        rng = self.rng
        pool = active_pool(project.slug, math.floor(t)) or [(author, 1.0)]
        reporter = author if rng.random() < 0.6 else _pick(rng, pool, 1, [])[0]
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
        version = project.versions[min(len(project.versions) - 1, int((t + MONTHS) / 3.6))]
        issue.fix_versions = [version] if resolution == "Fixed" else []

    def issue_comments(
        self, issue: Issue, start: float, end: float, slug: str, author: DemoPerson
    ) -> None:
        pool = active_pool(slug, math.floor(start)) or [(author, 1.0)]
        for c in range(_poisson(self.rng, 1.3)):
            who = author if self.rng.random() < 0.3 else _pick(self.rng, pool, 1, [])[0]
            at = self.clock.at(start + (end - start) * self.rng.random())
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
        reporter = _pick(rng, active_pool(project.slug, month), 1, [])[0]
        summary = rng.choice(REPORTS)
        issue = self.issue(project, model, t, reporter)
        issue.reporter = issue.creator = self.ids[reporter.login].jira
        issue.summary = summary.format(rng.choice(project.subjects))
        end = self.clock.end
        if month < 0 and rng.random() < 0.4:
            fixer = _pick(rng, committer_pool(project.slug, month), 1, [])[0]
            issue.assignee = self.ids[fixer.login].jira
            done = min(t + rng.uniform(0.05, 2.0), self.clock.end)
            resolution = rng.choices(("Fixed", "Duplicate", "Not A Problem"), (0.7, 0.2, 0.1))[0]
            self.resolve(issue, project, done, resolution)
            end = done
        self.issue_comments(issue, t, end, project.slug, reporter)
        return (t, issue, None, None, issue.summary)

    def releases(self, project: DemoProject, repository: Repository) -> None:
        """A version bump on the branch every few months: commits without a pull request."""
        for k, version in enumerate(project.versions):
            t = -MONTHS + 1 + k * 3.6 + 0.4
            if t >= self.clock.end:
                break
            month = math.floor(t)
            releaser = _pick(self.rng, committer_pool(project.slug, month), 1, [])[0]
            at = self.clock.at(t)
            self.plan.commits.append(
                Commit(
                    repository=repository,
                    sha=_sha(project.slug, "release", version),
                    author=self.ids[releaser.login].email,
                    committer=self.ids[releaser.login].email,
                    authored_at=at,
                    committed_at=at,
                    subject=f"Bump version to {version}",
                )
            )
