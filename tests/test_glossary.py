"""The zh-Hant catalogue says each domain term one way (locale/zh_Hant/glossary.toml), and
pages write dates and numbers one way per language (osc4you/formats/)."""

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = tomllib.loads((ROOT / "locale/zh_Hant/glossary.toml").read_text(encoding="utf-8"))
CATALOGUE = ROOT / "locale/zh_Hant/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def entries() -> list[tuple[str, str]]:
    """(English, Traditional Chinese) of every translated entry, plurals joined, read from
    the .po file with no library: msgid / msgid_plural / msgstr[n] and their continuations."""
    found, current, key = [], {}, None
    for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():
            if current.get("msgid"):
                english = " ".join(v for k, v in current.items() if k.startswith("msgid"))
                chinese = " ".join(v for k, v in current.items() if k.startswith("msgstr"))
                found.append((english, chinese))
            current, key = {}, None
            continue
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    return [(e.replace('\\"', '"'), c) for e, c in found]


LITERAL = {entry["msgid"] for entry in GLOSSARY.get("literal", [])}


def test_the_catalogue_has_entries():
    assert len(entries()) > 500


@pytest.mark.parametrize("term", GLOSSARY["term"], ids=lambda term: term["en"][0])
def test_each_term_is_translated_one_way(term):
    words = "|".join(re.escape(word) for word in term["en"])
    english = re.compile(rf"\b({words})s?\b", re.IGNORECASE if term["en"][0].islower() else 0)
    wrong = []
    for source, translated in entries():
        if source in LITERAL or not translated:
            continue
        if not english.search(PLACEHOLDER.sub("", source)):
            continue
        text = PLACEHOLDER.sub("", translated)
        avoided = [word for word in term["never"] if re.search(rf"\b{re.escape(word)}\b", text)]
        if term["zh"] not in text or avoided:
            wrong.append(f"{source!r} → {translated!r}")
    assert wrong == [], f"say {term['zh']!r} for {term['en']}, never {term['never']}"


def test_whole_entries_have_their_one_answer():
    translated = dict(entries())
    for entry in GLOSSARY["exact"]:
        assert translated[entry["en"]] == entry["zh"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "12,345 · Dec. 1, 2026 · Dec 2026 · 2026-12-01"),
        ("zh-hant", "12,345 · 2026年12月1日 · 2026年12月 · 2026-12-01"),
    ],
)
def test_dates_and_numbers_are_written_one_way_per_language(language, expected):
    template = Template(
        '{% load humanize %}{{ n|intcomma }} · {{ day|date:"DATE_FORMAT" }} · '
        '{{ day|date:"YEAR_MONTH_FORMAT" }} · {{ day|date:"SHORT_DATE_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"n": 12345, "day": date(2026, 12, 1)})) == expected


ALLOWED_DATE_FORMATS = {
    "DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT",
    "MONTH_DAY_FORMAT", "Y-m-d", "M", "F",
}  # fmt: skip


def test_templates_use_the_languages_named_date_formats():
    used = {
        (path.name, found)
        for path in (ROOT / "templates").rglob("*.html")
        for found in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text(encoding="utf-8"))
    }
    assert {(name, f) for name, f in used if f not in ALLOWED_DATE_FORMATS} == set()
