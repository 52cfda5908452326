"""The demo's fixed cast: four projects, the community's members and the rest of each project
(``crowd``), their titles and two camps, and the facts that follow from them alone (who
commits where, who is active in a month). Nothing here is random; ``plan`` draws the
activity from it."""

import unicodedata
from dataclasses import dataclass
from functools import cache

from camps.models import Enrollment
from osc4you.demo.crowd import OUTSIDERS
from projects.models import Review, Title

# RFC 2606 reserves example.com: no demo address reaches a real inbox.
EMAIL_DOMAIN = "example.com"
LOGIN_EMAIL_DOMAIN = "demo.example.com"
LOGIN_PASSWORD = "demo"
DEMO_NOTE = "Demo data"

Role = Title.Role


@dataclass(frozen=True)
class DemoProject:
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
    DemoProject(
        "kafka", "Apache Kafka", "KAFKA", "kafka", "trunk", 13_800, 14_900, 0.6,
        "{key}: {summary}", "MINOR: {summary}",
        ("core", "clients", "streams", "connect", "kraft", "tools"),
        ("ReplicaManager", "the log cleaner", "KafkaConsumer", "the share group coordinator",
         "MirrorMaker 2", "QuorumController", "the transaction coordinator", "RemoteLogManager",
         "the admin client", "Streams state stores", "ConsumerGroupCommand", "the metadata shell"),
        ("3.5.0", "3.6.0", "3.7.0", "3.8.0", "3.9.0", "4.0.0", "4.1.0", "4.2.0", "4.3.0", "4.4.0"),
    ),
    DemoProject(
        "yunikorn", "Apache YuniKorn", "YUNIKORN", "yunikorn-core", "master", 600, 1_700, 0.9,
        "[{key}] {summary}", "{summary}",
        ("core - scheduler", "core - common", "shim - kubernetes", "webapp"),
        ("the scheduler cache", "placement rules", "the queue config", "preemption",
         "application tracking", "the REST API", "node sorting", "gang scheduling",
         "the event system", "user quota enforcement"),
        ("1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0", "1.11.0",
         "1.12.0"),
    ),
    DemoProject(
        "ozone", "Apache Ozone", "HDDS", "ozone", "master", 4_000, 7_600, 0.95,
        "{key}. {summary}", "{summary}",
        ("OM", "SCM", "Ozone Datanode", "Ozone Recon", "S3", "Ozone Filesystem"),
        ("the Ozone Manager", "SCM safe mode", "Datanode heartbeats", "Recon", "the S3 Gateway",
         "the container balancer", "Ratis pipelines", "snapshot diff", "the ozone shell",
         "EC reconstruction"),
        ("1.3.0", "1.4.0", "1.4.1", "1.5.0", "2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0"),
    ),
    DemoProject(
        "airflow", "Apache Airflow", "AIRFLOW", "airflow", "main", 28_000, 5_000, 0.3,
        "[{key}] {summary}", "{summary}",
        ("scheduler", "executors", "api", "ui", "providers", "cli"),
        ("the scheduler", "the KubernetesExecutor", "the task SDK", "the REST API",
         "the grid view", "the Google provider", "the Amazon provider", "DAG parsing",
         "the triggerer", "the CLI"),
        ("2.6.0", "2.7.0", "2.8.0", "2.9.0", "2.10.0", "3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0"),
    ),
)  # fmt: skip

