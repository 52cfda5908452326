"""The Apache roster sync, against roster files the tests write: in a directory, or served
by a local HTTP server on 127.0.0.1. Apache ids and people here are made up."""

import copy
import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from contributors.models import Contributor, Identity
from contributors.resolution import resolve_identities
from osc4you.celery import app
from projects.models import Project, SyncState, Title
from projects.sync.errors import Refused, Unavailable
from projects.sync.roster import sync_apache_roster
from projects.sync.roster_client import COMMITTEES_FILE, PEOPLE_FILE, PROJECTS_FILE
from projects.tasks import sync_apache_roster_task
from tests.factories import (
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    IdentityPairFactory,
    ListMessageFactory,
    MailingListFactory,
    ProjectFactory,
    TitleFactory,
)
from tests.reference import first_contribution

pytestmark = pytest.mark.django_db

Role, Source = Title.Role, Title.Source
ROSTER = Source.APACHE_ROSTER

PROJECTS = {
    "lastTimestamp": "20250301000000Z",
    "project_count": 3,
    "projects": {
        "kafka": {
            "createTimestamp": "20110823000000Z",
            "modifyTimestamp": "20250201000000Z",
            "member_count": 6,
            "owner_count": 4,
            "members": ["lwang", "meilin", "kuanyu", "early", "newbie", "ldaponly"],
            "owners": ["lwang", "meilin", "early", "ldaponly"],
            "pmc": True,
        },
        "gluten": {  # a podling: its owners are the PPMC
            "createTimestamp": "20240110000000Z",
            "modifyTimestamp": "20250101000000Z",
            "members": ["podling"],
            "owners": ["podling"],
            "podling": "current",
        },
        "hadoop": {"members": ["meilin"], "owners": ["meilin"], "pmc": True},
    },
}
COMMITTEES = {
    "last_updated": "2025-03-01",
    "committee_count": 2,
    "committees": {
        "kafka": {
            "display_name": "Kafka",
            "site": "https://kafka.apache.org",
            "established": "10/2012",
            "chair": {"lwang": {"name": "Li Wang"}},
            "roster_count": 3,
            "roster": {
                "lwang": {"name": "Li Wang", "date": "2015-03-01"},
                "meilin": {"name": "Mei-Lin Chen", "date": "2022-06-10"},
                "early": {"name": "Early Bird", "date": "2018-12-01"},
            },
            "pmc": True,
        },
        "hadoop": {"chair": {}, "roster": {"meilin": {"name": "Mei-Lin Chen", "date": None}}},
    },
}
PEOPLE = {
    "lastCreateTimestamp": "20250301000000Z",
    "people_count": 7,
    "people": {
        "lwang": {"name": "Li Wang", "createTimestamp": "20130115000000Z"},
        "meilin": {"name": "Mei-Lin Chen", "createTimestamp": "20200101000000Z"},
        # 20:00 UTC is the next morning in Taipei, where dates are shown.
        "kuanyu": {"name": "Kuan-Yu Lee", "createTimestamp": "20230228200000Z"},
        "early": {"name": "Early Bird", "createTimestamp": "20190501000000Z"},
        "newbie": {"name": "Nina Newbie", "createTimestamp": "20240201000000Z"},
        "ldaponly": {"name": "Lee Dap"},
        "podling": {"name": "Pat Podling", "createTimestamp": "20240115000000Z"},
    },
}


