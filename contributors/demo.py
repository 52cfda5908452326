"""A deterministic demo community: four Apache projects, sixty fictional people, two camps and
about 50,000 activity records over the last three years, all labelled as demo data.

``plan_demo`` draws everything from a fixed-seed ``random.Random`` in "relative months"
(0 is the current month), then maps that onto the calendar, so a re-run on any day writes the
same rows with dates that slide forward. ``seed_demo`` upserts the plan keyed by each table's
unique constraint, prunes demo rows the plan no longer holds and rebuilds the rollups.
"""

import hashlib
import math
import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contributors.models import Cohort, Contributor, Enrollment, Identity, Mentorship
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
    Title,
)
from projects.rollups import refresh_activity_months

SEED = 20_140_705
MONTHS = 36  # the current month and the 35 before it
RATE = 1.3  # pull requests per unit of a person's pace; tuned for ~50,000 records at scale 1
BATCH = 1000
# RFC 2606 reserves example.com: no demo address reaches a real inbox.
EMAIL_DOMAIN = "example.com"
LOGIN_EMAIL_DOMAIN = "demo.example.com"
LOGIN_PASSWORD = "demo"
# GitHub ids of demo reviews and comments; real ids are far below this.
GITHUB_ID_BASE = 9 * 10**15
DEMO_NOTE = "Demo data"

Role = Title.Role
Progress = Callable[[str, int, int], None]


class DemoConflict(Exception):
    """The demo would overwrite rows that are not demo data."""


@dataclass(frozen=True)
class _Project:
    slug: str
    name: str
    jira_key: str
    repo: str
    branch: str
    pr_base: int
    issue_base: int
    linked: float  # share of pull requests with a JIRA issue
    linked_title: str
    plain_title: str
    components: tuple[str, ...]
    subjects: tuple[str, ...]
    versions: tuple[str, ...]


PROJECTS = (
    _Project(
        "kafka", "Apache Kafka", "KAFKA", "kafka", "trunk", 13_800, 14_900, 0.6,
        "{key}: {summary}", "MINOR: {summary}",
        ("core", "clients", "streams", "connect", "kraft", "tools"),
        ("ReplicaManager", "the log cleaner", "KafkaConsumer", "the share group coordinator",
         "MirrorMaker 2", "QuorumController", "the transaction coordinator", "RemoteLogManager",
         "the admin client", "Streams state stores", "ConsumerGroupCommand", "the metadata shell"),
        ("3.5.0", "3.6.0", "3.7.0", "3.8.0", "3.9.0", "4.0.0", "4.1.0", "4.2.0", "4.3.0", "4.4.0"),
    ),
    _Project(
        "yunikorn", "Apache YuniKorn", "YUNIKORN", "yunikorn-core", "master", 600, 1_700, 0.9,
        "[{key}] {summary}", "{summary}",
        ("core - scheduler", "core - common", "shim - kubernetes", "webapp"),
        ("the scheduler cache", "placement rules", "the queue config", "preemption",
         "application tracking", "the REST API", "node sorting", "gang scheduling",
         "the event system", "user quota enforcement"),
        ("1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0", "1.11.0",
         "1.12.0"),
    ),
    _Project(
        "ozone", "Apache Ozone", "HDDS", "ozone", "master", 4_000, 7_600, 0.95,
        "{key}. {summary}", "{summary}",
        ("OM", "SCM", "Ozone Datanode", "Ozone Recon", "S3", "Ozone Filesystem"),
        ("the Ozone Manager", "SCM safe mode", "Datanode heartbeats", "Recon", "the S3 Gateway",
         "the container balancer", "Ratis pipelines", "snapshot diff", "the ozone shell",
         "EC reconstruction"),
        ("1.3.0", "1.4.0", "1.4.1", "1.5.0", "2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0"),
    ),
    _Project(
        "airflow", "Apache Airflow", "AIRFLOW", "airflow", "main", 28_000, 5_000, 0.3,
        "[{key}] {summary}", "{summary}",
        ("scheduler", "executors", "api", "ui", "providers", "cli"),
        ("the scheduler", "the KubernetesExecutor", "the task SDK", "the REST API",
         "the grid view", "the Google provider", "the Amazon provider", "DAG parsing",
         "the triggerer", "the CLI"),
        ("2.6.0", "2.7.0", "2.8.0", "2.9.0", "2.10.0", "3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0"),
    ),
)  # fmt: skip

_ACTIONS = (
    "Fix flaky test in {}",
    "Improve logging in {}",
    "Add metrics for {}",
    "Remove deprecated code from {}",
    "Refactor {}",
    "Document {}",
    "Avoid a NullPointerException in {}",
    "Speed up {}",
    "Add tests for {}",
    "Handle timeouts in {}",
    "Support dynamic configuration in {}",
    "Reduce lock contention in {}",
    "Fix a race condition in {}",
    "Clean up {}",
)
_REPORTS = (
    "{} fails under load",
    "Flaky test in {}",
    "Improve docs of {}",
    "Unexpected error from {}",
    "Support more options in {}",
)
_ISSUE_TYPES = (("Improvement", "Bug", "Task", "Test", "New Feature"), (7, 7, 3, 2, 1))
_PRIORITIES = (("Major", "Minor", "Critical", "Trivial"), (60, 30, 7, 3))
_REVIEW_STATES = (
    (Review.State.COMMENTED, Review.State.CHANGES_REQUESTED, Review.State.APPROVED),
    (2, 1, 1),
)
_BUMPED = ("protobuf-java", "golang.org/x/net", "actions/checkout", "jackson-databind", "netty")


@dataclass(frozen=True)
class _Person:
    name: str
    chinese: str
    login: str
    projects: tuple[str, ...]
    pace: float  # pull requests a month at full pace
    start: int = -35  # month of the first activity
    ramp: int = 1  # months to reach full pace
    stop: int = 1  # first month without activity
    apache_id: str = ""
    member: bool = True
    bot: bool = False


