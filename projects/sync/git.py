"""Git sync: commits and their credit trailers from a repository's default branch.

Two passes. The first streams ``git log`` (metadata only, fast) and upserts commits,
credits, identities and identity pairs in batches, then resolves the identities it saw and
refreshes their rollups, so people appear within seconds. The second fills per-commit line
stats from ``git log --numstat``, which is ~100× slower in git itself, for the commits still
without them. Both are resumable: the first skips commits already stored and moves its
cursor only when everything after it is done; the second picks up commits without stats.
"""

import gc
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from projects import pipeline
from projects.bulk import copy_rows, insert_returning, relax_commit
from projects.identities import identity_key, record_pairs, upsert_identities
from projects.models import Commit, CommitCredit, Identity, Repository, SyncState
from projects.sync import git_client
from projects.sync import state as sync_state
from projects.sync.git_client import GitError, LogEntry
from projects.sync.git_names import first_name_first, same_person
from projects.sync.locks import SyncAlreadyRunning, sync_lock
from projects.sync.trailers import parse_credits

Progress = Callable[[int, int | None], None]  # (done, total or None)
logger = logging.getLogger(__name__)

_PR_IN_SUBJECT = re.compile(r"\(#(\d{1,9})\)\s*$")
# Older Apache merge tooling: "Closes #1234 from user/branch" in the body.
_PR_IN_BODY = re.compile(r"^Closes #(\d{1,9}) from ", re.MULTILINE)
_EMAIL, _NAME = Identity.Kind.GIT_EMAIL, Identity.Kind.GIT_NAME
_AUTHOR_LINE = CommitCredit.Kind.AUTHOR_LINE


class GitSyncError(GitError):
    """The sync of a repository failed; the message names the repository and the cause."""


@dataclass
class GitSyncResult:
    repository: str
    branch: str = ""
    head: str = ""
    up_to_date: bool = False
    commits_seen: int = 0
    commits_new: int = 0
    credits_new: int = 0
    identities: int = 0
    seconds: float = 0.0
    stats_commits: int = 0
    stats_skipped: list[str] = field(default_factory=list)  # their mirror lacks objects
    stats_seconds: float = 0.0
    identity_ids: set[int] = field(default_factory=set, repr=False)
    known_identities: dict = field(default_factory=dict, repr=False)  # a cache across batches


def mirror_path(repository: Repository) -> Path:
    return (
        Path(settings.GIT_MIRROR_DIR) / repository.owner.lower() / f"{repository.name.lower()}.git"
    )


def sync_repository(
    *,
    repository: Repository,
    with_stats: bool = True,
    batch_size: int = 5000,
    on_progress: Progress | None = None,
    on_stats_progress: Progress | None = None,
) -> GitSyncResult:
    """Bring the repository's commits up to date, then (optionally) their line stats."""
    try:
        with sync_lock(SyncState.Kind.GIT, repository.pk):
            return _sync(repository, with_stats, batch_size, on_progress, on_stats_progress)
    except SyncAlreadyRunning:
        raise GitSyncError(
            f"cannot sync {repository.full_name}: another sync of it is running"
        ) from None


