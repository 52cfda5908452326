"""The demo's mailing lists: each project's dev@ list with design discussions, votes,
questions and their replies from the people at work on it that month, notifications from
JIRA and GitHub beside them (kept apart, as the sync keeps them), and an announcement for
every committer and PMC title, which dates it (source "announcement")."""

import random
from dataclasses import dataclass, field
from datetime import datetime, time

from osc4you.demo.cast import PEOPLE, PROJECTS, DemoPerson, active_pool
from osc4you.demo.clock import MONTHS, Clock
from osc4you.demo.draws import pick, poisson
from projects.models import Identity, ListMessage, MailingList, Project, Title

# Threads started a month per person at full weight, and replies a thread draws.
THREADS_PER_WEIGHT = 0.1
REPLIES = 3.0
_MACHINES = (
    ("ASF GitHub Bot (Jira)", "jira@apache.org", "[jira] [Commented] ({key}-{n}) {subject}"),
    ("{login} (via GitHub)", "git@apache.org", "[PR] {key}-{n}: {subject} ({repo})"),
)  # one a thread, in turn


@dataclass
class ListPlan:
    mailing_lists: list[MailingList] = field(default_factory=list)
    messages: list[ListMessage] = field(default_factory=list)
    # Titles and the message announcing each: the title takes its date and a link.
    announced: list[tuple[Title, ListMessage]] = field(default_factory=list)


def plan_lists(
    *,
    rng: random.Random,
    clock: Clock,
    projects: dict[str, Project],
    emails: dict[str, Identity],
    titles: list[Title],
    scale: float = 1.0,
) -> ListPlan:
    """Every list row, unsaved; ``emails`` are the people's email identities by login."""
    out = ListPlan()
    for demo in PROJECTS:
        project = projects[demo.slug]
        dev = MailingList(project=project, address=f"dev@{demo.slug}.apache.org")
        out.mailing_lists.append(dev)
        serial = 0
        design = "[DISCUSS] KIP-" if demo.slug == "kafka" else "[DISCUSS]"
        for month in range(-MONTHS + 1, 2):
            pool = [(p, w) for p, w in active_pool(demo.slug, month) if p.login in emails]
            weight = sum(w for _p, w in pool)
            for _n in range(poisson(rng, weight * THREADS_PER_WEIGHT * scale)):
                t = month + rng.random()
                if t >= clock.end:
                    continue
                serial += 1
                [author] = pick(rng, pool, 1, ())
                roll = rng.random()
                kip = f"KIP-{serial + 1000}: " if demo.slug == "kafka" else ""
                if roll < 0.3:
                    subject = f"[DISCUSS] {kip}Rework {rng.choice(demo.subjects)}"
                elif roll < 0.4 and kip:
                    subject = f"[VOTE] {kip}Rework {rng.choice(demo.subjects)}"
                elif roll < 0.5:
                    subject = f"[VOTE] Release {demo.name} {rng.choice(demo.versions)} RC1"
                else:
                    subject = f"Question about {rng.choice(demo.subjects)}"
                root = _message(dev, emails, author, subject, clock.at(t), f"{demo.slug}-{serial}")
                root.is_design = subject.startswith(design)
                out.messages.append(root)
                voters = pick(rng, pool, poisson(rng, REPLIES), (author,))
                for k, voter in enumerate(voters):
                    when = min(t + (k + 1) * rng.random() / 10, clock.end - 1e-6)
                    reply = _message(
                        dev, emails, voter, f"Re: {subject}", clock.at(when),
                        f"{demo.slug}-{serial}-{k}", root=root,
                    )  # fmt: skip
                    if subject.startswith("[VOTE]"):
                        reply.vote = rng.choice(("+1", "+1", "+1", "+1", "0", "-1"))
                    out.messages.append(reply)
                name, address, pattern = _MACHINES[serial % len(_MACHINES)]
                out.messages.append(
                    _machine(dev, name.format(login=author.login), address,
                             pattern.format(key=demo.jira_key, n=serial, repo=demo.repo,
                                            subject=rng.choice(demo.subjects)),
                             clock.at(t), f"{demo.slug}-{serial}-bot")
                )  # fmt: skip
        _announce(out, dev, demo.slug, emails, titles, clock)
    return out


def _announce(
    out: ListPlan,
    dev: MailingList,
    slug: str,
    emails: dict[str, Identity],
    titles: list[Title],
    clock: Clock,
) -> None:
    """An [ANNOUNCE] for each committer and PMC title of the project, from a PMC member."""
    chair = next((p for p in PEOPLE if slug in p.projects and p.apache_id and not p.member), None)
    for title in titles:
        if title.project is None or title.project.slug != slug or title.granted_on is None:
            continue
        if title.role not in (Title.Role.COMMITTER, Title.Role.PMC_MEMBER):
            continue
        person = title.contributor
        what = "committer" if title.role == Title.Role.COMMITTER else "PMC member"
        sent = datetime.combine(title.granted_on, time(9), tzinfo=clock.tz)
        message = ListMessage(
            mailing_list=dev,
            message_id=f"<demo-announce-{slug}-{person.slug}-{title.role}@demo.example.com>",
            sent_at=sent,
            subject=f"[ANNOUNCE] New {what}: {person.display_name}",
            sender=emails[chair.login] if chair else None,
            sender_display=f"{chair.name} <{emails[chair.login].value}>" if chair else "",
            kind=ListMessage.Kind.THREAD,
            announced_role=title.role,
            announced_name=person.display_name,
        )
        message.thread_root = message.message_id
        out.messages.append(message)
        out.announced.append((title, message))


def _message(
    dev: MailingList,
    emails: dict[str, Identity],
    person: DemoPerson,
    subject: str,
    when: datetime,
    key: str,
    *,
    root: ListMessage | None = None,
) -> ListMessage:
    email = emails[person.login]
    # Half of the community writes its Chinese name in From:, as many do.
    name = person.chinese if person.chinese and len(person.login) % 2 else person.name
    message_id = f"<demo-{key}@demo.example.com>"
    return ListMessage(
        mailing_list=dev,
        message_id=message_id,
        sent_at=when,
        subject=subject,
        sender=email,
        sender_display=f"{name} <{email.value}>",
        in_reply_to=root.message_id if root else "",
        thread_root=root.message_id if root else message_id,
        kind=ListMessage.Kind.REPLY if root else ListMessage.Kind.THREAD,
    )


def _machine(
    dev: MailingList, name: str, address: str, subject: str, when: datetime, key: str
) -> ListMessage:
    """A notification: kept, but with no sender, as the sync keeps machines' mail."""
    message_id = f"<demo-{key}@demo.example.com>"
    return ListMessage(
        mailing_list=dev, message_id=message_id, sent_at=when, subject=subject,
        sender_display=f"{name} <{address}>", thread_root=message_id,
        kind=ListMessage.Kind.THREAD, is_machine=True,
    )  # fmt: skip
