"""Mailing-list sync: the messages of the lists a project names, month by month.

Per list and run: one ``activity`` request says which months hold mail (and how many
messages each), then one request per month still to read, the next month fetched while
this one is stored. A month is *complete* once it
ended two days before the run began (late mail reaches an archive after its date) and gave
at least as many messages as the archive counts; complete months are listed in the cursor
and never fetched again, unless ``full``. Each month is stored in one transaction with the
cursor after it, so a run that stops resumes with the month it was on.

Messages are upserted by Message-ID: a message cross-posted to two lists is one row, on
the list it was first read from. A month the archive answers with something other than an
mbox is named in the run's warning and left as stored; the other months go on. After the
last month, announcements date titles (``announcements``) and the senders are resolved.
"""

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from projects import pipeline
from projects.bulk import relax_commit, upsert
from projects.identities import id_of, identity_key, record_pairs, upsert_identities
from projects.models import Identity, ListMessage, MailingList, Project, SyncState
from projects.sync import announcements
from projects.sync import state as sync_state
from projects.sync.errors import Refused
from projects.sync.lists_client import BadMonth, ListsClient, client_for
from projects.sync.lists_schema import ListMail, parse_month
from projects.sync.locks import SyncAlreadyRunning, sync_lock

__all__ = ["ListsSyncResult", "sync_lists"]

Progress = Callable[[int, int | None], None]
# Mail reaches an archive after its date: a month is final two days after it ends.
SETTLE = timedelta(days=2)


@dataclass
class ListsSyncResult:
    project: str
    requests: int = 0
    months: int = 0  # list-months read
    months_in_range: int = 0  # list-months from the first asked to this one
    messages: int = 0
    machine: int = 0  # of which written by machines
    skipped: int = 0  # without a sender address
    bad_months: list[str] = field(default_factory=list)
    empty_lists: list[str] = field(default_factory=list)  # the archive holds no mail of these
    titles_dated: int = 0
    seconds: float = 0.0
    identity_ids: set[int] = field(default_factory=set, repr=False)
    known_identities: dict = field(default_factory=dict, repr=False)


def sync_lists(
    *,
    project: Project,
    full: bool = False,
    since: str | None = None,
    client: ListsClient | None = None,
    on_progress: Progress | None = None,
) -> ListsSyncResult:
    """Bring the messages of the project's lists up to date; ``since`` (``YYYY-MM``) leaves
    out earlier months, ``full`` reads complete months again.

    Raises RateLimited or Unavailable with the months done saved (call again: it resumes),
    Refused when it cannot succeed (no list named, no such list, a bad LISTS_URL).
    """
    lists = list(project.mailing_lists.order_by("address"))
    if not lists:
        raise Refused(
            f"{project.name} names no mailing list: add one in the admin or with "
            "add_repository --list"
        )
    if since is not None:
        _check_month(since)
    try:
        with sync_lock(SyncState.Kind.LISTS, project.pk):
            return _sync(project, lists, full, since, client or client_for(), on_progress)
    except SyncAlreadyRunning:
        raise Refused(f"{project.name}: another mailing-list sync of it is running") from None


def now() -> datetime:
    """The time months are judged complete by (the tests set it)."""
    return timezone.now()


def _check_month(value: str) -> None:
    try:
        datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise Refused(f"{value!r} is not a month such as 2024-07") from None


def _sync(
    project: Project,
    lists: list[MailingList],
    full: bool,
    since: str | None,
    client: ListsClient,
    on_progress: Progress | None,
) -> ListsSyncResult:
    started = time.perf_counter()
    result = ListsSyncResult(project=project.name)
    state, _ = SyncState.objects.get_or_create(
        kind=SyncState.Kind.LISTS, project=project, repository=None
    )
    if full:
        state.cursor = {}
    sync_state.begin(state)
    settled = now() - SETTLE
    try:
        with sync_state.stopping(state):
            for mailing_list in lists:
                _sync_list(
                    project, mailing_list, state, client, since, settled, result, on_progress
                )
            with transaction.atomic():
                result.titles_dated = announcements.date_titles(project=project)
    finally:
        result.requests = client.requests
        pipeline.identities_seen(result.identity_ids)
    problems = []
    if result.bad_months:
        problems.append("; ".join(result.bad_months) + " (left as stored; read again next run)")
    warning = "; ".join(problems + result.empty_lists)
    sync_state.succeed(state, warning=warning)
    result.seconds = time.perf_counter() - started
    if result.messages or result.titles_dated:  # else the figures are unchanged
        pipeline.records_committed(project_id=project.pk)
    return result


def _months_between(first: str, last: str) -> int:
    a, b = datetime.strptime(first, "%Y-%m"), datetime.strptime(last, "%Y-%m")
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _month_end(month: str) -> datetime:
    first = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    return (first + timedelta(days=32)).replace(day=1)


