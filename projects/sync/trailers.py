"""Credit trailers in commit messages: who reviewed, co-wrote, signed off or wrote a change.

Apache projects credit more people than the git author. Kafka's merge script writes
``Reviewers: Jane Doe <jane@example.org>, Bob <bob@apache.org>``, its older squash tooling an
``Author: Name <email>`` line, and contributors add ``Co-authored-by:`` or
``Signed-off-by:``. These lines are typed by hand, so the parser accepts what Kafka's
history holds (each case has a test taken from a real line):

* a key anywhere in the body, in any case, indented or not, with or without a space after
  the colon; observed misspellings and plurals (``Reivewers``, ``Reviews``, ``Co-authors``,
  ``Authors``) count too;
* a value ending in ``,`` or left empty continues on the following lines until a blank
  line or another key; each continuation line is a new person;
* people separated by ``,``, ``;``, `` and ``, or nothing but the end of ``<email>``;
  a comma inside a quoted name does not separate, a key typed twice is skipped, and prose
  squashed onto the line after ``<email>`` is ignored;
* ``Name <email>``, ``Name<email>``, ``Name email``, ``<email>``, a bare email, a name
  alone, ``<email`` without ``>`` or closed by ``?``;
* ``@login`` is the name ``login`` (a GitHub login; a person here has no login field, so
  it travels as a name), and ``Name (@login)`` or ``Name @login`` is ``Name``;
* an email needs exactly one ``@`` with something on both sides; anything else in its
  place (``<arjunconfluent.io>``, ``<a@@b>``, ``<>``) is dropped when a name stands beside
  it and is the name otherwise;
* a name that is itself an email (``a@x.org <b@y.org>``) is dropped: it names no one.

* a comma inside one name stays: ``Doroszlai, Attila <adoroszlai@apache.org>`` (family
  name first, as Ozone's top contributor writes it) and ``Fabio M. Graetz, Ph.D. <…>`` are
  one person each. The comma is read as part of a name when one word stands on each side of
  it and an ``<email>`` follows, or when a degree or generation (``Ph.D.``, ``Jr.``) follows
  it; Kafka's ``Luke Chen, Guozhang Wang <…>`` stays two people. On a line of a key that
  names one person (``Co-authored-by``, ``Signed-off-by``) ``Doroszlai, Attila`` alone is
  one name as well.

The subject style of Kafka's pre-GitHub history (about a thousand commits up to 2015) is read
too, from the first line only: "KAFKA-123; Fix it; patched by X; reviewed by Y and Z". A part
of the subject after the first ``;`` that starts with ``patched by`` names who wrote the change (an
``author_line`` credit, like ``Author:``), one with ``reviewed by`` or ``reviewed`` the
reviewers; both may share a part ("patched by X, reviewed by Y", "patched by X reviewed by
Y"). Words that name nobody ("reviewed by me", "reviewed by others") are skipped.

Typos stay as written; identity resolution joins them. ``parse_credits`` never raises.

Not read: "Reviewed by X" in the body without a colon, and credits in the middle of a
subject's description ("…fix the code reviewed by the owner").
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# CommitCredit.Kind values, written out so the parser stays free of Django.
REVIEWER = "reviewer"
CO_AUTHOR = "co_author"
SIGNED_OFF = "signed_off"
AUTHOR_LINE = "author_line"

# Keys as matched, lower-cased with spaces and hyphens removed.
_KINDS = {
    "reviewers": REVIEWER,
    "reviewer": REVIEWER,
    "reviewedby": REVIEWER,
    "reviewed": REVIEWER,
    "reviews": REVIEWER,
    "reivewers": REVIEWER,
    "coauthoredby": CO_AUTHOR,
    "coauthor": CO_AUTHOR,
    "coauthors": CO_AUTHOR,
    "signedoffby": SIGNED_OFF,
    "author": AUTHOR_LINE,
    "authors": AUTHOR_LINE,
}

_KEY = (
    r"[ \t]*(?P<key>"
    r"re(?:viewers?|ivewers|views|viewed(?:[ \t]*[- ][ \t]*by)?)"
    r"|co[ -]?author(?:s|ed[ -]by)?"
    r"|signed[ -]off[ -]by"
    r"|authors?"
    r")[ \t]*:"
)
# A key line; the value runs to the end of the line (a trailing "\r" is stripped later).
# ASCII: Unicode case folding would let "Reviewerſ:" through as a key.
_KEY_LINE = re.compile(
    rf"^(?P<line>{_KEY}(?P<value>[^\n]*))", re.IGNORECASE | re.MULTILINE | re.ASCII
)
# The next line when it is not blank (a key line among them ends the value).
_NEXT_LINE = re.compile(r"\n(?P<line>[^\S\n]*\S[^\n]*)")
# A key repeated inside the value: "Reviewers: Reviewers: Jane", "Jane <j@x.org>, Reviewers: Bob".
_KEY_PREFIX = re.compile(_KEY, re.IGNORECASE | re.ASCII)
# Between people: a comma, semicolon, line break or " and ", or the end of "<email>" when
# another "<" follows ("Bruno Cadonna <cadonna@confluent.io> Victoria Xia <...>",
# "<a@b.org>. Jun Rao <...>"); other text after ">" is squashed prose, not a person.
_SEPARATOR = re.compile(r"[,;\n]|\sand\s|(?<=>)[\s.]+(?=[^,;\n<>]*<)")
# A quoted name may hold a comma ('"Gyeongwon, Do" <dct012@gmail.com>'); it is swapped for
# a private-use character while the value is split.
_QUOTED = re.compile(r'"[^"\n]*"')
_COMMA_STAND_IN = "\ue000"
# A comma inside one name: "Doroszlai, Attila <a@x.org>" (one word each side, an email
# next; the word before is checked in _hide_name_comma) or "Fabio M. Graetz, Ph.D. <f@x.org>"
# (a degree or generation next). Starting at the comma keeps the scan to the commas.
_NAME_COMMA = re.compile(
    r",(?=[ \t]*(?:(?P<suffix>(?:ph\.?[ \t]?d|jr|sr|ii|iii|iv|m\.?d)\.?[ \t]*<)"
    r"|[^\W\d_][\w'.-]*[ \t]*<[^<>,;\s]*@))",
    re.IGNORECASE,
)
# The one word a "Last, First" name may have before its comma.
_ONE_WORD = re.compile(r"[^\W\d_][\w'.-]*")
# Keys that name one person a line (git's own trailers), where "Last, First" without an
# email is one name too.
_ONE_PERSON_KINDS = (CO_AUTHOR, SIGNED_OFF)
_LAST_FIRST = re.compile(r"[ \t]*[^\W\d_][\w'.-]*,[ \t]*[^\W\d_][\w'.-]*[ \t\r]*")
# Where an email can sit without brackets: a run free of spaces, brackets and quotes.
# Square brackets stay: GitHub's bots write "49699333+dependabot[bot]@users.noreply…".
# The lookbehind starts a token only at its first character, which keeps long lines linear.
_EMAIL_TOKEN = re.compile(r"(?<![^\s<>(){}\"'`,;])[^\s<>(){}\"'`,;]*@[^\s<>(){}\"'`,;]*")
# "(@login)" or "@login" beside a name, or the "()" an email in parentheses leaves behind.
_LOGIN_BESIDE_NAME = re.compile(r"\(\s*(?:@[^()]*)?\)|(?<!\S)@\S+")
_NAME_STRIP = " \t\r\n\"'`“”‘’«».,;:!?*<>{}@"
_EMAIL_STRIP = " \t\r\n\"'`“”‘’.,;:!?*<>()[]{}"


# Kafka's pre-GitHub subjects: "…; patched by X; reviewed by Y and Z". A part between ";"
# that starts with a key (after "Patch", as in "Patch reviewed by Neha") is read.
_SUBJECT_HINT = re.compile(r"[pP]atched|[rR]eviewed")
_SUBJECT_KEY = re.compile(
    r"(?:^|(?<=[\s,]))(?P<key>patched[ \t]+by|reviewed(?:[ \t]+by)?)[ \t]+", re.IGNORECASE
)
_SUBJECT_PART_START = re.compile(r"[ \t]*(?:patch[ \t]+)?(?:patched|reviewed)\b", re.IGNORECASE)
# What follows "reviewed by" and names nobody.
_NOBODY = frozenset(
    {"me", "myself", "us", "others", "other", "all", "everyone", "many", "several", "n/a"}
)


@dataclass(frozen=True, slots=True)
class ParsedPerson:
    name: str  # cleaned display name, "" when none
    email: str  # as written but trimmed (lower-casing happens elsewhere), "" when none


@dataclass(frozen=True, slots=True)
class ParsedCredit:
    kind: str  # "reviewer" | "co_author" | "signed_off" | "author_line"
    name: str
    email: str
    raw: str  # the whole trailer line as written (with its continuation lines joined by "\n")


def parse_credits(message: str) -> list[ParsedCredit]:
    """Every person credited by a trailer or body line of a commit message, in order.

    People repeated on one line are listed once (same email, or same name and no email);
    repeats across lines are kept, the store ignores them.
    """
    credits: list[ParsedCredit] = []
    subject = message[: message.find("\n")] if "\n" in message else message
    # Plain substring tests first: every message passes here, few have such a subject. A
    # first line that is itself a trailer ("Reviewed-by: …") is read below, as one.
    if (
        ("eviewed" in subject or "atched" in subject)
        and _SUBJECT_HINT.search(subject)
        and not _KEY_LINE.match(message)
    ):
        credits += _subject_credits(subject.rstrip("\r"))
    for match in _KEY_LINE.finditer(message):
        kind = _kind_of(match.group("key"))
        raw = match.group("line").rstrip("\r")
        value = match.group("value")
        stripped = value.strip()
        if not stripped or stripped.endswith(","):
            lines = [raw]
            end = match.end()
            while (more := _NEXT_LINE.match(message, end)) and not _KEY_LINE.match(
                message, more.start("line")
            ):
                lines.append(more.group("line").rstrip("\r"))
                end = more.end()
            if len(lines) > 1:
                raw = "\n".join(lines)
                value = "\n".join([value, *lines[1:]])
        if kind in _ONE_PERSON_KINDS and "," in value and _LAST_FIRST.fullmatch(value):
            value = value.replace(",", _COMMA_STAND_IN)  # "Co-authored-by: Doroszlai, Attila"
        for person in _people_in(value):
            credits.append(ParsedCredit(kind, person.name, person.email, raw))
    return credits


def _subject_credits(subject: str) -> list[ParsedCredit]:
    """The people a "…; patched by X; reviewed by Y" subject credits, in order."""
    credits: list[ParsedCredit] = []
    # The first part is the description (or the issue key), never a credit.
    for part in subject.split(";")[1:]:
        if not _SUBJECT_PART_START.match(part):
            continue
        # [text before the first key, key, its value, key, its value, …]
        pieces = _SUBJECT_KEY.split(part)
        for index in range(1, len(pieces) - 1, 2):
            kind = AUTHOR_LINE if pieces[index][0] in "pP" else REVIEWER
            for person in _people_in(pieces[index + 1].rstrip(" \t,.")):
                if person.email or person.name.casefold() not in _NOBODY:
                    credits.append(ParsedCredit(kind, person.name, person.email, subject))
    return credits


# A repository repeats the same reviewer lists hundreds of times.
@lru_cache(maxsize=16384)
def _people_in(value: str) -> tuple[ParsedPerson, ...]:
    """The people one trailer's value names, each once, in order."""
    quoted = '"' in value or _COMMA_STAND_IN in value
    if '"' in value:
        value = _QUOTED.sub(_hide_commas, value)
    if "," in value and "<" in value:
        hidden = _NAME_COMMA.sub(lambda comma: _hide_name_comma(comma, value), value)
        if hidden != value:
            value, quoted = hidden, True
    people: list[ParsedPerson] = []
    seen: set[tuple[bool, str]] = set()
    for fragment in _SEPARATOR.split(value):
        if ":" in fragment and (prefix := _KEY_PREFIX.match(fragment)):
            fragment = fragment[prefix.end() :]
        fragment = fragment.strip()
        person = _person_of(fragment) if len(fragment) < 200 else parse_person(fragment)
        if person is None:
            continue
        if quoted and _COMMA_STAND_IN in person.name:
            person = ParsedPerson(person.name.replace(_COMMA_STAND_IN, ","), person.email)
        key = (True, person.email.lower()) if person.email else (False, person.name.lower())
        if key in seen:
            continue
        seen.add(key)
        people.append(person)
    return tuple(people)


