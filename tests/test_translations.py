"""The Traditional Chinese (zh-Hant) catalogue ships complete, compiled and switched on.

The .po is read with a small parser of its own so that these tests need neither polib nor
gettext; the checks that need ``msgfmt`` skip on a machine without it.
"""

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "zh_Hant" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
# %(name)s, %s, %d, %.1f and {{ name }}: what the code fills in, so a translation keeps them all.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdirf]|%[sdirf]|\{\{[^}]*\}\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: dict[str, str] = field(default_factory=dict)
    msgctxt: str | None = None

    @property
    def where(self) -> str:
        return f"{PO.name}:{self.line} {self.msgid!r}"


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Every live entry of a .po file, the header (msgid "") first; obsolete ``#~`` entries
    are left out."""
    entries: list[Entry] = []
    flags: set[str] = set()  # from "#, ..." lines, for the msgid that follows
    context: str | None = None  # from a msgctxt, for the msgid that follows
    key: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flags, key = set(), None
            elif line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            assert key is not None, f"{path.name}:{number}: a string without a keyword"
            value = _unquote(line)
        else:
            match = _KEYWORD.match(line)
            assert match, f"{path.name}:{number}: cannot read {raw!r}"
            key, value = match.group(1), _unquote(match.group(2))
            if key == "msgid":
                entries.append(Entry(line=number, flags=flags, msgctxt=context))
                flags, context = set(), None
        if key == "msgctxt":
            context = (context or "") + value
            continue
        assert entries, f"{path.name}:{number}: {key} before any msgid"
        entry = entries[-1]
        if key == "msgid":
            entry.msgid += value
        elif key == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            entry.msgstrs[key] = entry.msgstrs.get(key, "") + value
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return read_po(PO)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    header, *rest = entries
    assert header.msgid == "", "the catalogue starts with its header"
    return rest


def zh(message: str) -> str:
    with translation.override("zh-hant"):
        return translation.gettext(message)


# (a) Complete: every string translated, nothing fuzzy, and msgfmt agrees.


def test_the_catalogue_has_strings(messages):
    assert len(messages) > 100


def test_the_header_declares_chinese_with_one_plural_form(entries):
    header = entries[0].msgstrs["msgstr"]
    assert "Language: zh_Hant\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header


def test_no_entry_is_fuzzy(entries):
    # A fuzzy header is dropped by msgfmt too, and with it the charset and plural rule.
    fuzzy = [entry.where for entry in entries if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_every_string_is_translated(messages):
    untranslated = [
        entry.where
        for entry in messages
        if not entry.msgstrs or any(not text.strip() for text in entry.msgstrs.values())
    ]
    assert untranslated == []


def test_plurals_have_the_one_chinese_form(messages):
    plurals = [entry for entry in messages if entry.msgid_plural is not None]
    assert plurals, "the catalogue has plural strings"
    wrong = [entry.where for entry in plurals if set(entry.msgstrs) != {"msgstr[0]"}]
    assert wrong == []


def test_translations_keep_placeholders_and_html(messages):
    """The one Chinese form of a plural string follows the English plural."""
    broken = []
    for entry in messages:
        english = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        for text in entry.msgstrs.values():
            for pattern in (_PLACEHOLDER, _TAG):
                if sorted(pattern.findall(text)) != sorted(pattern.findall(english)):
                    broken.append(entry.where)
    assert broken == []


def test_translations_are_chinese(messages):
    """No English left in place: once placeholders are taken out, a translation with Latin
    letters has Chinese in it too, but for names that read the same in both languages."""
    same = {"GitHub", "JIRA", "SHA", "Apache id", "GitHub id"}
    han = re.compile(r"[\u4e00-\u9fff]")
    english = [
        entry.where
        for entry in messages
        for text in entry.msgstrs.values()
        if entry.msgid not in same
        and re.search("[A-Za-z]", _PLACEHOLDER.sub("", text))
        and not han.search(text)
    ]
    assert english == []


@needs_msgfmt
def test_msgfmt_check_passes():
    result = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# (b) The committed .mo is what Django reads: it must say what the .po says.


def test_committed_mo_is_not_stale_against_the_po(messages):
    """Without msgfmt: every .po entry reads back the same from the committed .mo."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry.msgctxt is not None:
            got = catalogue.pgettext(entry.msgctxt, entry.msgid)
        elif entry.msgid_plural is None:
            got = catalogue.gettext(entry.msgid)
        else:
            got = catalogue.ngettext(entry.msgid, entry.msgid_plural, 2)
        if got != next(iter(entry.msgstrs.values())):
            stale.append(entry.where)
    assert stale == [], "run: make messages (or manage.py compilemessages -l zh_Hant)"


@needs_msgfmt
def test_committed_mo_is_the_po_compiled(tmp_path):
    """With msgfmt: compiling the .po again gives the committed .mo byte for byte."""
    fresh = tmp_path / "django.mo"
    # The flags Django's compilemessages uses.
    subprocess.run([MSGFMT, "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), (
        "locale/zh_Hant/LC_MESSAGES/django.mo is stale: run make messages and commit both files"
    )


# (c) Django picks the catalogue up.


def test_model_names_come_out_in_chinese():
    contributor = apps.get_model("contributors", "Contributor")
    project = apps.get_model("projects", "Project")
    with translation.override("zh-hant"):
        assert str(contributor._meta.verbose_name) == "貢獻者"
        assert str(contributor._meta.verbose_name_plural) == "貢獻者"
        assert str(project._meta.verbose_name) == "專案"
        assert str(project._meta.verbose_name_plural) == "專案"
    with translation.override("en"):
        assert str(project._meta.verbose_name) == "project"


def test_home_page_strings_come_out_in_chinese():
    assert zh("Community at a glance") == "社群概覽"
    assert zh("Recent titles") == "最新頭銜"
    assert zh("Committers") == "提交者"
    with translation.override("zh-hant"):
        assert translation.ngettext("%(counter)s PMC member", "%(counter)s PMC members", 3) % {
            "counter": 3
        } == ("3 位 PMC 成員")


@pytest.mark.django_db
def test_the_home_page_speaks_chinese_to_a_chinese_browser(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hant">' in page
    assert "社群概覽" in page  # <title>
    assert f"<h1>{settings.COMMUNITY_NAME} 概覽</h1>" in page
    assert "<h2>專案</h2>" in page
    assert "<h2>最新頭銜</h2>" in page
    assert "尚未追蹤任何專案" in page
    assert "Recent titles" not in page


@pytest.mark.django_db
def test_the_home_page_stays_english_by_default(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Recent titles" in page
    assert "最新頭銜" not in page


# (d) The language switcher in the header.


@pytest.mark.django_db
def test_the_language_switcher_turns_the_site_chinese_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    page = client.get("/").content.decode()
    assert '<html lang="zh-hant">' in page
    assert "<h2>最新頭銜</h2>" in page
    assert '<option value="zh-hant" selected>' in page

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "<h2>Recent titles</h2>" in page
