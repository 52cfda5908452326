"""Reading Apache's public roster: three JSON files Whimsy publishes every few minutes under
https://whimsy.apache.org/public/ (generated from LDAP and committee-info.txt by
github.com/apache/whimsy, ``www/roster/public_*.rb``), from a URL base or a local directory.

- ``public_ldap_projects.json``: ``projects`` → id → ``members`` (committers) and ``owners``
  (the PMC; for a podling, its PPMC), ``createTimestamp`` like ``20110823000000Z``.
- ``committee-info.json``: ``committees`` → id → ``roster`` (Apache id → ``name``, ``date``
  the person joined the PMC, ``YYYY-MM-DD``) and ``chair`` (Apache id → ``name``). Only PMCs
  are listed, podlings are not.
- ``public_ldap_people.json``: ``people`` → Apache id → ``name``, ``createTimestamp`` (when the
  account was made, i.e. when the person first became a committer anywhere at Apache).

Keys the sync does not read are ignored, and absent lists or dates count as empty; anything
of the wrong type, JSON nested too deeply to read, or a time no calendar holds raises
``Refused`` (``projects.sync.errors``) naming the file and the entry, before anything is
written; so does a date
before the ASF existed among the projects the sync writes titles for (``check_dates``).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from projects.sync.errors import Refused, Unavailable

PROJECTS_FILE = "public_ldap_projects.json"
COMMITTEES_FILE = "committee-info.json"
PEOPLE_FILE = "public_ldap_people.json"
FILES = (PROJECTS_FILE, COMMITTEES_FILE, PEOPLE_FILE)
DEFAULT_URL = "https://whimsy.apache.org/public/"
# The ASF was incorporated on 1999-03-25: nobody joined a PMC or had an account before.
ASF_FOUNDED = date(1999, 3, 25)
_TIMEOUT = 60  # seconds; the people file is several megabytes
# Whimsy is one static site: an outage there outlasts a minute, so come back later.
RETRY_IN = 15 * 60


@dataclass(frozen=True)
class LdapProject:
    committers: frozenset[str]
    owners: frozenset[str]


@dataclass(frozen=True)
class Committee:
    joined: dict[str, date | None]  # the PMC roster: Apache id → date joined, when known
    chairs: frozenset[str]


@dataclass(frozen=True)
class Roster:
    projects: dict[str, LdapProject]  # by LDAP project id (committee or podling id)
    committees: dict[str, Committee]  # by committee id
    accounts_created: dict[str, date | None]  # Apache id → when the account was made


def read_roster(source: str, *, on_file: Callable[[str], None] | None = None) -> Roster:
    """Read and check the three files from ``source``: a URL base (``https://…/public/``)
    or a local directory holding them. ``on_file`` is told each file's name once read."""

    def load(name: str) -> dict[str, Any]:
        data = parse_json(name, fetch_file(source, name))
        if on_file:
            on_file(name)
        return data

    return Roster(
        projects=parse_projects(load(PROJECTS_FILE)),
        committees=parse_committees(load(COMMITTEES_FILE)),
        accounts_created=parse_people(load(PEOPLE_FILE)),
    )


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch_file(source: str, name: str) -> bytes:
    """The bytes of one roster file, from a URL base or a directory."""
    if is_url(source):
        return _download(urljoin(source if source.endswith("/") else source + "/", name), name)
    directory = Path(source)
    if not directory.is_dir():
        raise Refused(
            _("%(source)s is not a directory or an http(s) URL holding %(files)s")
            % {"source": source, "files": ", ".join(FILES)}
        )
    path = directory / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise Refused(_("%(name)s: not found at %(path)s") % {"name": name, "path": path}) from None
    except OSError as exc:
        raise Refused(
            _("%(name)s: cannot be read (%(error)s)") % {"name": name, "error": exc}
        ) from exc


def _download(url: str, name: str) -> bytes:
    """GET one file (Whimsy serves them as plain static files: no paging, no token)."""
    try:
        response = requests.get(url, timeout=_TIMEOUT, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise Unavailable(
            _("%(name)s: cannot reach %(url)s (%(error)s)")
            % {"name": name, "url": url, "error": exc},
            retry_in=RETRY_IN,
        ) from None
    if response.status_code != 200:
        message = _("%(name)s: %(url)s answered HTTP %(status)s") % {
            "name": name, "url": url, "status": response.status_code
        }  # fmt: skip
        if response.status_code >= 500:
            raise Unavailable(message, retry_in=RETRY_IN)
        raise Refused(message)
    return response.content


def parse_json(name: str, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as exc:  # also a UnicodeDecodeError
        raise Refused(
            _("%(name)s: not valid JSON (%(error)s)") % {"name": name, "error": exc}
        ) from None
    except RecursionError:
        raise Refused(
            _("%(name)s: not a roster file (its JSON nests too deeply to read)") % {"name": name}
        ) from None
    return _object(data, name, _("the file"))


def parse_projects(data: dict[str, Any]) -> dict[str, LdapProject]:
    name = PROJECTS_FILE
    projects = {}
    for project_id, entry in _object(data.get("projects"), name, "projects").items():
        entry = _object(entry, name, f"projects.{project_id}")
        projects[project_id.lower()] = LdapProject(
            committers=_ids(entry.get("members"), name, f"projects.{project_id}.members"),
            owners=_ids(entry.get("owners"), name, f"projects.{project_id}.owners"),
        )
    return projects


def parse_committees(data: dict[str, Any]) -> dict[str, Committee]:
    name = COMMITTEES_FILE
    committees = {}
    for committee_id, entry in _object(data.get("committees"), name, "committees").items():
        where = f"committees.{committee_id}"
        entry = _object(entry, name, where)
        roster = _id_keys(
            _object(entry.get("roster", {}), name, f"{where}.roster"), name, f"{where}.roster"
        )
        joined = {}
        for apache_id, person in roster.items():
            person = _object(person, name, f"{where}.roster.{apache_id}")
            joined[apache_id.lower()] = _iso_date(
                person.get("date"), name, f"{where}.roster.{apache_id}.date"
            )
        # An empty chair ({}) happens while a chair changes hands.
        chairs = _id_keys(
            _object(entry.get("chair", {}), name, f"{where}.chair"), name, f"{where}.chair"
        )
        committees[committee_id.lower()] = Committee(
            joined=joined, chairs=frozenset(chair.lower() for chair in chairs)
        )
    return committees


def parse_people(data: dict[str, Any]) -> dict[str, date | None]:
    name = PEOPLE_FILE
    created = {}
    for apache_id, person in _object(data.get("people"), name, "people").items():
        person = _object(person, name, f"people.{apache_id}")
        created[apache_id.lower()] = _ldap_date(
            person.get("createTimestamp"), name, f"people.{apache_id}.createTimestamp"
        )
    return created


def _shape_error(name: str, where: str, expected: str, value: Any) -> Refused:
    return Refused(
        _("%(name)s: %(where)s should be %(expected)s, not %(found)s")
        % {"name": name, "where": where, "expected": expected, "found": _describe(value)}
    )


def _describe(value: Any) -> str:
    if value is None:
        return _("missing")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _object(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _shape_error(name, where, _("an object"), value)
    return value


def _id_keys(value: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    """``value``, whose keys are Apache ids: printable (no NUL, no control character)."""
    for key in value:
        if not key.isprintable():
            raise _shape_error(name, where, _("an object keyed by Apache ids"), key)
    return value


def _ids(value: Any, name: str, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    # Printable: a NUL or control character is no Apache id (and PostgreSQL stores no NUL).
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.isprintable() for item in value
    ):
        raise _shape_error(name, where, _("a list of Apache ids"), value)
    return frozenset(item.strip().lower() for item in value if item.strip())


def _iso_date(value: Any, name: str, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _shape_error(name, where, _("a date like 2012-10-23"), value) from None


def _ldap_date(value: Any, name: str, where: str) -> date | None:
    """LDAP's ``20200101000000Z`` (UTC) as a date in TIME_ZONE, where dates are shown."""
    if value in (None, ""):
        return None
    try:
        moment = datetime.strptime(value, "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
        return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    except (TypeError, ValueError, OverflowError):  # Overflow: 9999-12-31 is 10000 in Taipei
        raise _shape_error(name, where, _("a time like 20200101000000Z"), value) from None


def check_dates(roster: Roster, ids: set[str]) -> None:
    """Raise Refused naming the file and entry of the first date before ASF_FOUNDED
    that the committees or podlings ``ids`` would write: a PMC member's joining, or the
    account of one of their committers or PMC members."""

    def refuse(name: str, where: str, when: date) -> Refused:
        return Refused(
            _("%(name)s: %(where)s is %(date)s, before the ASF existed (%(founded)s)")
            % {"name": name, "where": where, "date": when, "founded": ASF_FOUNDED}
        )

    people: set[str] = set()
    for committee_id in sorted(ids):
        ldap = roster.projects.get(committee_id)
        if ldap is not None:
            people |= ldap.committers | ldap.owners
        committee = roster.committees.get(committee_id)
        if committee is None:
            continue
        people |= committee.joined.keys() | committee.chairs
        for apache_id, joined in sorted(committee.joined.items()):
            if joined is not None and joined < ASF_FOUNDED:
                where = f"committees.{committee_id}.roster.{apache_id}.date"
                raise refuse(COMMITTEES_FILE, where, joined)
    for apache_id in sorted(people):
        created = roster.accounts_created.get(apache_id)
        if created is not None and created < ASF_FOUNDED:
            raise refuse(PEOPLE_FILE, f"people.{apache_id}.createTimestamp", created)