def _sync(
    repository: Repository,
    with_stats: bool,
    batch_size: int,
    on_progress: Progress | None,
    on_stats_progress: Progress | None,
) -> GitSyncResult:
    result = GitSyncResult(repository=repository.full_name)
    started = time.perf_counter()
    state = _begin(repository, SyncState.Kind.GIT)
    try:
        path = mirror_path(repository)
        git_client.update_mirror(clone_url=repository.clone_url, path=path)
        if not repository.default_branch:
            repository.default_branch = git_client.head_branch(path)
            repository.save(update_fields=["default_branch"])
        result.branch = repository.default_branch
        head = git_client.resolve_branch(path, repository.default_branch)
        cursor = state.cursor.get("head")
        result.head = head or ""
        if head is None or head == cursor:
            result.up_to_date = True
        else:
            # After a force-push the old cursor is no ancestor: walk everything again.
            exclude = cursor if cursor and git_client.is_ancestor(path, cursor, head) else None
            counting = git_client.count_commits(path, head=head, exclude=exclude)  # runs alongside
            total = None
            log = git_client.read_log(path, head=head, exclude=exclude)
            with _no_collector_pauses():
                for entries in _read_ahead(_parsed_batches(log, batch_size)):
                    _store_batch(repository, entries, result)
                    # The count is for the progress bar: never waited for.
                    total = total if total is not None else counting.result_if_done()
                    state.items_done = result.commits_seen
                    state.items_total = total
                    state.pages_done += 1
                    state.save(
                        update_fields=["items_done", "items_total", "pages_done", "updated_at"]
                    )
                    if on_progress:
                        on_progress(result.commits_seen, total)
                if total is None:  # a short history: read before git finished counting it
                    state.items_total = counting.result()  # saved when the run succeeds
                pipeline.identities_seen(result.identity_ids)
            result.identities = len(result.identity_ids)
    except GitError as exc:
        sync_state.fail(state, f"{repository.full_name}: {exc}")
        raise GitSyncError(f"cannot sync {repository.full_name}: {exc}") from exc
    except BaseException as exc:  # also KeyboardInterrupt: the state must not say "running"
        sync_state.fail(state, f"{repository.full_name}: {exc.__class__.__name__}: {exc}")
        raise
    sync_state.succeed(state, cursor={"head": head} if head else {})
    result.seconds = time.perf_counter() - started
    if result.commits_new:  # an up-to-date run changed nothing the follow-ups read
        pipeline.records_committed(project_id=repository.project_id)
    if with_stats and head:
        started = time.perf_counter()
        stats = fill_line_stats(repository=repository, on_progress=on_stats_progress)
        result.stats_commits, result.stats_skipped = stats.filled, stats.skipped
        result.stats_seconds = time.perf_counter() - started
    return result


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """Hold Python's cycle collector off during the first pass.

    The pass keeps a few hundred thousand small objects alive (parsed commits, identity
    keys), and each full collection walks all of them again: a quarter of the pass's CPU
    on a large history. What it allocates holds no cycles worth collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class LineStatsResult:
    filled: int = 0
    skipped: list[str] = field(default_factory=list)  # no stats: their mirror lacks objects


def fill_line_stats(
    *, repository: Repository, workers: int = 2, on_progress: Progress | None = None
) -> LineStatsResult:
    """Files changed, additions and deletions for every commit still without them.

    A commit whose diff the mirror lacks objects for (a shallow or partial clone, a lost
    file) is skipped, and said so in one warning and on the state; the next run tries it
    again, as a fetch may have brought the objects by then.
    """
    state = _begin(repository, SyncState.Kind.GIT_STATS)
    pending = list(
        Commit.objects.filter(repository=repository, files_changed__isnull=True)
        .order_by("pk")
        .values_list("sha", flat=True)
    )
    result = LineStatsResult()
    table = Commit._meta.db_table
    sql = (
        f"UPDATE {table} SET files_changed = %s, additions = %s, deletions = %s "
        f"WHERE repository_id = %s AND sha = %s"
    )
    try:
        path = mirror_path(repository)
        for batch in git_client.read_line_stats(path, pending, workers=workers):
            if batch.stats:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(
                        sql,
                        [
                            (s.files_changed, s.additions, s.deletions, repository.pk, s.sha)
                            for s in batch.stats
                        ],
                    )
            result.filled += len(batch.stats)
            result.skipped += batch.skipped
            done = result.filled + len(result.skipped)
            state.items_done, state.items_total = done, len(pending)
            state.pages_done += 1
            state.save(update_fields=["items_done", "items_total", "pages_done", "updated_at"])
            if on_progress:
                on_progress(done, len(pending))
    except GitError as exc:
        sync_state.fail(state, f"{repository.full_name}: {exc}")
        raise GitSyncError(f"cannot read line stats of {repository.full_name}: {exc}") from exc
    except BaseException as exc:
        sync_state.fail(state, f"{repository.full_name}: {exc.__class__.__name__}: {exc}")
        raise
    warning = skipped_note(result.skipped) if result.skipped else ""
    if warning:
        logger.warning("%s: line stats: %s", repository.full_name, warning)
    sync_state.succeed(state, cursor={}, warning=warning)
    return result


SHAS_NAMED = 3  # skipped commits named in a warning; the others are counted


def skipped_note(shas: list[str]) -> str:
    """``5 commits skipped: objects missing (0a1b2c3, 4d5e6f7, 8a9b0c1 and 2 more)``, in
    English as stored on the state and logged; the command says it translated."""
    named = ", ".join(sha[:7] for sha in shas[:SHAS_NAMED])
    more = f" and {len(shas) - SHAS_NAMED} more" if len(shas) > SHAS_NAMED else ""
    commits = "commit" if len(shas) == 1 else "commits"
    return f"{len(shas)} {commits} skipped: objects missing ({named}{more})"


FIRST_BATCH = 500  # commits; then four times more per batch, up to the batch size


def _parsed_batches(entries: Iterable[LogEntry], size: int) -> Iterator[list["_ParsedCommit"]]:
    """Batches of parsed commits, growing from ``FIRST_BATCH`` to ``size``: a small first
    batch is written while the next ones are still being read and parsed."""
    iterator = iter(entries)
    step = min(size, FIRST_BATCH)
    while batch := list(islice(iterator, step)):
        yield [_parse(entry) for entry in batch]
        step = min(size, step * 4)


def _read_ahead(batches: Iterator[list], depth: int = 2) -> Iterator[list]:
    """Read and parse the next batches in a thread while the caller stores this one: the
    database wait releases the interpreter, so parsing and writing overlap."""
    pending: queue.Queue = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        pending.put(batch, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            pending.put(done)
        except BaseException as exc:  # hand git's or the parser's error to the caller
            pending.put(exc)

    reader = threading.Thread(target=produce, name="git-log-reader", daemon=True)
    reader.start()
    try:
        while (item := pending.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join(timeout=5)


@lru_cache(maxsize=1 << 14)  # a history names the same few thousand people again and again
def _person(name: str, email: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The (kind, raw) of a person's email and name identities, each None when blank."""
    email_key = (_EMAIL, email) if email.strip() and "@" in email else None
    if "," in name:
        name = first_name_first(name)
    name_key = (_NAME, name) if name.strip() else None
    if email_key is None and email.strip():
        name_key = name_key or (_NAME, email)  # "email" without @ is a name in practice
    return email_key, name_key


