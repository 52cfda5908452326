"""Importing a camp's participants from CSV (camps/importing/ and the page at
/camps/<slug>/import/): the file's encoding and shape, each kind of bad row, duplicate
people, unknown mentors, the preview that writes nothing, the all-or-nothing import, and a
second import of the same file that writes nothing."""

from datetime import date
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from camps import importing
from camps.importing import ImportRefused, Outcome, apply_import, preview_import
from camps.models import Enrollment
from contributors.models import Contributor, Identity, Mentorship
from tests.factories import (
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "name,github_login,email,project,mentor\n"
TODAY = date(2025, 2, 10)  # during the camp


@pytest.fixture
def kafka():
    return ProjectFactory(name="Kafka", slug="kafka")


@pytest.fixture
def ozone():
    return ProjectFactory(name="Ozone", slug="ozone")


@pytest.fixture
def ming():
    return ContributorFactory(display_name="Wang Ming", slug="wang-ming", github_login="ming")


@pytest.fixture
def camp(kafka, ozone, ming):
    cohort = CohortFactory(
        name="叮叮噹饅頭營",
        slug="dingdingdang",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 5, 31),
    )
    cohort.projects.set([kafka, ozone])
    cohort.mentors.set([ming])
    return cohort


def csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode()


def counts() -> dict[str, int]:
    return {
        "people": Contributor.objects.count(),
        "identities": Identity.objects.count(),
        "linked": Identity.objects.filter(contributor__isnull=False).count(),
        "enrollments": Enrollment.objects.count(),
        "mentorships": Mentorship.objects.count(),
    }


def only_row(preview) -> importing.Row:
    assert not preview.problems, preview.problems
    (row,) = preview.rows
    return row


# A good file ------------------------------------------------------------------------------


def test_it_previews_a_good_file_without_writing(camp):
    known = ContributorFactory(display_name="Known Kao", github_login="kao", is_member=False)
    by_email = ContributorFactory(display_name="Mail Ma")
    IdentityFactory(contributor=by_email, value="ma@example.org")
    before = counts()
    preview = preview_import(
        cohort=camp,
        data=csv(
            "Lin Mei,meilin,mei@example.org,kafka,ming",
            "Known Kao,kao,,Ozone,",
            "Mail Ma,,MA@example.org,,wang-ming",
        ),
    )
    assert preview.ok
    assert [(r.line, r.outcome) for r in preview.rows] == [
        (2, Outcome.NEW),
        (3, Outcome.EXISTING),
        (4, Outcome.EXISTING),
    ]
    assert [r.person for r in preview.rows] == [None, known, by_email]
    assert "Becomes a community member." in preview.rows[1].notes
    assert preview.to_write == 3
    assert counts() == before


def test_it_imports_a_good_file(camp, kafka, ming):
    known = ContributorFactory(display_name="Known Kao", github_login="kao", is_member=False)
    result = apply_import(
        cohort=camp,
        data=csv("Lin Mei,meilin,mei@example.org,kafka,ming", "Known Kao,@kao,,,"),
        today=TODAY,
    )
    assert result == importing.ImportResult(created=1, enrolled=2, skipped=0)
    mei = Contributor.objects.get(github_login="meilin")
    assert (mei.display_name, mei.slug, mei.is_member, mei.origin) == (
        "Lin Mei",
        "lin-mei",
        True,
        Contributor.Origin.MANUAL,
    )
    identities = {(i.kind, i.value, i.link_source) for i in mei.identities.all()}
    assert identities == {
        (Identity.Kind.GITHUB, "meilin", Identity.LinkSource.MANUAL),
        (Identity.Kind.GIT_EMAIL, "mei@example.org", Identity.LinkSource.MANUAL),
    }
    enrollment = Enrollment.objects.get(cohort=camp, contributor=mei)
    assert (enrollment.project, enrollment.mentor, enrollment.status, enrollment.enrolled_on) == (
        kafka,
        ming,
        Enrollment.Status.ACTIVE,
        TODAY,
    )
    mentorship = Mentorship.objects.get(mentee=mei)
    assert (mentorship.mentor, mentorship.project, mentorship.cohort) == (ming, kafka, camp)
    assert (mentorship.started_on, mentorship.ended_on) == (TODAY, None)
    known.refresh_from_db()
    assert known.is_member
    assert Enrollment.objects.filter(cohort=camp, contributor=known, mentor=None).exists()