# Fictional people: any likeness to a real contributor is a coincidence.
P = _Person
PEOPLE = (
    # Mentors.
    P("Ming-Hsun Chen", "陳明勳", "minghsun", ("kafka",), 4.0, apache_id="mhchen"),
    P("Pei-Shan Lin", "林佩珊", "peishan-lin", ("kafka",), 3.5, apache_id="peishan"),
    P("Chih-Wei Huang", "黃志偉", "cwhuang", ("kafka", "ozone"), 3.5, apache_id="cwhuang"),
    P("Ya-Wen Chang", "張雅雯", "YaWenChang", ("yunikorn",), 4.0, apache_id="yawen"),
    P("Kuan-Yu Lee", "李冠宇", "kuanyu-lee", ("yunikorn",), 3.0, -33, 4, apache_id="kuanyu"),
    P("Shu-Fen Wang", "王淑芬", "sfwang", ("ozone",), 4.0, apache_id="sfwang"),
    P("Tsung-Han Wu", "吳宗翰", "tsunghan", ("ozone",), 3.0, -32, 6, apache_id="tsunghan"),
    P("Hui-Chun Liu", "劉惠君", "huichun-liu", ("ozone",), 3.0, -30, 6, apache_id="huichun"),
    P("Chien-Hung Yang", "楊建宏", "chyang-tw", ("airflow",), 3.5, apache_id="chyang"),
    P("Yi-Chen Hsu", "許怡臻", "yichen-hsu", ("airflow",), 3.0, -28, 8),
    # 香菜饅頭營: graduates ramp up over months, three drop out early.
    P("Po-Han Cheng", "鄭柏翰", "pohan-cheng", ("kafka",), 4.5, -22, 10, apache_id="pohan"),
    P("Wei-Lun Hung", "洪偉倫", "weilun", ("kafka",), 2.5, -22, 8),
    P("Yu-Hsuan Chiu", "邱宇軒", "yuhsuan-chiu", ("kafka",), 1.0, -22, 2, -19),
    P("Chun-Hao Tseng", "曾俊豪", "chunhao-t", ("kafka",), 2.0, -22, 8),
    P("I-Hsuan Chuang", "莊以萱", "ihsuan", ("kafka",), 2.5, -22, 9),
    P("Cheng-Han Kuo", "郭承翰", "chenghan-kuo", ("yunikorn",), 4.0, -22, 10, apache_id="chkuo"),
    P("Pin-Hsuan Liao", "廖品萱", "pinhsuan", ("yunikorn",), 2.0, -22, 8),
    P("Ting-Yu Lai", "賴庭宇", "tingyu-lai", ("yunikorn",), 1.0, -22, 2, -19),
    P("Hsin-Yi Hsieh", "謝欣怡", "hsinyi-hsieh", ("ozone",), 4.5, -22, 10, apache_id="hsinyi"),
    P("Yen-Ju Chou", "周彥儒", "yenju", ("ozone",), 2.0, -22, 8),
    P("Kai-Wen Yeh", "葉凱文", "kaiwen-yeh", ("ozone",), 2.5, -22, 8),
    P("Shih-Chieh Su", "蘇世傑", "shihchieh", ("ozone",), 1.0, -22, 2, -20),
    # 叮叮噹饅頭營, running now: first pull requests three months ago, growing since.
    P("Hao-Yu Lu", "呂浩宇", "haoyu-lu", ("kafka",), 3.0, -3, 5),
    P("Yi-Ting Chiang", "江怡婷", "yiting-chiang", ("kafka",), 2.5, -3, 5),
    P("Jui-Chi Ho", "何瑞琪", "juichi", ("kafka",), 2.5, -3, 5),
    P("Li-Wei Lo", "羅立偉", "liwei-lo", ("kafka",), 1.0, -3, 2, -1),
    P("Chen-Yu Kao", "高振宇", "chenyu-kao", ("yunikorn",), 3.0, -3, 5),
    P("Hsiang-Ling Hsiao", "蕭湘翎", "hsiangling", ("yunikorn",), 2.5, -3, 5),
    P("Po-Yu Pan", "潘柏宇", "poyu-pan", ("yunikorn",), 2.5, -3, 5),
    P("Chih-Hao Chu", "朱智豪", "chihhao-chu", ("ozone",), 3.0, -3, 5),
    P("Wen-Chi Chien", "簡文琪", "wenchi", ("ozone",), 2.5, -3, 5),
    P("Yung-Chieh Chung", "鍾永傑", "yungchieh", ("ozone",), 2.5, -3, 5),
    P("Ching-Yi Peng", "彭靜宜", "chingyi-peng", ("airflow",), 3.0, -3, 5),
    P("Sheng-Ta You", "游聖達", "shengta", ("airflow",), 2.5, -3, 5),
    P("Yi-Hsin Chan", "詹宜馨", "yihsin-chan", ("airflow",), 2.5, -3, 5),
    P("Chang-Jung Hu", "胡昌榮", "changjung", ("airflow",), 2.0, -3, 5),
    # Members who came through the weekly talks rather than a camp.
    P("Mei-Ling Shih", "施美玲", "meiling-shih", ("kafka",), 1.5, -30, 6),
    P("Kuan-Ting Shen", "沈冠廷", "kuanting", ("ozone",), 1.5, -12, 6),
    P("Hsuan-Ju Yu", "余萱如", "hsuanju-yu", ("airflow",), 1.5, -26, 6),
    P("Yao-Tsung Tsai", "蔡耀宗", "yaotsung", ("yunikorn",), 1.5, -20, 6),
    P("Fang-Yu Chen", "陳芳瑜", "fangyu-chen", ("kafka",), 1.0, -15, 6),
    P("Tsai-Ling Lin", "林彩玲", "tsailing", ("ozone",), 1.0, -9, 4),
    P("Jen-Hao Huang", "黃仁豪", "jenhao-huang", ("airflow",), 1.5, -28, 6),
    P("Yu-Ting Chang", "張郁婷", "yuting-chang", ("kafka", "airflow"), 1.0, -24, 6),
    P("Hung-Wei Lee", "李宏偉", "hungwei-lee", ("yunikorn",), 1.0, -18, 6),
    # Not members: the rest of each project, so the community's share means something.
    P("Luca Moretti", "", "lmoretti", ("kafka",), 7.0, apache_id="lmoretti", member=False),
    P("Priya Raman", "", "priya-raman", ("kafka",), 6.0, apache_id="praman", member=False),
    P("Tomás Novák", "", "tnovak", ("kafka",), 5.0, apache_id="tnovak", member=False),
    P("Jonas Weber", "", "jweber-dev", ("kafka",), 4.0, -20, 4, member=False),
    P("Sofia Lindqvist", "", "sofial", ("yunikorn",), 5.0, apache_id="sofial", member=False),
    P("Kenji Sato", "", "ksato", ("yunikorn",), 4.0, apache_id="ksato", member=False),
    P("Emma Brooks", "", "emmabrooks", ("ozone",), 6.0, apache_id="ebrooks", member=False),
    P("Mateo García", "", "mgarcia", ("ozone",), 5.0, apache_id="mgarcia", member=False),
    P("Hannah Fischer", "", "hfischer", ("ozone",), 3.5, -26, 4, member=False),
    P("Olga Petrova", "", "opetrova", ("airflow",), 7.0, apache_id="opetrova", member=False),
    P("Daniel Kim", "", "dkim-dev", ("airflow",), 6.0, apache_id="dkim", member=False),
    P("Aisha Bello", "", "aishabello", ("airflow",), 5.0, apache_id="abello", member=False),
    P("Ravi Menon", "", "ravimenon", ("airflow",), 4.0, -16, 4, member=False),
    P("dependabot[bot]", "", "dependabot[bot]", ("yunikorn", "ozone", "airflow"), 6.0,
      member=False, bot=True),
    P("github-actions[bot]", "", "github-actions[bot]", ("airflow",), 2.0, member=False, bot=True),
)  # fmt: skip
# The bots' real commit addresses, as GitHub writes them.
BOT_EMAILS = {
    "dependabot[bot]": "49699333+dependabot[bot]@users.noreply.github.com",
    "github-actions[bot]": "41898282+github-actions[bot]@users.noreply.github.com",
}

