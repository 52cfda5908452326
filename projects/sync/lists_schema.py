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

import base64
import functools
import hashlib
import quopri
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.policy import compat32
from email.utils import parseaddr, parsedate_to_datetime

__all__ = ["ListMail", "MonthMail", "announced", "is_machine", "parse_month", "vote_in"]

_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)  # mboxrd quoting
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|回复|回覆|答复)\s*(\[\d+\])?\s*[:：]\s*)+", re.I)
_ASCTIME = "%a %b %d %H:%M:%S %Y"
_PLAIN_ENCODINGS = {"7bit", "8bit", "binary", "quoted-printable", "base64"}
_CHARSET = re.compile(r'charset\s*=\s*"?([^";\s]+)', re.I)

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
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(raw)
        chunk = raw[match.end() : end]
        if not chunk.strip():
            continue
        mail = _read(_headers(chunk), chunk, match.group(), address, first, window, announces)
        if mail is None:
            skipped += 1
        else:
            messages.append(mail)
    return MonthMail(messages=messages, skipped=skipped)


def _read(
    head: dict[str, str],
    chunk: bytes,
    from_line: bytes,
    address: str,
    first: datetime,
    window: tuple[datetime, datetime],
    announces: bool,
) -> ListMail | None:
    raw_name, sender = _address(head.get("from", ""))
    sender = sender.strip().lower()
    if "@" not in sender:
        return None
    name = _decoded(raw_name).strip().strip('"').strip()
    subject = " ".join(_decoded(head.get("subject", "")).split())
    sent_at = _date(head.get("date"), window) or _from_line_date(from_line, window) or first
    message_id = _first_id(head.get("message-id", ""))
    if not message_id:
        digest = hashlib.sha1(
            f"{address}|{sender}|{sent_at.isoformat()}|{subject}".encode("utf-8", "replace")
        ).hexdigest()
        message_id = f"<{digest}@missing-message-id.invalid>"
    in_reply_to = _first_id(head.get("in-reply-to", ""))
    references = _MESSAGE_ID.findall(head.get("references", ""))
    thread_root = references[0] if references else in_reply_to or message_id
    machine = is_machine(name, sender, head.get("auto-submitted", ""))
    bare = _REPLY_PREFIX.sub("", subject)
    replying = bool(in_reply_to or references or bare != subject)
    vote, role, who = "", "", ""
    if not machine and replying and _VOTE_TAG.match(bare):
        vote = vote_in(_body(chunk, head))
    elif not machine and announces and not replying and _ANNOUNCE_HINT.search(subject):
        role, who = announced(subject, _body(chunk, head))
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


def is_machine(name: str, address: str, auto_submitted: str = "") -> bool:
    """Mail a machine wrote: JIRA and GitHub notifications, CI, bots, relays "via GitHub"."""
    local, _at, domain = address.partition("@")
    if local in _MACHINE_LOCALS or local.endswith(("-bot", "_bot", ".bot", "[bot]")):
        return True
    if domain in _MACHINE_DOMAINS or domain.endswith(".github.com"):
        return True
    if name and _MACHINE_NAME.search(name):
        return True
    auto = auto_submitted.strip().lower()
    return bool(auto) and auto != "no"


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


def _headers(chunk: bytes) -> dict[str, str]:
    """The headers the sync reads, unfolded (RFC 5322 2.2.3), the first of each name.

    Read here rather than by ``email.parser``, which builds a whole Message for every
    header; values are decoded as UTF-8, which raw 8-bit headers almost always are (a byte
    that is not becomes U+FFFD), and encoded words are left to ``_decoded``.
    """
    end = chunk.find(b"\n\n")
    block = (chunk if end < 0 else chunk[:end]).decode("utf-8", "replace")
    found: dict[str, str] = {}
    for name, value in _HEADER.findall(block):
        key = name.lower()
        if key not in found:
            found[key] = " ".join(value.split())
    return found


_WANTED = {
    "from", "subject", "date", "message-id", "in-reply-to", "references", "auto-submitted",
    "content-type", "content-transfer-encoding",
}  # fmt: skip
_HEADER = re.compile(
    r"^(" + "|".join(sorted(_WANTED)) + r")[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.I | re.M
)
_PLAIN_ADDRESS = re.compile(
    r'^\s*(?:"?([^"<>,]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>\s*$|^\s*([^\s<>",]+@[^\s<>",]+)\s*$'
)


def _address(value: str) -> tuple[str, str]:
    """(name, address) of a From: header; the common shapes by a regular expression,
    anything else by ``email.utils.parseaddr``."""
    plain = _PLAIN_ADDRESS.match(value)
    if plain:
        if plain.group(3):
            return "", plain.group(3)
        return (plain.group(1) or "").strip(), plain.group(2)
    return parseaddr(value)


def _decoded(value: str) -> str:
    """Encoded words decoded; the raw text where a charset is unknown or broken."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, AssertionError):
        return value


def _first_id(value: object) -> str:
    found = _MESSAGE_ID.search(str(value or ""))
    return found.group() if found else ""


_RFC_DATE = re.compile(
    r"^(?:\w{3},\s*)?(\d{1,2}) (\w{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-])(\d{2})(\d{2})"
)
_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip


def _date(value: object, window: tuple[datetime, datetime]) -> datetime | None:
    if not value:
        return None
    # The form nearly every mail program writes, read without email.utils' general parser.
    plain = _RFC_DATE.match(str(value))
    if plain and plain.group(2).lower() in _MONTHS:
        day, month, year, hour, minute, second, sign, oh, om = plain.groups()
        offset = (int(oh) * 60 + int(om)) * (-1 if sign == "-" else 1)
        try:
            moment = datetime(
                int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute),
                int(second or 0), tzinfo=_zone(offset),
            )  # fmt: skip
        except ValueError:
            moment = None
        return moment if moment is not None and window[0] <= moment <= window[1] else None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if window[0] <= moment <= window[1] else None


@functools.cache
def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


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


def _body(chunk: bytes, head: dict[str, str]) -> str:
    """The first text/plain part, decoded, with mboxrd's ``>From`` quoting undone.

    A plain one-part message (most list mail) is decoded here; anything else (multipart,
    an unusual encoding) is left to ``email.parser``.
    """
    kind, _semi, parameters = head.get("content-type", "text/plain").partition(";")
    encoding = head.get("content-transfer-encoding", "7bit").strip().lower()
    if kind.strip().lower() == "text/plain" and encoding in _PLAIN_ENCODINGS:
        start = chunk.find(b"\n\n")
        payload = _QUOTED_FROM.sub(rb"\1", chunk[start + 2 :] if start >= 0 else b"")
        if encoding == "quoted-printable":
            payload = quopri.decodestring(payload)
        elif encoding == "base64":
            try:
                payload = base64.b64decode(payload)
            except ValueError:
                payload = b""
        named = _CHARSET.search(parameters)
        try:
            return payload.decode(named.group(1) if named else "utf-8", "replace")
        except LookupError:
            return payload.decode("utf-8", "replace")
    message = BytesParser(policy=compat32).parsebytes(_QUOTED_FROM.sub(rb"\1", chunk))
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() != "text/plain":
            continue
        decoded = part.get_payload(decode=True)
        if not isinstance(decoded, bytes):
            return ""
        charset = part.get_content_charset() or "utf-8"
        try:
            return decoded.decode(charset, "replace")
        except LookupError:
            return decoded.decode("utf-8", "replace")
    return ""
