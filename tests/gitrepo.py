"""Small git repositories built by the tests, with chosen people, dates and messages."""

import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, path: Path, *, branch: str = "trunk") -> None:
        self.path = path
        self.branch = branch
        self._files = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    @property
    def url(self) -> str:
        return f"file://{self.path}"

    def git(self, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=os.environ | {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path)} | (env or {}),
            input=input,
            capture_output=True,
            check=True,
        )
        return result.stdout.decode().strip()

    def commit(
        self,
        message: str | bytes,
        *,
        author: tuple[str, str] = ("Jane Doe", "jane@example.org"),
        committer: tuple[str, str] | None = None,
        date: str = "2024-07-15T10:00:00+08:00",
        lines: int = 3,
    ) -> str:
        """Commit ``lines`` new lines in a new file; returns the sha."""
        self._files += 1
        (self.path / f"file{self._files}.txt").write_text("".join(f"{i}\n" for i in range(lines)))
        self.git("add", "-A")
        committer = committer or author
        env = {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": committer[0],
            "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": date,
        }
        data = message if isinstance(message, bytes) else message.encode()
        # commitEncoding=utf-8 with non-UTF-8 bytes stores them raw with no encoding header,
        # as old commits in real repositories are.
        self.git("-c", "i18n.commitEncoding=utf-8", "commit", "-q", "-F", "-", env=env, input=data)
        return self.git("rev-parse", "HEAD")

    def merge(
        self, branch: str, *, message: str = "Merge branch", date: str = "2024-07-20T10:00:00+08:00"
    ) -> str:
        env = {
            "GIT_AUTHOR_NAME": "Merger",
            "GIT_AUTHOR_EMAIL": "merger@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": "Merger",
            "GIT_COMMITTER_EMAIL": "merger@example.org",
            "GIT_COMMITTER_DATE": date,
        }
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env=env)
        return self.git("rev-parse", "HEAD")
