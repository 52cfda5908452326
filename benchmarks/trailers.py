"""Credit trailers: parse every commit message of a repository and report the rate.

The git sync parses each message of a repository once (14,000+ for Apache Kafka), so the
parser is timed over a whole history, its caches emptied before each round. Prints the
figures and the target line, and exits 1 when the goal is missed.

    .venv/bin/python benchmarks/trailers.py [PATH_TO_REPOSITORY]

The repository may be bare; it defaults to the Kafka mirror.
"""

import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from projects.sync import trailers  # noqa: E402

DEFAULT_REPOSITORY = "/work/.mirror/apache+kafka/repo"
GOAL = 50_000  # messages per second
ROUNDS = 5


def read_messages(repository: str) -> list[str]:
    """Every commit message reachable from HEAD, as git stores them."""
    log = subprocess.run(
        ["git", "-C", repository, "log", "-z", "--format=%B", "HEAD"],
        capture_output=True,
    )
    if log.returncode:
        sys.exit(f"cannot read {repository}: {log.stderr.decode(errors='replace').strip()}")
    return log.stdout.decode("utf-8", errors="replace").split("\0")[:-1]


def time_round(messages: list[str]) -> float:
    trailers._person_of.cache_clear()
    trailers._people_in.cache_clear()
    trailers._kind_of.cache_clear()
    started = time.perf_counter()
    for message in messages:
        trailers.parse_credits(message)
    return time.perf_counter() - started


def main() -> int:
    repository = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_REPOSITORY
    messages = read_messages(repository)
    kinds = Counter(c.kind for m in messages for c in trailers.parse_credits(m))
    seconds = statistics.median(time_round(messages) for _ in range(ROUNDS))
    rate = len(messages) / seconds
    met = rate >= GOAL
    print(f"repository: {repository}; {len(messages):,} messages")
    by_kind = ", ".join(f"{kind} {n:,}" for kind, n in kinds.most_common())
    print(f"figure credits: {kinds.total():,} ({by_kind})")
    print(f"figure parse_time: {seconds * 1000:.1f} ms (median of {ROUNDS}, caches cleared)")
    print(f"target parse_rate: {rate:.0f} messages/s (goal >= {GOAL}) {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
