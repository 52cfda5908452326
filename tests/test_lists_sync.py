"""The mailing-list sync against the fake PonyMail archive, through the real client."""

import base64
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.models import ActivityMonth, Identity, ListMessage, MailingList, SyncState, Title
from projects.sync.errors import RateLimited, Refused, Unavailable
from projects.sync.lists import sync_lists
from projects.sync.lists_client import ListsClient
from tests.factories import ContributorFactory, IdentityFactory, ProjectFactory, TitleFactory
from tests.fake_lists import Fault, mail, raw_mail

pytestmark = pytest.mark.django_db

DEV = "dev@kafka.apache.org"
NOW = datetime(2024, 9, 15, 12, tzinfo=UTC)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


@pytest.fixture(autouse=True)
def september(monkeypatch):
    """Mid-September 2024: July and August are complete, September is not."""
    monkeypatch.setattr("projects.sync.lists.now", lambda: NOW)


@pytest.fixture
def kafka():
    project = ProjectFactory(name="Apache Kafka", slug="kafka", design_prefix="[DISCUSS] KIP-")
    MailingList.objects.create(project=project, address=DEV)
    return project


def run(kafka, fake, **options):
    return sync_lists(project=kafka, client=ListsClient(fake.url, timeout=2), **options)


def state(project) -> SyncState:
    return SyncState.objects.get(kind=SyncState.Kind.LISTS, project=project)


def kip_thread(fake):
    """July: a KIP discussion with a reply; August: a vote with three voters and a bot."""
    fake.add(
        DEV,
        mail(sender=("陳美玲", "meiling@example.org"), subject="[DISCUSS] KIP-1100: Faster",
             sent_at=at(7, 2), message_id="<kip@x>"),
        mail(sender=("Luke Chen", "showuon@apache.org"), subject="Re: [DISCUSS] KIP-1100: Faster",
             sent_at=at(7, 3), message_id="<kip-re@x>", in_reply_to="<kip@x>"),
        mail(sender="jira@apache.org", subject="[jira] [Created] (KAFKA-1) Slow",
             sent_at=at(7, 4), message_id="<jira@x>"),
        mail(sender=("chia7712 (via GitHub)", "git@apache.org"), subject="[PR] KAFKA-1 (kafka)",
             sent_at=at(7, 5), message_id="<gh@x>"),
        mail(sender=("陳美玲", "meiling@example.org"), subject="[VOTE] KIP-1100: Faster",
             sent_at=at(8, 1), message_id="<vote@x>"),
        mail(sender=("Luke Chen", "showuon@apache.org"), subject="Re: [VOTE] KIP-1100: Faster",
             sent_at=at(8, 2), message_id="<v1@x>", in_reply_to="<vote@x>",
             body="+1 (binding)\n\nOn Thu, 陳美玲 wrote:\n> -1\n"),
        mail(sender=("Bob Lee", "bob@example.com"), subject="Re: [VOTE] KIP-1100: Faster",
             sent_at=at(8, 3), message_id="<v2@x>", in_reply_to="<vote@x>",
             body="-1, the =E2=80=9Cfast=E2=80=9D path is unsafe\n", quoted_printable=True),
        mail(sender=("Jane Doe", "jane@example.org"), subject="Re: [VOTE] KIP-1100: Faster",
             sent_at=at(8, 4), message_id="<v3@x>", in_reply_to="<vote@x>", body="+0\n"),
    )  # fmt: skip


def test_it_stores_messages_with_their_senders_threads_and_votes(kafka, fake_lists):
    kip_thread(fake_lists)

    result = run(kafka, fake_lists)

    assert ListMessage.objects.count() == result.messages == 8
    discuss = ListMessage.objects.get(message_id="<kip@x>")
    assert discuss.kind == ListMessage.Kind.THREAD and discuss.is_design
    assert discuss.sender.kind == Identity.Kind.GIT_EMAIL
    assert discuss.sender_display == "陳美玲 <meiling@example.org>"
    reply = ListMessage.objects.get(message_id="<kip-re@x>")
    assert (reply.kind, reply.thread_root, reply.in_reply_to) == ("reply", "<kip@x>", "<kip@x>")
    assert not reply.is_design
    votes = dict(ListMessage.objects.exclude(vote="").values_list("message_id", "vote"))
    assert votes == {"<v1@x>": "+1", "<v2@x>": "-1", "<v3@x>": "0"}
    # A Chinese name in From: becomes a name identity seen with the address.
    assert Identity.objects.filter(kind=Identity.Kind.GIT_NAME, value="陳美玲").exists()
    # An @apache.org address is an Apache id.
    assert Identity.objects.filter(kind=Identity.Kind.APACHE, value="showuon").exists()
    # One activity request, then one request per month that holds mail.
    assert result.requests == fake_lists.request_count == 3
    assert fake_lists.count("stats") == 1 and fake_lists.count("mbox") == 2
    assert state(kafka).status == SyncState.Status.SUCCEEDED
    assert state(kafka).cursor["lists"][DEV]["complete"] == ["2024-07", "2024-08"]