def test_it_links_activity_already_seen_under_the_login(camp):
    seen = IdentityFactory(kind=Identity.Kind.GITHUB, value="newbie", contributor=None)
    apply_import(cohort=camp, data=csv("New Bie,NewBie,,,"), today=TODAY)
    seen.refresh_from_db()
    assert seen.contributor.github_login == "NewBie"
    assert seen.link_source == Identity.LinkSource.MANUAL


def test_it_adds_the_login_and_email_to_a_person_found(camp):
    person = ContributorFactory(github_login="")
    IdentityFactory(contributor=person, value="old@example.org")
    apply_import(cohort=camp, data=csv("X,fresh-login,old@example.org,,"), today=TODAY)
    person.refresh_from_db()
    assert person.github_login == "fresh-login"
    assert person.identities.filter(kind=Identity.Kind.GITHUB, value="fresh-login").exists()


def test_it_enrols_the_survivor_of_a_merge(camp):
    survivor = ContributorFactory(display_name="Survivor")
    ContributorFactory(github_login="oldname", merged_into=survivor)
    row = only_row(preview_import(cohort=camp, data=csv("Old,oldname,,,")))
    assert (row.outcome, row.person) == (Outcome.EXISTING, survivor)


def test_it_matches_a_login_through_a_github_identity(camp):
    person = ContributorFactory(github_login="")
    IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB, value="via-identity")
    row = only_row(preview_import(cohort=camp, data=csv("V,Via-Identity,,,")))
    assert row.person == person


# The file's encoding and shape ------------------------------------------------------------


def test_it_reads_utf8_with_a_byte_order_mark_and_chinese_names(camp):
    data = "\ufeff".encode() + csv("陳美玲,meiling,,,")
    row = only_row(preview_import(cohort=camp, data=data))
    assert (row.name, row.outcome) == ("陳美玲", Outcome.NEW)
    apply_import(cohort=camp, data=data, today=TODAY)
    person = Contributor.objects.get(github_login="meiling")
    assert person.display_name == "陳美玲"
    assert person.slug == "meiling"  # a Chinese name slugifies to nothing: the login names it


def test_it_refuses_big5_naming_the_line_and_byte(camp):
    data = csv("Alice,alice,,,", "陳美玲,meiling,,,").decode().encode("big5")
    preview = preview_import(cohort=camp, data=data)
    (problem,) = preview.problems
    assert "not UTF-8" in problem
    assert "line 3, byte 1 of the line" in problem
    assert f"(byte {len(HEADER) + len('Alice,alice,,,') + 1} of the file)" in problem
    assert "0xB3" in problem  # 陳 in Big5 is B3 AF
    assert "Big5" in problem
    assert "CSV UTF-8" in problem
    assert not preview.ok


def test_it_refuses_utf16_and_workbooks(camp):
    utf16 = preview_import(cohort=camp, data=csv("A,a,,,").decode().encode("utf-16"))
    assert "UTF-16" in utf16.problems[0]
    workbook = preview_import(cohort=camp, data=b"PK\x03\x04" + b"\x00" * 20)
    assert "Excel workbook" in workbook.problems[0]


def test_it_refuses_a_file_with_a_nul_byte(camp):
    preview = preview_import(cohort=camp, data=csv("A,a,,,", "B\x00,b,,,"))
    assert "NUL byte on line 3" in preview.problems[0]


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", "\ufeff".encode()])
def test_it_refuses_an_empty_file(camp, data):
    assert preview_import(cohort=camp, data=data).problems == ["The file is empty."]


