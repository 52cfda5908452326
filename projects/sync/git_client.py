"""Reading a bare git mirror: clone or fetch it, stream its log, read per-commit line stats.

Only git itself is run here; nothing touches the database. ``projects.sync.git`` turns
what this yields into records.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from projects.sync.errors import Unavailable

# One record per commit, NUL-terminated (-z); fields split by the unit separator, which
# commit messages do not contain in practice (the body comes last, so a stray one stays in it).
_FIELDS = ("%H", "%P", "%an", "%ae", "%at", "%cn", "%ce", "%ct", "%B")
_FORMAT = "%x1f".join(_FIELDS)
_SEPARATOR = b"\x1f"
_CHUNK = 1 << 16
_GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # a private or missing URL must fail, not wait for a password
    "GIT_ASKPASS": "true",
    "LC_ALL": "C",
}


class GitError(Unavailable):
    """A git command failed; the message says which and why, in git's own words. git
    cannot tell a network failure from a missing repository, so any failure is worth
    another try later, after the retry policy's backoff."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_in=None)


class ObjectsMissing(GitError):
    """git needed an object the mirror does not have (a shallow or partial clone, a lost
    file): the commits involved cannot be read, the others can."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    authored_at: datetime
    committer_name: str
    committer_email: str
    committed_at: datetime
    message: str


@dataclass(frozen=True, slots=True)
class LineStats:
    sha: str
    files_changed: int
    additions: int
    deletions: int


@dataclass(frozen=True, slots=True)
class LineStatsBatch:
    stats: list[LineStats]
    skipped: list[str]  # commits whose diff the mirror lacks the objects for


def _run(args: list[str], *, cwd: Path | None = None, timeout: int | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=os.environ | _GIT_ENV,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout} s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {result.returncode}"
        raise GitError(f"git {args[0]} failed: {detail}")
    return result.stdout.decode("utf-8", "replace")


def update_mirror(*, clone_url: str, path: Path, timeout: int = 3600) -> bool:
    """Clone ``clone_url`` as a bare mirror at ``path``, or fetch into it if it exists.

    Only branches are kept: GitHub also serves a ref per pull request (tens of thousands
    on a large project), which would make every fetch slow. Returns True when the mirror
    was created. A failed clone leaves nothing behind.
    """
    if (path / "HEAD").exists():
        _run(
            ["fetch", "--prune", "--quiet", "--no-tags", "origin", "+refs/heads/*:refs/heads/*"],
            cwd=path,
            timeout=timeout,
        )
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        _remove_tree(partial)
    try:
        _run(["clone", "--bare", "--no-tags", "--quiet", clone_url, str(partial)], timeout=timeout)
    except GitError:
        if partial.exists():
            _remove_tree(partial)
        raise
    partial.rename(path)
    return True


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def head_branch(path: Path) -> str:
    """The branch the mirror's HEAD names (the remote's default branch)."""
    return _run(["symbolic-ref", "--short", "HEAD"], cwd=path).strip()


def resolve_branch(path: Path, branch: str) -> str | None:
    """The sha the branch points at, or None when the branch has no commits yet."""
    try:
        return _run(
            ["rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}"], cwd=path
        ).strip()
    except GitError:
        if not _run(["for-each-ref", "--count=1", "refs/heads/"], cwd=path).strip():
            return None  # an empty repository: no branch exists at all
        branches = _run(["for-each-ref", "--format=%(refname:short)", "refs/heads/"], cwd=path)
        known = ", ".join(branches.split()[:10])
        raise GitError(f"branch {branch!r} does not exist (branches: {known})") from None


def is_ancestor(path: Path, ancestor: str, descendant: str) -> bool:
    result = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant],
        cwd=path,
        env=os.environ | _GIT_ENV,
        capture_output=True,
    )
    return result.returncode == 0


class CommitCount:
    """``git rev-list --count`` running in the background; ``result()`` waits for it,
    ``result_if_done()`` does not."""

    def __init__(self, process: subprocess.Popen) -> None:
        self._process = process

    def result_if_done(self) -> int | None:
        return None if self._process.poll() is None else self.result()

    def result(self) -> int | None:
        out, _ = self._process.communicate()
        try:
            return int(out) if self._process.returncode == 0 else None
        except ValueError:
            return None


def count_commits(path: Path, *, head: str, exclude: str | None = None) -> CommitCount:
    revisions = [head] + ([f"^{exclude}"] if exclude else [])
    return CommitCount(
        subprocess.Popen(
            ["git", "rev-list", "--count", *revisions, "--"],
            cwd=path,
            env=os.environ | _GIT_ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    )


def _decode(raw: bytes) -> str:
    # Old commits may be Latin-1 without an encoding header; git passes their bytes through.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _records(stream: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in stream:
        pending += chunk
        *complete, pending = pending.split(b"\0")
        yield from complete
    if pending.strip():
        yield pending


def read_log(path: Path, *, head: str, exclude: str | None = None) -> Iterator[LogEntry]:
    """Every commit reachable from ``head`` and not from ``exclude``, newest first, streamed."""
    revisions = [head] + ([f"^{exclude}"] if exclude else [])
    process = subprocess.Popen(
        ["git", "log", "-z", f"--format={_FORMAT}", *revisions, "--"],
        cwd=path,
        env=os.environ | _GIT_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout = process.stdout
    assert stdout is not None
    try:
        for record in _records(iter(lambda: stdout.read(_CHUNK), b"")):
            fields = record.split(_SEPARATOR, len(_FIELDS) - 1)
            if len(fields) != len(_FIELDS):
                continue  # not a commit record; cannot happen with this format
            sha, parents, an, ae, at, cn, ce, ct, body = fields
            yield LogEntry(
                sha=sha.decode("ascii").lstrip("\n"),
                parents=tuple(parents.decode("ascii").split()),
                author_name=_decode(an),
                author_email=_decode(ae),
                authored_at=datetime.fromtimestamp(int(at), UTC),
                committer_name=_decode(cn),
                committer_email=_decode(ce),
                committed_at=datetime.fromtimestamp(int(ct), UTC),
                message=_decode(body),
            )
    finally:
        stdout.close()
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.wait() not in (0, -13) and stderr:  # -13: we stopped reading (SIGPIPE)
            raise GitError(f"git log failed: {stderr.strip().splitlines()[-1]}")


_NUMSTAT = re.compile(rb"^(\d+|-)\t(\d+|-)\t", re.MULTILINE)
# How git says it lacks an object, from "fatal: bad object <sha>" (a commit beyond a shallow
# clone) to "fatal: unable to read <sha>" (a lost blob) and a partial clone's failed fetch.
_MISSING_OBJECT = re.compile(
    r"bad object|unable to read|could not read|missing (?:blob|tree|commit)|"
    r"bad tree object|from promisor remote",
    re.IGNORECASE,
)


def _numstat(path: Path, shas: list[str]) -> list[LineStats]:
    # --no-walk=unsorted: exactly these commits; diff against the first parent.
    result = subprocess.run(
        ["git", "log", "--no-walk=unsorted", "--stdin", "--numstat", "--format=%x00%H"],
        cwd=path,
        env=os.environ | _GIT_ENV,
        input="\n".join(shas).encode(),
        capture_output=True,
    )
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace")
        failure = ObjectsMissing if _MISSING_OBJECT.search(stderr) else GitError
        raise failure(f"git log --numstat failed: {stderr}")
    stats = []
    for record in result.stdout.split(b"\0")[1:]:
        sha, _, rest = record.partition(b"\n")
        files = additions = deletions = 0
        for added, deleted in _NUMSTAT.findall(rest):
            files += 1
            additions += int(added) if added != b"-" else 0  # "-": a binary file
            deletions += int(deleted) if deleted != b"-" else 0
        stats.append(LineStats(sha.decode("ascii").strip(), files, additions, deletions))
    return stats


def _numstat_or_skip(path: Path, shas: list[str]) -> LineStatsBatch:
    """A batch's stats; when objects are missing, one commit at a time to find which."""
    try:
        return LineStatsBatch(_numstat(path, shas), [])
    except ObjectsMissing:
        if len(shas) == 1:
            return LineStatsBatch([], list(shas))
    stats, skipped = [], []
    for sha in shas:
        try:
            stats += _numstat(path, [sha])
        except ObjectsMissing:
            skipped.append(sha)
    return LineStatsBatch(stats, skipped)