def test_it_keeps_machines_mail_apart_from_anyones_participation(kafka, fake_lists):
    kip_thread(fake_lists)

    run(kafka, fake_lists)

    machines = ListMessage.objects.filter(is_machine=True)
    assert set(machines.values_list("message_id", flat=True)) == {"<jira@x>", "<gh@x>"}
    assert not machines.filter(sender__isnull=False).exists()
    assert not Identity.objects.filter(value__in=["jira@apache.org", "git@apache.org"]).exists()
    counted = ActivityMonth.objects.filter(kind__startswith="list_")
    messages = counted.filter(kind__in=["list_thread", "list_reply"])
    assert sum(messages.values_list("count", flat=True)) == 6  # the people's messages alone
    assert sum(counted.filter(kind="list_vote").values_list("count", flat=True)) == 3
    assert sum(counted.filter(kind="list_design").values_list("count", flat=True)) == 1


def test_a_rerun_fetches_only_the_months_not_complete_and_stores_nothing_twice(kafka, fake_lists):
    kip_thread(fake_lists)
    fake_lists.add(
        DEV, mail(sender="jane@example.org", subject="Hello", sent_at=at(9, 1), message_id="<s@x>")
    )
    run(kafka, fake_lists)
    assert ListMessage.objects.count() == 9
    fake_lists.reset_counts()

    again = run(kafka, fake_lists)

    # July and August are complete; September is still being written.
    assert ListMessage.objects.count() == 9
    assert fake_lists.count("mbox") == 1 and fake_lists.requests[-1].params["d"] == "2024-09"
    assert again.requests == 2
    fake_lists.reset_counts()
    run(kafka, fake_lists, full=True)
    assert fake_lists.count("mbox") == 3 and ListMessage.objects.count() == 9


def test_an_interrupted_run_resumes_at_the_month_it_stopped_on(kafka, fake_lists):
    kip_thread(fake_lists)
    fake_lists.inject(Fault.SERVER_ERROR, path="mbox", month="2024-08", times=1)

    with pytest.raises(
        Unavailable, match=r"dev@kafka.apache.org 2024-08: the archive answered 500"
    ):
        run(kafka, fake_lists)

    assert state(kafka).status == SyncState.Status.FAILED
    assert "2024-08" in state(kafka).last_error
    assert ListMessage.objects.count() == 4  # July kept
    fake_lists.reset_counts()
    run(kafka, fake_lists)
    assert [r.params.get("d") for r in fake_lists.requests if "mbox" in r.path] == ["2024-08"]
    assert ListMessage.objects.count() == 8


def test_a_month_that_is_no_mbox_is_named_and_the_others_go_on(kafka, fake_lists):
    kip_thread(fake_lists)
    fake_lists.inject(Fault.NOT_MBOX, path="mbox", month="2024-07")

    result = run(kafka, fake_lists)

    [problem] = result.bad_months
    assert problem.startswith("dev@kafka.apache.org 2024-07: the archive answered no mbox (")
    assert "502 Proxy Error" in problem
    assert ListMessage.objects.count() == 4  # August
    assert "dev@kafka.apache.org 2024-07" in state(kafka).warning
    assert state(kafka).cursor["lists"][DEV]["complete"] == ["2024-08"]
    run(kafka, fake_lists)
    assert ListMessage.objects.count() == 8


def test_a_month_cut_off_is_stored_but_read_again(kafka, fake_lists):
    kip_thread(fake_lists)
    fake_lists.inject(Fault.TRUNCATED, path="mbox", month="2024-08")

    run(kafka, fake_lists)

    assert 4 <= ListMessage.objects.count() < 8
    assert state(kafka).cursor["lists"][DEV]["complete"] == ["2024-07"]
    run(kafka, fake_lists)
    assert ListMessage.objects.count() == 8