def write_roster(directory: Path, **changes) -> Path:
    """The sample files in ``directory``; ``changes`` maps a file name to a function that
    edits its data, or to raw text written as is."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in (
        (PROJECTS_FILE, PROJECTS),
        (COMMITTEES_FILE, COMMITTEES),
        (PEOPLE_FILE, PEOPLE),
    ):
        change = changes.get(name)
        if isinstance(change, str):
            (directory / name).write_text(change)
            continue
        data = copy.deepcopy(data)
        if change:
            change(data)
        (directory / name).write_text(json.dumps(data))
    return directory


def person(apache_id: str, name: str) -> Contributor:
    """A person whose Apache id identity is linked to them."""
    contributor = ContributorFactory(display_name=name)
    IdentityFactory(kind=Identity.Kind.APACHE, value=apache_id, contributor=contributor)
    return contributor


def titles() -> set[tuple[str, str, str, date | None, str]]:
    return {
        (
            title.contributor.display_name,
            title.project.slug,
            title.role,
            title.granted_on,
            title.source,
        )
        for title in Title.objects.select_related("contributor", "project")
    }


def stored() -> dict[str, list[tuple]]:
    """Every row the sync could write, to compare before and after."""
    return {
        "titles": list(Title.objects.order_by("pk").values_list()),
        "identities": list(Identity.objects.order_by("pk").values_list()),
        "people": list(Contributor.objects.order_by("pk").values_list("pk", "display_name")),
    }


@pytest.fixture
def kafka() -> Project:
    return ProjectFactory(slug="kafka", name="Apache Kafka", jira_key="KAFKA")


@pytest.fixture
def cast(kafka) -> dict[str, Contributor]:
    return {
        "lwang": person("lwang", "Li Wang"),
        "meilin": person("meilin", "Mei-Lin Chen"),
        "kuanyu": person("kuanyu", "Kuan-Yu Lee"),
        "early": person("early", "Early Bird"),
    }


@pytest.fixture
def roster_dir(tmp_path) -> Path:
    return write_roster(tmp_path / "public")


class _RosterHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        if self.server.status != 200:
            self.send_error(self.server.status)
            return
        super().do_GET()

    def log_message(self, format, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def roster_server(tmp_path) -> Iterator[tuple[ThreadingHTTPServer, str]]:
    """A local HTTP server serving the sample files under /public/; its ``status`` set to
    an error makes every answer that error."""
    site = tmp_path / "site"
    write_roster(site / "public")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_RosterHandler, directory=str(site)))
    server.paths, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_port}/public/"
    finally:
        server.shutdown()
        server.server_close()


def test_it_creates_titles_dated_from_the_roster(cast, roster_dir):
    result = sync_apache_roster(source=str(roster_dir))

    assert titles() == {
        ("Li Wang", "kafka", Role.COMMITTER, date(2013, 1, 15), ROSTER),
        ("Li Wang", "kafka", Role.PMC_MEMBER, date(2015, 3, 1), ROSTER),
        ("Li Wang", "kafka", Role.PMC_CHAIR, None, ROSTER),  # the roster says not since when
        ("Mei-Lin Chen", "kafka", Role.COMMITTER, date(2020, 1, 1), ROSTER),
        ("Mei-Lin Chen", "kafka", Role.PMC_MEMBER, date(2022, 6, 10), ROSTER),
        ("Kuan-Yu Lee", "kafka", Role.COMMITTER, date(2023, 3, 1), ROSTER),  # Taipei's date
        # On the PMC before the account's recorded creation: a committer no later than that.
        ("Early Bird", "kafka", Role.COMMITTER, date(2018, 12, 1), ROSTER),
        ("Early Bird", "kafka", Role.PMC_MEMBER, date(2018, 12, 1), ROSTER),
    }
    assert (result.projects, result.created, result.updated, result.kept) == (["kafka"], 8, 0, 0)
    state = SyncState.objects.get(kind=SyncState.Kind.APACHE_ROSTER)
    assert (state.status, state.repository, state.project) == (
        SyncState.Status.SUCCEEDED,
        None,
        None,
    )
    assert state.last_success_at is not None
    assert (state.pages_done, state.items_done, state.last_error) == (3, 6, "")


def test_a_list_announcement_dates_the_committer_title_the_roster_creates(cast, kafka, roster_dir):
    # Mei-Lin's account dates from 2020, as a committer of another project; Kafka's PMC
    # announced her on dev@ in 2021.
    dev = MailingListFactory(project=kafka, address="dev@kafka.apache.org")
    announcement = ListMessageFactory(
        mailing_list=dev,
        subject="[ANNOUNCE] New committer: Mei-Lin Chen",
        announced_role=Role.COMMITTER,
        announced_name="Mei-Lin Chen",
        sent_at=datetime(2021, 4, 12, 2, tzinfo=UTC),
    )

    result = sync_apache_roster(source=str(roster_dir))

    title = Title.objects.get(contributor=cast["meilin"], role=Role.COMMITTER)
    assert (title.granted_on, title.source) == (date(2021, 4, 12), Source.ANNOUNCEMENT)
    assert title.announcement == announcement
    assert result.announced == 1
    # The roster still says she holds it, and leaves the announcement's date as it is.
    again = sync_apache_roster(source=str(roster_dir))
    title.refresh_from_db()
    assert (title.granted_on, again.announced, again.by_hand) == (date(2021, 4, 12), 0, 0)


def test_it_makes_the_chair_a_pmc_chair_and_the_pmc_committers(kafka, roster_dir):
    chair = person("lwang", "Li Wang")
    only_in_ldap = person("ldaponly", "Lee Dap")

    sync_apache_roster(source=str(roster_dir))

    assert set(chair.titles.values_list("role", flat=True)) == {
        Role.COMMITTER, Role.PMC_MEMBER, Role.PMC_CHAIR
    }  # fmt: skip
    # An LDAP owner missing from committee-info.json is on the PMC too, since an unknown date.
    assert set(only_in_ldap.titles.values_list("role", "granted_on")) == {
        (Role.COMMITTER, None), (Role.PMC_MEMBER, None)
    }  # fmt: skip


def test_it_moves_dates_earlier_and_never_later(cast, kafka, roster_dir):
    later = TitleFactory(
        contributor=cast["meilin"], project=kafka, source=ROSTER, granted_on=date(2021, 5, 5)
    )
    earlier = TitleFactory(
        contributor=cast["lwang"],
        project=kafka,
        role=Role.PMC_MEMBER,
        source=ROSTER,
        granted_on=date(2014, 1, 1),
    )
    undated = TitleFactory(
        contributor=cast["kuanyu"], project=kafka, source=ROSTER, granted_on=None
    )

    result = sync_apache_roster(source=str(roster_dir))

    later.refresh_from_db()
    earlier.refresh_from_db()
    undated.refresh_from_db()
    assert later.granted_on == date(2020, 1, 1)
    assert earlier.granted_on == date(2014, 1, 1)  # known earlier than the roster says: kept
    assert undated.granted_on == date(2023, 3, 1)
    assert (result.created, result.updated, result.kept) == (5, 2, 1)


def test_it_never_changes_or_deletes_titles_entered_by_hand(cast, kafka, roster_dir):
    undated = TitleFactory(
        contributor=cast["meilin"], project=kafka, role=Role.PMC_MEMBER, granted_on=None
    )
    dated = TitleFactory(
        contributor=cast["lwang"], project=kafka, granted_on=date(2016, 4, 4), note="vote thread"
    )
    flyte = ProjectFactory(slug="flyte", name="Flyte", foundation=Project.Foundation.LF)
    maintainer = TitleFactory(contributor=cast["meilin"], project=flyte, role=Role.MAINTAINER)
    # Left the roster (emeritus): the title they earned stays as it was.
    gone = person("emeritus", "Em Eritus")
    former = TitleFactory(
        contributor=gone, project=kafka, source=ROSTER, granted_on=date(2012, 2, 2)
    )
    before = {t.pk: (t.granted_on, t.source, t.note) for t in (undated, dated, maintainer, former)}

    result = sync_apache_roster(source=str(roster_dir))

    after = {t.pk: (t.granted_on, t.source, t.note) for t in Title.objects.filter(pk__in=before)}
    assert after == before
    assert result.by_hand == 2
    assert Title.objects.filter(contributor=cast["meilin"], project=kafka).count() == 2


def test_it_keeps_an_unknown_apache_id_for_later_linking(cast, roster_dir):
    people = Contributor.objects.count()

    result = sync_apache_roster(source=str(roster_dir))

    newbie = Identity.objects.get(kind=Identity.Kind.APACHE, value="newbie")
    assert (newbie.contributor, newbie.link_source) == (None, "")
    assert Contributor.objects.count() == people  # no person made of an id seen alone
    assert result.unlinked == 2  # newbie, ldaponly

    # A later git sync meets her commits as Nina Newbie <newbie@apache.org>.
    pair = IdentityPairFactory(
        first__value="nina newbie", first__display="Nina Newbie", first__contributor=None,
        second__value="newbie@apache.org", second__contributor=None,
    )  # fmt: skip
    resolve_identities(identity_ids=[pair.first_id, pair.second_id])
    newbie.refresh_from_db()
    assert newbie.contributor.display_name == "Nina Newbie"

    again = sync_apache_roster(source=str(roster_dir))

    assert set(newbie.contributor.titles.values_list("role", "granted_on", "source")) == {
        (Role.COMMITTER, date(2024, 2, 1), ROSTER)
    }
    assert (again.created, again.unlinked) == (1, 1)


def test_it_links_an_apache_id_typed_on_a_person(kafka, roster_dir):
    kuanyu = ContributorFactory(display_name="Kuan-Yu Lee", apache_id="KuanYu")
    kept_apart = IdentityFactory(
        kind=Identity.Kind.APACHE,
        value="early",
        contributor=None,
        link_source=Identity.LinkSource.MANUAL,
    )
    ContributorFactory(display_name="Early Bird", apache_id="early")

    result = sync_apache_roster(source=str(roster_dir))

    identity = Identity.objects.get(kind=Identity.Kind.APACHE, value="kuanyu")
    assert (identity.contributor, identity.link_source) == (kuanyu, Identity.LinkSource.RULE)
    assert list(kuanyu.titles.values_list("role", "granted_on")) == [
        (Role.COMMITTER, date(2023, 3, 1))
    ]
    kept_apart.refresh_from_db()
    assert kept_apart.contributor is None  # unlinked by hand on purpose: stays so
    assert result.linked == 1


def test_it_gives_podling_owners_committer_titles_only(roster_dir):
    ProjectFactory(slug="gluten", name="Apache Gluten")
    podling = person("podling", "Pat Podling")

    sync_apache_roster(source=str(roster_dir))

    assert list(podling.titles.values_list("project__slug", "role", "granted_on")) == [
        ("gluten", Role.COMMITTER, date(2024, 1, 15))
    ]


def test_it_leaves_demo_and_other_foundations_projects_alone(roster_dir):
    ProjectFactory(slug="kafka", name="Kafka (demo)", is_demo=True)
    ProjectFactory(slug="hadoop", name="Not Hadoop", foundation=Project.Foundation.OTHER)
    person("meilin", "Mei-Lin Chen")

    result = sync_apache_roster(source=str(roster_dir))

    assert result.projects == []
    assert not Title.objects.exists()


def test_it_reads_the_roster_from_a_url(cast, roster_server):
    server, url = roster_server

    result = sync_apache_roster(source=url)

    assert sorted(server.paths) == [
        "/public/committee-info.json",
        "/public/public_ldap_people.json",
        "/public/public_ldap_projects.json",
    ]
    assert result.created == 8
    assert SyncState.objects.get(kind=SyncState.Kind.APACHE_ROSTER).cursor == {"source": url}


def test_it_reads_the_apache_roster_url_setting_by_default(cast, roster_server, settings):
    server, url = roster_server
    settings.APACHE_ROSTER_URL = url.rstrip("/")  # with or without the slash

    call_command("sync_apache_roster", stdout=StringIO(), stderr=StringIO())

    assert len(server.paths) == 3
    assert Title.objects.filter(source=ROSTER).count() == 8


def test_it_reads_the_roster_from_a_directory(cast, roster_dir):
    call_command(
        "sync_apache_roster", "--source", str(roster_dir), stdout=StringIO(), stderr=StringIO()
    )

    assert Title.objects.filter(source=ROSTER).count() == 8


def _drop_projects(data):
    data["projects"] = []


def _members_as_text(data):
    data["projects"]["kafka"]["members"] = "lwang meilin"


def _spelled_date(data):
    data["committees"]["kafka"]["roster"]["meilin"]["date"] = "June 2022"


def _odd_timestamp(data):
    data["people"]["meilin"]["createTimestamp"] = "2020-01-01"


def _timestamp(value):
    return lambda data: data["people"]["meilin"].__setitem__("createTimestamp", value)


def _joined(value):
    return lambda data: data["committees"]["kafka"]["roster"]["meilin"].__setitem__("date", value)


def _member(value):
    return lambda data: data["projects"]["kafka"]["members"].append(value)


def test_it_takes_pre_asf_dates_of_projects_it_does_not_follow(cast, kafka, tmp_path):
    """Only the followed projects' dates are checked: a committee elsewhere whose roster
    predates the foundation (as the Apache Group's did) does not stop the sync."""

    def old_committee(data):
        data["committees"]["httpd"] = {"roster": {"early": {"name": "E", "date": "1995-02-27"}}}

    source = write_roster(tmp_path / "old", **{COMMITTEES_FILE: old_committee})
    call_command(
        "sync_apache_roster", "--source", str(source), stdout=StringIO(), stderr=StringIO()
    )
    assert Title.objects.filter(project=kafka).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {PEOPLE_FILE: "{not json"},
            "public_ldap_people.json: not valid JSON (Expecting property name",
        ),
        ({PEOPLE_FILE: "[]"}, "public_ldap_people.json: the file should be an object, not []"),
        (
            {PROJECTS_FILE: _drop_projects},
            "public_ldap_projects.json: projects should be an object, not []",
        ),
        (
            {PROJECTS_FILE: _members_as_text},
            "public_ldap_projects.json: projects.kafka.members should be a list of Apache ids, "
            'not "lwang meilin"',
        ),
        (
            {COMMITTEES_FILE: _spelled_date},
            "committee-info.json: committees.kafka.roster.meilin.date should be a date like "
            '2012-10-23, not "June 2022"',
        ),
        (
            {PEOPLE_FILE: _odd_timestamp},
            "public_ldap_people.json: people.meilin.createTimestamp should be a time like "
            '20200101000000Z, not "2020-01-01"',
        ),
        (
            {COMMITTEES_FILE: lambda data: data.pop("committees")},
            "committee-info.json: committees should be an object, not missing",
        ),
        # These two printed a traceback (RecursionError, OverflowError).
        (
            {PEOPLE_FILE: '{"people": ' + "[" * 100_000 + "]" * 100_000 + "}"},
            "public_ldap_people.json: not a roster file (its JSON nests too deeply to read)",
        ),
        (
            {PEOPLE_FILE: _timestamp("99991231235959Z")},
            "public_ldap_people.json: people.meilin.createTimestamp should be a time like "
            '20200101000000Z, not "99991231235959Z"',
        ),
        (
            {COMMITTEES_FILE: _joined("1998-06-01")},
            "committee-info.json: committees.kafka.roster.meilin.date is 1998-06-01, before "
            "the ASF existed (1999-03-25)",
        ),
        (
            {PEOPLE_FILE: _timestamp("00010101000000Z")},
            "public_ldap_people.json: people.meilin.createTimestamp is 0001-01-01, before "
            "the ASF existed (1999-03-25)",
        ),
        (
            {PROJECTS_FILE: _member("mei\u0000lin")},
            "public_ldap_projects.json: projects.kafka.members should be a list of Apache ids",
        ),
    ],
    ids=[
        "invalid-json",
        "not-an-object",
        "projects-a-list",
        "members-text",
        "roster-date",
        "ldap-time",
        "no-committees",
        "nested-too-deeply",
        "time-past-year-9999",
        "joined-before-the-asf",
        "account-before-the-asf",
        "nul-in-an-id",
    ],
)
def test_it_refuses_a_bad_file_and_writes_nothing(cast, kafka, tmp_path, changes, message):
    TitleFactory(
        contributor=cast["meilin"], project=kafka, source=ROSTER, granted_on=date(2021, 5, 5)
    )
    before = stored()
    source = write_roster(tmp_path / "bad", **changes)

    with pytest.raises(CommandError) as error:
        call_command(
            "sync_apache_roster", "--source", str(source), stdout=StringIO(), stderr=StringIO()
        )

    assert str(error.value).startswith(message)
    assert stored() == before
    state = SyncState.objects.get(kind=SyncState.Kind.APACHE_ROSTER)
    assert state.status == SyncState.Status.FAILED
    assert state.last_error == str(error.value)
    assert state.last_success_at is None


