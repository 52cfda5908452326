"""The sponsorship ledger: masked names for the public, real ones for organizers, totals per
camp and currency, spending recorded and edited by organizers only, bad input named."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from camps.spending import camp_spending
from community.ledger import mask_name, public_name, totals_per_camp
from community.models import Expense
from tests.factories import CohortFactory, ContributorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,masked",
    [
        ("陳明瑋", "**瑋"),
        ("王明", "*明"),
        ("歐陽娜娜", "***娜"),
        ("瑋", "*"),
        (" 陳 明 瑋 ", "**瑋"),
        ("김민수", "**수"),
        ("Ming-Hsun Chen", "M. C."),
        ("tomás novák", "T. N."),
        ("Cher", "C."),
        ("", "*"),
    ],
)
def test_it_masks_names_as_the_community_does(name, masked):
    assert mask_name(name) == masked


def test_a_chinese_name_is_masked_before_the_display_name():
    assert public_name(ContributorFactory(display_name="Ming Wei", chinese_name="陳明瑋")) == "**瑋"
    assert public_name(ContributorFactory(display_name="Ming Wei")) == "M. W."


@pytest.fixture
def camps():
    return (
        CohortFactory(name="香菜饅頭營", slug="xiangcai", starts_on=date(2024, 1, 1)),
        CohortFactory(name="菠菜饅頭營", slug="bocai", starts_on=date(2025, 1, 1)),
    )


@pytest.fixture
def entries(camps):
    wei = ContributorFactory(display_name="Ming Wei", chinese_name="陳明瑋")
    lin = ContributorFactory(display_name="Pei Lin")
    old, new = camps

    def spend(person, amount, currency, camp, day):
        return Expense.objects.create(
            spent_on=day, person=person, category=Expense.Category.TRAVEL,
            amount=Decimal(amount), currency=currency, camp=camp, note="HSR to Taipei",
        )  # fmt: skip

    spend(wei, "1490", "TWD", old, date(2024, 2, 1))
    spend(lin, "510.50", "TWD", old, date(2024, 3, 1))
    spend(lin, "120", "USD", old, date(2024, 3, 2))
    spend(wei, "2000", "TWD", new, date(2025, 2, 1))
    spend(wei, "300", "USD", None, date(2025, 6, 1))
    return {"wei": wei, "lin": lin}


def test_it_totals_per_camp_and_currency_without_mixing_currencies(entries, camps):
    old, new = camps
    totals = [(t.camp, t.currency, t.amount, t.entries) for t in totals_per_camp()]

    assert totals == [
        (new, "TWD", Decimal("2000.00"), 1),
        (old, "TWD", Decimal("2000.50"), 2),
        (old, "USD", Decimal("120.00"), 1),
        (None, "USD", Decimal("300.00"), 1),
    ]


def test_it_tells_camps_a_camps_spending_masked_per_currency(
    entries, camps, django_assert_num_queries
):
    old, _new = camps
    with django_assert_num_queries(1):  # the camp's entries with their people
        spending = camp_spending(old)  # registered by CommunityConfig.ready()
    assert [(e.spent_on, e.person, e.category, e.amount, e.currency) for e in spending.entries] == [
        (date(2024, 2, 1), "**瑋", "travel", Decimal("1490.00"), "TWD"),
        (date(2024, 3, 1), "P. L.", "travel", Decimal("510.50"), "TWD"),
        (date(2024, 3, 2), "P. L.", "travel", Decimal("120.00"), "USD"),
    ]
    assert [(t.currency, t.amount, t.entries) for t in spending.totals] == [
        ("TWD", Decimal("2000.50"), 2),
        ("USD", Decimal("120.00"), 1),
    ]
    assert camp_spending(CohortFactory(slug="spent-nothing")).entries == ()


def test_without_a_ledger_a_camp_has_no_spending_to_show(camps, monkeypatch):
    from camps import spending

    monkeypatch.setattr(spending, "_providers", [])
    assert camp_spending(camps[0]) is None


def test_the_public_ledger_masks_names_and_hides_notes(client, entries, member):
    for who in (None, member):  # anonymous, then a signed-in member: both see it masked
        if who:
            client.force_login(who)
        response = client.get(reverse("community:ledger"))

        content = response.content.decode()
        assert response.status_code == 200
        assert "**瑋" in content and "P. L." in content
        assert "陳明瑋" not in content and "Pei Lin" not in content
        assert "HSR to Taipei" not in content
        assert "Record spending" not in content
        assert "2,000.50" in content  # the old camp's TWD total


def test_organizers_see_names_notes_and_the_record_button(client, entries, organizer):
    client.force_login(organizer)

    content = client.get(reverse("community:ledger")).content.decode()

    assert "Ming Wei (陳明瑋)" in content and "Pei Lin" in content
    assert "HSR to Taipei" in content
    assert reverse("community:expense-new") in content


def test_a_camp_narrows_the_ledger_and_an_unknown_one_is_named(client, entries, camps):
    response = client.get(reverse("community:ledger"), {"camp": "bocai"})
    assert [e.amount for e in response.context["rows"]] == [Decimal("2000.00")]

    response = client.get(reverse("community:ledger"), {"camp": "nope"})
    assert "There is no camp “nope”" in response.content.decode()
    assert len(response.context["rows"]) == 5


def _form(person, **changes) -> dict:
    return {
        "spent_on": "2025-07-01",
        "person": person.pk,
        "category": "conference",
        "amount": "1200",
        "currency": "twd",
        "camp": "",
        "note": "COSCUP ticket",
    } | changes


def test_only_organizers_record_spending(client, member, organizer):
    person = ContributorFactory()
    url = reverse("community:expense-new")

    assert client.get(url).status_code == 302  # to sign in
    assert client.post(url, _form(person)).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, _form(person)).status_code == 403
    assert not Expense.objects.exists()

    client.force_login(organizer)
    response = client.post(url, _form(person), follow=True)

    assert "The spending is recorded." in response.content.decode()
    expense = Expense.objects.get()
    assert (expense.person, expense.amount, expense.currency) == (person, Decimal(1200), "TWD")
    assert expense.created_by == organizer


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"currency": "XYZ"}, "“XYZ” is not a currency code"),
        ({"amount": "-5"}, "Ensure this value is greater than or equal to 0.01."),
        ({"amount": "ten"}, "Enter a number."),
        ({"spent_on": "2025-13-01"}, "Enter a valid date."),
        ({"category": "party"}, "Select a valid choice. party is not one of the available"),
        ({"spent_on": "1999-12-31"}, "Enter a date between 2000-01-01 and"),
        ({"spent_on": "2205-07-01"}, "Enter a date between 2000-01-01 and"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, organizer, changes, message):
    client.force_login(organizer)
    response = client.post(reverse("community:expense-new"), _form(ContributorFactory(), **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Expense.objects.exists()


def test_spending_is_recorded_for_members_only(client, organizer):
    outsider = ContributorFactory(is_member=False)
    client.force_login(organizer)

    response = client.post(reverse("community:expense-new"), _form(outsider))

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Expense.objects.exists()


def test_an_organizer_edits_an_entry_and_a_bad_edit_changes_nothing(client, organizer, entries):
    expense = Expense.objects.filter(currency="USD", camp=None).get()
    url = reverse("community:expense-edit", args=[expense.pk])
    client.force_login(organizer)

    bad = client.post(url, _form(expense.person, amount="0"))
    assert bad.status_code == 400
    expense.refresh_from_db()
    assert expense.amount == Decimal(300)

    client.post(url, _form(expense.person, amount="350", currency="USD"))
    expense.refresh_from_db()
    assert (expense.amount, expense.category) == (Decimal(350), "conference")


def test_an_entry_keeps_a_person_who_has_left_the_community(client, organizer, entries):
    expense = Expense.objects.filter(person=entries["lin"]).first()
    entries["lin"].is_member = False
    entries["lin"].save()
    client.force_login(organizer)

    response = client.post(
        reverse("community:expense-edit", args=[expense.pk]), _form(entries["lin"], amount="99")
    )

    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal(99)


def test_members_cannot_edit(client, member, entries):
    expense = Expense.objects.first()
    client.force_login(member)
    assert client.get(reverse("community:expense-edit", args=[expense.pk])).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_the_ledgers_queries_do_not_grow_with_its_entries(
    client, camps, organizer, count, django_assert_max_num_queries
):
    for n in range(count):
        Expense.objects.create(
            spent_on=date(2025, 1, 1), person=ContributorFactory(chinese_name="陳明瑋"),
            category="travel", amount=Decimal(n + 1), currency="TWD", camp=camps[n % 2],
        )  # fmt: skip
    # Camps, the page's count and rows (with person and camp), totals and their camps: 5.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("community:ledger")).status_code == 200
    client.force_login(organizer)
    # And session, user and the header's own person: 8.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("community:ledger")).status_code == 200


# The API twin.


def test_the_api_masks_names_and_notes_for_the_public(client, entries, organizer):
    public = client.get(reverse("api-ledger")).json()
    client.force_login(organizer)
    private = client.get(reverse("api-ledger")).json()

    first = public["results"][0]
    assert first["person"] == "**瑋" and first["person_slug"] is None and first["note"] is None
    assert first["amount"] == "300.00" and first["currency"] == "USD" and first["camp"] is None
    assert private["results"][0]["person"] == "Ming Wei (陳明瑋)"
    assert private["results"][0]["note"] == "HSR to Taipei"
    assert {"camp": "xiangcai", "currency": "TWD", "amount": "2000.50", "entries": 2} in public[
        "totals"
    ]


def test_only_organizers_record_spending_through_the_api(client, member, organizer):
    person = ContributorFactory(slug="wei")
    body = {"spent_on": "2025-07-01", "person": "wei", "category": "travel",
            "amount": "1490", "currency": "twd"}  # fmt: skip
    url = reverse("api-ledger")

    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(member)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(organizer)
    created = client.post(url, body, content_type="application/json")

    assert created.status_code == 201
    assert created.json()["person"] == str(person)
    assert Expense.objects.get().currency == "TWD"


def test_the_api_names_bad_input_and_stores_nothing(client, organizer):
    ContributorFactory(slug="wei")
    client.force_login(organizer)
    body = {"spent_on": "2025-07-01", "person": "nobody", "category": "travel",
            "amount": "-3", "currency": "ABC"}  # fmt: skip

    response = client.post(reverse("api-ledger"), body, content_type="application/json")

    assert response.status_code == 400
    errors = response.json()
    assert "person" in errors and "Object with slug=nobody does not exist." in errors["person"]
    body |= {"person": "wei", "amount": "3"}
    response = client.post(reverse("api-ledger"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["currency"] == [
        "“ABC” is not a currency code; use ISO 4217 capitals such as TWD or USD."
    ]
    assert not Expense.objects.exists()


def test_an_organizer_patches_an_entry_through_the_api(client, organizer, member, entries):
    expense = Expense.objects.filter(currency="USD", camp=None).get()
    url = reverse("api-expense", args=[expense.pk])

    assert client.get(url).json()["person"] == "**瑋"
    client.force_login(member)
    assert client.patch(url, {"amount": "1"}, content_type="application/json").status_code == 403
    client.force_login(organizer)
    response = client.patch(url, {"amount": "333.30"}, content_type="application/json")

    assert response.status_code == 200
    expense.refresh_from_db()
    assert expense.amount == Decimal("333.30") and expense.currency == "USD"


def test_the_api_rejects_an_unknown_camp(client):
    response = client.get(reverse("api-ledger"), {"camp": "nope"})
    assert response.status_code == 400
    assert "camp" in response.json()


@pytest.mark.parametrize("spent_on", ["1999-12-31", "9999-12-31"])
def test_the_api_refuses_a_date_out_of_range_and_changes_nothing(
    client, organizer, entries, spent_on
):
    client.force_login(organizer)
    person = Expense.objects.first().person
    body = {"spent_on": spent_on, "person": person.slug, "category": "travel",
            "amount": "3", "currency": "TWD"}  # fmt: skip
    before = list(Expense.objects.order_by("pk").values_list())

    created = client.post(reverse("api-ledger"), body, content_type="application/json")
    expense = Expense.objects.first()
    changed = client.patch(
        reverse("api-expense", args=[expense.pk]),
        {"spent_on": spent_on},
        content_type="application/json",
    )

    for response in (created, changed):
        assert response.status_code == 400
        [message] = response.json()["spent_on"]
        assert message.startswith("Enter a date between 2000-01-01 and ")
    assert list(Expense.objects.order_by("pk").values_list()) == before