def parse_person(text: str) -> ParsedPerson | None:
    """The name and email in one person's fragment, None when it holds neither."""
    lt = text.find("<")
    if lt >= 0:
        # "Name <email>", "Name<email", "Name <email?", "<email> Name", "Name <<email>".
        name = text[:lt]
        inner, _, after = text[lt + 1 :].partition(">")
        token = _EMAIL_TOKEN.search(inner)
        email = _clean_email(token.group()) if token else ""
        if not name.strip(_NAME_STRIP):
            name = after
        if not email and not name.strip(_NAME_STRIP):
            name = inner
    else:
        # "Name email", "email", "Name (email)", "Name", "@login", "Name (@login)".
        email = ""
        name = text
        for token in _EMAIL_TOKEN.finditer(text):
            candidate = _clean_email(token.group())
            if candidate:
                email = candidate
                name = text[: token.start()] + text[token.end() :]
                break
    name = _clean_name(name)
    if "@" in name and " " not in name and _clean_email(name):
        name = ""  # "a@x.org <b@y.org>": a second address, not a name
    if not name and not email:
        return None
    return ParsedPerson(name, email)


def _hide_name_comma(comma: re.Match[str], value: str) -> str:
    """The comma hidden when it is inside one name, kept when it separates two people."""
    if comma.group("suffix"):
        return _COMMA_STAND_IN
    start = max(value.rfind(mark, 0, comma.start()) for mark in ",;:\n") + 1
    before = value[start : comma.start()].strip(" \t")
    return _COMMA_STAND_IN if _ONE_WORD.fullmatch(before) else ","


