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

Typos stay as written; identity resolution joins them. ``parse_credits`` never raises.

Not read: "Reviewed by X" without a colon, and the pre-GitHub subject style
"KAFKA-123; Fix it; patched by X; reviewed by Y and Z" (about a thousand Kafka commits up
to 2015), whose free text ("reviewed by me", "Patch reviewed by Neha") needs its own rules.
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
# Where an email can sit without brackets: a run free of spaces, brackets and quotes.
# Square brackets stay: GitHub's bots write "49699333+dependabot[bot]@users.noreply…".
# The lookbehind starts a token only at its first character, which keeps long lines linear.
_EMAIL_TOKEN = re.compile(r"(?<![^\s<>(){}\"'`,;])[^\s<>(){}\"'`,;]*@[^\s<>(){}\"'`,;]*")
# "(@login)" or "@login" beside a name, or the "()" an email in parentheses leaves behind.
_LOGIN_BESIDE_NAME = re.compile(r"\(\s*(?:@[^()]*)?\)|(?<!\S)@\S+")
_NAME_STRIP = " \t\r\n\"'`“”‘’«».,;:!?*<>{}@"
_EMAIL_STRIP = " \t\r\n\"'`“”‘’.,;:!?*<>()[]{}"


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
        for person in _people_in(value):
            credits.append(ParsedCredit(kind, person.name, person.email, raw))
    return credits


# A repository repeats the same reviewer lists hundreds of times.
@lru_cache(maxsize=16384)
def _people_in(value: str) -> tuple[ParsedPerson, ...]:
    """The people one trailer's value names, each once, in order."""
    quoted = '"' in value
    if quoted:
        value = _QUOTED.sub(_hide_commas, value)
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