# (login, project, role, month granted): each after the person's activity has ramped up.
TITLES = (
    ("minghsun", "kafka", Role.COMMITTER, -33),
    ("minghsun", "kafka", Role.PMC_MEMBER, -15),
    ("minghsun", None, Role.ASF_MEMBER, -6),
    ("peishan-lin", "kafka", Role.COMMITTER, -27),
    ("cwhuang", "kafka", Role.COMMITTER, -21),
    ("YaWenChang", "yunikorn", Role.COMMITTER, -30),
    ("YaWenChang", "yunikorn", Role.PMC_MEMBER, -12),
    ("kuanyu-lee", "yunikorn", Role.COMMITTER, -16),
    ("sfwang", "ozone", Role.COMMITTER, -31),
    ("sfwang", "ozone", Role.PMC_MEMBER, -9),
    ("tsunghan", "ozone", Role.COMMITTER, -20),
    ("huichun-liu", "ozone", Role.COMMITTER, -18),
    ("chyang-tw", "airflow", Role.COMMITTER, -25),
    ("pohan-cheng", "kafka", Role.COMMITTER, -7),
    ("hsinyi-hsieh", "ozone", Role.COMMITTER, -4),
    ("chenghan-kuo", "yunikorn", Role.COMMITTER, -1),
)


@dataclass(frozen=True)
class _Camp:
    slug: str
    name: str
    start: int  # month offsets
    end: int
    projects: tuple[str, ...]
    organizers: tuple[str, ...]
    # (mentee, mentor, status)
    enrolments: tuple[tuple[str, str, str], ...]


_G, _A, _D = (Enrollment.Status.GRADUATED, Enrollment.Status.ACTIVE, Enrollment.Status.DROPPED)
CAMPS = (
    _Camp(
        "demo-xiangcai", "香菜饅頭營", -22, -18, ("kafka", "yunikorn", "ozone"),
        ("peishan-lin", "sfwang"),
        (("pohan-cheng", "minghsun", _G), ("weilun", "peishan-lin", _G),
         ("yuhsuan-chiu", "cwhuang", _D), ("chunhao-t", "cwhuang", _G), ("ihsuan", "minghsun", _G),
         ("chenghan-kuo", "YaWenChang", _G), ("pinhsuan", "kuanyu-lee", _G),
         ("tingyu-lai", "kuanyu-lee", _D), ("hsinyi-hsieh", "sfwang", _G),
         ("yenju", "tsunghan", _G), ("kaiwen-yeh", "huichun-liu", _G),
         ("shihchieh", "tsunghan", _D)),
    ),
    _Camp(
        "demo-dingdingdang", "叮叮噹饅頭營", -3, 1, ("kafka", "yunikorn", "ozone", "airflow"),
        ("peishan-lin", "YaWenChang", "chyang-tw"),
        (("haoyu-lu", "minghsun", _A), ("yiting-chiang", "minghsun", _A),
         ("juichi", "peishan-lin", _A), ("liwei-lo", "cwhuang", _D),
         ("chenyu-kao", "YaWenChang", _A), ("hsiangling", "kuanyu-lee", _A),
         ("poyu-pan", "kuanyu-lee", _A), ("chihhao-chu", "sfwang", _A),
         ("wenchi", "huichun-liu", _A), ("yungchieh", "tsunghan", _A),
         ("chingyi-peng", "chyang-tw", _A), ("shengta", "chyang-tw", _A),
         ("yihsin-chan", "yichen-hsu", _A), ("changjung", "yichen-hsu", _A)),
    ),
)  # fmt: skip
# Mentorships outside the camps: (mentor, mentee, project, started, ended or None).
INFORMAL_MENTORSHIPS = (
    ("peishan-lin", "meiling-shih", "kafka", -30, -20),
    ("sfwang", "kuanting", "ozone", -12, None),
)
# The demo logins: (username, contributor login or "", is staff and superuser).
LOGINS = (("organizer", "", True), ("mentor", "minghsun", False), ("mentee", "haoyu-lu", False))