def test_it_names_a_missing_file(cast, roster_dir):
    (roster_dir / COMMITTEES_FILE).unlink()
    before = stored()

    with pytest.raises(
        Refused, match=f"^committee-info.json: not found at {roster_dir / COMMITTEES_FILE}$"
    ):
        sync_apache_roster(source=str(roster_dir))

    assert stored() == before


def test_it_refuses_a_source_that_is_neither_a_directory_nor_a_url(tmp_path):
    with pytest.raises(CommandError, match="is not a directory or an http\\(s\\) URL holding"):
        call_command("sync_apache_roster", "--source", str(tmp_path / "nowhere"), stdout=StringIO())


def test_it_names_a_file_the_server_does_not_have(cast, roster_server):
    server, url = roster_server
    server.status = 404
    before = stored()

    with pytest.raises(Refused) as error:
        sync_apache_roster(source=url)

    assert (
        str(error.value)
        == f"public_ldap_projects.json: {url}public_ldap_projects.json answered HTTP 404"
    )
    assert not isinstance(error.value, Unavailable)  # retrying will not help
    assert stored() == before


def test_it_writes_nothing_when_a_write_fails_midway(cast, roster_dir, monkeypatch):
    from projects.sync import roster

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster, "_write_titles", fail)  # after the identities are written
    before = stored()

    with pytest.raises(RuntimeError):
        sync_apache_roster(source=str(roster_dir))

    assert stored() == before
    state = SyncState.objects.get(kind=SyncState.Kind.APACHE_ROSTER)
    assert (state.status, state.last_error) == (SyncState.Status.FAILED, "RuntimeError: disk full")


