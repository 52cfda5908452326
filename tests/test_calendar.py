"""Months and quarters, as every page, rollup, recount and command counts them."""

from datetime import UTC, date, datetime

import pytest

from osc4you.lib.calendar import (
    Quarter,
    add_months,
    index_of_moment,
    month_index,
    month_of,
    month_of_index,
    month_start,
    quarter_of_month,
)


def test_months_are_integers_and_back():
    assert month_index(date(2024, 1, 31)) == 2024 * 12
    assert month_of_index(month_index(date(2024, 12, 5))) == date(2024, 12, 1)
    assert add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)
    assert add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)


def test_a_moment_falls_in_the_month_of_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Taipei"
    late_utc = datetime(2024, 6, 30, 17, 0, tzinfo=UTC)  # 01:00 on July 1st in Taipei
    assert month_of(late_utc) == date(2024, 7, 1)
    assert index_of_moment(late_utc) == month_index(date(2024, 7, 1))
    assert month_start(month_index(date(2024, 7, 1))).isoformat() == "2024-07-01T00:00:00+08:00"


@pytest.mark.parametrize("text", ["2024Q3", "2024q3", "2024-Q3", " 2024 - q3 "])
def test_every_spelling_of_a_quarter_is_one_quarter(text):
    assert Quarter.parse(text) == Quarter(2024, 3)


@pytest.mark.parametrize("text", ["2024Q5", "2024", "Q3", "1969Q4", "9999Q4", "2024Q3x"])
def test_a_quarter_that_is_not_one_is_refused_by_name(text):
    with pytest.raises(ValueError, match="is not a quarter like 2024Q3"):
        Quarter.parse(text)


def test_a_quarter_knows_its_months_and_bounds(settings):
    settings.TIME_ZONE = "Asia/Taipei"
    q4 = Quarter(2024, 4)
    assert q4.months == [date(2024, 10, 1), date(2024, 11, 1), date(2024, 12, 1)]
    assert (q4.first_day, q4.last_day) == (date(2024, 10, 1), date(2024, 12, 31))
    assert q4.start.isoformat() == "2024-10-01T00:00:00+08:00"
    assert q4.end.isoformat() == "2025-01-01T00:00:00+08:00"
    assert (q4.next(), Quarter(2025, 1).previous()) == (Quarter(2025, 1), q4)
    assert (q4.slug, q4.label) == ("2024Q4", "2024 Q4")
    assert quarter_of_month(date(2024, 11, 1)) == date(2024, 10, 1)
    assert Quarter.of(date(2024, 11, 20)) == q4