@dataclass(frozen=True)
class DemoSummary:
    projects: int
    contributors: int
    mentors: int
    camps: int
    titles: int
    records: int
    logins: tuple[str, ...] = ()
    removed: int = 0


@dataclass
class _Ids:
    email: Identity
    name: Identity
    github: Identity
    jira: Identity | None
    apache: Identity | None

    def all(self) -> list[Identity]:
        return [i for i in (self.email, self.name, self.github, self.jira, self.apache) if i]


@dataclass
class DemoPlan:
    """Unsaved rows, related through unsaved instances: saving parents first fills the keys."""

    projects: list[Project] = field(default_factory=list)
    repositories: list[Repository] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)
    cohort_projects: dict[str, list[Project]] = field(default_factory=dict)
    cohort_organizers: dict[str, list[Contributor]] = field(default_factory=dict)
    enrollments: list[Enrollment] = field(default_factory=list)
    mentorships: list[Mentorship] = field(default_factory=list)
    pull_requests: list[PullRequest] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    review_comments: list[ReviewComment] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    credits: list[CommitCredit] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    issue_comments: list[IssueComment] = field(default_factory=list)
    login_contributors: dict[str, Contributor] = field(default_factory=dict)

    @property
    def records(self) -> int:
        """Activity records: what sources would have said happened."""
        return sum(map(len, (self.pull_requests, self.reviews, self.review_comments))) + sum(
            map(len, (self.commits, self.credits, self.issues, self.issue_comments))
        )

    @property
    def mentors(self) -> int:
        return len({id(mentorship.mentor) for mentorship in self.mentorships})


class _Clock:
    """Relative time t (0.0 is the start of the current month) onto the local calendar.

    The current month runs up to the start of today, so no activity lies in the future
    (on the 1st, through the 1st: a month needs some time to hold activity).
    """

    def __init__(self, today: date) -> None:
        tz = timezone.get_current_timezone()
        first = today.replace(day=1)
        self.starts = {
            offset: datetime.combine(_add_months(first, offset), time(), tzinfo=tz)
            for offset in range(-MONTHS, 2)
        }
        self.now = max(datetime.combine(today, time(), tzinfo=tz), self.starts[0] + timedelta(1))
        self.end = 1.0 - 1e-7  # t of "now"

    def at(self, t: float) -> datetime:
        month = min(math.floor(t), 0)
        start = self.starts[month]
        end = self.now if month == 0 else self.starts[month + 1]
        return (start + (end - start) * min(t - month, 1.0)).replace(microsecond=0)

    def day(self, month: int, day: int) -> date:
        return self.starts[month].date().replace(day=day)


