"""The committers' median path: cumulative, so it never falls."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from contributors.progress.paths import median_of


def test_a_fast_committers_arrival_does_not_pull_the_median_down():
    arrived_at_month_1 = [4, 8]
    arrived_at_month_2 = [3, 6, 7]
    on_the_way = [[0, 1, 2, 3], [0, 0, 1, 2]]

    # The ones still on the way alone would give 3.5 then 2 at month 2: the median fell.
    median = median_of([arrived_at_month_1, arrived_at_month_2, *on_the_way], minimum=2)

    assert median == [1.5, 3.5, 4.5, 5.0]


def test_it_stops_where_fewer_than_the_minimum_are_still_on_the_way():
    assert median_of([[1, 2], [1, 2, 3, 4], [0, 1, 1]], minimum=2) == [1.0, 2.0, 2.0]
    assert median_of([[1, 2]], minimum=2) == []
    assert median_of([], minimum=1) == []


cumulative_paths = st.lists(
    st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=30).map(
        lambda steps: [sum(steps[: i + 1]) for i in range(len(steps))]
    ),
    min_size=1,
    max_size=25,
)


@given(cumulative_paths, st.integers(min_value=1, max_value=5))
def test_the_median_path_never_falls(paths, minimum):
    median = median_of(paths, minimum=minimum)

    assert all(a <= b for a, b in pairwise(median))
