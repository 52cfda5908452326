"""How the git sync reads a person's name: "Family, Given" written given name first, and
whether two spellings on one commit name one person."""

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+")

# What may follow a comma in a name without being the given name: "Fabio M. Graetz, Ph.D.".
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba", "msc"})


@lru_cache(maxsize=1 << 12)
def first_name_first(name: str) -> str:
    """A "Family, Given" name in the order people write it otherwise: "Doroszlai, Attila"
    is "Attila Doroszlai" (so both spellings are one name identity). Anything else, a
    suffix after the comma or several commas, is kept as written."""
    family, comma, given = name.partition(",")
    family, given = family.strip(), given.strip()
    if not comma or "," in given or not family or not given or "@" in name:
        return name
    if not (1 <= len(family.split()) <= 2 and 1 <= len(given.split()) <= 3):
        return name
    if "".join(c for c in given.casefold() if c.isalpha()) in _NAME_SUFFIXES:
        return name
    return f"{given} {family}"


@lru_cache(maxsize=1 << 12)
def name_words(name: str) -> tuple[str, ...]:
    """A name's words as written, without case, accents or punctuation."""
    text = name.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return tuple(_NOT_WORD.sub(" ", text).split())


def same_person(name: str, email: str, other_name: str, other_email: str) -> bool:
    """Whether two spellings name one person: the same email, or the same name in any word
    order ("Doroszlai, Attila", "Attila Doroszlai"), spacing ("xiaodongdu", "Xiaodong Du"),
    case or accents."""
    if email and other_email and email.strip().casefold() == other_email.strip().casefold():
        return True
    ours, theirs = name_words(name), name_words(other_name)
    if not ours or not theirs:
        return False
    return sorted(ours) == sorted(theirs) or "".join(ours) == "".join(theirs)