@dataclass(frozen=True, slots=True)
class _ParsedCommit:
    entry: LogEntry
    subject: str
    pr_number: int | None
    author: tuple[str, str]  # the identity records point at
    committer: tuple[str, str] | None
    credits: list[tuple[str, tuple[str, str], str]]  # (kind, identity, raw)
    pairs: list[tuple[tuple[str, str], tuple[str, str]]]


def _parse(entry: LogEntry) -> _ParsedCommit:
    message = entry.message
    subject = message.split("\n", 1)[0].strip()
    match = _PR_IN_SUBJECT.search(subject) or _PR_IN_BODY.search(message)
    pairs = []
    identities = []
    for name, email in (
        (entry.author_name, entry.author_email),
        (entry.committer_name, entry.committer_email),
    ):
        email_key, name_key = _person(name, email)
        if email_key and name_key:
            pairs.append((name_key, email_key))
        identities.append(email_key or name_key)
    credits = []
    written_by: dict[tuple[str, str], tuple[str, str]] = {}  # "Author:" identities, spellings
    for credit in parse_credits(message):
        email_key, name_key = _person(credit.name, credit.email)
        if email_key and name_key:
            pairs.append((name_key, email_key))
        key = email_key or name_key
        if key:
            credits.append((credit.kind, key, credit.raw))
            if credit.kind == _AUTHOR_LINE:
                written_by.setdefault(key, (credit.name, credit.email))
    author = identities[0] or (_NAME, "unknown")
    # The git author is the author: Kafka's merge script sets it to the pull request's primary
    # author and lists every author in "Author:" lines, which are credits (co-authors at count
    # time). One person on those lines who is the git author spelled otherwise ("Luke Chen
    # <showuon@gmail.com>" beside the noreply address) says the two spellings are one person;
    # one who is someone else (the script's author prompt was answered by hand) says nothing.
    if len(written_by) == 1 and identities[0]:
        ((line, (name, email)),) = written_by.items()
        if line != author and same_person(entry.author_name, entry.author_email, name, email):
            pairs.append((author, line))
    return _ParsedCommit(
        entry=entry,
        subject=subject,
        pr_number=int(match.group(1)) if match else None,
        author=author,
        committer=identities[1],
        credits=credits,
        pairs=pairs,
    )


