"""Names as resolution compares them, and the slugs people's pages get from them."""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify

from contributors.models import Contributor

# Names machines write when nobody configured git; they name no one, so they link nothing
# (otherwise "root" seen with fifty emails would make fifty people one) and stay unresolved.
GENERIC_NAMES = frozenset(
    {
        "root",
        "ubuntu",
        "admin",
        "administrator",
        "user",
        "unknown",
        "your name",
        "localhost",
        "none",
        "nobody",
        "anonymous",
        "no author",
        # Placeholders from tutorials and templates: "John Doe" joined two strangers in Kafka.
        "john doe",
        "john smith",
        "foo bar",
        "your full name",
        "test",
        "test user",
        "git",
        "me",
    }
)

# Addresses of the same kind: a template's example, a machine's default. They join nobody.
_PLACEHOLDER_EMAIL = re.compile(
    r"^(you|your[._-]?(name|email|mail)?|john[._-]?doe|user(name)?|name|email|"
    r"test|foo|root|admin|nobody|none|noreply|no-reply)@"
    r"(example\.(com|org|net)|email\.com|domain\.com|localhost(\.localdomain)?)$"
)

_EMAIL_IN_NAME = re.compile(r"\S*@\S*")
_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)  # a run compares the same few thousand names many times
def name_key(raw: str) -> str:
    """A name as compared across spellings: no case, accents, hyphens or extra spaces.

    "Chia-Ping Tsai", "chia ping tsai" and "Chiá-Ping  Tsai" share the key "chia ping tsai".
    An email left inside a name by a broken trailer ("Name <a@b") is dropped.
    """
    text = _EMAIL_IN_NAME.sub(" ", raw)
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def is_placeholder_email(value: str) -> bool:
    """An address that names no one: ``you@example.com``, ``root@localhost``."""
    return _PLACEHOLDER_EMAIL.match(value.casefold()) is not None


def email_spells_name(email: str, name: str) -> bool:
    """Whether an email's user is made of a full name's words: ``yangpoan@gmail.com`` for
    "PoAn Yang", ``chia7712@…`` is not "Chia-Ping Tsai"."""
    words = name_key(name).split()
    user = "".join(char for char in email.split("@")[0].casefold() if char.isalpha())
    return len(words) >= 2 and all(len(word) >= 2 and word in user for word in words)


def is_full_name(key: str) -> bool:
    """Two words or more, or a name in a script without spaces (蔡嘉平)."""
    return " " in key or (bool(key) and not key.isascii())


def _slug_base(name: str, fallback: str) -> str:
    # Names in Chinese slugify to nothing; the login or email then names the page.
    return slugify(name)[:100].strip("-") or slugify(fallback)[:100].strip("-") or "person"


def unique_slug(name: str, taken: set[str], fallback: str = "person") -> str:
    """``slugify(name)``, or of ``fallback``, with ``-2``, ``-3``… until not in ``taken``."""
    base = _slug_base(name, fallback)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def free_slug(name: str, fallback: str = "person") -> str:
    """A slug for one new person that nobody holds yet."""
    taken = set(
        Contributor.objects.filter(slug__startswith=_slug_base(name, fallback)).values_list(
            "slug", flat=True
        )
    )
    return unique_slug(name, taken, fallback)