def unreadable_commits(path: Path, shas: list[str]) -> set[str]:
    """Those of ``shas`` whose diff the mirror cannot compute from what it holds: commits
    absent from it, and a shallow clone's boundary, whose parents it lacks (their diff
    would be against nothing: every line an addition)."""
    result = subprocess.run(
        ["git", "cat-file", "--batch-check"],
        cwd=path,
        env=os.environ | _GIT_ENV,
        input="\n".join(shas).encode(),
        capture_output=True,
    )
    if result.returncode != 0:
        raise GitError(f"git cat-file failed: {result.stderr.decode('utf-8', 'replace')}")
    lines = result.stdout.decode("ascii", "replace").splitlines()
    absent = {line.split()[0] for line in lines if line.endswith(" missing")}
    shallow = path / "shallow"  # the boundary commits of a shallow clone, one per line
    if shallow.exists():
        absent |= set(shallow.read_text().split()) & set(shas)
    return absent


def read_line_stats(
    path: Path, shas: list[str], *, workers: int = 2, batch: int = 500
) -> Iterator[LineStatsBatch]:
    """Files changed, additions and deletions of these commits, a batch at a time, with
    the commits skipped because the mirror lacks objects their diff needs.

    Computing diffs is what makes --numstat slow, so batches go to ``workers`` git
    processes at once (one per core) while the caller stores the batches already done.
    """
    unreadable = unreadable_commits(path, shas) if shas else set()
    if unreadable:
        yield LineStatsBatch([], [sha for sha in shas if sha in unreadable])
    readable = [sha for sha in shas if sha not in unreadable]
    parts = [readable[i : i + batch] for i in range(0, len(readable), batch)]
    if len(parts) <= 1 or workers <= 1:
        for part in parts:
            yield _numstat_or_skip(path, part)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(lambda part: _numstat_or_skip(path, part), parts)