def test_it_changes_nothing_when_run_again(cast, roster_dir):
    sync_apache_roster(source=str(roster_dir))
    first = stored()

    again = sync_apache_roster(source=str(roster_dir))

    assert stored() == first
    assert (again.created, again.updated, again.kept, again.linked) == (0, 0, 8, 0)


def test_it_prints_one_summary_line_and_the_bar_on_stderr(cast, kafka, roster_dir, capsys):
    TitleFactory(contributor=cast["meilin"], project=kafka, granted_on=None)  # by hand
    TitleFactory(
        contributor=cast["lwang"], project=kafka, source=ROSTER, granted_on=date(2020, 2, 2)
    )
    out, err = StringIO(), StringIO()

    call_command("sync_apache_roster", "--source", str(roster_dir), stdout=out, stderr=err)

    assert out.getvalue() == (
        "Apache roster: 1 project matched (kafka); titles: 6 created, 1 dated earlier, 0 kept, "
        "1 entered by hand left as they are; 2 Apache ids not linked to anyone yet, kept for "
        "later linking.\n"
    )
    assert "Apache roster: 100%" in capsys.readouterr().err  # tqdm writes to sys.stderr


def test_it_prints_nothing_at_verbosity_zero(cast, roster_dir, capsys):
    out, err = StringIO(), StringIO()

    call_command(
        "sync_apache_roster", "--source", str(roster_dir), verbosity=0, stdout=out, stderr=err
    )

    assert (out.getvalue(), err.getvalue(), capsys.readouterr().err) == ("", "", "")


