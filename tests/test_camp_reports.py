"""Camp reports: the XLSX opened back and checked cell by cell against the page, the PDF's
text, the CSV, and ``manage.py camp_report``."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.platypus import Flowable

from camps.figures import METRICS, get_camp_figures
from camps.reports import people_table
from camps.reports.pdf import markup
from camps.reports.xlsx import display_width
from community.models import Expense
from contributors.models import Identity
from tests.camp_data import make_camp
from tests.factories import (
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    PullRequestFactory,
)
from tests.test_camp_page import page_rows

pytestmark = pytest.mark.django_db

PAGE = "/camps/xiangcai/"


@pytest.fixture
def camp(mentor, mentee):
    return make_camp(mentor=mentor, mentee=mentee)


def _download(client, fmt: str, query: str = "") -> tuple[bytes, object]:
    response = client.get(f"/camps/xiangcai/report.{fmt}/{query}")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content), response


def _workbook(client):
    body, response = _download(client, "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="xiangcai-report.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(body))


def _sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_exports_an_xlsx_with_a_sheet_per_table(client, camp, organizer):
    client.force_login(organizer)
    workbook = _workbook(client)
    assert workbook.sheetnames == ["Summary", "Participants", "Projects", "Weeks", "Titles gained"]


def test_its_xlsx_people_sheet_matches_the_page_cell_by_cell(client, camp, organizer):
    client.force_login(organizer)
    page = client.get(PAGE)
    shown = page_rows(page.content.decode())
    figures = page.context["figures"]
    sheet = _workbook(client)["Participants"]
    header, *rows = _sheet_rows(sheet)
    assert header[:6] == ["Name", "Chinese name", "GitHub login", "Project", "Mentor", "Status"]
    assert header[6:12] == [
        "PRs opened",
        "PRs merged",
        "Reviews",
        "Issues reported",
        "Issues resolved",
        "Commits",
    ]
    assert len(rows) == len(shown) == len(figures.participants) == 3
    for row, participant in zip(rows, figures.participants, strict=True):
        person = participant.contributor
        cells = shown[person.slug]
        # The page's row: name (and Chinese name), project, mentor, status, six figures.
        assert cells[0].startswith(person.display_name)
        assert row[:3] == [
            person.display_name,
            person.chinese_name or None,  # an empty text is an empty cell
            person.github_login or None,
        ]
        assert [row[3], row[4], row[5]] == cells[1:4]
        assert row[6:12] == [int(value) for value in cells[4:10]]
        assert row[6:12] == list(participant.counts.values)
        assert all(type(value) is int for value in row[6:12])
    wei = rows[2]
    assert wei[:6] == ["Wei Chen", "陳瑋", "weichen", "Kafka", "Mentor Ming", "active"]
    assert wei[6:12] == [2, 1, 1, 1, 0, 0]
    # The first contribution is a date, typed and formatted as one; yes/no are booleans.
    assert wei[12] == datetime(2025, 1, 1)
    assert sheet.cell(row=4, column=13).number_format == "yyyy-mm-dd"
    assert (wei[13], wei[14]) == ("pull request", True)
    assert wei[15] == "committer, Kafka (2025-01-10)"
    ann = rows[0]
    assert (ann[5], ann[12], ann[14]) == ("graduated", datetime(2024, 12, 2), False)
    assert rows[1][12] == datetime(2025, 1, 16) and rows[1][14] is False


def test_its_xlsx_never_carries_goals(client, camp, organizer):
    client.force_login(organizer)
    workbook = _workbook(client)
    cells = [v for ws in workbook for row in ws.iter_rows(values_only=True) for v in row]
    assert "Land KIP-1000" not in cells and "Become an Ozone committer" not in cells


def test_its_xlsx_summary_projects_and_weeks_match_the_figures(client, camp, organizer):
    client.force_login(organizer)
    figures = client.get(PAGE).context["figures"]
    workbook = _workbook(client)

    summary = dict(_sheet_rows(workbook["Summary"]))
    assert summary["Camp"] == "香菜饅頭營"
    assert (summary["From"], summary["To"]) == (datetime(2025, 1, 1), datetime(2025, 1, 15))
    assert summary["Projects"] == "Kafka, Ozone"
    assert (summary["Participants"], summary["Active participants"]) == (3, 2)
    for metric, label in zip(METRICS, _sheet_rows(workbook["Participants"])[0][6:12], strict=True):
        assert summary[label] == getattr(figures.totals, metric)
    assert summary["First contributions"] == 1
    assert summary["Titles gained during the camp"] == 1

    header, *projects = _sheet_rows(workbook["Projects"])
    assert header[:3] == ["Project", "One of the camp's projects", "Active participants"]
    assert projects == [
        [row.project.name, row.in_camp, row.participants, *row.counts.values,
         row.first_contributions]
        for row in figures.projects
    ]  # fmt: skip
    assert projects[0] == ["Kafka", True, 1, 2, 1, 1, 1, 0, 0, 1]

    _header, *weeks = _sheet_rows(workbook["Weeks"])
    assert weeks == [
        [w.number, datetime.combine(w.starts_on, datetime.min.time()),
         datetime.combine(w.ends_on, datetime.min.time()), *w.counts.values]
        for w in figures.weeks
    ]  # fmt: skip
    assert [w[0] for w in weeks] == [1, 2, 3]

    _header, *titles = _sheet_rows(workbook["Titles gained"])
    assert titles == [["Wei Chen", "陳瑋", "committer", "Kafka", datetime(2025, 1, 10), True]]


def test_its_xlsx_columns_are_as_wide_as_their_values(client, camp, organizer):
    client.force_login(organizer)
    sheet = _workbook(client)["Participants"]
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    for column in sheet.iter_cols():
        letter = column[0].column_letter
        longest = max(display_width(cell.value) for cell in column[1:])
        assert widths[letter] >= longest + 2
    # Chinese characters take two columns each.
    assert display_width("陳瑋") == 4
    assert sheet.freeze_panes == "A2"


def _pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _report(tmp_path, slug: str = "xiangcai", language: str = "en") -> list[str]:
    target = tmp_path / f"{slug}-{language}.pdf"
    call_command(
        "camp_report", slug, "--format", "pdf", "--output", str(target), "--language", language,
        "-v", "0",
    )  # fmt: skip
    return _pdf_pages(target.read_bytes())


def _section(pages: list[str], heading: str, until: str) -> list[str]:
    """The lines under ``heading`` (on the pages after the first) up to ``until``."""
    lines = _lines("\n".join(pages[1:]))
    start = lines.index(heading)
    return lines[start + 1 : lines.index(until, start)]


@pytest.fixture
def spending(camp):
    def spend(person, amount, currency, day, category=Expense.Category.TRAVEL):
        Expense.objects.create(
            spent_on=day, person=person, category=category, amount=Decimal(amount),
            currency=currency, camp=camp.cohort, note="HSR to Taipei",
        )  # fmt: skip

    spend(camp.wei, "1490", "TWD", date(2025, 1, 5))
    spend(camp.ann, "510.50", "TWD", date(2025, 1, 6), Expense.Category.ACCOMMODATION)
    spend(camp.ann, "1120", "USD", date(2025, 1, 7), Expense.Category.CONFERENCE)
    Expense.objects.create(  # another camp's: not in this report
        spent_on=date(2025, 1, 8), person=camp.wei, category=Expense.Category.OTHER,
        amount=Decimal("999"), currency="TWD", camp=CohortFactory(slug="other"),
    )  # fmt: skip


def test_it_exports_a_pdf_whose_text_holds_the_figures(client, camp, organizer):
    client.force_login(organizer)
    body, response = _download(client, "pdf")
    assert body.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(body))
    assert reader.metadata.title == "Camp report: 香菜饅頭營"
    assert reader.metadata.author == settings.COMMUNITY_NAME
    pages = _pdf_pages(body)
    text = "\n".join(pages)
    for heading in ("Highlights", "Projects", "Week by week", "Spending", "Participants"):
        assert heading in _lines(text)
    for name in ("Wei Chen 陳瑋", "Ann Lee", "Mentee Mei", "Mentor Ming", "Tsai"):
        assert name in text
    assert "Contributions from 00:00 on the first day" in text
    # Wei's row: project, mentor, status, PRs opened, merged, reviews, issues reported and
    # resolved, commits, her first contribution (during the camp) and her title.
    participants = _section(pages, "Participants", "★ first contribution during the camp")
    wei = participants.index("Wei Chen 陳瑋")
    assert participants[wei + 1 : wei + 4] == ["Kafka", "Mentor Ming", "active"]
    assert participants[wei + 4 : wei + 10] == ["2", "1", "1", "1", "0", "0"]
    assert participants[wei + 10 : wei + 12] == ["2025-01-01 ★", "committer, Kafka"]
    assert "Land KIP-1000" not in text


def test_its_pdf_opens_with_a_cover_of_the_community_the_camp_and_its_highlights(tmp_path, camp):
    cover = _lines(_report(tmp_path)[0])
    assert cover[:3] == [settings.COMMUNITY_NAME, "Camp report", "香菜饅頭營"]
    assert cover[3] == "Jan. 1, 2025 to Jan. 15, 2025 · 3 weeks"
    assert "Projects: Kafka, Ozone" in cover
    # The headline figures, each once: people, merged PRs, reviews, firsts, titles.
    tiles = cover[cover.index("Projects: Kafka, Ozone") + 1 : cover.index("Highlights")]
    assert tiles[:6] == ["3", "Participants", "2 active", "1", "PRs merged", "2 opened"]
    assert tiles[6:8] == ["1", "Reviews"]
    assert "First contributions" in tiles and "Titles gained" in tiles
    assert not any("since the camp started" in line for line in cover)
    # The highlights name who did it.
    highlights = cover[cover.index("Highlights") :]
    merged = highlights.index("Most PRs merged")
    assert highlights[merged + 1 : merged + 3] == ["Wei Chen 陳瑋", "1"]
    reviews = highlights.index("Most reviews")
    assert highlights[reviews + 1 : reviews + 3] == ["Wei Chen 陳瑋", "1"]
    titles = highlights.index("Titles gained")
    assert highlights[titles + 4 : titles + 7] == [
        "Wei Chen 陳瑋",
        "committer, Kafka",
        "2025-01-10",
    ]
    firsts = highlights.index("First contributions during the camp")
    assert highlights[firsts + 4 : firsts + 7] == [
        "Wei Chen 陳瑋",
        "pull request, Kafka",
        "2025-01-01",
    ]
    assert "Ann Lee" not in highlights  # active, but first contributed before the camp
    assert cover[-1] == f"made on {timezone.localdate().isoformat()} · page 1 of 2"


@pytest.mark.parametrize(
    ("language", "long_form", "heading"),
    [
        ("en", "Jan. 1, 2025 to Jan. 15, 2025", "Week by week"),
        ("zh-hant", "2025年1月1日 至 2025年1月15日", "逐週統計"),
    ],
)
def test_its_pdf_writes_dates_in_iso_or_the_languages_long_form(
    tmp_path, camp, language, long_form, heading
):
    pages = _report(tmp_path, language=language)
    text = "\n".join(pages)
    assert long_form in pages[0]
    assert heading in text
    # Tables: ISO 8601 days, never a month-first 01/15/2025; sentences only in long form.
    assert "2025-01-08" in text and "2025-01-14" in text  # week 2
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)
    assert text.count("Jan. ") + text.count("年1月") == 2


def test_its_pdf_leaves_out_a_running_camps_weeks_to_come(tmp_path, db):
    today = timezone.localdate()
    running = CohortFactory(
        slug="running", starts_on=today - timedelta(days=8), ends_on=today + timedelta(days=40)
    )
    person = ContributorFactory(display_name="Run Ner")
    EnrollmentFactory(cohort=running, contributor=person)
    PullRequestFactory(
        author=IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB),
        created_at=timezone.now() - timedelta(days=1),
    )
    pages = _report(tmp_path, "running")
    text = "\n".join(pages)
    assert "7 weeks, week 2 under way" in pages[0]
    weeks = _section(pages, "Week by week", "Participants")
    second = (running.starts_on + timedelta(days=7)).isoformat()
    third = (running.starts_on + timedelta(days=14)).isoformat()
    assert running.starts_on.isoformat() in weeks and second in weeks
    assert third not in text
    assert "Week 2 is under way; the camp's weeks to come are left out." in weeks


def test_its_pdf_shows_the_camps_spending_masked_with_a_total_per_currency(
    tmp_path, camp, spending
):
    pages = _report(tmp_path)
    rows = _section(pages, "Spending", "Participants")
    assert rows[5:10] == ["2025-01-05", "*瑋", "travel", "TWD", "1,490.00"]
    assert rows[10:15] == ["2025-01-06", "A. L.", "accommodation", "TWD", "510.50"]
    assert rows[15:20] == ["2025-01-07", "A. L.", "conference ticket", "USD", "1,120.00"]
    assert rows[20:26] == ["Total", "TWD", "2,000.50", "Total", "USD", "1,120.00"]
    assert "Amounts in different currencies are never added together." in " ".join(rows)
    text = "\n".join(pages)
    assert "3,120.50" not in text and "999.00" not in text  # no sum across currencies or camps
    assert not {"Wei Chen", "Ann Lee", "陳瑋", "HSR to Taipei"} & set(rows)
    # The first page adds each currency up on its own.
    cover = _lines(pages[0])
    spent = cover.index("TWD 2,000.50")
    assert cover[spent : spent + 4] == [
        "TWD 2,000.50",
        "USD 1,120.00",
        "Spending",
        "3 ledger entries",
    ]


def test_its_pdf_has_no_spending_section_without_a_ledger(tmp_path, camp, monkeypatch):
    from camps import spending

    monkeypatch.setattr(spending, "_providers", [])
    pages = _report(tmp_path)
    assert "Spending" not in _lines("\n".join(pages))


def test_its_pdf_leaves_no_page_empty(tmp_path, camp, spending):
    for language in ("en", "zh-hant"):
        pages = _report(tmp_path, language=language)
        assert len(pages) == 3
        for page in pages:
            content = _lines(page)[:-2]  # the footer's two lines
            assert len(content) > 10, page


def test_its_pdf_puts_chinese_text_in_the_cjk_face(camp):
    assert markup("Wei 陳瑋 <b>") == 'Wei <font name="MSung-Light">陳瑋</font> &lt;b&gt;'
    assert markup(True) == "yes"
    assert markup(None) == ""
    assert markup(date(2026, 9, 8)) == "2026-09-08"
    assert markup(12345) == "12,345"


def test_it_exports_an_empty_camp_as_pdf_and_xlsx(tmp_path, db):
    CohortFactory(slug="empty", name="小饅頭營")
    for fmt in ("pdf", "xlsx"):
        call_command(
            "camp_report", "empty", "--format", fmt, "--output", str(tmp_path / f"e.{fmt}")
        )
    pages = [p.extract_text() for p in PdfReader(tmp_path / "e.pdf").pages]
    assert len(pages) == 2  # the cover, then every section's sentence on one page
    text = "\n".join(pages)
    assert "小饅頭營" in text and "Nobody is enrolled in this camp yet." in text
    assert "No spending recorded for this camp." in text
    assert _sheet_rows(load_workbook(tmp_path / "e.xlsx")["Participants"])[1:] == []


def test_it_exports_csv_tables_with_a_byte_order_mark(client, camp, organizer):
    client.force_login(organizer)
    body, response = _download(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="xiangcai-report.csv"' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[0] == "Name" and len(rows) == 3
    assert rows[2][:12] == [
        "Wei Chen", "陳瑋", "weichen", "Kafka", "Mentor Ming", "active", "2", "1", "1", "1",
        "0", "0",
    ]  # fmt: skip
    assert rows[2][12:15] == ["2025-01-01", "pull request", "yes"]

    body, response = _download(client, "csv", "?table=projects")
    assert 'filename="xiangcai-report-projects.csv"' in response["Content-Disposition"]
    _header, *projects = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [p[0] for p in projects] == ["Kafka", "Ozone"]


def test_it_streams_the_csv(client, camp, organizer):
    client.force_login(organizer)
    response = client.get("/camps/xiangcai/report.csv/")
    assert response.streaming
    assert len(list(response.streaming_content)) == 4  # the header, then a chunk per row


def test_its_command_writes_each_format(tmp_path, camp, organizer, client):
    client.force_login(organizer)
    out = io.StringIO()
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"report.{fmt}"
        call_command(
            "camp_report", "xiangcai", "--format", fmt, "--output", str(target), stdout=out
        )
        downloaded, _response = _download(client, fmt)
        if fmt == "csv":
            assert target.read_bytes() == downloaded
        elif fmt == "xlsx":
            assert _sheet_rows(load_workbook(target)["Participants"]) == _sheet_rows(
                load_workbook(io.BytesIO(downloaded))["Participants"]
            )
        else:
            assert "Wei Chen 陳瑋" in "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Wrote the XLSX report of 香菜饅頭營 (3 participants)" in out.getvalue()


def test_its_command_writes_csv_to_standard_output(camp):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "camp_report", "xiangcai", "--format", "csv", "--output", "-", "--table", "titles",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert out.getvalue().splitlines() == [
        "Name,Chinese name,Title,Project,Granted on,During the camp",
        "Wei Chen,陳瑋,committer,Kafka,2025-01-10,yes",
    ]
    assert "standard output" in err.getvalue()


def test_its_command_writes_in_traditional_chinese_when_asked(tmp_path, camp):
    target = tmp_path / "zh.csv"
    call_command(
        "camp_report", "xiangcai", "--format", "csv", "--output", str(target), "--no-bom",
        "--language", "zh-hant",
    )  # fmt: skip
    body = target.read_bytes()
    assert not body.startswith(b"\xef\xbb\xbf")
    assert "陳瑋" in body.decode("utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-camp", "--format", "xlsx"], "There is no camp 'no-such-camp'. Camps: xiangcai."),
        (["xiangcai", "--format", "xlsx", "--table", "weeks"], "--table is for CSV"),
    ],
)
def test_its_command_names_bad_input_and_leaves_the_old_file(tmp_path, camp, arguments, message):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"last week's report")
    with pytest.raises(CommandError, match=message):
        call_command("camp_report", *arguments, "--output", str(target))
    assert target.read_bytes() == b"last week's report"
    assert list(tmp_path.iterdir()) == [target]


def test_its_command_prints_its_help():
    from camps.management.commands.camp_report import Command

    text = Command().create_parser("manage.py", "camp_report").format_help()
    assert "Write a camp's report" in text and "--output OUTPUT" in text


def test_its_command_refuses_binary_formats_on_standard_output(camp):
    with pytest.raises(CommandError, match="PDF is binary: write it to a file"):
        call_command("camp_report", "xiangcai", "--format", "pdf", "--output", "-")


def test_its_command_names_a_missing_directory(tmp_path, camp):
    with pytest.raises(CommandError, match="there is no directory"):
        call_command(
            "camp_report", "xiangcai", "--format", "pdf", "--output", str(tmp_path / "no" / "x")
        )


def test_its_tables_agree_with_the_figures(camp):
    figures = get_camp_figures(cohort=camp.cohort)
    rows = list(people_table(figures).rows())
    assert [row[0] for row in rows] == ["Ann Lee", "Mentee Mei", "Wei Chen"]
    assert rows[2][12] == date(2025, 1, 1)


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def planted_camp(camp):
    """The camp, with formulas planted where participants control the text."""
    wei = camp.cohort.enrollments.get(contributor__slug="wei-chen").contributor
    wei.display_name, wei.chinese_name = FORMULAS[0], FORMULAS[1]
    wei.save()
    camp.cohort.name = "=cmd|' /C calc'!A0"
    camp.cohort.save()
    return camp


def test_its_csv_quotes_every_text_cell_a_spreadsheet_would_run(client, planted_camp, organizer):
    client.force_login(organizer)
    body, _response = _download(client, "csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    wei = next(row for row in rows if row[2] == "weichen")
    assert wei[:2] == ["'" + FORMULAS[0], "'" + FORMULAS[1]]
    # Figures stay numbers, text that starts harmlessly stays as it is.
    assert wei[6:12] == ["2", "1", "1", "1", "0", "0"]
    assert rows[0][0] == "Name"


def test_csv_text_follows_owasps_rule():
    from osc4you.lib.cells import csv_text

    assert [csv_text(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert [csv_text(t) for t in ("Wei Chen", "陳瑋", "", "a=b", " =1")] == [
        "Wei Chen", "陳瑋", "", "a=b", " =1",
    ]  # fmt: skip


def test_its_xlsx_writes_text_as_strings_never_formulas(client, planted_camp, organizer):
    import zipfile

    client.force_login(organizer)
    body, _response = _download(client, "xlsx")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    workbook = load_workbook(io.BytesIO(body))
    people = _sheet_rows(workbook["Participants"])
    wei = next(row for row in people if row[2] == "weichen")
    assert wei[:2] == FORMULAS[:2]  # shown exactly as written, as text
    summary = dict(_sheet_rows(workbook["Summary"]))
    assert "=cmd|' /C calc'!A0" in summary.values()
    cells = [cell for row in workbook["Participants"].iter_rows() for cell in row]
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}


class _Marker(Flowable):
    """A box of a given height that notes when it is drawn, and on which page."""

    def __init__(self, name: str, height: float, drawn: list) -> None:
        super().__init__()
        self.name, self.height, self.drawn = name, height, drawn

    def wrap(self, aW, aH):
        return aW, self.height

    def draw(self):
        self.drawn.append((self.name, self.canv.getPageNumber()))


@pytest.mark.parametrize(("used", "expected"), [(100, [("beside", 1)]), (400, [("stacked", 1)])])
def test_a_section_takes_the_first_layout_that_fits_the_room_left(used, expected):
    from io import BytesIO

    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

    from camps.reports.pdf.sections import FirstThatFits

    drawn: list = []
    document = SimpleDocTemplate(BytesIO(), pagesize=(400, 560), topMargin=20, bottomMargin=20)
    beside = [KeepTogether([_Marker("beside", 250, drawn)])]  # one block of 250 pt
    stacked = [_Marker("stacked", 60, drawn), _Marker("rest", 60, drawn)]
    document.build([Spacer(1, used), FirstThatFits(beside, stacked)])
    assert drawn[: len(expected)] == expected