def _store_batch(
    repository: Repository, parsed: list["_ParsedCommit"], result: GitSyncResult
) -> None:
    wanted = []
    for commit in parsed:
        wanted.append(commit.author)
        if commit.committer:
            wanted.append(commit.committer)
        wanted.extend(key for _, key, _ in commit.credits)
        for name_key, email_key in commit.pairs:
            wanted += [name_key, email_key]
    with transaction.atomic():
        relax_commit()
        ids = upsert_identities(wanted, known=result.known_identities)
        # By (kind, raw) as parsed: a hundred thousand look-ups a large batch makes.
        # Parsed values are never blank, so each has its key (a cast would cost a call each).
        by_raw = {key: ids[identity_key(*key)] for key in set(wanted)}  # type: ignore[index]
        identity_id = by_raw.__getitem__

        # Commits stored by an earlier, interrupted run are skipped; those inserted now
        # come back with their ids, and only theirs get credits and pairs.
        commit_ids = dict(
            insert_returning(
                Commit,
                _COMMIT_FIELDS,
                (
                    (
                        repository.pk,
                        c.entry.sha,
                        identity_id(c.author),
                        identity_id(c.committer) if c.committer else None,
                        c.entry.authored_at,
                        c.entry.committed_at,
                        c.subject,
                        c.pr_number,
                        len(c.entry.parents) > 1,
                    )
                    for c in parsed
                ),
                returning=("sha", "id"),
            )
        )
        new = [c for c in parsed if c.entry.sha in commit_ids]
        credits: dict[tuple[int, int, str], tuple[int, int, str, str]] = {}
        for c in new:
            commit_id = commit_ids[c.entry.sha]
            for kind, key, raw in c.credits:
                row = (commit_id, identity_id(key), kind, raw)
                credits.setdefault(row[:3], row)
        # The commits are this transaction's own: none of their credits can exist yet.
        copy_rows(CommitCredit, _CREDIT_FIELDS, credits.values())
        # Pairs are counted once per commit, so only for commits stored by this run.
        record_pairs(
            (identity_id(name_key), identity_id(email_key))
            for c in new
            for name_key, email_key in c.pairs
        )
    result.commits_seen += len(parsed)
    result.commits_new += len(new)
    result.credits_new += len(credits)
    result.identity_ids.update(ids.values())


_COMMIT_FIELDS = (
    "repository",
    "sha",
    "author",
    "committer",
    "authored_at",
    "committed_at",
    "subject",
    "pr_number",
    "is_merge",
)
_CREDIT_FIELDS = ("commit", "identity", "kind", "raw")


def _begin(repository: Repository, kind: str) -> SyncState:
    state, _ = SyncState.objects.get_or_create(kind=kind, repository=repository)
    sync_state.begin(state)
    return state