ACTIONS = (
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
REPORTS = (
    "{} fails under load",
    "Flaky test in {}",
    "Improve docs of {}",
    "Unexpected error from {}",
    "Support more options in {}",
)
ISSUE_TYPES = (("Improvement", "Bug", "Task", "Test", "New Feature"), (7, 7, 3, 2, 1))
PRIORITIES = (("Major", "Minor", "Critical", "Trivial"), (60, 30, 7, 3))
REVIEW_STATES = (
    (Review.State.COMMENTED, Review.State.CHANGES_REQUESTED, Review.State.APPROVED),
    (2, 1, 1),
)
BUMPED = ("protobuf-java", "golang.org/x/net", "actions/checkout", "jackson-databind", "netty")


@dataclass(frozen=True)
class DemoPerson:
    name: str
    chinese: str
    login: str
    projects: tuple[str, ...]
    pace: float  # pull requests a month at full pace
    start: int = -35  # month of the first activity
    ramp: int = 1  # months to reach full pace
    stop: float = 1.0  # when the activity ends (relative months; 1.0 is now)
    apache_id: str = ""
    member: bool = True
    bot: bool = False
    late: float = 1.0  # pace in the last two months: below 1, slowing down
    in_review: bool = False  # their pull requests of the last week are still in review


# Fictional people: any likeness to a real contributor is a coincidence. Paces are members'
# pull requests a month: a few each, so that the rest of each project (``crowd``) writes
# most of it, as in the real projects.
P = DemoPerson
MEMBERS = (
    # Mentors.
    P("Ming-Hsun Chen", "陳明勳", "minghsun", ("kafka",), 2.0, apache_id="mhchen"),
    P("Pei-Shan Lin", "林佩珊", "peishan-lin", ("kafka",), 1.5, apache_id="peishan"),
    P("Chih-Wei Huang", "黃志偉", "cwhuang", ("kafka", "ozone"), 2.0, apache_id="cwhuang"),
    P("Ya-Wen Chang", "張雅雯", "YaWenChang", ("yunikorn",), 2.5, apache_id="yawen"),
    P("Kuan-Yu Lee", "李冠宇", "kuanyu-lee", ("yunikorn",), 2.0, -33, 4, apache_id="kuanyu"),
    P("Shu-Fen Wang", "王淑芬", "sfwang", ("ozone",), 2.5, apache_id="sfwang"),
    P("Tsung-Han Wu", "吳宗翰", "tsunghan", ("ozone",), 2.0, -32, 6, apache_id="tsunghan"),
    P("Hui-Chun Liu", "劉惠君", "huichun-liu", ("ozone",), 2.0, -30, 6, apache_id="huichun"),
    P("Chien-Hung Yang", "楊建宏", "chyang-tw", ("airflow",), 1.5, apache_id="chyang"),
    P("Yi-Chen Hsu", "許怡臻", "yichen-hsu", ("airflow",), 1.0, -28, 8),
    # 香菜饅頭營: graduates ramp up over months, three drop out early.
    P("Po-Han Cheng", "鄭柏翰", "pohan-cheng", ("kafka",), 2.5, -22, 10, apache_id="pohan"),
    P("Wei-Lun Hung", "洪偉倫", "weilun", ("kafka",), 1.5, -22, 8, late=0.6),
    P("Yu-Hsuan Chiu", "邱宇軒", "yuhsuan-chiu", ("kafka",), 0.8, -22, 2, -19.4),
    P("Chun-Hao Tseng", "曾俊豪", "chunhao-t", ("kafka",), 1.0, -22, 8),
    P("I-Hsuan Chuang", "莊以萱", "ihsuan", ("kafka",), 1.2, -22, 9),
    P("Cheng-Han Kuo", "郭承翰", "chenghan-kuo", ("yunikorn",), 2.8, -22, 10, apache_id="chkuo"),
    P("Pin-Hsuan Liao", "廖品萱", "pinhsuan", ("yunikorn",), 1.2, -22, 8),
    P("Ting-Yu Lai", "賴庭宇", "tingyu-lai", ("yunikorn",), 0.8, -22, 2, -19.2),
    P("Hsin-Yi Hsieh", "謝欣怡", "hsinyi-hsieh", ("ozone",), 3.0, -22, 10, apache_id="hsinyi"),
    P("Yen-Ju Chou", "周彥儒", "yenju", ("ozone",), 1.2, -22, 8),
    P("Kai-Wen Yeh", "葉凱文", "kaiwen-yeh", ("ozone",), 1.5, -22, 8),
    P("Shih-Chieh Su", "蘇世傑", "shihchieh", ("ozone",), 0.8, -22, 2, -20.3),
    # 叮叮噹饅頭營, running now: first pull requests three months ago, growing since; two
    # slow down, three have gone quiet (stalled) and one dropped out.
    P("Hao-Yu Lu", "呂浩宇", "haoyu-lu", ("kafka",), 2.0, -3, 3, in_review=True),  # "mentee"
    P("Yi-Ting Chiang", "江怡婷", "yiting-chiang", ("kafka",), 2.0, -3, 3, late=0.4),
    P("Jui-Chi Ho", "何瑞琪", "juichi", ("kafka",), 1.8, -3, 3, 0.12),
    P("Li-Wei Lo", "羅立偉", "liwei-lo", ("kafka",), 0.8, -3, 2, -1.2),
    P("Chen-Yu Kao", "高振宇", "chenyu-kao", ("yunikorn",), 2.0, -3, 3),
    P("Hsiang-Ling Hsiao", "蕭湘翎", "hsiangling", ("yunikorn",), 1.8, -3, 3),
    P("Po-Yu Pan", "潘柏宇", "poyu-pan", ("yunikorn",), 1.8, -3, 3, -0.35),
    P("Chih-Hao Chu", "朱智豪", "chihhao-chu", ("ozone",), 2.0, -3, 3),
    P("Wen-Chi Chien", "簡文琪", "wenchi", ("ozone",), 1.8, -3, 3, late=0.5),
    P("Yung-Chieh Chung", "鍾永傑", "yungchieh", ("ozone",), 1.8, -3, 3),
    P("Ching-Yi Peng", "彭靜宜", "chingyi-peng", ("airflow",), 1.5, -3, 3),
    P("Sheng-Ta You", "游聖達", "shengta", ("airflow",), 1.2, -3, 3),
    P("Yi-Hsin Chan", "詹宜馨", "yihsin-chan", ("airflow",), 1.2, -3, 3, 0.15),
    P("Chang-Jung Hu", "胡昌榮", "changjung", ("airflow",), 1.0, -3, 3),
    # Members who came through the weekly talks rather than a camp.
    P("Mei-Ling Shih", "施美玲", "meiling-shih", ("kafka",), 0.8, -30, 6),
    P("Kuan-Ting Shen", "沈冠廷", "kuanting", ("ozone",), 1.0, -12, 6),
    P("Hsuan-Ju Yu", "余萱如", "hsuanju-yu", ("airflow",), 0.5, -26, 6),
    P("Yao-Tsung Tsai", "蔡耀宗", "yaotsung", ("yunikorn",), 1.0, -20, 6),
    P("Fang-Yu Chen", "陳芳瑜", "fangyu-chen", ("kafka",), 0.8, -15, 6, -0.7),
    P("Tsai-Ling Lin", "林彩玲", "tsailing", ("ozone",), 0.7, -9, 4),
    P("Jen-Hao Huang", "黃仁豪", "jenhao-huang", ("airflow",), 0.5, -28, 6),
    P("Yu-Ting Chang", "張郁婷", "yuting-chang", ("kafka", "airflow"), 0.8, -24, 6),
    P("Hung-Wei Lee", "李宏偉", "hungwei-lee", ("yunikorn",), 0.7, -18, 6),
)  # fmt: skip
BOTS = (
    P("dependabot[bot]", "", "dependabot[bot]", ("yunikorn", "ozone", "airflow"), 6.0,
      member=False, bot=True),
    P("github-actions[bot]", "", "github-actions[bot]", ("airflow",), 2.0, member=False, bot=True),
)  # fmt: skip
PEOPLE = (
    MEMBERS
    + tuple(
        P(name, "", login, projects, rate, start, ramp, stop, apache_id, member=False)
        for name, login, projects, rate, start, ramp, stop, apache_id in OUTSIDERS
    )
    + BOTS
)
# The bots' real commit addresses, as GitHub writes them.
BOT_EMAILS = {
    "dependabot[bot]": "49699333+dependabot[bot]@users.noreply.github.com",
    "github-actions[bot]": "41898282+github-actions[bot]@users.noreply.github.com",
}

# (login, project, role, month granted): each after the person's activity has ramped up.
TITLES = (
    ("minghsun", "kafka", Role.COMMITTER, -24),
    ("minghsun", "kafka", Role.PMC_MEMBER, -15),
    ("minghsun", None, Role.ASF_MEMBER, -6),
    ("peishan-lin", "kafka", Role.COMMITTER, -22),
    ("cwhuang", "kafka", Role.COMMITTER, -21),
    ("YaWenChang", "yunikorn", Role.COMMITTER, -24),
    ("YaWenChang", "yunikorn", Role.PMC_MEMBER, -12),
    ("kuanyu-lee", "yunikorn", Role.COMMITTER, -16),
    ("sfwang", "ozone", Role.COMMITTER, -25),
    ("sfwang", "ozone", Role.PMC_MEMBER, -9),
    ("tsunghan", "ozone", Role.COMMITTER, -20),
    ("huichun-liu", "ozone", Role.COMMITTER, -18),
    ("chyang-tw", "airflow", Role.COMMITTER, -25),
    ("pohan-cheng", "kafka", Role.COMMITTER, -7),
    ("hsinyi-hsieh", "ozone", Role.COMMITTER, -4),
    ("chenghan-kuo", "yunikorn", Role.COMMITTER, -1),
)


@dataclass(frozen=True)
class DemoCamp:
    slug: str
    name: str
    start: int  # month offsets
    end: int
    projects: tuple[str, ...]
    organizers: tuple[str, ...]
    # (mentee, mentor, status)
    enrolments: tuple[tuple[str, str, Enrollment.Status], ...]


_G, _A, _D = (Enrollment.Status.GRADUATED, Enrollment.Status.ACTIVE, Enrollment.Status.DROPPED)
CAMPS = (
    DemoCamp(
        "demo-xiangcai", "香菜饅頭營", -22, -18, ("kafka", "yunikorn", "ozone"),
        ("peishan-lin", "sfwang"),
        (("pohan-cheng", "minghsun", _G), ("weilun", "peishan-lin", _G),
         ("yuhsuan-chiu", "cwhuang", _D), ("chunhao-t", "cwhuang", _G), ("ihsuan", "minghsun", _G),
         ("chenghan-kuo", "YaWenChang", _G), ("pinhsuan", "kuanyu-lee", _G),
         ("tingyu-lai", "kuanyu-lee", _D), ("hsinyi-hsieh", "sfwang", _G),
         ("yenju", "tsunghan", _G), ("kaiwen-yeh", "huichun-liu", _G),
         ("shihchieh", "tsunghan", _D)),
    ),
    DemoCamp(
        "demo-dingdingdang", "叮叮噹饅頭營", -3, 1, ("kafka", "yunikorn", "ozone", "airflow"),
        ("peishan-lin", "YaWenChang", "chyang-tw"),
        (("haoyu-lu", "minghsun", _A), ("yiting-chiang", "minghsun", _A),
         ("juichi", "minghsun", _A), ("liwei-lo", "cwhuang", _D),
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
    ("minghsun", "fangyu-chen", "kafka", -8, None),
)
# The demo logins: (username, contributor login or "", is staff and superuser).
LOGINS = (("organizer", "", True), ("mentor", "minghsun", False), ("mentee", "haoyu-lu", False))


def find_person(login: str) -> DemoPerson:
    return next(person for person in PEOPLE if person.login == login)


def git_email(person: DemoPerson) -> str:
    if person.bot:
        return BOT_EMAILS[person.login]
    ascii_name = unicodedata.normalize("NFKD", person.name).encode("ascii", "ignore").decode()
    given, _sep, family = ascii_name.rpartition(" ")
    return f"{given.replace('-', '')}.{family}@{EMAIL_DOMAIN}".lower()


def pace(person: DemoPerson, month: int) -> float:
    """Pull requests a month: ramping up from the start, slower near the end for some, and
    in the month a person stops, for the part of it before they stop."""
    if month < person.start or month >= person.stop:
        return 0.0
    ramped = person.pace * min(1.0, (month - person.start + 1) / person.ramp)
    return ramped * (person.late if month >= -1 else 1.0) * min(1.0, person.stop - month)


def active(person: DemoPerson, t: float) -> bool:
    return person.start <= t < person.stop


def share(person: DemoPerson, slug: str) -> float:
    """How much of a person's pace goes to this project: bots spread evenly, people work
    mostly on their first project."""
    if len(person.projects) == 1:
        return 1.0
    if person.bot:
        return 1 / len(person.projects)
    return 0.75 if person.projects[0] == slug else 0.25


def _committer_since() -> dict[tuple[str, str | None], int]:
    since = {(login, slug): month for login, slug, role, month in TITLES if role == Role.COMMITTER}
    # People from outside the community with an Apache id commit from before the demo's start.
    for person in PEOPLE:
        if person.apache_id and not person.member:
            for slug in person.projects:
                since[(person.login, slug)] = -99
    return since


COMMITTER_SINCE = _committer_since()
MENTOR_OF = {mentee: mentor for camp in CAMPS for mentee, mentor, _s in camp.enrolments} | {
    mentee: mentor for mentor, mentee, _p, _s, ended in INFORMAL_MENTORSHIPS if ended is None
}
# Mentees now: active in a camp, or mentored outside one.
CURRENT_MENTEES = {
    mentee for camp in CAMPS for mentee, _m, status in camp.enrolments if status == _A
} | {mentee for _m, mentee, _p, _s, ended in INFORMAL_MENTORSHIPS if ended is None}


def is_committer(person: DemoPerson, slug: str, month: int) -> bool:
    return COMMITTER_SINCE.get((person.login, slug), 99) < month


@cache
def active_pool(slug: str, month: int) -> list[tuple[DemoPerson, float]]:
    """People at work on a project in a month, weighted by pace; committers count thrice.
    Cached: callers must not change the list."""
    return [
        (p, pace(p, month) * (3 if is_committer(p, slug, month) else 1))
        for p in PEOPLE
        if slug in p.projects and not p.bot and pace(p, month) > 0
    ]


@cache
def committer_pool(slug: str, month: int) -> list[tuple[DemoPerson, float]]:
    """Who can merge on a project in a month, weighted by pace. Cached, like active_pool."""
    return [
        (p, pace(p, month) + 0.5)
        for p in PEOPLE
        if slug in p.projects and is_committer(p, slug, month) and month < p.stop
    ]