def test_it_refuses_a_header_without_rows(camp):
    preview = preview_import(cohort=camp, data=csv("", ",,,,"))
    assert preview.problems == ["The file has a header but no rows."]


def test_it_refuses_a_file_without_header(camp):
    preview = preview_import(cohort=camp, data=csv("Bob,bob,,,", header="Alice,alice,,,\n"))
    (problem,) = preview.problems
    assert "The first line is not a header" in problem
    assert "name, github_login, email, project, mentor" in problem
    assert "“Alice,alice,,,”" in problem


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_it_names_a_wrong_delimiter(camp, delimiter, word):
    header = delimiter.join(["name", "github_login", "email", "project", "mentor"]) + "\n"
    preview = preview_import(cohort=camp, data=csv("A;a;;;", header=header))
    (problem,) = preview.problems
    assert f"separated by {word}" in problem


def test_it_names_missing_columns(camp):
    preview = preview_import(cohort=camp, data=csv("A,a", header="name,github_login\n"))
    assert preview.problems == [
        "The header has no columns email, project, mentor. The columns are: name, "
        "github_login, email, project, mentor (a cell may be empty)."
    ]


def test_it_refuses_a_column_named_twice(camp):
    preview = preview_import(
        cohort=camp, data=csv("A,a,b,,,", header="name,email,Email,github_login,project,mentor\n")
    )
    assert preview.problems == ["The header names the column email twice."]


def test_it_reads_headers_in_any_case_spacing_and_order_and_reports_extra_columns(camp, kafka):
    header = " MENTOR ,Project,E-mail, GitHub Login ,Name,Phone,Note\n"
    preview = preview_import(
        cohort=camp, data=csv("ming,KAFKA,a@example.org,alice,Alice,0912,", header=header)
    )
    row = only_row(preview)
    assert (row.name, row.login, row.clean_email, row.project, row.mentor.slug) == (
        "Alice",
        "alice",
        "a@example.org",
        kafka,
        "wang-ming",
    )
    assert preview.notes == ["Columns ignored: Phone, Note."]
    assert preview.ok


def test_it_refuses_a_file_over_the_size_limit(camp):
    data = csv(*[f"Person {n},p{n},,," for n in range(50_000)])
    assert len(data) > importing.MAX_BYTES
    (problem,) = preview_import(cohort=camp, data=data).problems
    assert problem.startswith("The file is 1.")
    assert "the limit is 1.0\xa0MB" in problem


def test_it_refuses_more_rows_than_the_limit(camp, monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 3)
    preview = preview_import(cohort=camp, data=csv(*[f"P{n},p{n},,," for n in range(4)]))
    assert preview.problems == ["The file has more than 3 rows. Split it into smaller files."]


def test_it_skips_blank_lines_and_counts_lines_as_the_file_does(camp):
    preview = preview_import(cohort=camp, data=csv("", "A,a,,,", ",,,,", "", "B,b-,,,"))
    assert [(r.line, r.outcome) for r in preview.rows] == [(3, Outcome.NEW), (6, Outcome.ERROR)]


# Bad rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (",,a@example.org,,", "Missing name and GitHub login: give at least one."),
        ("Alice,,,,", "Give a GitHub login or an email, so that the person can be found again."),
        (
            "Alice,-alice,,,",
            "“-alice” is not a GitHub login: letters, digits and single hyphens, at most 39 "
            "characters.",
        ),
        ("Alice,al ice,,,", "“al ice” is not a GitHub login"),
        ("Alice,a--b,,,", "“a--b” is not a GitHub login"),
        ("Alice," + "a" * 40 + ",,,", "is not a GitHub login"),
        ("Alice,alice,alice@,,", "“alice@” is not an email address."),
        ("Alice,alice,,flink,", "Unknown project “flink”: no project has this slug or name."),
        (
            "Alice,alice,,,nobody",
            "Unknown mentor “nobody”: nobody has this GitHub login, slug or Apache id.",
        ),
        ("Alice,alice,,kafka,ming,extra", "The row has 6 values but the header names 5 columns"),
    ],
)
def test_it_names_each_bad_row_and_its_line(camp, line, message):
    preview = preview_import(cohort=camp, data=csv("Good,good,,,", line))
    good, bad = preview.rows
    assert good.outcome == Outcome.NEW
    assert (bad.line, bad.outcome) == (3, Outcome.ERROR)
    assert any(message in error for error in bad.errors), bad.errors
    assert not preview.ok