def test_it_syncs_in_a_task(cast, roster_dir):
    result = sync_apache_roster_task.apply(kwargs={"source": str(roster_dir)}, throw=True)

    assert result.get() == {"projects": ["kafka"], "created": 8, "updated": 0}


def test_it_retries_the_task_when_the_server_fails(cast, roster_server):
    server, url = roster_server
    server.status = 503

    with pytest.raises(Retry) as retry:
        sync_apache_roster_task.apply(kwargs={"source": url})

    assert retry.value.when == 15 * 60
    with pytest.raises(Unavailable, match="answered HTTP 503"):
        sync_apache_roster_task.apply(kwargs={"source": url}, retries=3)
    assert not Title.objects.exists()


def test_it_fails_the_task_at_once_on_a_bad_file(cast, tmp_path):
    source = write_roster(tmp_path / "bad", **{PEOPLE_FILE: "{"})

    with pytest.raises(Refused, match="not valid JSON"):
        sync_apache_roster_task.apply(kwargs={"source": str(source)}, throw=True)


def test_it_schedules_the_roster_weekly_in_local_time():
    task = PeriodicTask.objects.select_related("crontab").get(name="Sync the Apache roster")

    assert task.task == sync_apache_roster_task.name
    assert task.task in app.tasks
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("0", "4", "0")
    assert (crontab.day_of_month, crontab.month_of_year) == ("*", "*")
    assert str(crontab.timezone) == settings.TIME_ZONE