def test_a_slow_archive_is_unavailable_and_a_rate_limit_waits(kafka, fake_lists):
    kip_thread(fake_lists)
    fake_lists.inject(Fault.SLOW, path="mbox", delay=3)
    with pytest.raises(Unavailable, match="did not answer in 2 s"):
        run(kafka, fake_lists)
    fake_lists.inject(Fault.TOO_MANY_REQUESTS, path="stats", retry_after=120)
    with pytest.raises(RateLimited, match="wait 120 s"):
        run(kafka, fake_lists)
    assert state(kafka).status == SyncState.Status.WAITING


def test_broken_input_loses_no_message(kafka, fake_lists):
    fake_lists.add(
        DEV,
        raw_mail(
            b"From: =?GB2312?B?"
            + base64.b64encode("李斯".encode("gb2312"))
            + b"?= <lisi@example.cn>\nSubject: =?utf-8?q?=E4=BD=A0=E5=A5=BD?=\n"
            b"Date: not a date at all\n\nNo Message-ID here.\nFrom the start of a line\n",
            sent_at=at(7, 9),
        ),
        raw_mail(
            "From: 張三 <zhang@example.tw>\nSubject: 8-bit subject\nMessage-ID: <raw@x>\n"
            "Date: Tue, 9 Jul 2024 25:99:00 +0800\n\nbody\n".encode(),
            sent_at=at(7, 9),
        ),
        raw_mail(b"Subject: nobody sent this\nMessage-ID: <anon@x>\n\nbody\n", sent_at=at(7, 9)),
        raw_mail(
            b"From: Someone <someone@example.org>\nSubject: charset from nowhere\n"
            b"Message-ID: <cs@x>\nDate: Wed, 10 Jul 2024 10:00:00 +0000\n"
            b"Content-Type: text/plain; charset=x-unknown\n\n\xff\xfe\n",
            sent_at=at(7, 10),
        ),
    )

    result = run(kafka, fake_lists)

    assert result.messages == 3 and result.skipped == 1  # no sender address at all
    names = set(Identity.objects.filter(kind="git_name").values_list("value", flat=True))
    assert {"李斯", "張三", "someone"} <= names
    no_id = ListMessage.objects.exclude(message_id__in=["<raw@x>", "<cs@x>"]).get()
    assert no_id.message_id.endswith("@missing-message-id.invalid>")
    assert no_id.subject == "你好"
    # Dates no parser reads come from the mbox From line.
    assert no_id.sent_at == at(7, 9)
    assert ListMessage.objects.get(message_id="<raw@x>").sent_at == at(7, 9)
    run(kafka, fake_lists, full=True)
    assert ListMessage.objects.count() == 3  # the made-up Message-ID is the same each run


def test_an_announcement_dates_the_title_it_announces(kafka, fake_lists):
    person = ContributorFactory(display_name="Chia-Ping Tsai", apache_id="chia7712")
    roster = TitleFactory(
        contributor=person, project=kafka, role=Title.Role.COMMITTER,
        granted_on=date(2012, 5, 1), source=Title.Source.APACHE_ROSTER,
    )  # fmt: skip
    other = ContributorFactory(display_name="Luke Chen")
    IdentityFactory(kind="git_name", value="show uon", contributor=other)
    by_hand = TitleFactory(
        contributor=other, project=kafka, role=Title.Role.PMC_MEMBER,
        granted_on=date(2020, 1, 1), source=Title.Source.MANUAL,
    )  # fmt: skip
    jun = ("Jun Rao", "junrao@apache.org")
    fake_lists.add(
        DEV,
        mail(sender=jun, subject="[ANNOUNCE] New committer: Chia-Ping Tsai",
             sent_at=at(7, 15), message_id="<ann@x>",
             body="The PMC for Apache Kafka has invited Chia-Ping Tsai to become a committer."),
        mail(sender=jun, subject="[ANNOUNCE] New Kafka PMC member: Luke Chen",
             sent_at=at(8, 15), message_id="<ann2@x>"),
        mail(sender=jun, subject="Re: [ANNOUNCE] New committer: Chia-Ping Tsai",
             sent_at=at(8, 16), message_id="<ann-re@x>", in_reply_to="<ann@x>"),
    )  # fmt: skip

    result = run(kafka, fake_lists)

    roster.refresh_from_db()
    assert roster.granted_on == date(2024, 7, 15)
    assert roster.source == Title.Source.ANNOUNCEMENT
    assert roster.announcement.message_id == "<ann@x>"
    assert "thread/%3Cann%40x%3E?%3Cdev.kafka.apache.org%3E" in roster.announcement.archive_url()
    by_hand.refresh_from_db()
    assert (by_hand.granted_on, by_hand.source) == (date(2020, 1, 1), Title.Source.MANUAL)
    assert result.titles_dated == 1
    assert run(kafka, fake_lists).titles_dated == 0