def test_it_refuses_a_project_outside_the_camp_naming_the_camps_projects(camp):
    ProjectFactory(name="Airflow", slug="airflow")
    row = only_row(preview_import(cohort=camp, data=csv("A,a,,airflow,")))
    assert row.errors == ["Airflow is not one of this camp's projects (Kafka, Ozone)."]


def test_it_refuses_a_mentor_who_is_not_one_of_the_camps(camp):
    ContributorFactory(display_name="Stranger", slug="stranger", apache_id="strange")
    row = only_row(preview_import(cohort=camp, data=csv("A,a,,,strange")))
    assert row.errors == [
        "Stranger (stranger) is not one of this camp's mentors: add them on the camp's edit "
        "page first."
    ]


def test_it_refuses_a_person_mentoring_themselves(camp):
    row = only_row(preview_import(cohort=camp, data=csv("Ming,ming,,,ming")))
    assert row.errors == ["A person cannot mentor themselves."]


def test_it_refuses_a_login_and_an_email_naming_two_people(camp):
    ContributorFactory(display_name="Login Lee", github_login="lee")
    IdentityFactory(
        contributor=ContributorFactory(display_name="Mail Ma", slug="mail-ma"),
        value="ma@example.org",
    )
    row = only_row(preview_import(cohort=camp, data=csv("X,lee,ma@example.org,,")))
    assert row.errors == [
        "The GitHub login belongs to Login Lee (@lee) but the email to Mail Ma (mail-ma): "
        "correct the row, or merge the two people first."
    ]


def test_it_refuses_an_email_of_someone_with_another_login(camp):
    person = ContributorFactory(display_name="Mail Ma", github_login="mama")
    IdentityFactory(contributor=person, value="ma@example.org")
    row = only_row(preview_import(cohort=camp, data=csv("X,other,ma@example.org,,")))
    assert row.errors == [
        "The email belongs to Mail Ma (@mama), whose GitHub login is @mama, not @other."
    ]


def test_it_refuses_a_value_running_over_lines(camp):
    preview = preview_import(cohort=camp, data=csv('"Alice,alice,,,', "Bob,bob,,,"))
    (row,) = preview.rows
    assert any("runs over several lines" in error for error in row.errors)


# Duplicates and people already enrolled ---------------------------------------------------


def test_it_refuses_the_same_person_twice_in_the_file(camp):
    person = ContributorFactory(github_login="twice")
    IdentityFactory(contributor=person, value="twice@example.org")
    preview = preview_import(
        cohort=camp,
        data=csv(
            "A,alice,,,",
            "A again,ALICE,,,",
            "B,,b@example.org,,",
            "B again,,B@Example.org,,",
            "T,twice,,,",
            "T by email,,twice@example.org,,",
        ),
    )
    errors = {row.line: row.errors for row in preview.rows}
    assert errors[3] == ["The same person as on line 2 (the same GitHub login)."]
    assert errors[5] == ["The same person as on line 4 (the same email)."]
    assert errors[7] == ["The same person as on line 6 (the same person)."]
    assert [errors[line] for line in (2, 4, 6)] == [[], [], []]


