"""Camp report exports: XLSX and PDF time and peak memory for a camp of 200 participants.

Generates 1,000 contributors, 50 mentors and 1,000,000 source records with a 200-person camp
in a throwaway PostgreSQL database (``benchmarks/dataset.py``), then runs
``manage.py camp_report bench-camp --format xlsx|pdf`` as a script would, each in its own
process, measuring its wall time (Python and Django start-up included) and its peak
resident memory (its own ``VmHWM``, read as it exits). Floors in the same run:
the same command writing the CSV (start-up, figures, a trivial writer), reading the figures
alone in this process, and ``camp_report --help`` (Python, Django and the report modules
starting). The downloads are timed too, in this process, for information. Exits 1 when a
target is missed.

    .venv/bin/python benchmarks/camp_report.py [--runs 3] [--records 1000000]

``--keep`` leaves the database; ``--reuse`` measures the database in DATABASE_URL, filled
by an earlier ``--keep`` run (of this script or ``people_pages.py``), without generating.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import support  # sets Django up on a throwaway database: before the imports below
from dataset import add_dataset_arguments, dataset_for
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader
from support import report

from camps.figures import get_camp_figures
from camps.models import Cohort

PARTICIPANTS = 200
GOALS = {"xlsx_seconds": 3.0, "xlsx_megabytes": 150.0, "pdf_seconds": 10.0}


# Runs manage.py and reports the peak resident memory of this process alone: VmHWM belongs to
# the memory map made at exec, whereas wait4's ru_maxrss keeps the high-water mark of the
# forked copy of this (much larger) benchmark process.
_PEAK_REPORTER = """
import atexit, runpy, sys

def report_peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("peak-kb " + line.split()[1] + "\\n")

atexit.register(report_peak)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _command(args: list[str]) -> tuple[float, float]:
    """Run ``manage.py`` with ``args`` in a new process: (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", _PEAK_REPORTER, str(support.ROOT / "manage.py"), *args],
        cwd=support.ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    if finished.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {finished.stderr}")
    peak = next(line for line in finished.stderr.splitlines() if line.startswith("peak-kb "))
    return seconds, int(peak.split()[1]) / 1024


def _export(slug: str, fmt: str, target: Path) -> tuple[float, float]:
    return _command(["camp_report", slug, "--format", fmt, "--output", str(target), "-v", "0"])


def _median_of(runs: int, measure) -> tuple[float, float]:
    """Median seconds and the largest peak memory over ``runs`` measurements."""
    results = [measure() for _ in range(runs)]
    return statistics.median(s for s, _m in results), max(m for _s, m in results)


def _download_seconds(slug: str, organizer: str, fmt: str) -> float:
    client = Client()
    client.force_login(get_user_model().objects.get(username=organizer))
    start = time.perf_counter()
    response = client.get(f"/camps/{slug}/report.{fmt}/")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and body, fmt
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measurements per format")
    add_dataset_arguments(parser)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    data = dataset_for(args, parser, camp=PARTICIPANTS)
    if data.camp_slug is None:
        print("the database has no camp: build it with camp=200 (this script does)")
        return 1
    cohort = Cohort.objects.get(slug=data.camp_slug)

    # Floor: the figures alone, warm, in this process.
    get_camp_figures(cohort=cohort)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        figures = get_camp_figures(cohort=cohort)
        figures_seconds = time.perf_counter() - start
    print(
        f"camp: {len(figures.participants)} participants over {len(figures.weeks)} weeks; "
        f"{sum(figures.totals.values):,} contributions in the window, "
        f"{len(figures.first_contributions)} first contributions"
    )
    print(f"floor figures_read: {figures_seconds * 1000:.0f} ms ({len(queries)} queries)")
    startup = _median_of(args.runs, lambda: _command(["camp_report", "--help"]))
    print(f"floor command_startup: {startup[0]:.2f} s, peak {startup[1]:.0f} MB")

    scratch = Path(tempfile.mkdtemp(prefix="osc4you-bench-camp-"))
    try:
        files = {fmt: scratch / f"report.{fmt}" for fmt in ("csv", "xlsx", "pdf")}
        measured = {
            fmt: _median_of(args.runs, lambda fmt=fmt: _export(data.camp_slug, fmt, files[fmt]))
            for fmt in ("csv", "xlsx", "pdf")
        }
        print(
            f"floor csv_export: {measured['csv'][0]:.2f} s, peak {measured['csv'][1]:.0f} MB "
            "(the same command with the simplest writer)"
        )
        # The files hold the whole camp: every participant has a row.
        people = list(load_workbook(files["xlsx"], read_only=True)["Participants"].values)
        pages = len(PdfReader(files["pdf"]).pages)
        print(
            f"files: xlsx {files['xlsx'].stat().st_size / 1024:,.0f} KiB "
            f"({len(people) - 1} participant rows), pdf {files['pdf'].stat().st_size / 1024:,.0f}"
            f" KiB ({pages} pages)"
        )
        for fmt in ("xlsx", "pdf"):
            seconds = _download_seconds(data.camp_slug, data.organizer, fmt)
            print(f"figure {fmt}_download: {seconds:.2f} s (in this process, warm)")
    finally:
        for path in scratch.iterdir():
            path.unlink()
        scratch.rmdir()

    xlsx_seconds, xlsx_megabytes = measured["xlsx"]
    pdf_seconds, pdf_megabytes = measured["pdf"]
    print(f"figure pdf_peak_memory: {pdf_megabytes:.0f} MB")
    results = [
        report("xlsx_export_seconds", xlsx_seconds, "<= 3 s",
               xlsx_seconds <= GOALS["xlsx_seconds"], " s", 2),
        report("xlsx_peak_memory", xlsx_megabytes, "<= 150 MB",
               xlsx_megabytes <= GOALS["xlsx_megabytes"], " MB", 0),
        report("pdf_export_seconds", pdf_seconds, "<= 10 s",
               pdf_seconds <= GOALS["pdf_seconds"], " s", 2),
    ]  # fmt: skip
    return 0 if all(results) else 1


if __name__ == "__main__":
    support.run(main)
