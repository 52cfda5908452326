"""Importing a camp's participants from a CSV file: a preview that writes nothing, then an
all-or-nothing import of the same file, validated again.

The file: UTF-8 (a byte-order mark, as Excel writes, is fine), comma-separated, at most
``MAX_BYTES``, with a header naming the columns ``name, github_login, email, project,
mentor`` in any order, case and spacing ("GitHub Login" is ``github_login``). Every column
must be there; a cell may be empty. Other columns are ignored and said so. Blank lines are
skipped.

Each row names a person:
- found by GitHub login (a person's login, or a GitHub identity linked to them), else by
  email (an email identity); a login naming one person and an email naming another is a
  conflict. A person found gets the row's login and email added to their identities.
- nobody found: a new community member is created from the name (or the login when the name
  is empty) with the login and email as identities; a row needs a login or an email so that
  a second import finds the person again, and a name or a login to call them by.
- ``project``: a project's slug or name, one of the camp's projects; empty for none.
- ``mentor``: a GitHub login, slug or Apache id of one of the camp's mentors (set on the
  camp's edit page); anyone else is refused, so a typo never pairs a participant with a
  stranger from the data. Empty for none.
- the same person twice in the file (by login, email, or both rows finding one person) is an
  error on the later row.
- a person already enrolled in the camp is skipped and their enrolment left as it is (a
  difference from the file is pointed out), so importing the same file twice writes nothing
  the second time.

The import writes only when every row is good, in one transaction; any bad row refuses it.

The steps, each a module importing only the ones before it: ``rows`` (the types they
share), ``reading`` (the file's bytes into rows), ``checking`` (the rows against the data:
the preview) and ``writing`` (the import).
"""

from camps.importing.checking import preview_import
from camps.importing.reading import MAX_BYTES, MAX_ROWS, read_table, template_csv
from camps.importing.rows import (
    COLUMNS,
    ImportRefused,
    ImportResult,
    Outcome,
    Preview,
    Row,
    digest_of,
)
from camps.importing.writing import apply_import

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportRefused",
    "ImportResult",
    "Outcome",
    "Preview",
    "Row",
    "apply_import",
    "digest_of",
    "preview_import",
    "read_table",
    "template_csv",
]
