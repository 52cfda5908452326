"""The demo's activity: pull requests with their reviews, merge commits, credits and JIRA
issues, drawn project by project from one seeded random generator. The order of the draws is
part of the result: drawing in another order changes every row after it.

Everything is drawn in relative months (``clock``), where "now" is always the same moment:
each pull request's whole life is drawn as if it had all the time it needs, and what lies
after now is cut. So a pull request still in review, one waiting for its author, and the
reviews it has had so far fall out of the same draws on any day, and only the project's
clock (weekdays, releases) depends on the calendar.
"""

import hashlib
import math
import random
from typing import TYPE_CHECKING

from osc4you.demo.cast import (
    ACTIONS,
    BUMPED,
    CURRENT_MENTEES,
    MENTOR_OF,
    PEOPLE,
    PROJECTS,
    REVIEW_STATES,
    DemoPerson,
    DemoProject,
    active_pool,
    committer_pool,
    git_email,
    is_committer,
    pace,
    share,
)
from osc4you.demo.clock import MONTH_DAYS, MONTHS, Clock
from osc4you.demo.draws import at_work, days, pick, poisson
from osc4you.demo.issues import IssueDraws
from projects.models import (
    Commit,
    CommitCredit,
    Issue,
    Project,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
)

if TYPE_CHECKING:  # plan imports this module, so the plan's type is for the checker only
    from osc4you.demo.plan import DemoPlan

RATE = 1.0  # pull requests per unit of a person's pace
# GitHub ids of demo reviews and comments; real ids are far below this.
GITHUB_ID_BASE = 9 * 10**15


def _sha(*parts: object) -> str:
    return hashlib.sha1(":".join(["demo", *map(str, parts)]).encode()).hexdigest()


def release_times(index: int, project: DemoProject) -> list[float]:
    """When each of the project's versions ships (relative months), staggered between
    projects; versions after now are still ahead."""
    return [-MONTHS + 1.4 + 0.9 * index + k * 3.6 for k in range(len(project.versions))]


