"""A small camp with known figures, shared by the camp page and camp report tests.

香菜饅頭營 runs 1–15 January 2025 in Asia/Taipei (UTC+8). Participants:
- 陳瑋 Wei Chen (Kafka, mentored by Mentor Ming): 2 PRs opened (one at 00:00 local on the
  first day), 1 merged, 1 review, 1 issue reported; her first contribution ever, so a first
  contribution during the camp; committer in Kafka on 10 January.
- Ann Lee (Ozone, mentored by Tsai): 1 commit landed a second before the window closes,
  1 issue resolved; contributed before the camp; graduated.
- Mentee Mei (Kafka, mentored by Mentor Ming) when the cast's mentee is given: a PR opened at
  00:00 local on the day after the last day, which is out.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity
from tests.factories import (
    CohortFactory,
    CommitFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    IssueFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
    TitleFactory,
)

OPENS = datetime(2024, 12, 31, 16, 0, tzinfo=UTC)  # 2025-01-01 00:00 in Taipei
CLOSES = datetime(2025, 1, 15, 16, 0, tzinfo=UTC)  # 2025-01-16 00:00 in Taipei: out


@dataclass
class KnownCamp:
    cohort: Cohort
    wei: Contributor
    ann: Contributor
    tsai: Contributor  # a mentor of the camp named on an enrolment
    wei_enrollment: Enrollment
    ann_enrollment: Enrollment


def make_camp(*, mentor=None, mentee=None) -> KnownCamp:
    """The camp above; ``mentor`` and ``mentee`` are the cast's users, enrolled when given."""
    kafka = ProjectFactory(name="Kafka", slug="kafka")
    ozone = ProjectFactory(name="Ozone", slug="ozone")
    kafka_repo = RepositoryFactory(project=kafka, owner="apache", name="kafka")
    ozone_repo = RepositoryFactory(project=ozone, owner="apache", name="ozone")
    cohort = CohortFactory(
        name="香菜饅頭營", slug="xiangcai", starts_on=date(2025, 1, 1), ends_on=date(2025, 1, 15)
    )
    cohort.projects.set([kafka, ozone])
    ming = mentor.contributor if mentor is not None else ContributorFactory(display_name="Ming")
    tsai = ContributorFactory(display_name="Tsai", slug="tsai")

    wei = ContributorFactory(
        display_name="Wei Chen", chinese_name="陳瑋", slug="wei-chen", github_login="weichen"
    )
    wei_enrollment = EnrollmentFactory(
        cohort=cohort, contributor=wei, project=kafka, mentor=ming, goal="Land KIP-1000"
    )
    github = IdentityFactory(contributor=wei, kind=Identity.Kind.GITHUB, value="weichen")
    jira = IdentityFactory(contributor=wei, kind=Identity.Kind.JIRA, value="weichen")
    PullRequestFactory(repository=kafka_repo, author=github, created_at=OPENS, merged_at=OPENS)
    PullRequestFactory(
        repository=kafka_repo,
        author=github,
        created_at=OPENS + timedelta(days=8),
        state="open",
        merged_at=None,
    )
    ReviewFactory(
        pull_request=PullRequestFactory(repository=kafka_repo, created_at=OPENS),
        reviewer=github,
        submitted_at=OPENS + timedelta(days=2),
    )
    IssueFactory(project=kafka, reporter=jira, created_at=OPENS + timedelta(days=3))
    TitleFactory(contributor=wei, project=kafka, granted_on=date(2025, 1, 10))

    ann = ContributorFactory(display_name="Ann Lee", slug="ann-lee", github_login="annlee")
    ann_enrollment = EnrollmentFactory(
        cohort=cohort,
        contributor=ann,
        project=ozone,
        mentor=tsai,
        status=Enrollment.Status.GRADUATED,
        goal="Become an Ozone committer",
    )
    email = IdentityFactory(contributor=ann, kind=Identity.Kind.GIT_EMAIL)
    ann_jira = IdentityFactory(contributor=ann, kind=Identity.Kind.JIRA)
    CommitFactory(repository=ozone_repo, author=email, committed_at=OPENS - timedelta(days=30))
    CommitFactory(repository=ozone_repo, author=email, committed_at=CLOSES - timedelta(seconds=1))
    IssueFactory(
        project=ozone,
        assignee=ann_jira,
        created_at=OPENS - timedelta(days=5),
        resolved_at=OPENS + timedelta(days=9),
    )

    if mentee is not None:
        mei = mentee.contributor
        EnrollmentFactory(cohort=cohort, contributor=mei, project=kafka, mentor=ming)
        mei_github = IdentityFactory(contributor=mei, kind=Identity.Kind.GITHUB)
        PullRequestFactory(repository=kafka_repo, author=mei_github, created_at=CLOSES)
    return KnownCamp(cohort, wei, ann, tsai, wei_enrollment, ann_enrollment)