def test_it_lets_an_organizer_record_any_title_by_hand(
    client: Client, organizer, kafka, roster_dir
):
    """Titles by hand: added in the admin with a date, also outside Apache, left alone by the
    roster, and the path from a first contribution to the title is then computable."""
    meilin = person("meilin", "Mei-Lin Chen")
    flyte = ProjectFactory(slug="flyte", name="Flyte", foundation=Project.Foundation.LF)
    CommitFactory(
        author=IdentityFactory(contributor=meilin), committed_at=datetime(2019, 3, 4, tzinfo=UTC)
    )
    client.force_login(organizer)

    for project, role, granted_on in (
        (flyte, Role.MAINTAINER, "2024-05-01"),
        (kafka, Role.COMMITTER, "2020-06-30"),
    ):
        response = client.post(
            reverse("admin:projects_title_add"),
            {
                "contributor": meilin.pk,
                "project": project.pk,
                "role": role,
                "granted_on": granted_on,
                "source": Source.MANUAL,
                "note": "announced on the dev list",
            },
        )
        assert response.status_code == 302, response.context["adminform"].errors
    sync_apache_roster(source=str(roster_dir))

    assert set(meilin.titles.values_list("project__slug", "role", "granted_on", "source")) == {
        ("flyte", Role.MAINTAINER, date(2024, 5, 1), Source.MANUAL),
        ("kafka", Role.COMMITTER, date(2020, 6, 30), Source.MANUAL),  # not the roster's 2020-01-01
        ("kafka", Role.PMC_MEMBER, date(2022, 6, 10), ROSTER),
    }
    committer = meilin.titles.get(project=kafka, role=Role.COMMITTER)
    assert (committer.granted_on - first_contribution(contributor=meilin).date()).days == 484


