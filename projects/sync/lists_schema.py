"""One month of a list's mbox, read into typed messages with Python's ``email`` package.

Archives hold what people's mail programs wrote, so every header may be broken: encoded
words (RFC 2047) in ``From:`` and ``Subject:`` (Chinese names among them), raw 8-bit UTF-8,
unknown charsets, dates no parser reads, a missing ``Message-ID``. None of that drops a
message: a name that cannot be decoded keeps its raw form, a date that cannot be read (or
lies outside the month the archive filed it in) is taken from the mbox ``From `` line, else
the first day of that month, and a missing Message-ID is made from what the message says,
the same on every run. A message with no sender address at all is skipped and counted.

Bodies are read only where something is looked for in them: the votes of ``[VOTE]``
replies and the announcements of new committers and PMC members.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32
from email.utils import parseaddr, parsedate_to_datetime

__all__ = ["ListMail", "MonthMail", "announced", "is_machine", "parse_month", "vote_in"]

_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)  # mboxrd quoting
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|回复|回覆|答复)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)
_ASCTIME = "%a %b %d %H:%M:%S %Y"

# Senders that are machines: notification relays, CI, bots (address local parts and names).
_MACHINE_LOCALS = {
    "jira", "git", "gitbox", "notifications", "noreply", "no-reply", "jenkins", "builds",
    "buildbot", "hudson", "ci", "github-actions", "dependabot", "asfbot", "asfgit",
    "commits", "mailer-daemon", "issues",
}  # fmt: skip
_MACHINE_NAME = re.compile(
    r"\(via github\)|\bvia github\b|\((jira|github)\)$|\bjenkins\b|\bgitbox\b|\bbuildbot\b"
    r"|\[bot\]|\bgithub bot\b|\bbot$",
    re.I,
)
_MACHINE_DOMAINS = ("github.com", "users.noreply.github.com", "travis-ci.org", "circleci.com")

_VOTE_TAG = re.compile(r"^\s*\[vote\]", re.I)
_VOTE_LINE = re.compile(r"^\s*([+-]1|[+-]?0)(?![\d.,]\d)(?!\d)")
_QUOTE_START = re.compile(r"^\s*(>|on .+wrote:?\s*$|-{2,}\s*original message|\S+ 於 .+寫道)", re.I)

_ROLE = r"(?P<role>committer|pmc member|pmc)"
_NAME = r"(?P<name>[^\n,;:.!?()<>]{2,60}?)"
_ANNOUNCE_SUBJECT = (
    re.compile(rf"\bnew\s+(?:[\w-]+\s+)?{_ROLE}s?\b\s*[:\-–]?\s*{_NAME}\s*(?:\(|$)", re.I),
    re.compile(rf"^{_NAME}\s+(?:is|as)\s+(?:a\s+|our\s+)?new\s+(?:[\w-]+\s+)?{_ROLE}\b", re.I),
)
_ANNOUNCE_BODY = (
    re.compile(
        rf"\b{_NAME}\s+has\s+accepted\s+(?:the\s+|our\s+|an\s+)?(?:[\w'’]+\s+){{0,3}}?"
        rf"invitation\s+to\s+(?:become|join)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+)?{_ROLE}\b",
        re.I,
    ),
    re.compile(
        rf"\bhas\s+invited\s+{_NAME}\s+to\s+(?:become|join)\s+(?:a\s+|an\s+|the\s+)?"
        rf"(?:[\w-]+\s+)?{_ROLE}\b",
        re.I,
    ),
)
_ANNOUNCE_HINT = re.compile(r"announce|welcome|committer|\bpmc\b", re.I)


@dataclass(slots=True)
class ListMail:
    message_id: str
    sent_at: datetime
    subject: str
    name: str  # the sender's name, decoded
    address: str  # lower-cased
    in_reply_to: str
    thread_root: str
    machine: bool
    vote: str  # "+1", "0", "-1" or ""
    announced_role: str  # "committer", "pmc_member" or ""
    announced_name: str

    @property
    def is_reply(self) -> bool:
        return bool(self.in_reply_to) or self.thread_root != self.message_id


@dataclass(slots=True)
class MonthMail:
    messages: list[ListMail]
    skipped: int  # no sender address at all


def parse_month(raw: bytes, *, address: str, month: str, announces: bool = False) -> MonthMail:
    """The messages of one list-month's mbox (``month`` is ``YYYY-MM``, the month the
    archive filed them under); ``announces``: look for title announcements."""
    first = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    window = (first - timedelta(days=7), first + timedelta(days=39))
    starts = [match for match in _FROM_LINE.finditer(raw)]
    messages, skipped = [], 0
    headers = BytesHeaderParser(policy=compat32)
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(raw)
        chunk = raw[match.end() : end]
        if not chunk.strip():
            continue
        head = headers.parsebytes(chunk)
        mail = _read(head, chunk, match.group(), address, first, window, announces)
        if mail is None:
            skipped += 1
        else:
            messages.append(mail)
    return MonthMail(messages=messages, skipped=skipped)


def _read(
    head: Message,
    chunk: bytes,
    from_line: bytes,
    address: str,
    first: datetime,
    window: tuple[datetime, datetime],
    announces: bool,
) -> ListMail | None:
    raw_name, sender = parseaddr(_text(head.get("From", "")))
    sender = sender.strip().lower()
    if "@" not in sender:
        return None
    name = _decoded(raw_name).strip().strip('"').strip()
    subject = " ".join(_decoded(_text(head.get("Subject", ""))).split())
    sent_at = _date(head.get("Date"), window) or _from_line_date(from_line, window) or first
    message_id = _first_id(head.get("Message-ID", ""))
    if not message_id:
        digest = hashlib.sha1(
            f"{address}|{sender}|{sent_at.isoformat()}|{subject}".encode("utf-8", "replace")
        ).hexdigest()
        message_id = f"<{digest}@missing-message-id.invalid>"
    in_reply_to = _first_id(head.get("In-Reply-To", ""))
    references = _MESSAGE_ID.findall(_text(head.get("References", "")))
    thread_root = references[0] if references else in_reply_to or message_id
    machine = is_machine(name, sender, head)
    bare = _REPLY_PREFIX.sub("", subject)
    replying = bool(in_reply_to or references or bare != subject)
    vote, role, who = "", "", ""
    if not machine and replying and _VOTE_TAG.match(bare):
        vote = vote_in(_body(chunk))
    elif not machine and announces and not replying and _ANNOUNCE_HINT.search(subject):
        role, who = announced(subject, _body(chunk))
    return ListMail(
        message_id=message_id[:500],
        sent_at=sent_at,
        subject=subject[:500],
        name=name[:200],
        address=sender[:320],
        in_reply_to=in_reply_to[:500],
        thread_root=thread_root[:500],
        machine=machine,
        vote=vote,
        announced_role=role,
        announced_name=who[:200],
    )


def is_machine(name: str, address: str, head: Message | None = None) -> bool:
    """Mail a machine wrote: JIRA and GitHub notifications, CI, bots, relays "via GitHub"."""
    local, _at, domain = address.partition("@")
    if local in _MACHINE_LOCALS or local.endswith(("-bot", "_bot", ".bot", "[bot]")):
        return True
    if domain in _MACHINE_DOMAINS or domain.endswith(".github.com"):
        return True
    if name and _MACHINE_NAME.search(name):
        return True
    auto = (head.get("Auto-Submitted", "") if head is not None else "") or ""
    return bool(auto) and auto.strip().lower() != "no"


def vote_in(body: str) -> str:
    """The vote a reply casts: its first line of its own (not quoted) that starts with
    +1, 0 or -1 (``+0`` and ``-0`` count as 0); "" when none does."""
    for line in body.splitlines()[:40]:
        if _QUOTE_START.match(line):
            break
        found = _VOTE_LINE.match(line)
        if found:
            value = found.group(1)
            return value if value in ("+1", "-1") else "0"
    return ""


def announced(subject: str, body: str) -> tuple[str, str]:
    """(role, name) a message announces: ``New committer: Jane Doe`` in the subject, or
    "Jane Doe has accepted our invitation to become a committer" in the body."""
    bare = re.sub(r"^\s*(\[[^\]]*\]\s*)+", "", subject)
    for pattern in _ANNOUNCE_SUBJECT:
        found = pattern.search(bare)
        if found and _person(found.group("name")):
            return _role(found.group("role")), _person(found.group("name"))
    text = " ".join(body.split())
    for pattern in _ANNOUNCE_BODY:
        found = pattern.search(text)
        if found and _person(found.group("name")):
            return _role(found.group("role")), _person(found.group("name"))
    return "", ""


def _role(word: str) -> str:
    return "committer" if word.lower() == "committer" else "pmc_member"


def _person(raw: str) -> str:
    """A name as announced, without "Apache Kafka"-like noise; "" for no name at all."""
    name = " ".join(raw.split()).strip(" -–'\"")
    if not name or len(name.split()) > 5 or name.lower() in ("we", "they", "he", "she"):
        return ""
    return name


def _text(value: object) -> str:
    """A header as str: raw 8-bit UTF-8 (which compat32 hands over as a Header of charset
    unknown-8bit, or as surrogates) decoded."""
    if isinstance(value, Header):
        parts = []
        for chunk, charset in decode_header(value):
            if isinstance(chunk, str):
                parts.append(chunk)
                continue
            try:
                parts.append(
                    chunk.decode(
                        charset if charset not in (None, "unknown-8bit") else "utf-8", "replace"
                    )
                )
            except LookupError:
                parts.append(chunk.decode("utf-8", "replace"))
        return "".join(parts)
    text = str(value or "")
    if any("\udc80" <= char <= "\udcff" for char in text):
        text = text.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return text


def _decoded(value: str) -> str:
    """Encoded words decoded; the raw text where a charset is unknown or broken."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, AssertionError):
        return value


def _first_id(value: object) -> str:
    found = _MESSAGE_ID.search(_text(value))
    return found.group() if found else ""


def _date(value: object, window: tuple[datetime, datetime]) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(_text(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if window[0] <= moment <= window[1] else None


def _from_line_date(line: bytes, window: tuple[datetime, datetime]) -> datetime | None:
    # "From jane@example.org Thu Jul  4 10:00:00 2024": the date is the line's last 5 words.
    words = line.decode("ascii", "replace").split()
    if len(words) < 6:
        return None
    try:
        moment = datetime.strptime(" ".join(words[-5:]), _ASCTIME).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if window[0] <= moment <= window[1] else None


def _body(chunk: bytes) -> str:
    """The first text/plain part, decoded, with mboxrd's ``>From`` quoting undone."""
    message = BytesParser(policy=compat32).parsebytes(_QUOTED_FROM.sub(rb"\1", chunk))
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() != "text/plain":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return ""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, "replace")
        except LookupError:
            return payload.decode("utf-8", "replace")
    return ""