def test_it_skips_people_already_enrolled_and_points_out_differences(camp, kafka, ozone, ming):
    enrolled = ContributorFactory(display_name="In Already", github_login="inside")
    EnrollmentFactory(cohort=camp, contributor=enrolled, project=kafka, mentor=ming)
    same = ContributorFactory(github_login="same")
    EnrollmentFactory(cohort=camp, contributor=same, project=kafka, mentor=ming)
    preview = preview_import(cohort=camp, data=csv("In,inside,,ozone,", "S,same,,kafka,ming"))
    assert preview.ok
    assert [row.outcome for row in preview.rows] == [Outcome.ENROLLED, Outcome.ENROLLED]
    assert preview.rows[0].notes == [
        "Already enrolled, with project Kafka, not Ozone: left as it is; change it on the "
        "participants page."
    ]
    assert preview.rows[1].notes == ["Already enrolled: left as it is."]
    assert preview.to_write == 0


def test_a_second_import_of_the_same_file_writes_nothing(camp):
    data = csv("Lin Mei,meilin,mei@example.org,kafka,ming", "Email Only,,only@example.org,,")
    first = apply_import(cohort=camp, data=data, today=TODAY)
    assert (first.created, first.enrolled) == (2, 2)
    after_first = counts()
    second = apply_import(cohort=camp, data=data, today=TODAY)
    assert second == importing.ImportResult(created=0, enrolled=0, skipped=2)
    assert counts() == after_first


# No partial write -------------------------------------------------------------------------


def test_it_writes_nothing_when_any_row_is_bad(camp):
    ContributorFactory(github_login="kao", is_member=False)
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        apply_import(
            cohort=camp,
            data=csv("Good,good,good@example.org,kafka,ming", "Kao,kao,,,", "Bad,bad,,,nobody"),
            today=TODAY,
        )
    assert [row.outcome for row in refused.value.preview.rows] == [
        Outcome.NEW,
        Outcome.EXISTING,
        Outcome.ERROR,
    ]
    assert counts() == before
    assert not Contributor.objects.get(github_login="kao").is_member