def _hide_commas(quoted: re.Match[str]) -> str:
    return quoted.group().replace(",", _COMMA_STAND_IN).replace(";", _COMMA_STAND_IN)


# A repository repeats a few hundred spellings of keys and people thousands of times.
@lru_cache(maxsize=64)
def _kind_of(key: str) -> str:
    return _KINDS[key.lower().replace(" ", "").replace("\t", "").replace("-", "")]


_person_of = lru_cache(maxsize=16384)(parse_person)


def _clean_email(text: str) -> str:
    """The email trimmed of surrounding punctuation, "" unless it has one inner "@"."""
    email = text.strip(_EMAIL_STRIP)
    at = email.find("@")
    if at <= 0 or at == len(email) - 1 or email.find("@", at + 1) >= 0:
        return ""
    return email


def _clean_name(text: str) -> str:
    """Whitespace collapsed, surrounding quotes and punctuation and "(@login)" removed."""
    if "(" in text or "@" in text:
        without = _LOGIN_BESIDE_NAME.sub(" ", text)
        if without.strip(_NAME_STRIP):
            text = without  # "@login" alone stays: it is the name
    name = " ".join(text.split()).strip(_NAME_STRIP)
    # Parentheses inside a name stay ("Jiangjie (Becket) Qin", "陳昱霖(Yu-Lin Chen)");
    # unbalanced or enclosing ones go.
    if name.startswith("(") and name.endswith(")") and name.count("(") == 1:
        name = name[1:-1].strip(_NAME_STRIP)
    elif name.count("(") != name.count(")"):
        name = name.strip("()").strip(_NAME_STRIP)
    # Likewise square brackets: "dependabot[bot]" keeps its own, "[Jane Doe]" loses them.
    if name.startswith("[") and name.endswith("]") and name.count("[") == 1:
        name = name[1:-1].strip(_NAME_STRIP)
    elif name.count("[") != name.count("]"):
        name = name.strip("[]").strip(_NAME_STRIP)
    return name