def _add_months(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _pick(
    rng: random.Random, pool: Sequence[tuple[_Person, float]], k: int, exclude: Iterable[_Person]
) -> list[_Person]:
    """Up to k people, weighted, without replacement."""
    skip = set(exclude)
    candidates = [(person, weight) for person, weight in pool if person not in skip]
    chosen: list[_Person] = []
    while candidates and len(chosen) < k:
        weights = [weight for _person, weight in candidates]
        index = rng.choices(range(len(candidates)), weights)[0]
        chosen.append(candidates.pop(index)[0])
    return chosen


def _pace(person: _Person, month: int) -> float:
    if month < person.start or month >= person.stop:
        return 0.0
    return person.pace * min(1.0, (month - person.start + 1) / person.ramp)


def _sha(*parts: object) -> str:
    return hashlib.sha1(":".join(["demo", *map(str, parts)]).encode()).hexdigest()


def _email(person: _Person) -> str:
    if person.bot:
        return BOT_EMAILS[person.login]
    ascii_name = unicodedata.normalize("NFKD", person.name).encode("ascii", "ignore").decode()
    given, _sep, family = ascii_name.rpartition(" ")
    return f"{given.replace('-', '')}.{family}@{EMAIL_DOMAIN}".lower()


def _share(person: _Person, slug: str) -> float:
    """How much of a person's pace goes to this project: bots spread evenly, people work
    mostly on their first project."""
    if len(person.projects) == 1:
        return 1.0
    if person.bot:
        return 1 / len(person.projects)
    return 0.75 if person.projects[0] == slug else 0.25


def _person(login: str) -> _Person:
    return next(person for person in PEOPLE if person.login == login)


def _slug(person: _Person) -> str:
    return slugify(person.name.replace("[bot]", " bot"))


class _Activity:
    """Draws pull requests and everything around them, project by project."""

    def __init__(
        self, rng: random.Random, plan: DemoPlan, clock: _Clock, scale: float, ids: dict
    ) -> None:
        self.rng, self.plan, self.clock, self.scale, self.ids = rng, plan, clock, scale, ids
        self.committer_since: dict[tuple[str, str], int] = {
            (login, slug): month for login, slug, role, month in TITLES if role == Role.COMMITTER
        }
        for person in PEOPLE:
            if person.apache_id and not person.member:
                for slug in person.projects:
                    self.committer_since[(person.login, slug)] = -99
        self.mentor_of = {
            mentee: mentor for camp in CAMPS for mentee, mentor, _s in camp.enrolments
        }
        self.active_now = {
            mentee for camp in CAMPS for mentee, _m, status in camp.enrolments if status == _A
        }

    def is_committer(self, person: _Person, slug: str, month: int) -> bool:
        return self.committer_since.get((person.login, slug), 99) < month

    def pool(self, slug: str, month: int) -> list[tuple[_Person, float]]:
        return [
            (p, _pace(p, month) * (3 if self.is_committer(p, slug, month) else 1))
            for p in PEOPLE
            if slug in p.projects and not p.bot and _pace(p, month) > 0
        ]

    def committers(self, slug: str, month: int) -> list[tuple[_Person, float]]:
        return [
            (p, _pace(p, month) + 0.5)
            for p in PEOPLE
            if slug in p.projects and self.is_committer(p, slug, month) and month < p.stop
        ]

    def draw(self, project: _Project, repository: Repository, model: Project) -> None:
        rng = self.rng
        opened: list[tuple[float, int, _Person]] = []
        for month in range(-MONTHS + 1, 1):
            for index, person in enumerate(PEOPLE):
                if project.slug not in person.projects:
                    continue
                lam = _pace(person, month) * _share(person, project.slug) * RATE * self.scale
                count = _poisson(rng, lam * rng.lognormvariate(0, 0.3)) if lam else 0
                if month == 0 and person.login in self.active_now:
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
        project: _Project,
        repository: Repository,
        model: Project,
        number: int,
        t: float,
        author: _Person,
    ) -> list[tuple[float, Issue, PullRequest | None, Commit | None, str]]:
        rng, clock, plan, slug = self.rng, self.clock, self.plan, project.slug
        State = PullRequest.State
        month = math.floor(t)
        if author.bot:
            state = rng.choices((State.MERGED, State.CLOSED), (7, 3))[0]
            bumped = rng.choice(_BUMPED)
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
            summary = rng.choice(_ACTIONS).format(rng.choice(project.subjects))
        merged, done = state == State.MERGED, t
        if state != State.OPEN:
            delay = rng.lognormvariate(math.log(3), 0.9) / 30.44
            if t + delay >= clock.end:
                delay = (clock.end - t) * rng.uniform(0.3, 0.95)
            done = t + delay
        pull = PullRequest(
            repository=repository,
            number=number,
            author=self.ids[author.login].github,
            state=state,
            is_draft=state == State.OPEN and rng.random() < 0.2,
            title=project.plain_title.format(summary=summary),
            labels=["dependencies"] if author.bot else [rng.choice(project.components)],
            created_at=clock.at(t),
            additions=int(rng.lognormvariate(3.5, 1.3)),
            changed_files=max(1, int(rng.lognormvariate(1.0, 0.9))),
        )
        pull.deletions = int(pull.additions * rng.uniform(0.05, 0.8))
        plan.pull_requests.append(pull)

        reviewers, merger = self.reviewers(slug, author, month, math.floor(done), merged)
        last = self.reviews(pull, PROJECTS.index(project), reviewers, t, done, merged)
        if merged:
            pull.merged_at = pull.closed_at = pull.updated_at = clock.at(done)
            pull.merged_by = self.ids[merger.login].github
            pull.merge_commit_sha = _sha(slug, "pr", number)
        elif state == State.CLOSED:
            pull.closed_at = pull.updated_at = clock.at(done)
        else:
            pull.updated_at = clock.at(last)

        commit = None
        if merged:
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
        self, slug: str, author: _Person, month: int, merge_month: int, merged: bool
    ) -> tuple[list[_Person], _Person | None]:
        """Who reviews (mentors far likelier on their own mentees' work) and who merges."""
        rng = self.rng
        pool = [
            (p, w * (4 if self.mentor_of.get(author.login) == p.login else 1))
            for p, w in self.pool(slug, month)
        ]
        reviewers = _pick(rng, pool, 1 if author.bot else 1 + _poisson(rng, 0.9), [author])
        if not merged:
            return reviewers, None
        mergers = self.committers(slug, merge_month)
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
        reviewers: list[_Person],
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
            state = Review.State.APPROVED if approves else rng.choices(*_REVIEW_STATES)[0]
            github_id = GITHUB_ID_BASE + index * 10**12 + pull.number * 1000 + k * 50
            review = Review(
                pull_request=pull,
                github_id=github_id,
                reviewer=self.ids[reviewer.login].github,
                state=state,
                submitted_at=clock.at(at),
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
                        created_at=review.submitted_at,
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
        project: _Project,
        repository: Repository,
        pull: PullRequest,
        month: int,
        author: _Person,
        merger: _Person,
        reviewers: list[_Person],
    ) -> Commit:
        rng = self.rng
        with_stats = rng.random() < 0.8
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
        line = "Reviewers: " + ", ".join(f"{p.name} <{_email(p)}>" for p in credited)
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
            pool = self.pool(project.slug, month)
            for partner in _pick(rng, pool, 1, [author, *credited]):
                self.plan.credits.append(
                    CommitCredit(
                        commit=commit,
                        identity=self.ids[partner.login].email,
                        kind=CommitCredit.Kind.CO_AUTHOR,
                        raw=f"Co-authored-by: {partner.name} <{_email(partner)}>",
                    )
                )
        return commit

    def issue(self, project: _Project, model: Project, t: float, author: _Person) -> Issue:
        rng = self.rng
        pool = self.pool(project.slug, math.floor(t)) or [(author, 1.0)]
        reporter = author if rng.random() < 0.6 else _pick(rng, pool, 1, [])[0]
        created = self.clock.at(t)
        issue = Issue(
            project=model,
            tracker=Issue.Tracker.JIRA,
            reporter=self.ids[reporter.login].jira,
            creator=self.ids[reporter.login].jira,
            issue_type=rng.choices(*_ISSUE_TYPES)[0],
            priority=rng.choices(*_PRIORITIES)[0],
            status="Open",
            components=[rng.choice(project.components)],
            created_at=created,
            updated_at=created,
        )
        self.plan.issues.append(issue)
        return issue

    def resolve(self, issue: Issue, project: _Project, t: float, resolution: str) -> None:
        issue.status, issue.resolution = "Resolved", resolution
        issue.resolved_at = issue.updated_at = self.clock.at(t)
        version = project.versions[min(len(project.versions) - 1, int((t + MONTHS) / 3.6))]
        issue.fix_versions = [version] if resolution == "Fixed" else []

    def issue_comments(
        self, issue: Issue, start: float, end: float, slug: str, author: _Person
    ) -> None:
        pool = self.pool(slug, math.floor(start)) or [(author, 1.0)]
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
        self, project: _Project, model: Project, t: float
    ) -> tuple[float, Issue, None, None, str]:
        rng = self.rng
        month = math.floor(t)
        reporter = _pick(rng, self.pool(project.slug, month), 1, [])[0]
        summary = rng.choice(_REPORTS)
        issue = self.issue(project, model, t, reporter)
        issue.reporter = issue.creator = self.ids[reporter.login].jira
        issue.summary = summary.format(rng.choice(project.subjects))
        end = self.clock.end
        if month < 0 and rng.random() < 0.4:
            fixer = _pick(rng, self.committers(project.slug, month), 1, [])[0]
            issue.assignee = self.ids[fixer.login].jira
            done = min(t + rng.uniform(0.05, 2.0), self.clock.end)
            resolution = rng.choices(("Fixed", "Duplicate", "Not A Problem"), (0.7, 0.2, 0.1))[0]
            self.resolve(issue, project, done, resolution)
            end = done
        self.issue_comments(issue, t, end, project.slug, reporter)
        return (t, issue, None, None, issue.summary)

    def releases(self, project: _Project, repository: Repository) -> None:
        """A version bump on the branch every few months: commits without a pull request."""
        for k, version in enumerate(project.versions):
            t = -MONTHS + 1 + k * 3.6 + 0.4
            if t >= self.clock.end:
                break
            month = math.floor(t)
            releaser = _pick(self.rng, self.committers(project.slug, month), 1, [])[0]
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