def test_it_refuses_a_project_without_lists_and_a_bad_month(fake_lists):
    project = ProjectFactory(slug="ozone")
    with pytest.raises(Refused, match="names no mailing list"):
        sync_lists(project=project, client=ListsClient(fake_lists.url))
    MailingList.objects.create(project=project, address="dev@ozone.apache.org")
    with pytest.raises(Refused, match="not a month"):
        sync_lists(project=project, since="2024-13", client=ListsClient(fake_lists.url))


def test_since_leaves_out_earlier_months(kafka, fake_lists):
    kip_thread(fake_lists)
    run(kafka, fake_lists, since="2024-08")
    assert ListMessage.objects.count() == 4
    assert fake_lists.count("mbox") == 1


def test_a_directory_of_mbox_files_works_as_an_archive(kafka, fake_lists, tmp_path):
    kip_thread(fake_lists)
    folder = tmp_path / DEV
    folder.mkdir()
    for month in ("2024-07", "2024-08"):
        (folder / f"{month}.mbox").write_bytes(fake_lists.mbox(DEV, month))

    result = sync_lists(project=kafka, client=ListsClient(tmp_path.as_uri()))

    assert result.messages == 8 and result.requests == 0


def test_the_command_and_add_repository_list(fake_lists, settings, capsys):
    settings.LISTS_URL = fake_lists.url
    call_command(
        "add_repository", "kafka", "apache/kafka", "--list", DEV, "--list", "users@kafka.apache.org"
    )
    assert sorted(MailingList.objects.values_list("address", flat=True)) == [
        DEV, "users@kafka.apache.org"
    ]  # fmt: skip
    kip_thread(fake_lists)
    call_command("sync_lists", "kafka", "--since", "2024-07", verbosity=0)
    captured = capsys.readouterr()
    assert "Kafka: 8 messages (2 from machines) in 2 list-months, 4 requests" in captured.out
    # users@ holds nothing: a misspelt address would look the same, so the run says so.
    assert "users@kafka.apache.org: the archive holds no mail" in captured.err
    assert ListMessage.objects.count() == 8
    with pytest.raises(CommandError, match="not a month"):
        call_command("sync_lists", "kafka", "--since", "July", verbosity=0)
    with pytest.raises(CommandError, match="unknown project"):
        call_command("sync_lists", "nope", verbosity=0)


def test_votes_are_read_from_multipart_and_base64_bodies(kafka, fake_lists):
    multipart = (
        b"From: Ann <ann@example.org>\nSubject: Re: [VOTE] Release 4.0.0 RC1\n"
        b"Message-ID: <mp@x>\nIn-Reply-To: <rc1@x>\nDate: Mon, 8 Jul 2024 10:00:00 +0000\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain; charset=utf-8\n\n-1, the RC has a bad license\n"
        b"--b\nContent-Type: text/html\n\n<p>-1</p>\n--b--\n"
    )
    encoded = base64.b64encode("+1 (binding), 謝謝\n".encode())
    fake_lists.add(
        DEV,
        raw_mail(multipart, sent_at=at(7, 8)),
        raw_mail(
            b"From: Bo <bo@example.org>\nSubject: Re: [VOTE] Release 4.0.0 RC1\n"
            b"Message-ID: <b64@x>\nIn-Reply-To: <rc1@x>\nDate: Mon, 8 Jul 2024 11:00:00 +0000\n"
            b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            + encoded
            + b"\n",
            sent_at=at(7, 8),
        ),
    )

    run(kafka, fake_lists)

    votes = dict(ListMessage.objects.values_list("message_id", "vote"))
    assert votes == {"<mp@x>": "-1", "<b64@x>": "+1"}


def test_the_nightly_task_queues_every_project_with_a_list(kafka, monkeypatch):
    from projects import tasks

    ProjectFactory(slug="no-lists")
    queued = []
    monkeypatch.setattr(tasks.sync_lists_task, "delay", queued.append)

    assert tasks.sync_all_lists() == 1
    assert queued == [kafka.pk]