def _sync_list(
    project: Project,
    mailing_list: MailingList,
    state: SyncState,
    client: ListsClient,
    since: str | None,
    settled: datetime,
    result: ListsSyncResult,
    on_progress: Progress | None,
) -> None:
    address = mailing_list.address.lower()
    cursor = dict(state.cursor)
    lists_cursor = dict(cursor.get("lists", {}))
    done = set(lists_cursor.get(address, {}).get("complete", []))
    activity = client.activity(address).months
    if not activity:
        result.empty_lists.append(
            f"{address}: the archive holds no mail for this list (is the address right?)"
        )
    months = [m for m in activity if (since is None or m >= since)]
    now_month = now().strftime("%Y-%m")
    if months:
        result.months_in_range += _months_between(months[0], max(months[-1], now_month))
    todo = [m for m in months if m not in done]
    expected = sum(activity[m] or 0 for m in todo) or None
    for month, raw in _fetched(client, address, todo):
        if isinstance(raw, BadMonth):
            result.bad_months.append(str(raw))
            continue
        mail = parse_month(
            raw, address=address, month=month, announces=mailing_list.announces_titles
        )
        count = activity[month]
        complete = _month_end(month) <= settled and (count is None or len(mail.messages) >= count)
        with transaction.atomic():  # the month and the cursor after it, together
            relax_commit()
            _write(project, mailing_list, mail.messages, result)
            if complete:
                done.add(month)
            lists_cursor[address] = {"complete": sorted(done)}
            cursor["lists"] = lists_cursor
            state.cursor = cursor
            state.pages_done += 1
            state.items_done += len(mail.messages)
            state.items_total = expected
            state.save(
                update_fields=["cursor", "pages_done", "items_done", "items_total", "updated_at"]
            )
        result.months += 1
        result.skipped += mail.skipped
        if on_progress:
            on_progress(state.items_done, state.items_total)


def _fetched(
    client: ListsClient, address: str, months: list[str]
) -> Iterator[tuple[str, bytes | BadMonth]]:
    """Each month's mbox (or the BadMonth it raised), in order; the next month is fetched
    in a thread while the caller parses and stores this one, so the archive's answer time
    and the database's overlap. Still one request a month; only that thread uses the
    client's session. Any other error is raised at its month, as without the thread."""

    def fetch(month: str) -> bytes | BadMonth:
        try:
            return client.month(address, month)
        except BadMonth as exc:
            return exc

    if not months:
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lists-fetch")
    try:
        pending = pool.submit(fetch, months[0])
        for index, month in enumerate(months):
            current = pending
            if index + 1 < len(months):
                pending = pool.submit(fetch, months[index + 1])
            yield month, current.result()
    finally:
        # A run that stops does not wait for the month fetched ahead.
        pool.shutdown(wait=False, cancel_futures=True)


class MessageRow(NamedTuple):
    mailing_list: int
    message_id: str
    sent_at: datetime
    subject: str
    sender: int | None
    sender_display: str
    in_reply_to: str
    thread_root: str
    kind: str
    is_machine: bool
    vote: str
    is_design: bool
    announced_role: str
    announced_name: str


def _people(messages: list[ListMail], result: ListsSyncResult) -> dict:
    """Identities of the people who wrote ``messages`` (machines have none): the address,
    the name beside it, and the Apache id an ``@apache.org`` address is."""
    seen: list[tuple[str, str]] = []
    pairs = []
    for mail in messages:
        if mail.machine:
            continue
        email = (Identity.Kind.GIT_EMAIL, mail.address)
        seen.append(email)
        if mail.name and "@" not in mail.name:
            seen.append((Identity.Kind.GIT_NAME, mail.name))
            pairs.append((email, (Identity.Kind.GIT_NAME, mail.name)))
        local, _at, domain = mail.address.partition("@")
        if domain == "apache.org":
            seen.append((Identity.Kind.APACHE, local))
            pairs.append((email, (Identity.Kind.APACHE, local)))
    ids = upsert_identities(seen, known=result.known_identities)
    record_pairs(
        (first, second)
        for a, b in pairs
        if (first := id_of(ids, *a)) is not None and (second := id_of(ids, *b)) is not None
    )
    return ids


def _write(
    project: Project,
    mailing_list: MailingList,
    messages: list[ListMail],
    result: ListsSyncResult,
) -> None:
    if not messages:
        return
    ids = _people(messages, result)
    prefix = (project.design_prefix or "").strip().lower()
    rows: dict[str, MessageRow] = {}
    for mail in messages:
        sender = (
            None if mail.machine else ids.get(identity_key(Identity.Kind.GIT_EMAIL, mail.address))
        )
        if sender is not None:
            result.identity_ids.add(sender)
        reply = mail.is_reply
        rows[mail.message_id] = MessageRow(
            mailing_list=mailing_list.pk,
            message_id=mail.message_id,
            sent_at=mail.sent_at,
            subject=mail.subject,
            sender=sender,
            sender_display=(f"{mail.name} <{mail.address}>" if mail.name else mail.address)[:320],
            in_reply_to=mail.in_reply_to,
            thread_root=mail.thread_root,
            kind=ListMessage.Kind.REPLY if reply else ListMessage.Kind.THREAD,
            is_machine=mail.machine,
            vote=mail.vote,
            is_design=bool(prefix) and not reply and not mail.machine
            and mail.subject.lower().startswith(prefix),
            announced_role=mail.announced_role,
            announced_name=mail.announced_name,
        )  # fmt: skip
    # Stored once: a message cross-posted to another list keeps the list it was first read
    # from (the conflict leaves that column alone), and its sender is counted once.
    fields = MessageRow._fields
    upsert(
        ListMessage,
        fields,
        list(rows.values()),
        unique=["message_id"],
        update=[name for name in fields if name not in ("message_id", "mailing_list")],
    )
    result.messages += len(rows)
    result.machine += sum(1 for row in rows.values() if row.is_machine)