def plan_demo(*, today: date, scale: float = 1.0) -> DemoPlan:
    """Every demo row, unsaved; no database access. The same arguments give the same plan."""
    rng = random.Random(SEED)
    clock = _Clock(today)
    plan = DemoPlan()
    projects: dict[str, Project] = {}
    repositories: dict[str, Repository] = {}
    for project in PROJECTS:
        projects[project.slug] = Project(
            name=project.name,
            slug=project.slug,
            foundation=Project.Foundation.ASF,
            homepage=f"https://{project.slug}.apache.org/",
            description=f"{DEMO_NOTE}: a fictional community's work on {project.name}, "
            "generated by manage.py seed_demo. None of these people or records are real.",
            issue_tracker=Project.Tracker.JIRA,
            jira_key=project.jira_key,
            is_demo=True,
        )
        repositories[project.slug] = Repository(
            project=projects[project.slug],
            owner="apache",
            name=project.repo,
            clone_url=f"https://github.com/apache/{project.repo}.git",
            default_branch=project.branch,
        )
    plan.projects, plan.repositories = list(projects.values()), list(repositories.values())

    people: dict[str, Contributor] = {}
    ids: dict[str, _Ids] = {}
    for person in PEOPLE:
        jira = person.apache_id or ("" if person.bot else person.login.lower())
        contributor = Contributor(
            display_name=person.name,
            slug=_slug(person),
            chinese_name=person.chinese,
            apache_id=person.apache_id,
            github_login=person.login,
            jira_user=jira,
            is_member=person.member,
            is_bot=person.bot,
            origin=Contributor.Origin.DEMO,
        )
        people[person.login] = contributor

        def identity(kind: str, raw: str, contributor: Contributor = contributor) -> Identity:
            return Identity(
                kind=kind,
                value=Identity.normalize(kind, raw),
                display=raw,
                contributor=contributor,
                link_source=Identity.LinkSource.DEMO,
            )

        Kind = Identity.Kind
        ids[person.login] = _Ids(
            email=identity(Kind.GIT_EMAIL, _email(person)),
            name=identity(Kind.GIT_NAME, person.name),
            github=identity(Kind.GITHUB, person.login),
            jira=identity(Kind.JIRA, jira) if jira else None,
            apache=identity(Kind.APACHE, person.apache_id) if person.apache_id else None,
        )
        plan.identities.extend(ids[person.login].all())
    plan.contributors = list(people.values())

    for login, slug, role, month in TITLES:
        plan.titles.append(
            Title(
                contributor=people[login],
                project=projects[slug] if slug else None,
                role=role,
                granted_on=clock.day(month, 10 + len(plan.titles)),
                source=Title.Source.DEMO,
                note=DEMO_NOTE,
            )
        )

    for camp in CAMPS:
        cohort = Cohort(
            name=camp.name,
            slug=camp.slug,
            description=f"{DEMO_NOTE}: a fictional mentored camp, generated by seed_demo.",
            starts_on=clock.day(camp.start, 8),
            ends_on=clock.day(camp.end, 28),
        )
        plan.cohorts.append(cohort)
        plan.cohort_projects[camp.slug] = [projects[slug] for slug in camp.projects]
        plan.cohort_organizers[camp.slug] = [people[login] for login in camp.organizers]
        for mentee, mentor, status in camp.enrolments:
            project = projects[_person(mentee).projects[0]]
            plan.enrollments.append(
                Enrollment(
                    cohort=cohort,
                    contributor=people[mentee],
                    project=project,
                    mentor=people[mentor],
                    status=status,
                    goal=f"Land merged pull requests in {project.name} and review others' work.",
                    enrolled_on=cohort.starts_on - timedelta(days=10),
                )
            )
            dropped = _person(mentee).stop
            ended = {_A: None, _G: cohort.ends_on, _D: clock.day(min(dropped, 0), 1)}[status]
            plan.mentorships.append(
                Mentorship(
                    mentor=people[mentor],
                    mentee=people[mentee],
                    project=project,
                    cohort=cohort,
                    started_on=cohort.starts_on,
                    ended_on=ended,
                )
            )
    for mentor, mentee, slug, started, ended in INFORMAL_MENTORSHIPS:
        plan.mentorships.append(
            Mentorship(
                mentor=people[mentor],
                mentee=people[mentee],
                project=projects[slug],
                started_on=clock.day(started, 1),
                ended_on=clock.day(ended, 1) if ended is not None else None,
            )
        )
    plan.login_contributors = {name: people[login] for name, login, _s in LOGINS if login}

    activity = _Activity(rng, plan, clock, scale, ids)
    for project in PROJECTS:
        activity.draw(project, repositories[project.slug], projects[project.slug])
    for comment in plan.issue_comments:
        comment.external_id = f"{comment.issue.external_id}-{comment.external_id}"
    return plan


