"""Rules the test suite keeps about itself."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Names a measured duration goes by; a test comparing one with a number fails on a busy laptop.
_DURATION_NAMES = {"elapsed", "duration", "seconds", "took", "wall"}


def _timed_assertions(source: str) -> list[int]:
    """Lines of ``assert`` statements that compare a duration, or a clock read, with a bound."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assert):
            continue
        for compare in ast.walk(node.test):
            if not isinstance(compare, ast.Compare) or not any(
                isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for op in compare.ops
            ):
                continue
            names = {
                part.id if isinstance(part, ast.Name) else part.attr
                for side in (compare.left, *compare.comparators)
                for part in ast.walk(side)
                if isinstance(part, ast.Name | ast.Attribute)
            }
            if names & (_DURATION_NAMES | {"perf_counter", "monotonic"}):
                lines.append(node.lineno)
    return lines


def test_it_finds_a_timed_assertion():
    # Built from parts, so that a text search for timed assertions passes this file by.
    timed, clock = "elapsed", "time.perf_counter()"
    source = f"import time\nstarted = {clock}\n{timed} = 1\nassert {timed} < 5\n"
    assert _timed_assertions(source) == [4]
    assert _timed_assertions(f"assert {clock} - started < 2\n") == [1]
    assert _timed_assertions("assert len(rows) < 5\n") == []


def test_no_test_asserts_wall_clock_time():
    """Speed is measured in benchmarks/, which compare with a floor in the same run."""
    found = {
        f"{path.relative_to(TESTS)}:{line}"
        for path in TESTS.rglob("*.py")
        for line in _timed_assertions(path.read_text(encoding="utf-8"))
    }
    assert not found, f"assert counts, not seconds: {sorted(found)}"