def test_it_rolls_everything_back_when_a_write_fails_midway(camp):
    before = counts()
    with (
        mock.patch.object(
            importing.writing, "sync_mentorships", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        apply_import(cohort=camp, data=csv("Good,good,good@example.org,kafka,ming"), today=TODAY)
    assert counts() == before


@pytest.mark.parametrize("size", [1, 40])
def test_it_previews_in_a_fixed_number_of_queries(camp, size, django_assert_max_num_queries):
    for n in range(size):
        person = ContributorFactory(github_login=f"known{n}")
        IdentityFactory(contributor=person, value=f"known{n}@example.org")
    rows = [f"K{n},known{n},known{n}@example.org,kafka,ming" for n in range(size)]
    rows += [f"N{n},new{n},new{n}@example.org,ozone," for n in range(size)]
    # people by field, identities, projects, enrolments, camp projects, camp mentors: 6.
    with django_assert_max_num_queries(6):
        preview = preview_import(cohort=camp, data=csv(*rows))
    assert preview.ok


# The page ---------------------------------------------------------------------------------


def a_file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", data, content_type="text/csv")


def upload(client, camp, data: bytes):
    return client.post(reverse("camps:import", args=[camp.slug]), {"file": a_file(data)})


def test_the_page_previews_then_imports_on_confirmation(client, organizer, camp):
    client.force_login(organizer)
    before = counts()
    response = upload(client, camp, csv("Lin Mei,meilin,mei@example.org,kafka,ming", "Bad,,,,"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Give a GitHub login or an email" in text
    assert "Nothing can be imported until every bad row is corrected" in text
    assert 'name="digest"' not in text
    assert counts() == before

    response = upload(client, camp, csv("Lin Mei,meilin,mei@example.org,kafka,ming"))
    preview = response.context["preview"]
    assert preview.ok
    assert 'name="digest"' in response.content.decode()
    assert counts() == before
    response = client.post(reverse("camps:import", args=[camp.slug]), {"digest": preview.digest})
    assert response.status_code == 302
    assert response["Location"] == reverse("camps:participants", args=[camp.slug])
    assert Enrollment.objects.filter(cohort=camp, contributor__github_login="meilin").exists()
    # The file is gone from the session: confirming again imports nothing more.
    response = client.post(
        reverse("camps:import", args=[camp.slug]), {"digest": preview.digest}, follow=True
    )
    assert "Nothing waits to be imported here" in response.content.decode()
    assert Enrollment.objects.filter(cohort=camp).count() == 1


def test_the_page_refuses_a_confirmation_of_another_file(client, organizer, camp):
    client.force_login(organizer)
    upload(client, camp, csv("Lin Mei,meilin,,,"))
    other = importing.digest_of(csv("Someone Else,else,,,"))
    response = client.post(
        reverse("camps:import", args=[camp.slug]), {"digest": other}, follow=True
    )
    assert "is not the one previewed last" in response.content.decode()
    assert not Contributor.objects.filter(github_login__in=["meilin", "else"]).exists()


def test_the_page_validates_again_at_confirmation(client, organizer, camp, ming):
    client.force_login(organizer)
    preview = upload(client, camp, csv("Lin Mei,meilin,,kafka,ming")).context["preview"]
    assert preview.ok
    camp.mentors.remove(ming)  # an organizer edits the camp meanwhile
    before = counts()
    response = client.post(reverse("camps:import", args=[camp.slug]), {"digest": preview.digest})
    assert response.status_code == 409
    text = response.content.decode()
    assert "nothing was imported" in text
    assert "is not one of this camp&#x27;s mentors" in text
    assert counts() == before


def test_the_page_refuses_a_file_over_the_limit_before_reading_it(client, organizer, camp):
    client.force_login(organizer)
    response = upload(client, camp, b"x" * (importing.MAX_BYTES + 1))
    assert response.status_code == 400
    assert "the limit is 1.0\xa0MB" in response.content.decode()


def test_the_page_names_an_encoding_problem(client, organizer, camp):
    client.force_login(organizer)
    response = upload(client, camp, csv("陳美玲,meiling,,,").decode().encode("big5"))
    text = response.content.decode()
    assert "The file cannot be imported" in text
    assert "not UTF-8: line 2" in text


def test_the_template_is_the_header_with_a_byte_order_mark(client, organizer, camp):
    client.force_login(organizer)
    response = client.get(reverse("camps:import-template", args=[camp.slug]))
    assert response.content == "\ufeffname,github_login,email,project,mentor\r\n".encode()
    assert preview_import(cohort=camp, data=response.content).problems == [
        "The file has a header but no rows."
    ]


# The API ----------------------------------------------------------------------------------


def test_the_api_previews_and_imports(organizer, camp):
    api = APIClient()
    api.force_authenticate(organizer)
    url = reverse("api-camp-import", args=[camp.slug])
    data = csv("Lin Mei,meilin,,kafka,ming", "Bad,,,,")
    response = api.post(url, {"file": a_file(data)}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert [row["outcome"] for row in body["rows"]] == ["new", "error"]
    before = counts()
    response = api.post(url, {"file": a_file(data), "confirm": "true"}, format="multipart")
    assert response.status_code == 400
    assert counts() == before
    good = csv("Lin Mei,meilin,,kafka,ming")
    response = api.post(url, {"file": a_file(good), "confirm": "true"}, format="multipart")
    assert response.status_code == 201
    assert response.json() == {"created": 1, "enrolled": 1, "skipped": 0}


@pytest.mark.parametrize("viewer", ["mentor", "mentee", "outsider"])
def test_the_api_import_is_for_organizers_only(request, camp, viewer):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(viewer))
    data = a_file(csv("Lin Mei,meilin,,,"))
    response = api.post(
        reverse("api-camp-import", args=[camp.slug]),
        {"file": data, "confirm": "true"},
        format="multipart",
    )
    assert response.status_code == 403
    assert not Contributor.objects.filter(github_login="meilin").exists()
