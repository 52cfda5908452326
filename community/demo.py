"""The community part of the demo: fictional organisations, who works for them, and a
sponsorship ledger. Called by ``osc4you.demo.seed_demo`` after the demo's people and
camps are stored, and cleared by ``flush_demo`` before they go.

Demo ledger entries are those of demo people; demo organisations carry ``is_demo``. A
re-run replaces both, so dates slide forward with the rest of the demo.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from camps.models import Cohort
from community.models import Affiliation, Expense, Organization
from community.snapshot import refresh_project_figures
from contributors.models import Contributor
from osc4you.lib.calendar import add_months
from projects.models import Project

Category = Expense.Category

# (slug, name, [(login, first month, last month)]): months relative to this one, None open.
# Each project's leading vendor writes more of it than the community, which comes second
# on most (as the real one says of itself on Kafka and Ozone); the logins are the demo's.
ORGANIZATIONS = (
    ("demo-northwind", "Northwind Streaming (demo)",
     [("lmoretti", None, None), ("priya-raman", None, None), ("tnovak", -12, None),
      ("aholm", None, None), ("grace-okafor", None, None), ("mkowalski", None, None),
      ("jsantos-dev", None, None), ("khaddou", None, None)]),
    ("demo-bluefin", "Bluefin Systems (demo)",
     [("jweber-dev", None, None), ("isokolov", None, None)]),
    ("demo-harbor", "Harbor Data (demo)",
     [("tnovak", None, -13), ("emmabrooks", None, None), ("mgarcia", None, None),
      ("ogrant", None, None), ("nhaddad", None, None), ("larseriksen", None, None),
      ("ydemir", None, None), ("chloe-martin", None, None)]),
    ("demo-cirrus", "Cirrus Storage (demo)", [("hfischer", None, None), ("phorak", None, None)]),
    ("demo-lakeside", "Lakeside Cloud (demo)",
     [("sofial", None, None), ("ksato", None, None), ("fbraun", None, None),
      ("miaj", None, None), ("opetrova", None, None), ("leorossi", None, None)]),
    ("demo-orbit", "Orbit Analytics (demo)",
     [("dkim-dev", None, None), ("aishabello", None, None), ("ewright", None, None),
      ("zara-ahmed", None, None), ("arjun-nair", None, None)]),
)  # fmt: skip

# (month, login, category, amount, currency, camp slug, note)
EXPENSES = (
    (-21, "pohan-cheng", Category.TRAVEL, "1490", "TWD", "demo-xiangcai",
     "High-speed rail to the camp's mid-term meetup"),
    (-20, "hsinyi-hsieh", Category.CONFERENCE, "1200", "TWD", "demo-xiangcai",
     "Conference ticket to present the camp's work"),
    (-19, "chenghan-kuo", Category.TRAVEL, "1850", "TWD", "demo-xiangcai",
     "Bus and rail to the closing meetup"),
    (-18, "weilun", Category.ACCOMMODATION, "2400", "TWD", "demo-xiangcai",
     "One night near the closing meetup"),
    (-14, "minghsun", Category.TRAVEL, "620.00", "USD", None,
     "Flight to an Apache conference in Asia"),
    (-14, "minghsun", Category.ACCOMMODATION, "240.00", "USD", None,
     "Two nights at the conference hotel"),
    (-13, "YaWenChang", Category.CONFERENCE, "150.00", "USD", None, "Conference ticket"),
    (-2, "haoyu-lu", Category.TRAVEL, "1500", "TWD", "demo-dingdingdang",
     "Rail to the kick-off meetup"),
    (-2, "chenyu-kao", Category.TRAVEL, "2300", "TWD", "demo-dingdingdang",
     "Flight from Kinmen to the kick-off meetup"),
    (-1, "wenchi", Category.ACCOMMODATION, "2800", "TWD", "demo-dingdingdang",
     "Two nights for the hackathon"),
    (-1, "chingyi-peng", Category.OTHER, "990", "TWD", "demo-dingdingdang",
     "Books for the study group"),
    (0, "yiting-chiang", Category.CONFERENCE, "800", "TWD", "demo-dingdingdang",
     "Ticket to a local open-source conference"),
)  # fmt: skip


def _month(today: date, month: int) -> date:
    return add_months(today.replace(day=1), month)


def _day(today: date, month: int, day: int = 10) -> date:
    return min(_month(today, month).replace(day=day), today)


def _last_day(today: date, month: int) -> date:
    return date.fromordinal(_month(today, month + 1).toordinal() - 1)


def clear_community_demo() -> int:
    """Delete the demo's ledger entries, affiliations and organisations; returns how many."""
    demo_people = Contributor.objects.filter(origin=Contributor.Origin.DEMO)
    return sum(
        queryset.delete()[0]
        for queryset in (
            Expense.objects.filter(person__in=demo_people),
            Affiliation.objects.filter(contributor__in=demo_people),
            Organization.objects.filter(is_demo=True),
        )
    )


@transaction.atomic
def seed_community_demo(*, today: date) -> int:
    """Replace the demo's organisations, affiliations and ledger; returns the rows written."""
    clear_community_demo()
    people = {
        c.github_login: c
        for c in Contributor.objects.filter(origin=Contributor.Origin.DEMO).exclude(github_login="")
    }
    camps = {c.slug: c for c in Cohort.objects.filter(slug__in={e[5] for e in EXPENSES if e[5]})}
    affiliations: list[Affiliation] = []
    for slug, name, staff in ORGANIZATIONS:
        organization = Organization.objects.create(slug=slug, name=name, is_demo=True)
        affiliations.extend(
            Affiliation(
                contributor=people[login],
                organization=organization,
                since=_day(today, first, 1) if first is not None else None,
                until=_last_day(today, last) if last is not None else None,
                note="Demo data",
            )
            for login, first, last in staff
            if login in people
        )
    Affiliation.objects.bulk_create(affiliations)
    expenses = Expense.objects.bulk_create(
        Expense(
            spent_on=_day(today, month),
            person=people[login],
            category=category,
            amount=Decimal(amount),
            currency=currency,
            camp=camps.get(camp) if camp else None,
            note=f"Demo data: {note}",
        )
        for month, login, category, amount, currency, camp, note in EXPENSES
        if login in people
    )
    return len(ORGANIZATIONS) + len(affiliations) + len(expenses)


def refresh_demo_figures() -> int:
    """Count the demo projects' figures at once, rather than wait for the nightly run."""
    projects = list(Project.objects.filter(is_demo=True))
    for project in projects:
        refresh_project_figures(project=project)
    return len(projects)
