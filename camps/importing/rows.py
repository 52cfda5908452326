"""What an import reads and decides, row by row: the types every step shares."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from contributors.models import Contributor
from projects.models import Project

COLUMNS = ("name", "github_login", "email", "project", "mentor")


class Outcome(StrEnum):
    NEW = "new"  # a person created and enrolled
    EXISTING = "existing"  # a person found and enrolled
    ENROLLED = "enrolled"  # a person already in the camp: skipped
    ERROR = "error"


@dataclass
class Row:
    """One line of the file and what importing it does."""

    line: int
    name: str
    github_login: str
    email: str
    project_text: str
    mentor_text: str
    outcome: Outcome = Outcome.ERROR
    person: Contributor | None = None
    project: Project | None = None
    mentor: Contributor | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    login: str | None = None  # cleaned
    clean_email: str | None = None


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the file cannot be read at all
    notes: list[str] = field(default_factory=list)
    digest: str = ""  # sha256 of the bytes previewed

    @property
    def ok(self) -> bool:
        """Whether confirming may write: the file was read and no row is bad."""
        return not self.problems and bool(self.rows) and not self.counts[Outcome.ERROR]

    @property
    def counts(self) -> Counter:
        return Counter(row.outcome for row in self.rows)

    @property
    def to_write(self) -> int:
        return self.counts[Outcome.NEW] + self.counts[Outcome.EXISTING]


@dataclass(frozen=True)
class ImportResult:
    created: int  # new people
    enrolled: int  # enrolments written, new people included
    skipped: int  # already enrolled


class ImportRefused(Exception):
    """Confirming found bad rows (or a file that cannot be read): nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__(preview.problems or [e for row in preview.rows for e in row.errors])
        self.preview = preview


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