# ---------------------------------------------------------------------------- writing

# Demo rows in each table, children first: what a re-run prunes and --flush deletes.
_DEMO_ROWS: tuple[tuple[type[models.Model], str, Q], ...] = (
    (CommitCredit, "credits", Q(commit__repository__project__is_demo=True)),
    (ReviewComment, "review_comments", Q(pull_request__repository__project__is_demo=True)),
    (Review, "reviews", Q(pull_request__repository__project__is_demo=True)),
    (Commit, "commits", Q(repository__project__is_demo=True)),
    (IssueComment, "issue_comments", Q(issue__project__is_demo=True)),
    (Issue, "issues", Q(project__is_demo=True)),
    (PullRequest, "pull_requests", Q(repository__project__is_demo=True)),
    (Enrollment, "enrollments", Q(contributor__origin=Contributor.Origin.DEMO)),
    (Mentorship, "mentorships", Q(mentor__origin=Contributor.Origin.DEMO)),
    (Cohort, "cohorts", Q(slug__in=[camp.slug for camp in CAMPS])),
    (Title, "titles", Q(source=Title.Source.DEMO)),
    (Identity, "identities", Q(link_source=Identity.LinkSource.DEMO)),
    (Contributor, "contributors", Q(origin=Contributor.Origin.DEMO)),
    (Repository, "repositories", Q(project__is_demo=True)),
    (Project, "projects", Q(is_demo=True)),
)


