"""A tqdm bar on stderr that follows a sync's (done, total) callbacks."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_bar(description: str, *, verbosity: int, unit: str) -> Iterator:
    bar = tqdm(
        desc=description, unit=unit, file=sys.stderr, disable=verbosity < 1, dynamic_ncols=True
    )

    def update(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
