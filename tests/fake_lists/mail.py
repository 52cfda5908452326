"""Messages for the fake archive: built with Python's ``email`` package as mail programs
write them (encoded names, quoted-printable bodies), or given raw for broken ones, and a
busy list's year generated for the benchmark."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Mail:
    raw: bytes  # the message as sent, headers and body
    sent_at: datetime  # the archive's date: which month it is filed under
    envelope: str = "sender@example.org"

    @property
    def month(self) -> str:
        return self.sent_at.astimezone(UTC).strftime("%Y-%m")


def mail(
    *,
    sender: tuple[str, str] | str,
    subject: str,
    sent_at: datetime,
    body: str = "Hello.\n",
    message_id: str | None = "",
    in_reply_to: str = "",
    references: str = "",
    quoted_printable: bool = False,
    headers: dict[str, str] | None = None,
) -> Mail:
    """A message as a mail program writes it. ``sender`` is (name, address) or an address;
    ``message_id=None`` leaves the header out, "" makes one up from the subject and date."""
    message = EmailMessage(policy=SMTP)
    name, address = sender if isinstance(sender, tuple) else ("", sender)
    local, _at, domain = address.partition("@")
    message["From"] = Address(name, local, domain) if name else address
    message["To"] = "dev@kafka.apache.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    if message_id == "":
        message_id = f"<{abs(hash((subject, sent_at.isoformat(), address)))}@mail.example.org>"
    if message_id is not None:
        message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references or in_reply_to:
        message["References"] = references or in_reply_to
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body, cte="quoted-printable" if quoted_printable else None)
    return Mail(raw=message.as_bytes(), sent_at=sent_at, envelope=address)


def raw_mail(raw: bytes, *, sent_at: datetime) -> Mail:
    """A message exactly as given, broken headers and all."""
    return Mail(raw=raw, sent_at=sent_at)


def mboxrd(item: Mail) -> bytes:
    """The message as PonyMail's mbox.lua writes it: a ``From `` line, ``From `` quoted."""
    stamp = item.sent_at.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y")
    body = item.raw.replace(b"\r\n", b"\n")
    body = _FROM_LINE.sub(rb">\1", body)
    if not body.endswith(b"\n"):
        body += b"\n"
    return f"From {item.envelope} {stamp}\n".encode() + body + b"\n"


_PEOPLE = [
    ("陳美玲", "meiling@example.org"), ("Chia-Ping Tsai", "chia7712@apache.org"),
    ("Luke Chen", "showuon@apache.org"), ("林志明", "zhiming@example.com"),
    ("Jane Doe", "jane@example.org"), ("Bob Lee", "bob@example.com"),
    ("王小華", "xiaohua@example.tw"), ("Ismael Juma", "ijuma@apache.org"),
]  # fmt: skip
_MACHINES = [
    ("ASF GitHub Bot (Jira)", "jira@apache.org"),
    ("chia7712 (via GitHub)", "git@apache.org"),
    ("Apache Jenkins Server", "jenkins@builds.apache.org"),
]


def busy_year(start: datetime, *, messages: int = 6000, seed: int = 16) -> list[Mail]:
    """A busy dev@ list's twelve months from ``start`` (a month's first day): threads of
    [DISCUSS] KIPs, [VOTE]s with +1s, JIRA and GitHub notifications (about a third),
    Chinese names, quoted-printable bodies."""
    rng = random.Random(seed)
    end = start.replace(year=start.year + 1)
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(messages))
    out: list[Mail] = []
    threads: list[tuple[str, str]] = []  # (root id, subject)
    for index, moment in enumerate(moments):
        roll = rng.random()
        if roll < 0.33:
            who = rng.choice(_MACHINES)
            out.append(
                mail(sender=who, subject=f"[jira] [Commented] (KAFKA-{index}) Work item",
                     sent_at=moment, message_id=f"<jira-{index}@apache.org>",
                     body=f"ASF GitHub Bot commented on KAFKA-{index}\n")
            )  # fmt: skip
            continue
        who = rng.choice(_PEOPLE)
        if roll < 0.45 or not threads:
            kind = rng.choice([f"[DISCUSS] KIP-{index}: Change", f"[VOTE] KIP-{index}",
                               f"Question about consumers {index}"])  # fmt: skip
            root = f"<t{index}@mail.example.org>"
            threads.append((root, kind))
            out.append(mail(sender=who, subject=kind, sent_at=moment, message_id=root,
                            body="Hi all,\nPlease have a look.\n" * 8))  # fmt: skip
            continue
        root, subject = rng.choice(threads[-40:])
        vote = subject.startswith("[VOTE]")
        body = ("+1 (non-binding)\n" if vote else "Thanks, I agree.\n") + "> quoted\n" * 6
        out.append(
            mail(sender=who, subject=f"Re: {subject}", sent_at=moment,
                 message_id=f"<r{index}@mail.example.org>", in_reply_to=root,
                 body=body, quoted_printable=index % 5 == 0)
        )  # fmt: skip
    return out