@pytest.mark.parametrize("size", [1, 300])
def test_it_needs_the_same_queries_for_one_person_or_many(
    kafka, tmp_path, size, django_assert_max_num_queries
):
    ids = [f"person{n}" for n in range(size)]
    people = Contributor.objects.bulk_create(
        Contributor(display_name=f"Person {n}", slug=f"person-{n}") for n in range(size)
    )
    Identity.objects.bulk_create(
        Identity(kind=Identity.Kind.APACHE, value=apache_id, contributor=contributor)
        for apache_id, contributor in zip(ids, people, strict=True)
    )

    def everyone_on_the_pmc(data):
        data["committees"]["kafka"]["roster"] = {i: {"date": "2020-02-02"} for i in ids}

    source = write_roster(
        tmp_path / "big",
        **{
            PROJECTS_FILE: lambda data: data["projects"]["kafka"].update(members=ids, owners=[]),
            COMMITTEES_FILE: everyone_on_the_pmc,
        },
    )

    # The sync state: read, created (in a savepoint), marked running; the ASF projects; in
    # a savepoint: Apache identities looked up, the missing inserted, read back; the free
    # ones, the people naming them, the links; then per project, its titles, the new ones
    # inserted; the sync state marked finished. PostgreSQL adds the lock and its release.
    with django_assert_max_num_queries(19):
        sync_apache_roster(source=str(source))

    assert Title.objects.count() == 2 * size