class Activity(IssueDraws):
    """Draws pull requests and everything around them, project by project."""

    def __init__(
        self, rng: random.Random, plan: "DemoPlan", clock: Clock, scale: float, ids: dict
    ) -> None:
        self.rng, self.plan, self.base, self.scale, self.ids = rng, plan, clock, scale, ids
        self.clock: Clock = clock
        self.shipped: list[float] = []

    def draw(self, project: DemoProject, repository: Repository, model: Project) -> None:
        rng = self.rng
        self.shipped = release_times(PROJECTS.index(project), project)
        self.clock = self.base.project([t for t in self.shipped if t < 1.0])
        opened: list[tuple[float, int, DemoPerson]] = []
        for month in range(-MONTHS + 1, 1):
            for index, person in enumerate(PEOPLE):
                if project.slug not in person.projects:
                    continue
                lam = pace(person, month) * share(person, project.slug) * RATE * self.scale
                count = poisson(rng, lam * rng.lognormvariate(0, 0.3)) if lam else 0
                span = min(1.0, person.stop - month)  # who stops this month, stops
                times = [month + span * rng.random() for _n in range(count)]
                if person.login in CURRENT_MENTEES:
                    times += self.mentee_shows_up(person, month, times)
                opened.extend((t, index, person) for t in times)
        opened.sort(key=lambda row: (row[0], row[1]))
        issues: list[tuple[float, Issue, PullRequest | None, Commit | None, str]] = []
        for number, (t, _index, author) in enumerate(opened, start=project.pr_base):
            issues.extend(self.pull_request(project, repository, model, number, t, author))
        for month in range(-MONTHS + 1, 1):
            for _n in range(poisson(rng, 5 * self.scale)):
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

    def mentee_shows_up(self, person: DemoPerson, month: int, times: list[float]) -> list[float]:
        """A current mentee opens a first pull request in their first month; one at work
        opened one in the last five days (likely still in review), one who went quiet did
        so after a last one: a mentor's dashboard tells them apart on the day they stop."""
        last = 0.84 if person.stop >= 1 else person.stop - 0.2
        if month == person.start and not times:
            return [month + self.rng.uniform(0.2, 0.9)]
        if month == math.floor(last) and not any(t >= last for t in times):
            return [last + (min(person.stop, 1.0) - last) * self.rng.uniform(0.1, 0.95)]
        return []

    def outcome(self, slug: str, t: float, author: DemoPerson) -> tuple[str, float]:
        """How a pull request would end and when (relative months), had it all the time it
        needs: most merge after days to weeks of review, some are closed, a few are left
        open after a round or two of review."""
        rng, State = self.rng, PullRequest.State
        if author.bot:
            state = rng.choices((State.MERGED, State.CLOSED), (7, 3))[0]
            return state, t + days(rng, 1.5 if state == State.MERGED else 6, 0.8)
        state = rng.choices((State.MERGED, State.CLOSED, State.OPEN), (0.86, 0.10, 0.04))[0]
        if state == State.OPEN:
            return state, t + days(rng, 20, 1.0)  # left: when its reviewers gave up
        # A committer's own changes go in faster; a newcomer's take a few rounds.
        median = 3.0 if is_committer(author, slug, math.floor(t)) else 7.0
        done = t + days(rng, median if state == State.MERGED else 12, 1.0)
        if author.in_review and t > 1 - 7 / MONTH_DAYS:
            return State.MERGED, max(done, t + 18 / MONTH_DAYS)
        return state, done

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
            bumped = rng.choice(BUMPED)
            summary = (
                f"Bump {bumped} from 1.{number % 7}.{number % 5} to 1.{number % 7}.{number % 5 + 1}"
                if author.login.startswith("dependabot")
                else "Update pre-commit hook versions"
            )
        else:
            summary = rng.choice(ACTIONS).format(rng.choice(project.subjects))
        outcome, planned = self.outcome(slug, t, author)
        state, done = outcome, planned
        # The author went quiet before it was done: it waits for them.
        left = outcome != State.OPEN and planned > author.stop
        if left or outcome == State.OPEN:
            # Stale after months without a word: the project closes it.
            state = State.OPEN
            done = min(planned, author.stop) + rng.uniform(3.0, 5.0)
            if done < clock.end:
                state = State.CLOSED
        elif planned >= clock.end:
            state = State.OPEN  # still in review
        merged = state == State.MERGED
        pull = PullRequest(
            repository=repository,
            number=number,
            author=self.ids[author.login].github,
            state=state,
            is_draft=state == State.OPEN and not left and rng.random() < 0.15,
            title=project.plain_title.format(summary=summary),
            labels=["dependencies"] if author.bot else [rng.choice(project.components)],
            created_at=clock.at(t),
            additions=int(rng.lognormvariate(3.5, 1.3)),
            changed_files=max(1, int(rng.lognormvariate(1.0, 0.9))),
        )
        pull.deletions = int((pull.additions or 0) * rng.uniform(0.05, 0.8))
        plan.pull_requests.append(pull)

        approves = outcome == State.MERGED and not left  # merged, or approved by now
        reviewers, merger = self.reviewers(slug, author, month, math.floor(planned), approves)
        times = self.review_times(reviewers, t, planned, approves)
        last = self.reviews(pull, PROJECTS.index(project), reviewers, times, author, approves, left)
        last = t if last is None else max(t, last)
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
            assert merger is not None  # a merged pull request has who merged it
            commit = self.commit(project, repository, pull, t, author, merger, reviewers)
        if author.bot or rng.random() >= project.linked:
            if commit is not None:
                commit.subject = f"{pull.title} (#{number})"
            return []
        reported = max(-MONTHS + 1.0, author.start, t - rng.uniform(0, 0.6))
        issue = self.issue(project, model, reported, author)
        issue.assignee = self.ids[author.login].jira
        issue.summary = summary
        if merged:
            self.resolve(issue, project, min(done + rng.uniform(0, 0.01), clock.end), "Fixed")
        else:
            issue.status = "Patch Available" if state == State.OPEN else "Open"
        self.issue_comments(issue, t, min(done, clock.end), slug, author)
        return [(t, issue, pull, commit, summary)]

    def reviewers(
        self, slug: str, author: DemoPerson, month: int, merge_month: int, merges: bool
    ) -> tuple[list[DemoPerson], DemoPerson | None]:
        """Who reviews (mentors far likelier on their own mentees' work) and who merges."""
        rng = self.rng
        pool = [
            (p, w * (4 if MENTOR_OF.get(author.login) == p.login else 1))
            for p, w in active_pool(slug, month)
        ]
        reviewers = pick(rng, pool, 1 if author.bot else 1 + poisson(rng, 0.9), [author])
        if not merges:
            return reviewers, None
        mergers = committer_pool(slug, min(merge_month, 0))
        candidates = [row for row in mergers if row[0] in reviewers] or mergers
        merger = pick(rng, candidates, 1, [author] if len(candidates) > 1 else [])[0]
        if author.bot:
            reviewers = [merger]
        elif merger is not author:  # the merger's review comes last
            reviewers = [p for p in reviewers if p is not merger] + [merger]
        return reviewers, merger

    def review_times(
        self, reviewers: list[DemoPerson], t: float, end: float, approves: bool
    ) -> list[float]:
        """A first look after a day or two (before the end), the next rounds spread up to
        the end; the merger approves last, hours to days before merging."""
        rng = self.rng
        first = min(t + days(rng, 1.5, 1.0), t + (end - t) * rng.uniform(0.2, 0.7))
        times = sorted([first] + [rng.uniform(first, end) for _p in reviewers[1:]])
        if approves and reviewers:
            times[-1] = max(times[-1], end - days(rng, 0.5, 1.2))
        return [min(max(at, t), end) for at in times]

    def reviews(
        self,
        pull: PullRequest,
        index: int,
        reviewers: list[DemoPerson],
        times: list[float],
        author: DemoPerson,
        approves: bool,
        left: bool,
    ) -> float | None:
        """Reviews in time order, the merger's approval last, with their comments and the
        author's replies; none after now, nor by anyone after they stopped. Returns when
        the last of them happened, if any did."""
        rng, clock, plan = self.rng, self.clock, self.plan
        kept = [
            (k, reviewer, at)
            for k, (reviewer, at) in enumerate(zip(reviewers, times, strict=True))
            if at < clock.end and at < reviewer.stop
        ]
        if not kept:
            return None
        last = kept[0][2]
        for n, (k, reviewer, at) in enumerate(kept):
            state = rng.choices(*REVIEW_STATES)[0]
            if approves and k == len(reviewers) - 1:
                state = Review.State.APPROVED
            elif left and n == len(kept) - 1 and rng.random() < 0.7:
                state = Review.State.CHANGES_REQUESTED  # and the author never came back
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
            for c in range(poisson(rng, 0.3 if state == Review.State.APPROVED else 1.0)):
                plan.review_comments.append(
                    ReviewComment(
                        pull_request=pull,
                        review=review,
                        github_id=github_id + 1 + c,
                        author=review.reviewer,
                        created_at=submitted,
                    )
                )
                reply = at + rng.uniform(0.005, 0.05)
                if c == 0 and rng.random() < 0.4 and reply < min(clock.end, author.stop):
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
        t: float,
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
            pool = at_work(active_pool(project.slug, math.floor(t)), t)
            for partner in pick(rng, pool, 1, [author, *credited]):
                self.plan.credits.append(
                    CommitCredit(
                        commit=commit,
                        identity=self.ids[partner.login].email,
                        kind=CommitCredit.Kind.CO_AUTHOR,
                        raw=f"Co-authored-by: {partner.name} <{git_email(partner)}>",
                    )
                )
        return commit

    def releases(self, project: DemoProject, repository: Repository) -> None:
        """A version bump on the branch every few months: commits without a pull request."""
        for t, version in zip(self.shipped, project.versions, strict=True):
            if t >= self.clock.end:
                break
            month = math.floor(t)
            releaser = pick(self.rng, committer_pool(project.slug, month), 1, [])[0]
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