def _updated_fields(model: type[models.Model], keys: Iterable[str]) -> list[str]:
    """Every field but the key: a re-run resets demo rows to the plan (undoing edits made
    while exploring the demo) and moves all dates forward. Kept: when a row was first
    recorded, and a login linked to a demo person."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not (
            f.primary_key or f.name in keys or f.name == "user" or getattr(f, "auto_now_add", False)
        )
    ]


class _Writer:
    def __init__(self, plan: DemoPlan, progress: Progress | None) -> None:
        self.plan, self.progress, self.done = plan, progress, 0
        self.total = sum(len(getattr(plan, name)) for _model, name, _q in _DEMO_ROWS)

    def advance(self, label: str, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(_(label), self.done, self.total)

    def upsert(self, rows: list, keys: Sequence[str], label: str) -> None:
        """Insert, or update on the unique constraint over the fields ``keys``; fills pks."""
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            type(chunk[0]).objects.bulk_create(
                chunk,
                update_conflicts=True,
                unique_fields=keys,
                update_fields=_updated_fields(type(chunk[0]), keys),
            )
            self.advance(label, len(chunk))

    def insert_or_update(
        self,
        rows: list,
        stored: models.QuerySet,
        keys: Sequence[str],
        key: Callable[[Any], tuple],
        label: str,
    ) -> None:
        """For unique constraints over expressions or with a condition, which ON CONFLICT
        (fields) cannot name: insert skipping conflicts, read back by key, update the rest."""
        stored.model.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
        pks = {key(row): row.pk for row in stored}
        for row in rows:
            row.pk = pks[key(row)]
        stored.model.objects.bulk_update(
            rows, _updated_fields(stored.model, keys), batch_size=BATCH
        )
        self.advance(label, len(rows))

    def prune(self) -> None:
        """Delete demo rows the plan no longer holds (say, after a run at another --scale)."""
        for model, name, demo_rows in _DEMO_ROWS:
            stored = model.objects.filter(demo_rows).values_list("pk", flat=True)
            stale = sorted(set(stored) - {row.pk for row in getattr(self.plan, name)})
            for start in range(0, len(stale), 500):
                model.objects.filter(pk__in=stale[start : start + 500]).delete()


def _check_ownership(plan: DemoPlan, *, with_logins: bool) -> None:
    """Refuse to take over rows that are not demo data: real people, projects or logins."""
    clashes: list[str] = []
    names = [p.name.lower() for p in plan.projects]
    for project in Project.objects.annotate(lower_name=Lower("name")).filter(
        Q(slug__in=[p.slug for p in plan.projects]) | Q(lower_name__in=names), is_demo=False
    ):
        clashes.append(_("project %(name)s") % {"name": project.name})
    repos = {(r.owner.lower(), r.name.lower()) for r in plan.repositories}
    for repo in Repository.objects.filter(
        name__in=[r.name for r in plan.repositories], project__is_demo=False
    ):
        if (repo.owner.lower(), repo.name.lower()) in repos:
            clashes.append(_("repository %(name)s") % {"name": repo.full_name})
    logins = [c.github_login.lower() for c in plan.contributors]
    apache_ids = [c.apache_id.lower() for c in plan.contributors if c.apache_id]
    for contributor in (
        Contributor.objects.annotate(login=Lower("github_login"), asf=Lower("apache_id"))
        .filter(
            Q(slug__in=[c.slug for c in plan.contributors])
            | Q(login__in=logins)
            | Q(asf__in=apache_ids)
        )
        .exclude(origin=Contributor.Origin.DEMO)
    ):
        clashes.append(_("contributor %(name)s") % {"name": contributor.display_name})
    wanted = {(i.kind, i.value) for i in plan.identities}
    values = sorted({value for _kind, value in wanted})
    for start in range(0, len(values), 500):
        for identity in Identity.objects.filter(value__in=values[start : start + 500]).exclude(
            link_source=Identity.LinkSource.DEMO
        ):
            if (identity.kind, identity.value) in wanted:
                clashes.append(_("identity %(identity)s") % {"identity": identity})
    if with_logins:
        for user in get_user_model().objects.filter(username__in=[n for n, _l, _s in LOGINS]):
            if user.email != f"{user.username}@{LOGIN_EMAIL_DOMAIN}":
                clashes.append(_("user %(name)s") % {"name": user.username})
    if clashes:
        raise DemoConflict(
            _(
                "The demo would overwrite data that is not demo data: %(rows)s. "
                "Seed the demo into a database of its own."
            )
            % {"rows": ", ".join(clashes[:5]) + (", …" if len(clashes) > 5 else "")}
        )


def _demo_users() -> models.QuerySet:
    matches = Q(pk__in=[])
    for username, _login, _staff in LOGINS:
        matches |= Q(username=username, email=f"{username}@{LOGIN_EMAIL_DOMAIN}")
    return get_user_model().objects.filter(matches)


def _create_logins(plan: DemoPlan) -> tuple[str, ...]:
    """organizer, mentor and mentee. The password is set only when a login is created, so a
    re-run keeps everyone signed in."""
    User = get_user_model()
    password = None
    for username, _login, staff in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(LOGIN_PASSWORD)
            user = User(username=username, password=password)
        user.email = f"{username}@{LOGIN_EMAIL_DOMAIN}"
        user.is_staff = user.is_superuser = staff
        user.is_active = True
        user.save()
        contributor = plan.login_contributors.get(username)
        if contributor is not None:
            Contributor.objects.filter(user=user).exclude(pk=contributor.pk).update(user=None)
            Contributor.objects.filter(pk=contributor.pk).update(user=user)
    return tuple(username for username, _login, _staff in LOGINS)


@transaction.atomic
def flush_demo() -> int:
    """Delete every demo row and the demo logins; returns the number of rows deleted.

    Children first, so that each delete is one statement rather than a cascade that loads
    tens of thousands of rows to find their children.
    """
    querysets = [model.objects.filter(demo_rows) for model, _name, demo_rows in _DEMO_ROWS]
    return sum(queryset.delete()[0] for queryset in [*querysets, _demo_users()])


@transaction.atomic
def seed_demo(
    *,
    today: date | None = None,
    scale: float = 1.0,
    with_logins: bool = False,
    flush: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write the demo community (see the module docstring) and rebuild its rollups.

    Raises DemoConflict, writing nothing, when a demo row would take over one that is not
    demo data. ``progress(step, rows_done, rows_total)`` is called as batches are written.
    """
    plan = plan_demo(today=today or timezone.localdate(), scale=scale)
    removed = flush_demo() if flush else 0
    _check_ownership(plan, with_logins=with_logins)
    write = _Writer(plan, progress)
    write.advance(gettext_noop("projects"), 0)
    write.upsert(plan.projects, ("slug",), gettext_noop("projects"))
    write.insert_or_update(
        plan.repositories,
        Repository.objects.filter(project__in=plan.projects),
        ("owner", "name"),
        lambda repo: (repo.owner.lower(), repo.name.lower()),
        gettext_noop("projects"),
    )
    write.upsert(plan.contributors, ("slug",), gettext_noop("people"))
    write.upsert(plan.identities, ("kind", "value"), gettext_noop("people"))
    # A title is unique per (person, project, role), or per (person, role) where the
    # project is empty (ASF membership): a conditional constraint.
    write.upsert(
        [title for title in plan.titles if title.project is not None],
        ("contributor", "project", "role"),
        gettext_noop("titles"),
    )
    write.insert_or_update(
        [title for title in plan.titles if title.project is None],
        Title.objects.filter(project=None, contributor__in=plan.contributors),
        ("contributor", "role"),
        lambda title: (title.contributor_id, title.role),
        gettext_noop("titles"),
    )
    write.upsert(plan.cohorts, ("slug",), gettext_noop("camps"))
    for cohort in plan.cohorts:
        cohort.projects.set(plan.cohort_projects[cohort.slug])
        cohort.organizers.set(plan.cohort_organizers[cohort.slug])
    write.upsert(plan.enrollments, ("cohort", "contributor"), gettext_noop("camps"))
    # Unique over mentor, mentee and Coalesce(project, 0), Coalesce(cohort, 0): expressions.
    write.insert_or_update(
        plan.mentorships,
        Mentorship.objects.filter(mentor__in=plan.contributors),
        ("mentor", "mentee", "project", "cohort"),
        lambda m: (m.mentor_id, m.mentee_id, m.project_id or 0, m.cohort_id or 0),
        gettext_noop("camps"),
    )
    for rows, keys, label in (
        (plan.pull_requests, ("repository", "number"), gettext_noop("pull requests")),
        (plan.reviews, ("github_id",), gettext_noop("reviews")),
        (plan.review_comments, ("github_id",), gettext_noop("reviews")),
        (plan.commits, ("repository", "sha"), gettext_noop("commits")),
        (plan.credits, ("commit", "identity", "kind"), gettext_noop("commits")),
        (plan.issues, ("tracker", "external_id"), gettext_noop("issues")),
        (plan.issue_comments, ("issue", "external_id"), gettext_noop("issues")),
    ):
        write.upsert(rows, keys, label)
    write.prune()
    logins = _create_logins(plan) if with_logins else ()
    write.advance(gettext_noop("monthly rollups"), 0)
    refresh_activity_months(identity_ids=[identity.pk for identity in plan.identities])
    return DemoSummary(
        projects=len(plan.projects),
        contributors=len(plan.contributors),
        mentors=plan.mentors,
        camps=len(plan.cohorts),
        titles=len(plan.titles),
        records=plan.records,
        logins=logins,
        removed=removed,
    )
